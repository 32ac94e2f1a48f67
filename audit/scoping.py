"""Tenant isolation in ONE place: which rows a user may see.

Every query for client data (organisations, locations, audits, photos, reports, exports)
starts from these functions. Rules (docs/platform.md, "Roles"):

- a consultant sees everything;
- an auditor sees only the audits assigned to them (any state) and what hangs off them;
- a client sees only PUBLISHED audits of their own organisation, and that organisation's
  locations and the corrective actions of those published audits.

A record outside the user's scope is answered 404, exactly like one that does not exist,
so nobody can probe for other organisations' ids.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, false, select, true
from sqlalchemy.sql.base import ExecutableOption
from sqlalchemy.sql.elements import ColumnElement
from werkzeug.exceptions import NotFound

from audit.extensions import db
from audit.models import (
    ActionEvidence,
    AudioClip,
    Audit,
    AuditStatus,
    CorrectiveAction,
    Location,
    Organization,
    Photo,
    User,
)
from audit.services.limits import as_id, looks_like_id


def _one_or_404(stmt: Select):
    """The one row of a scoped SELECT, or 404: out of scope looks exactly like missing."""
    row = db.session.scalar(stmt)
    if row is None:
        raise NotFound()
    return row


def audit_scope(user: User, on: Any = Audit) -> ColumnElement[bool]:
    """The WHERE clause limiting `Audit` rows to what `user` may see.

    `on` may be another table with the audits' organization_id, status (and auditor_id)
    columns: `ScoreRollup`, whose rows sum published audits.
    """
    if user.is_consultant:
        return true()
    if user.is_auditor:
        return on.auditor_id == user.id
    if user.is_client and user.organization_id is not None:
        return (on.organization_id == user.organization_id) & (
            on.status == AuditStatus.PUBLISHED.value
        )
    return false()


def audits_for(user: User) -> Select[tuple[Audit]]:
    """SELECT of the audits `user` may see; add filters and ordering on top."""
    return select(Audit).where(audit_scope(user))


def get_audit_or_404(audit_id: int, user: User, *options: ExecutableOption) -> Audit:
    """The audit with this id if `user` may see it, else 404 (`options`: what to load with it)."""
    return _one_or_404(audits_for(user).where(Audit.id == audit_id).options(*options))


def _child_or_404(model, child_id: int, parent_column: str, parent_id: int):
    """A row hanging off a record already scoped (its parent's id in `parent_column`)."""
    row = db.session.get(model, child_id)
    if row is None or getattr(row, parent_column) != parent_id:
        raise NotFound()
    return row


def get_photo_or_404(audit: Audit, photo_id: int) -> Photo:
    """A photo of an audit already scoped by `get_audit_or_404`."""
    return _child_or_404(Photo, photo_id, "audit_id", audit.id)


def get_audio_or_404(audit: Audit, audio_id: int) -> AudioClip:
    """A recording of an audit already scoped by `get_audit_or_404`."""
    return _child_or_404(AudioClip, audio_id, "audit_id", audit.id)


def organization_scope(user: User) -> ColumnElement[bool]:
    """The WHERE clause limiting `Organization` rows to what `user` may see."""
    if user.is_consultant:
        return true()
    if user.is_client and user.organization_id is not None:
        return Organization.id == user.organization_id
    return false()


def organizations_for(user: User) -> Select[tuple[Organization]]:
    """SELECT of the organisations `user` may see."""
    return select(Organization).where(organization_scope(user))


def get_organization_or_404(slug_or_id: str | int, user: User) -> Organization:
    """An organisation by slug (or numeric id) if `user` may see it, else 404."""
    stmt = organizations_for(user)
    if isinstance(slug_or_id, int) or looks_like_id(slug_or_id):
        # A number that cannot be an id matches no row (a 404), never an overflow.
        stmt = stmt.where(Organization.id == (as_id(slug_or_id) or 0))
    else:
        stmt = stmt.where(Organization.slug == slug_or_id)
    return _one_or_404(stmt)


def locations_for(user: User) -> Select[tuple[Location]]:
    """SELECT of the locations `user` may see (via their organisation)."""
    return select(Location).join(Organization).where(organization_scope(user))


def get_location_or_404(location_id: int, user: User) -> Location:
    """A location if `user` may see it, else 404."""
    return _one_or_404(locations_for(user).where(Location.id == location_id))


def may_see_job(owner_id: int | None, user: User) -> bool:
    """A background job is seen by the user who started it (consultants see every job)."""
    return user.is_consultant or (owner_id is not None and owner_id == user.id)


def action_scope(user: User) -> ColumnElement[bool]:
    """The WHERE clause limiting `CorrectiveAction` rows (joined to their audit) for `user`.

    A client sees the actions of their organisation's published audits: an action opened
    while its audit is only approved waits, like the audit, for the consultant to publish.
    """
    if user.is_consultant:
        return true()
    if user.is_client and user.organization_id is not None:
        return (CorrectiveAction.organization_id == user.organization_id) & (
            Audit.status == AuditStatus.PUBLISHED.value
        )
    return false()


def actions_for(user: User) -> Select[tuple[CorrectiveAction]]:
    """SELECT of the corrective actions `user` may see; add filters and ordering on top."""
    return select(CorrectiveAction).join(CorrectiveAction.audit).where(action_scope(user))


def get_action_or_404(action_id: int, user: User) -> CorrectiveAction:
    """The corrective action with this id if `user` may see it, else 404."""
    return _one_or_404(actions_for(user).where(CorrectiveAction.id == action_id))


def get_evidence_or_404(action: CorrectiveAction, evidence_id: int) -> ActionEvidence:
    """An evidence photo of an action already scoped by `get_action_or_404`."""
    return _child_or_404(ActionEvidence, evidence_id, "action_id", action.id)
