"""The reviewers' comment library (issue 15): phrases for every audit or one organisation's."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import ConfigDict, Field
from werkzeug.exceptions import NotFound

from audit.extensions import db
from audit.models import ReviewPhrase
from audit.services import limits
from audit.services.review_feedback import add_phrase, delete_phrase, library, update_phrase
from audit.web.access import me
from audit.web.api import bp
from audit.web.api.declare import endpoint
from audit.web.api.helpers import body_organization, paginate
from audit.web.api.records import RowRecord
from audit.web.api.schemas import Page, Paging, Schema, Timestamp
from audit.web.api.schemas import text as capped  # `text` is a field name here

PHRASES: dict[str, Any] = {"tag": "review phrases", "roles": ("consultant",)}
ORGANIZATION = "organisation slug (or id) whose audits it is offered for; null: every audit"


class ReviewPhraseOut(RowRecord):
    """A saved phrase, offered when returning an audit."""

    model_config = ConfigDict(title="ReviewPhrase")
    id: int
    text: str
    organization: str | None = Field(description="its organisation's slug; null: every audit")
    created_at: Timestamp | None

    @classmethod
    def of(cls, phrase: ReviewPhrase) -> ReviewPhraseOut:
        """The phrase as the API shows it."""
        slug = phrase.organization.slug if phrase.organization else None
        return cls.from_row(phrase, organization=slug)


class ReviewPhraseIn(Schema):
    """A phrase to save (the service trims it and checks its length)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"text": "Please retake the photo in daylight", "organization": "acme"}]
        }
    )
    text: Annotated[str, capped(limits.COMMENT_MAX)]
    organization: str | None = Field(None, description=ORGANIZATION)


class ReviewPhrasePatch(ReviewPhraseIn):
    """Changes to a phrase; a field left out stays as it is."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"organization": None}]}
    )
    text: Annotated[str, capped(limits.COMMENT_MAX)] | None = None  # type: ignore[assignment]


def _organization_id(slug: str | None) -> int | None:
    """The id of the organisation a body names (None: every audit)."""
    return body_organization(slug).id if slug is not None else None


def _phrase_or_404(phrase_id: int) -> ReviewPhrase:
    """A phrase of the library (consultants see them all, as on the pages)."""
    phrase = db.session.get(ReviewPhrase, phrase_id)
    if phrase is None:
        raise NotFound()
    return phrase


@bp.get("/review-phrases")
@endpoint(
    summary="The comment library: global phrases first, then each organisation's",
    query=Paging,
    responses={200: Page[ReviewPhraseOut]},
    **PHRASES,
)
def list_phrases(query: Paging):
    """Every saved phrase, global ones first, then by organisation and text."""
    return paginate(library(), ReviewPhraseOut.of, query)


@bp.post("/review-phrases")
@endpoint(
    summary="Save a phrase for every audit or for one organisation's",
    body=ReviewPhraseIn,
    responses={201: ReviewPhraseOut},
    **PHRASES,
)
def post_phrase(body: ReviewPhraseIn):
    """Save a phrase (`organization` null or left out: offered for every audit)."""
    phrase = add_phrase(me(), body.text, _organization_id(body.organization))
    db.session.commit()
    return ReviewPhraseOut.of(phrase)


@bp.patch("/review-phrases/<int:phrase_id>")
@endpoint(
    summary="Change a phrase's text or organisation (null: every audit)",
    body=ReviewPhrasePatch,
    responses={200: ReviewPhraseOut},
    **PHRASES,
)
def patch_phrase(phrase_id: int, body: ReviewPhrasePatch):
    """Change the fields sent; returns already made keep the text they had."""
    phrase = _phrase_or_404(phrase_id)
    changes: dict[str, Any] = {}
    if "text" in body.model_fields_set:
        changes["text"] = body.text
    if "organization" in body.model_fields_set:
        changes["organization_id"] = _organization_id(body.organization)
    update_phrase(phrase, changes)
    db.session.commit()
    return ReviewPhraseOut.of(phrase)


@bp.delete("/review-phrases/<int:phrase_id>")
@endpoint(summary="Remove a phrase from the library", responses={204: None}, **PHRASES)
def remove_phrase(phrase_id: int):
    """Remove a phrase; returns already made keep its text."""
    delete_phrase(_phrase_or_404(phrase_id))
    db.session.commit()
    return None, 204
