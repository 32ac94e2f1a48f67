"""Review feedback: notes per criterion when returning, what changed on resubmission, and
the reviewers' comment library.

Returning an audit records, in its `returned` event, the consultant's note for each
criterion and a snapshot of the answers, comments and photos as they were returned. The
auditor sees each note at its question while the audit is back with them; once it is
submitted again the reviewer sees what changed since the return. Both live in an internal
trail entry (`returned`), so no client ever reads them (services/audience.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, or_, select

from audit.extensions import db
from audit.models import Audit, AuditEvent, ReviewPhrase, User
from audit.services.errors import ValidationFailed
from audit.services.limits import COMMENT_MAX, length_problem
from audit.services.reporting import answer_text
from audit.services.workflow import return_audit

RETURNED = "returned"


def _snapshot(audit: Audit) -> dict[str, Any]:
    """Answers, comments and photos as they are now (JSON)."""
    return {
        "answers": {a.criterion_key: a.value for a in audit.answers if a.value is not None},
        "comments": {a.criterion_key: a.comment for a in audit.answers if a.comment},
        "photos": {
            str(p.id): {"touchpoint": p.touchpoint_key, "caption": p.caption} for p in audit.photos
        },
    }


def clean_notes(audit: Audit, notes: object) -> dict[str, str]:
    """The non-empty notes by criterion key; 422 naming a key that is not in the checklist."""
    if notes is None:
        return {}
    if not isinstance(notes, dict):
        raise ValidationFailed(
            _("`criteria` must be an object of notes by criterion key."),
            [{"field": "criteria", "message": _("must be an object")}],
        )
    definition = audit.checklist_version.definition
    known = {c.key for c in definition.criteria}
    problems = []
    cleaned: dict[str, str] = {}
    for key, note in notes.items():
        if key not in known:
            problems.append({"field": f"criteria.{key}", "message": _("no such criterion")})
        elif not isinstance(note, str):
            problems.append({"field": f"criteria.{key}", "message": _("must be a string")})
        elif problem := length_problem(f"criteria.{key}", note, COMMENT_MAX):
            problems.append(problem)
        elif note.strip():
            cleaned[key] = note.strip()
    if problems:
        raise ValidationFailed(_("Some notes could not be kept."), problems)
    return cleaned


def return_with_notes(
    audit: Audit, consultant: User, comment: str, notes: object = None
) -> AuditEvent:
    """Return the audit with an overall comment and/or a note per criterion.

    At least one of them is needed; the answers, comments and photos are kept as they were
    returned, so the resubmission can be compared with them.
    """
    cleaned = clean_notes(audit, notes)
    comment = (comment or "").strip()
    if not comment and cleaned:
        comment = _("See the notes at %(n)d question(s).", n=len(cleaned))
    event = return_audit(audit, consultant, comment)
    event.data = {"notes": cleaned, "snapshot": _snapshot(audit)}
    db.session.flush()
    return event


def last_return(audit: Audit) -> AuditEvent | None:
    """The audit's latest `returned` trail entry, if it was ever returned."""
    return next((e for e in reversed(audit.events) if e.action == RETURNED), None)


def return_notes(audit: Audit) -> dict[str, str]:
    """The notes per criterion of the latest return, while the audit is back with its auditor."""
    event = last_return(audit)
    if event is None or not audit.is_editable:
        return {}
    return dict((event.data or {}).get("notes") or {})


@dataclass(frozen=True)
class Change:
    """One criterion whose answer or comment changed: before and after, as people read them."""

    key: str
    text: str
    before: str
    after: str


@dataclass
class Resubmission:
    """What changed between the latest return and now."""

    returned_at: Any
    answers: list[Change] = field(default_factory=list)
    comments: list[Change] = field(default_factory=list)
    photos_added: list[Any] = field(default_factory=list)  # Photo rows
    photos_removed: list[dict[str, str]] = field(default_factory=list)
    captions: list[Change] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (
            self.answers
            or self.comments
            or self.photos_added
            or self.photos_removed
            or self.captions
        )


def changes_since_return(audit: Audit) -> Resubmission | None:
    """The diff of answers, comments and photos since the latest return (None: never
    returned, or returned before snapshots were kept)."""
    event = last_return(audit)
    snapshot = (event.data or {}).get("snapshot") if event is not None else None
    if snapshot is None:
        return None
    definition = audit.checklist_version.definition
    now = _snapshot(audit)
    diff = Resubmission(returned_at=event.created_at, notes=(event.data or {}).get("notes") or {})
    for c in definition.criteria:
        before, after = snapshot["answers"].get(c.key), now["answers"].get(c.key)
        if before != after:
            diff.answers.append(
                Change(c.key, c.text, answer_text(c, before), answer_text(c, after))
            )
        before, after = snapshot["comments"].get(c.key, ""), now["comments"].get(c.key, "")
        if before != after:
            diff.comments.append(Change(c.key, c.text, before, after))
    names = {tp.key: tp.name for tp in definition.touchpoints}
    for photo in audit.photos:
        was = snapshot["photos"].get(str(photo.id))
        if was is None:
            diff.photos_added.append(photo)
        elif was["caption"] != photo.caption:
            diff.captions.append(
                Change(
                    str(photo.id),
                    names.get(photo.touchpoint_key, ""),
                    was["caption"],
                    photo.caption,
                )
            )
    for photo_id, was in snapshot["photos"].items():
        if photo_id not in now["photos"]:
            diff.photos_removed.append(
                {
                    "touchpoint": names.get(was["touchpoint"], was["touchpoint"]),
                    "caption": was["caption"],
                }
            )
    return diff


# --- the comment library ---------------------------------------------------------------


def phrases_for(organization_id: int | None) -> list[ReviewPhrase]:
    """The phrases offered when reviewing an audit of this organisation (its own, then global)."""
    stmt = select(ReviewPhrase).where(
        or_(ReviewPhrase.organization_id.is_(None), ReviewPhrase.organization_id == organization_id)
    )
    return list(
        db.session.scalars(stmt.order_by(ReviewPhrase.organization_id.is_(None), ReviewPhrase.text))
    )


def library() -> Select[tuple[ReviewPhrase]]:
    """SELECT of every phrase of the library, global ones first, then by organisation."""
    return select(ReviewPhrase).order_by(
        ReviewPhrase.organization_id.is_not(None),
        ReviewPhrase.organization_id,
        ReviewPhrase.text,
        ReviewPhrase.id,
    )


def all_phrases() -> list[ReviewPhrase]:
    """Every phrase of the library, global ones first."""
    return list(db.session.scalars(library()))


def _phrase_text(text: object) -> str:
    """The phrase trimmed; 422 naming `text` when blank or too long."""
    if not isinstance(text, str) or not text.strip():
        raise ValidationFailed(
            _("Write the phrase to save."), [{"field": "text", "message": _("required")}]
        )
    problem = length_problem("text", text, COMMENT_MAX)
    if problem:
        raise ValidationFailed(_("The phrase is too long."), [problem])
    return text.strip()


def add_phrase(consultant: User, text: object, organization_id: int | None) -> ReviewPhrase:
    """Save a phrase for one organisation or (None) for all."""
    phrase = ReviewPhrase(
        text=_phrase_text(text), organization_id=organization_id, created_by_id=consultant.id
    )
    db.session.add(phrase)
    db.session.flush()
    return phrase


def update_phrase(phrase: ReviewPhrase, changes: dict[str, Any]) -> ReviewPhrase:
    """Change a phrase's `text` and/or `organization_id` (None: for every audit)."""
    if "text" in changes:
        phrase.text = _phrase_text(changes["text"])
    if "organization_id" in changes:
        phrase.organization_id = changes["organization_id"]
    db.session.flush()
    return phrase


def delete_phrase(phrase: ReviewPhrase) -> None:
    """Remove a phrase from the library (returns already made keep their text)."""
    db.session.delete(phrase)
    db.session.flush()
