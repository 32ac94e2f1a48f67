"""The auditor's writes: PATCH /audits/{id}/answers and POST /audits/{id}/submit.

PATCH takes the documented plain `{criterion_key: value}` (null removes an answer) and answers
the audit. The offline outbox sends an envelope instead, recognised by a top-level
`"answers"` OBJECT (a criterion's value is never an object, so a criterion keyed `answers`
still works the plain way): `{"answers": {...}, "comments": {...}?, "edited_at": ISO 8601?}`,
and gets `{"audit", "saved", "conflicts"}` back, so a late sync that lost to a newer edit
is told. A malformed envelope is a 400; values the checklist refuses are a 422.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import ConfigDict, Discriminator, Field, Tag, WithJsonSchema

from audit.database import commit_keeping_loaded
from audit.scoping import get_audit_or_404
from audit.services.answers import save_answers
from audit.services.workflow import require_own_editable, submit_audit
from audit.web.access import me
from audit.web.api import bp
from audit.web.api.audit_steps import apply_step
from audit.web.api.declare import endpoint
from audit.web.api.records import AUDIT_OUT_LOADS, AuditOut
from audit.web.api.schemas import DeviceTime, Schema

AUDITOR_STEP = {"tag": "auditing", "who": "its auditor", "errors": (403, 409, 422)}


class Envelope(Schema):
    """What the offline outbox sends: answers, comments, and when the change was made."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "answers": {"greeted": "yes", "wait": 3},
                    "comments": {"greeted": "At the door"},
                    "edited_at": "2026-03-01T10:00:00+00:00",
                }
            ]
        }
    )
    answers: dict[str, Any] = Field(description="criterion key -> value (null removes it)")
    comments: dict[str, str] | None = Field(None, description="criterion key -> comment")
    edited_at: DeviceTime | None = None


# A criterion's value is never an object: so an envelope never reads as plain answers.
AnswerValue = Annotated[Any, WithJsonSchema({"not": {"type": "object"}})]
PlainAnswers = Annotated[
    dict[str, AnswerValue],
    Field(
        description="criterion key -> value (null removes it)",
        json_schema_extra={"examples": [{"greeted": "yes", "wait": 3}]},
    ),
]


def _kind(body: Any) -> str:
    """The outbox's envelope has an `answers` OBJECT; anything else is plain answers."""
    is_envelope = isinstance(body, dict) and isinstance(body.get("answers"), dict)
    return "Envelope" if is_envelope else "Plain"


AnswersIn = Annotated[
    Annotated[Envelope, Tag("Envelope")] | Annotated[PlainAnswers, Tag("Plain")],
    Discriminator(_kind),
]


class Conflict(Schema):
    """A change that lost to a newer edit from another device."""

    model_config = ConfigDict(title="SyncConflict")
    criterion: str
    kept: Any = Field(description="the value kept")
    kept_comment: str | None
    kept_edited_at: str
    message: str


class SyncResult(Schema):
    """The outbox's answer: the audit, what was saved, and what lost to a newer edit."""

    audit: AuditOut
    saved: list[str]
    conflicts: list[Conflict]


@bp.patch("/audits/<int:audit_id>/answers")
@endpoint(
    summary="Save answers `{criterion_key: value}` (null removes one)",
    body=AnswersIn,
    bad_body_status=400,
    responses={200: AuditOut | SyncResult},
    description="The outbox's envelope `{answers, comments?, edited_at?}` answers "
    "`{audit, saved, conflicts}`.",
    **AUDITOR_STEP,
)
def patch_answers(audit_id: int, body: Envelope | dict[str, Any]):
    """Save some answers of the signed-in auditor's own editable audit."""
    audit = get_audit_or_404(audit_id, me(), *AUDIT_OUT_LOADS)
    require_own_editable(audit, me())
    if isinstance(body, Envelope):
        result = save_answers(
            audit, me(), body.answers, comments=body.comments, edited_at=body.edited_at
        )
        commit_keeping_loaded()
        return SyncResult(audit=AuditOut.of(audit), saved=result.saved, conflicts=result.conflicts)
    save_answers(audit, me(), body)
    commit_keeping_loaded()
    return AuditOut.of(audit)


@bp.post("/audits/<int:audit_id>/submit")
@endpoint(summary="Submit the audit", responses={200: AuditOut}, **AUDITOR_STEP)
def submit(audit_id: int):
    """Submit the audit; 422 lists the missing answers, photos and evidence."""
    return apply_step(audit_id, submit_audit)
