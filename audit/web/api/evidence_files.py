"""What the photo and recording endpoints share: the file field, caching, add and remove.

Each kind's module keeps its own form, its own service calls and how its file is answered;
the steps around them (scope, the auditor's own editable audit, commit, status) are here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from flask_babel import gettext as _
from pydantic import BeforeValidator, Field, WithJsonSchema
from werkzeug.datastructures import FileStorage

from audit.extensions import db
from audit.models import Audit, User
from audit.scoping import get_audit_or_404
from audit.services import limits
from audit.services.workflow import require_own_editable
from audit.web.access import me
from audit.web.api.schemas import Schema, text

# Files are named by content, so a URL never changes what it answers: cache for a year,
# privately (they are a client's evidence, never for shared proxies).
CACHE_CONTROL = "private, max-age=31536000, immutable"
AUDITOR_STEP = {"tag": "auditing", "who": "its auditor", "errors": (403, 409)}

Row = TypeVar("Row")
Out = TypeVar("Out")


def uploaded_file(value: Any) -> FileStorage:
    """The multipart field as a file (a text field there is a 422)."""
    if not isinstance(value, FileStorage):
        raise ValueError(_("must be a file"))
    return value


def file_field(formats: str) -> Any:
    """The type of a multipart `file` field taking `formats` (as the document says them)."""
    return Annotated[
        Any,
        BeforeValidator(uploaded_file),
        WithJsonSchema({"type": "string", "format": "binary", "description": formats}),
    ]


class EvidenceForm(Schema):
    """The multipart fields every kind's upload takes; each kind types `file` and adds its own.

    Their names are the keywords of the kind's service `add` (see `add`).
    """

    file: Any
    touchpoint: str = Field("", description="the touchpoint's key (optional with `criterion`)")
    criterion: str | None = Field(None, description="the question it is evidence of")
    caption: Annotated[str, text(limits.CAPTION_MAX)] = ""
    client_uid: str | None = Field(None, description="the device's id for this upload (retries)")


def add(
    audit_id: int,
    add: Callable[..., tuple[Row, bool]],
    form: EvidenceForm,
    out: Callable[[Row], Out],
) -> tuple[Out, int]:
    """Run the kind's `add` on the caller's own editable audit with the form, and commit.

    The form's `file` is read as the bytes; its other fields are `add`'s keywords by name.
    201 for a new file; 200 for a retry the service recognised (same `client_uid`).
    """
    audit = get_audit_or_404(audit_id, me())
    require_own_editable(audit, me())
    fields = form.model_dump(exclude={"file"})
    row, created = add(audit, me(), form.file.read(), **fields)
    db.session.commit()
    return out(row), 201 if created else 200


def remove(
    audit_id: int,
    row_id: int,
    find: Callable[[Audit, int], Row],
    delete: Callable[[Audit, User, Row], str],
    purge: Callable[[str], bool],
) -> tuple[None, int]:
    """Delete a file's row of an audit in scope, commit, then purge its stored file: 204.

    The purge comes after the commit, so a rolled-back delete never loses its file.
    """
    audit = get_audit_or_404(audit_id, me())
    row = find(audit, row_id)
    key = delete(audit, me(), row)
    db.session.commit()
    purge(key)
    return None, 204
