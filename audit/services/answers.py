"""Saving answers: one validation path (the scoring module) for API, form and offline sync."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import bindparam, select

from audit.database import insert_for
from audit.extensions import db
from audit.models import Answer, Audit, User
from audit.scoring import AnswerError, validate_answer
from audit.services.errors import ValidationFailed
from audit.services.limits import COMMENT_MAX, TEXT_ANSWER_MAX, check_length, length_problem
from audit.services.problem_text import answer_problem
from audit.services.scores import refresh_score
from audit.services.workflow import (
    lock_audit,
    record_event,
    require_own_editable,
    start_audit,
)


@dataclass
class SaveResult:
    """What a save did: keys stored, and keys refused because a newer edit exists."""

    saved: list[str] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)


def _unanswered(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def normalise_changes(audit: Audit, values: dict[str, Any]) -> dict[str, Any]:
    """Validate every value with the pinned checklist; all problems at once, or nothing."""
    definition = audit.checklist_version.definition
    normalised: dict[str, Any] = {}
    problems: list[dict[str, str]] = []
    for key, value in values.items():
        too_long = length_problem(key, value, TEXT_ANSWER_MAX)
        if too_long is not None:
            problems.append(too_long)
            continue
        if _unanswered(value):
            if not definition.has_criterion(key):
                problems.append(
                    {"field": key, "message": _("unknown criterion `%(key)s`", key=key)}
                )
            normalised[key] = None
            continue
        try:
            normalised[key] = validate_answer(definition, key, value)
        except AnswerError as error:
            problems.extend(
                {"field": p.key, "message": answer_problem(p), "code": p.code}
                for p in error.problems
            )
    if problems:
        raise ValidationFailed(_("Some answers are not valid; nothing was saved."), problems)
    return normalised


def _upsert_answer(
    audit: Audit, key: str, changes: dict[str, Any], *, unless_newer: bool = False
) -> bool:
    """Insert or update one answer in one statement; False if a newer edit was kept.

    Two saves of a new answer racing both found no row and both inserted: the second broke
    the UNIQUE (audit_id, criterion_key) constraint (a 500). INSERT ... ON CONFLICT turns
    the loser's insert into an update, which (offline syncs) only wins if it is not older.
    """
    dialect = db.session.get_bind().dialect.name
    stmt = _upsert_statement(dialect, tuple(sorted(changes)), unless_newer)
    values = {"audit_id": audit.id, "criterion_key": key, "value": None, "comment": ""}
    return db.session.execute(stmt, values | changes).first() is not None


@lru_cache(maxsize=64)
def _upsert_statement(dialect: str, names: tuple[str, ...], unless_newer: bool) -> Any:
    """The upsert setting `names`, built once per shape with bound parameters: building
    and keying a new statement on every save cost more than running it."""
    table = Answer.__table__
    columns = dict.fromkeys(["audit_id", "criterion_key", "value", "comment", *names])
    stmt = insert_for(dialect, Answer).values(
        {name: bindparam(name, type_=table.c[name].type) for name in columns}
    )
    return stmt.on_conflict_do_update(
        index_elements=[Answer.audit_id, Answer.criterion_key],
        set_={name: stmt.excluded[name] for name in names},
        where=(Answer.answered_at <= stmt.excluded.answered_at) if unless_newer else None,
    ).returning(Answer.id)


def _answer_row(audit: Audit, key: str) -> Answer:
    """The stored answer to `key`, read afresh."""
    stmt = select(Answer).where(Answer.audit_id == audit.id, Answer.criterion_key == key)
    return db.session.scalars(stmt.execution_options(populate_existing=True)).one()


def _forget_loaded_answers(audit: Audit) -> None:
    """Answers changed behind the ORM's back: reload them on next use.

    Only what is already in the session is expired; loading the collection just to
    expire it would cost a query and an object per answer on every save.
    """
    for loaded in list(db.session.identity_map.values()):
        if isinstance(loaded, Answer):
            db.session.expire(loaded)
    db.session.expire(audit, ["answers"])


def save_answers(
    audit: Audit,
    auditor: User,
    values: dict[str, Any],
    *,
    comments: dict[str, str] | None = None,
    edited_at: datetime | None = None,
) -> SaveResult:
    """Store answers (None removes one) and comments, then refresh the cached score.

    `edited_at` is when the auditor made the change on their device. An offline device
    may sync late: a change older than what the server holds for that criterion (edited
    later on another device) loses, and is reported back as a conflict, never silently.
    Saves of one audit wait for each other (several devices of one auditor may sync at
    once), so each scores what the previous one committed, never a stale read. The score
    is computed again only when an answer's value was saved (a comment alone cannot
    change it).
    """
    require_own_editable(audit, auditor)
    comments = comments or {}
    normalised = normalise_changes(audit, values)
    unknown = [k for k in comments if not audit.checklist_version.definition.has_criterion(k)]
    if unknown:
        raise ValidationFailed(
            _("Comments refer to unknown criteria; nothing was saved."),
            [{"field": k, "message": _("unknown criterion `%(key)s`", key=k)} for k in unknown],
        )
    too_long = [p for k, c in comments.items() if (p := length_problem(k, c, COMMENT_MAX))]
    if too_long:
        raise ValidationFailed(_("Some comments are too long; nothing was saved."), too_long)
    lock_audit(audit)
    require_own_editable(audit, auditor)  # it may have been submitted while we waited
    start_audit(audit, auditor)
    when = edited_at or datetime.now(UTC)
    result = SaveResult()
    for key in dict.fromkeys([*normalised, *comments]):
        changes: dict[str, Any] = {"answered_at": when, "updated_by_id": auditor.id}
        if key in normalised:
            changes["value"] = normalised[key]
        if key in comments:
            changes["comment"] = (comments[key] or "").strip()
        if _upsert_answer(audit, key, changes, unless_newer=True):
            result.saved.append(key)
        else:
            kept = _answer_row(audit, key)
            result.conflicts.append(
                {
                    "criterion": key,
                    "kept": kept.value,
                    "kept_comment": kept.comment,
                    "kept_edited_at": kept.answered_at.isoformat(),
                    "message": _("a newer edit from another device was kept"),
                }
            )
    _forget_loaded_answers(audit)
    if result.conflicts:
        record_event(audit, auditor, "sync_conflict", data={"conflicts": result.conflicts})
    if any(key in normalised for key in result.saved):
        refresh_score(audit)
    db.session.flush()
    return result


def correct_answer(audit: Audit, consultant: User, key: str, value: Any, reason: str) -> None:
    """A consultant's correction during review, recorded with who and why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            _("Say why the answer is corrected."),
            [{"field": "reason", "message": _("a reason is required")}],
        )
    check_length("reason", reason, COMMENT_MAX, _("The reason is too long."))
    normalised = normalise_changes(audit, {key: value})[key]
    answer = next((a for a in audit.answers if a.criterion_key == key), None)
    before = answer.value if answer else None
    _upsert_answer(audit, key, {"value": normalised, "updated_by_id": consultant.id})
    _forget_loaded_answers(audit)
    record_event(
        audit,
        consultant,
        "answer_corrected",
        comment=reason,
        data={"criterion": key, "before": before, "after": normalised},
    )
    refresh_score(audit)
    db.session.flush()
