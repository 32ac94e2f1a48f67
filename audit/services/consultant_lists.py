"""The consultant's lists: what each may be searched in, sorted by and filtered on.

Each `*_spec()` is built per request (the overdue clause depends on today's date); the
matching `*_listing()` gives the SELECT a page shows, ready for `page_of`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import aliased, contains_eager
from sqlalchemy.sql.elements import ColumnElement

from audit.extensions import db
from audit.models import (
    Audit,
    AuditStatus,
    Checklist,
    ChecklistVersion,
    Location,
    Organization,
    User,
)
from audit.services.checklists import latest_versions_query
from audit.services.listing import ListArgs, ListSpec, contains
from audit.services.report_filters import AuditFilters, filtered_audits

Auditor = aliased(User, name="auditor")


def _audit_matches(word: str) -> ColumnElement[bool]:
    """An audit whose client, location, checklist, auditor or wave contains `word`: the
    names are matched in their own small tables and the audits by key, not joined row by
    row (the same audits: each has exactly one of each)."""

    def named(key: Any, table: Any, *columns: Any) -> ColumnElement[bool]:
        return key.in_(select(table.id).where(contains(columns, word)))

    return or_(
        named(Audit.organization_id, Organization, Organization.name),
        named(Audit.location_id, Location, Location.name, Location.code, Location.city),
        named(Audit.checklist_version_id, ChecklistVersion, ChecklistVersion.title),
        named(Audit.auditor_id, User, User.name, User.email),
        contains((Audit.wave,), word),
    )


def audits_spec() -> ListSpec:
    """Audits: newest first; searched by client, location, checklist, auditor and wave."""
    return ListSpec(
        sortable={
            "id": Audit.id,
            "status": Audit.status,
            "client": Organization.name,
            "location": Location.name,
            "checklist": ChecklistVersion.title,
            "auditor": Auditor.name,
            "wave": Audit.wave,
            "due": Audit.due_date,
            "submitted": Audit.submitted_at,
            "score": Audit.overall,
            "flags": Audit.open_flags,
            "created": Audit.created_at,
        },
        default_sort="created",
        default_descending=True,
        flags={"overdue": Audit.is_overdue, "flagged": Audit.open_flags > 0},
        tiebreak=Audit.id,
        search=_audit_matches,  # client, location (name, code, city), checklist, auditor, wave
    )


def review_spec() -> ListSpec:
    """The review queue: like the audits list, the longest waiting first."""
    return replace(audits_spec(), default_sort="submitted", default_descending=False)


def _with_names(stmt: Select) -> Select:
    """Audits joined to what their list shows (all many-to-one: no row is repeated)."""
    return (
        stmt.join(Organization, Audit.organization_id == Organization.id)
        .join(Location, Audit.location_id == Location.id)
        .join(ChecklistVersion, Audit.checklist_version_id == ChecklistVersion.id)
        .join(Auditor, Audit.auditor_id == Auditor.id)
    )


def _listed(stmt: Select, spec: ListSpec, chosen: ListArgs) -> Select:
    """`stmt` joined to the names, searched and sorted, the names loaded with each audit."""
    return spec.apply(_with_names(stmt), chosen).options(
        contains_eager(Audit.organization),
        contains_eager(Audit.location),
        contains_eager(Audit.checklist_version),
        contains_eager(Audit.auditor.of_type(Auditor)),
    )


# Sorts by a name: the list's joins are needed to order the audits.
NAMED_SORTS = ("client", "location", "checklist", "auditor")


def _counted(stmt: Select, spec: ListSpec, chosen: ListArgs) -> Select:
    """The same audits as `_listed` in the same order, cheaper to count and page through:
    without the joins unless the sort needs them (each audit has exactly one of each: the
    foreign keys are NOT NULL)."""
    return spec.apply(_with_names(stmt) if chosen.sort in NAMED_SORTS else stmt, chosen)


def audit_listing(user: User, filters: AuditFilters, chosen: ListArgs) -> Select:
    """The audits `user` may see, narrowed by the filters, searched and sorted."""
    return _listed(filtered_audits(user, filters), audits_spec(), chosen)


def audit_counted(user: User, filters: AuditFilters, chosen: ListArgs) -> Select:
    """The rows of `audit_listing` in its order, cheaper to count and page through."""
    return _counted(filtered_audits(user, filters), audits_spec(), chosen)


def _submitted() -> Select:
    return select(Audit).where(Audit.status == AuditStatus.SUBMITTED.value)


def review_listing(chosen: ListArgs) -> Select:
    """Submitted audits waiting for review, searched and sorted."""
    return _listed(_submitted(), review_spec(), chosen)


def review_counted(chosen: ListArgs) -> Select:
    """The rows of `review_listing` in its order, cheaper to count and page through."""
    return _counted(_submitted(), review_spec(), chosen)


def _location_count():
    return (
        select(func.count(Location.id))
        .where(Location.organization_id == Organization.id)
        .scalar_subquery()
    )


def _overdue_count():
    return (
        select(func.count(Audit.id))
        .where(Audit.organization_id == Organization.id, Audit.is_overdue)
        .scalar_subquery()
    )


def organizations_spec() -> ListSpec:
    """Client organisations by name; the flag keeps those with overdue audits."""
    return ListSpec(
        sortable={
            "name": Organization.name,
            "slug": Organization.slug,
            "locations": _location_count(),
            "overdue": _overdue_count(),
            "created": Organization.created_at,
        },
        default_sort="name",
        searched=(Organization.name, Organization.slug),
        flags={"overdue": _overdue_count() > 0},
        tiebreak=Organization.id,
    )


def organization_listing(chosen: ListArgs) -> Select:
    """Client organisations, searched, filtered and sorted."""
    return organizations_spec().apply(select(Organization), chosen)


def overdue_counts(organizations: list[Organization]) -> dict[int, int]:
    """How many overdue audits each of these organisations has (absent: none)."""
    ids = [o.id for o in organizations]
    rows = db.session.execute(
        select(Audit.organization_id, func.count(Audit.id))
        .where(Audit.organization_id.in_(ids), Audit.is_overdue)
        .group_by(Audit.organization_id)
    )
    return {org_id: count for org_id, count in rows}


def locations_spec() -> ListSpec:
    """An organisation's locations, by name."""
    return ListSpec(
        sortable={
            "name": Location.name,
            "code": Location.code,
            "city": Location.city,
            "country": Location.country,
            "region": Location.region,
        },
        default_sort="name",
        searched=(Location.name, Location.code, Location.address, Location.city, Location.region),
        tiebreak=Location.id,
    )


def location_listing(organization: Organization, chosen: ListArgs) -> Select:
    """The locations of one organisation, searched and sorted."""
    stmt = select(Location).where(Location.organization_id == organization.id)
    return locations_spec().apply(stmt, chosen)


def users_spec() -> ListSpec:
    """People, by name."""
    return ListSpec(
        sortable={
            "name": User.name,
            "email": User.email,
            "role": User.role,
            "organization": Organization.name,
            "active": User.active,
        },
        default_sort="name",
        searched=(User.name, User.email, Organization.name),
        tiebreak=User.id,
    )


def user_listing(chosen: ListArgs, role: str | None, organization: str | None) -> Select:
    """Users, narrowed by role and organisation slug, searched and sorted."""
    stmt = select(User).outerjoin(Organization, User.organization_id == Organization.id)
    if role:
        stmt = stmt.where(User.role == role)
    if organization:
        stmt = stmt.where(Organization.slug == organization)
    return users_spec().apply(stmt, chosen)


def checklists_spec() -> ListSpec:
    """The checklist library: the latest version of each checklist, by title."""
    return ListSpec(
        sortable={
            "title": ChecklistVersion.title,
            "id": Checklist.slug,
            "version": ChecklistVersion.version,
            "saved": ChecklistVersion.created_at,
        },
        default_sort="title",
        searched=(ChecklistVersion.title, Checklist.slug),
        tiebreak=Checklist.slug,
    )


def checklist_listing(chosen: ListArgs) -> Select:
    """The latest versions, searched and sorted."""
    return checklists_spec().apply(latest_versions_query(), chosen)
