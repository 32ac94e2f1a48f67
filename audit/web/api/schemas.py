"""Building blocks every API declaration reuses: the error shape, ids, paging, list filters.

Query models read their arguments through the same parsers as the pages
(`limits.int_arg`, `report_filters.parse_filters`), so the messages and the 400s are the
ones the rest of the app gives; the fields below only say what the document shows.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, Generic, Literal, TypeVar

from flask import current_app, has_app_context
from flask_babel import gettext as _
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    model_validator,
)

from audit import config
from audit.models.audits import AuditStatus
from audit.services import limits
from audit.services.report_filters import AuditFilters, parse_filters

T = TypeVar("T")


class Schema(BaseModel):
    """Base of every API shape: names as written, no surprises."""

    model_config = ConfigDict(populate_by_name=True)


class Problem(Schema):
    """One thing wrong with the request: the field (or argument) and what is wrong."""

    model_config = ConfigDict(extra="allow")
    field: str | None = Field(None, description="the field, argument or path in the body")
    message: str


class ErrorInfo(Schema):
    """What went wrong, for a program (`code`) and for a person (`message`)."""

    code: str = Field(description="machine-readable, e.g. validation_failed, invalid_state")
    message: str = Field(description="in the reader's language")
    details: list[dict[str, Any]] = Field(
        description="for 400/422: one object per problem, usually {field, message}"
    )


class Error(Schema):
    """Every error answer of the API."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "error": {
                        "code": "validation_failed",
                        "message": "Some fields are not valid.",
                        "details": [{"field": "name", "message": "required"}],
                    }
                }
            ]
        }
    )
    error: ErrorInfo


# Written as Python's isoformat() (`+00:00`, microseconds kept), as the API always has.
Timestamp = Annotated[
    datetime,
    PlainSerializer(datetime.isoformat, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


def _device_time(raw: Any) -> Any:
    """When a device says something happened; a future time (a fast clock) counts as now."""
    if raw is None or isinstance(raw, datetime):
        return raw
    if not isinstance(raw, str):
        raise ValueError(_("must be an ISO 8601 date-time"))
    try:
        when = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(_("must be an ISO 8601 date-time")) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(when, datetime.now(UTC))


DeviceTime = Annotated[
    datetime,
    BeforeValidator(_device_time),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


def _as_id(raw: Any) -> Any:
    """Ids come as numbers or digit strings; anything else is refused by name."""
    value = limits.as_id(raw)
    if value is None:
        raise ValueError(_("must be an id (a whole number from 1)"))
    return value


Id = Annotated[
    int,
    BeforeValidator(_as_id),
    Field(ge=1, le=limits.ID_MAX, json_schema_extra={"examples": [1]}),
]


def _per_page_max() -> int:
    return current_app.config["API_PER_PAGE_MAX"] if has_app_context() else config.API_PER_PAGE_MAX


class Paging(Schema):
    """`page` and `per_page` of every list (a page past the last one is empty)."""

    page: int = Field(1, ge=1, le=limits.PAGE_MAX, description="page number, from 1")
    per_page: int = Field(
        config.API_PER_PAGE_DEFAULT,
        ge=1,
        le=config.API_PER_PAGE_MAX,
        description="items per page",
    )

    @model_validator(mode="before")
    @classmethod
    def _read_paging(cls, args: Any) -> Any:
        """400 naming `page`/`per_page` when not a whole number in range (limits.int_arg)."""
        if not isinstance(args, dict):
            return args
        default = current_app.config["API_PER_PAGE_DEFAULT"]
        return {
            **args,
            "page": limits.int_arg(args, "page", 1, maximum=limits.PAGE_MAX),
            "per_page": limits.int_arg(args, "per_page", default, maximum=_per_page_max()),
        }


class Page(Schema, Generic[T]):
    """A page of a list: `items`, how many there are in all, which page."""

    items: list[T]
    total: int = Field(ge=0, description="items in the whole list")
    page: int = Field(ge=1)
    per_page: int = Field(ge=1)


Status = Literal[tuple(s.value for s in AuditStatus)]  # type: ignore[valid-type]


class AuditFilterQuery(Schema):
    """The filters of GET /audits, the summary, the CSV export and the wave summary."""

    status: Status | None = Field(None, description="the audit's state")  # type: ignore[valid-type]
    organization: str | None = Field(None, description="organisation slug or id")
    location: int | None = Field(None, ge=1, le=limits.ID_MAX, description="location id")
    checklist: str | None = Field(None, description="checklist id (slug)")
    date_from: date | None = Field(
        None,
        alias="from",
        description="visited on or after this local date; audits not visited yet drop out",
    )
    date_to: date | None = Field(
        None, alias="to", description="visited on or before this local date (inclusive)"
    )
    region: str | None = Field(None, description="the location's region")
    wave: str | None = Field(None, description="wave name, e.g. 2026 Q4")

    @model_validator(mode="before")
    @classmethod
    def _read_filters(cls, args: Any) -> Any:
        """Parsed by `parse_filters`, the pages' parser: a 400 lists every bad filter."""
        if not isinstance(args, dict):
            return args
        filters = parse_filters(args).to_dict()
        return {**args, **filters}

    def filters(self) -> AuditFilters:
        """The service layer's `AuditFilters`."""
        return AuditFilters(**self.model_dump(exclude={"page", "per_page", "lang"}))


ReportLanguage = Literal["en", "ar", "ru"]
LANG_DOC = "language of the report (default: the organisation's report_language)"


class ReportLanguageQuery(Schema):
    """`?lang=` of a PDF report."""

    lang: ReportLanguage | None = Field(None, description=LANG_DOC)


class ReportFilterQuery(AuditFilterQuery):
    """The filters, and the language of the report (or of the CSV header's words)."""

    lang: ReportLanguage | None = Field(None, description=LANG_DOC)


def text(limit: int, description: str = "") -> Any:
    """Text the service caps at `limit` characters once trimmed (a 422 naming the limit)."""
    return Field(description=description, json_schema_extra={"maxLength": limit})


class Comment(Schema):
    """An optional comment on a review step."""

    comment: Annotated[str, text(limits.COMMENT_MAX)] = ""


class RequiredComment(Schema):
    """A review step that needs a comment (returning to the auditor)."""

    comment: Annotated[str, Field(min_length=1), text(limits.COMMENT_MAX)]
