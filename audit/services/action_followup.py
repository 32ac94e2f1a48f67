"""Following corrective actions up: lists with filters, and the recheck by a later visit.

The recheck of an action is the next published audit of the same location with the same
checklist (any version) that answered the criterion, visited after the action's audit,
and whether the criterion passed there. An answer that does not count (N/A, a follow-up
not shown, unanswered) is no recheck: the audit after it is looked at. Nothing is stored:
it is read from the audits, so a correction or a late publication shows at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from audit.extensions import db
from audit.models import (
    PENDING_STATUSES,
    ActionStatus,
    Audit,
    AuditStatus,
    ChecklistVersion,
    CorrectiveAction,
    Organization,
    User,
)
from audit.reports import ActionLine
from audit.scoping import actions_for
from audit.services.actions import status_label
from audit.services.audience import Audience
from audit.services.errors import BadRequest
from audit.services.limits import as_id, looks_like_id
from audit.services.scores import compute_score

STATUSES = tuple(s.value for s in ActionStatus)
YES = ("true", "1", "yes")
NO = ("false", "0", "no")


@dataclass(frozen=True)
class Recheck:
    """The later visit that answered the action's criterion, and whether it passed there."""

    audit: Audit
    passed: bool

    @property
    def visited_at(self) -> datetime | None:
        return self.audit.visited_at


def _visit_order(audit_cls=Audit):
    # Published audits always have a visit time; the creation time only orders test data.
    return func.coalesce(audit_cls.visited_at, audit_cls.created_at)


def recheck(action: CorrectiveAction) -> Recheck | None:
    """The next published audit of the location that answered the criterion, if any yet."""
    base = action.audit
    when = base.visited_at or base.created_at
    later = (
        select(Audit)
        .join(ChecklistVersion, Audit.checklist_version_id == ChecklistVersion.id)
        .where(
            Audit.location_id == action.location_id,
            Audit.status == AuditStatus.PUBLISHED.value,
            Audit.id != base.id,
            ChecklistVersion.checklist_id == base.checklist_version.checklist_id,
            (_visit_order() > when) | ((_visit_order() == when) & (Audit.id > base.id)),
        )
        .order_by(_visit_order(), Audit.id)
    )
    for audit in db.session.scalars(later):
        result = compute_score(audit).criteria.get(action.criterion_key)
        if result is not None and result.included:
            return Recheck(audit=audit, passed=not result.failed)
    return None


def _seen_by(audience: Audience) -> Select[tuple[CorrectiveAction]]:
    """Actions as a report for `audience` may show them (a client's: published audits')."""
    stmt = select(CorrectiveAction).join(CorrectiveAction.audit)
    if audience is Audience.CLIENT:
        stmt = stmt.where(Audit.status == AuditStatus.PUBLISHED.value)
    return stmt.order_by(CorrectiveAction.id)


def rechecked_in(audit: Audit, audience: Audience) -> list[tuple[CorrectiveAction, bool]]:
    """Actions of earlier visits to the audit's location that this audit rechecks, each
    with whether the criterion passed in it."""
    earlier = _seen_by(audience).where(
        CorrectiveAction.location_id == audit.location_id, CorrectiveAction.audit_id != audit.id
    )
    out = []
    for action in db.session.scalars(earlier):
        found = recheck(action)
        if found is not None and found.audit.id == audit.id:
            out.append((action, found.passed))
    return out


def report_lines(audit: Audit, audience: Audience) -> list[ActionLine]:
    """The report's actions: those opened from this audit, then those it rechecked."""

    def line(action: CorrectiveAction, passed: bool | None) -> ActionLine:
        criterion = action.audit.checklist_version.definition.criterion(action.criterion_key)
        return ActionLine(
            title=action.title,
            criterion=criterion.text,
            status=status_label(action.status),
            due_date=action.due_date,
            owner=action.owner.name if action.owner else "",
            passed=passed,
        )

    opened = db.session.scalars(_seen_by(audience).where(CorrectiveAction.audit_id == audit.id))
    return [line(a, None) for a in opened] + [
        line(a, passed) for a, passed in rechecked_in(audit, audience)
    ]


@dataclass(frozen=True)
class ActionFilters:
    """What to narrow a list of actions down to; None means no filter."""

    status: str | None = None
    organization: str | None = None  # slug or numeric id
    location: int | None = None
    overdue: bool | None = None

    def to_args(self) -> dict[str, str]:
        """The filters as query arguments (for links that keep them)."""
        args = {
            "status": self.status,
            "organization": self.organization,
            "location": str(self.location) if self.location else None,
            "overdue": {True: "true", False: "false"}.get(self.overdue),  # type: ignore[arg-type]
        }
        return {k: v for k, v in args.items() if v}


def parse_action_filters(args: Mapping[str, str]) -> ActionFilters:
    """Filters from query arguments; a 400 naming every argument that does not parse."""
    problems = []
    status = (args.get("status") or "").strip() or None
    if status is not None and status not in STATUSES:
        problems.append(
            {"field": "status", "message": _("one of %(choices)s", choices=", ".join(STATUSES))}
        )
    location = None
    raw_location = (args.get("location") or "").strip()
    if raw_location:
        location = as_id(raw_location)
        if location is None:
            problems.append({"field": "location", "message": _("a location id")})
    overdue = None
    raw_overdue = (args.get("overdue") or "").strip().lower()
    if raw_overdue in YES:
        overdue = True
    elif raw_overdue in NO:
        overdue = False
    elif raw_overdue:
        problems.append({"field": "overdue", "message": _("true or false")})
    if problems:
        raise BadRequest(_("Some filters could not be understood."), problems)
    return ActionFilters(
        status=status,
        organization=(args.get("organization") or "").strip() or None,
        location=location,
        overdue=overdue,
    )


def filtered_actions(user: User, filters: ActionFilters) -> Select[tuple[CorrectiveAction]]:
    """The actions `user` may see, narrowed by `filters`, overdue first then by due date.

    A client always gets their own organisation's: an `organization` filter is ignored.
    """
    stmt = actions_for(user).options(
        joinedload(CorrectiveAction.location), joinedload(CorrectiveAction.owner)
    )
    if filters.status:
        stmt = stmt.where(CorrectiveAction.status == filters.status)
    if filters.location:
        stmt = stmt.where(CorrectiveAction.location_id == filters.location)
    if filters.overdue is not None:
        overdue = CorrectiveAction.is_overdue
        # NOT(overdue) is NULL without a due date: such an action is simply not overdue.
        not_overdue = ~overdue | CorrectiveAction.due_date.is_(None)
        stmt = stmt.where(overdue if filters.overdue else not_overdue)
    if filters.organization and user.is_consultant:
        stmt = stmt.where(_organization_clause(filters.organization))
    return stmt.order_by(
        CorrectiveAction.due_date.is_(None),
        CorrectiveAction.due_date,
        CorrectiveAction.id.desc(),
    )


def _organization_clause(slug_or_id: str):
    if looks_like_id(slug_or_id):
        return CorrectiveAction.organization_id == (as_id(slug_or_id) or 0)
    org_id = select(Organization.id).where(Organization.slug == slug_or_id).scalar_subquery()
    return CorrectiveAction.organization_id == org_id


def status_counts(user: User) -> dict[str, int]:
    """How many actions `user` sees in each status, and how many are overdue."""
    rows = db.session.execute(
        actions_for(user)
        .with_only_columns(CorrectiveAction.status, func.count())
        .group_by(CorrectiveAction.status)
    )
    counts = {status: 0 for status in STATUSES} | {status: n for status, n in rows}
    counts["overdue"] = (
        db.session.scalar(
            actions_for(user).with_only_columns(func.count()).where(CorrectiveAction.is_overdue)
        )
        or 0
    )
    return counts


def with_rechecks(
    actions: Iterable[CorrectiveAction],
) -> list[tuple[CorrectiveAction, Recheck | None]]:
    """Each action with its recheck (for lists: a page at a time)."""
    return [(action, recheck(action)) for action in actions]


def pending_first(user: User, limit: int = 5) -> list[CorrectiveAction]:
    """The open or in-progress actions `user` sees, overdue and soonest due first."""
    stmt = filtered_actions(user, ActionFilters()).where(
        CorrectiveAction.status.in_(PENDING_STATUSES)
    )
    return list(db.session.scalars(stmt.limit(limit)))


def actions_by_criterion(audit: Audit) -> dict[str, CorrectiveAction]:
    """The actions opened from an audit, by criterion key (for the review page)."""
    stmt = select(CorrectiveAction).where(CorrectiveAction.audit_id == audit.id)
    return {a.criterion_key: a for a in db.session.scalars(stmt)}
