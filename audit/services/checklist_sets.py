"""Which checklists a client organisation is offered: its own set, or all when it has none."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import select

from audit.extensions import db
from audit.models import Checklist, ChecklistVersion, Organization
from audit.services.checklists import latest_versions_query
from audit.services.errors import ValidationFailed


def offered_versions(organization: Organization | None) -> list[ChecklistVersion]:
    """The latest version of each checklist offered to `organization` (None: every one)."""
    stmt = latest_versions_query()
    if organization is not None and organization.checklists:
        stmt = stmt.where(Checklist.id.in_([c.id for c in organization.checklists]))
    return list(db.session.scalars(stmt))


def refusal(organization: Organization, version: ChecklistVersion) -> str | None:
    """Why `version` may not be assigned to `organization`, or None when it may."""
    own = organization.checklists
    if not own or any(c.id == version.checklist_id for c in own):
        return None
    return _(
        "“%(checklist)s” is not one of the checklists of %(organization)s (%(offered)s).",
        checklist=version.slug,
        organization=organization.name,
        offered=", ".join(c.slug for c in own),
    )


def set_checklists(organization: Organization, slugs: Iterable[str]) -> list[Checklist]:
    """Make `slugs` the organisation's set (empty: every checklist is offered)."""
    wanted = sorted({s.strip() for s in slugs if s and s.strip()})
    found = {
        c.slug: c for c in db.session.scalars(select(Checklist).where(Checklist.slug.in_(wanted)))
    }
    missing = [s for s in wanted if s not in found]
    if missing:
        raise ValidationFailed(
            _("Some checklists do not exist; the set was not changed."),
            [
                {"field": "checklists", "message": _("no checklist “%(slug)s”", slug=s[:64])}
                for s in missing
            ],
        )
    organization.checklists = [found[s] for s in wanted]
    db.session.flush()
    return organization.checklists
