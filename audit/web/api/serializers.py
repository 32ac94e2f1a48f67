"""Records as the API shows them (one function per entity, reused by every module)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import url_for

from audit.models import Audit, ChecklistVersion, Location, Organization, Photo, User
from audit.services.audience import Audience, AuditorNames, audience_of, return_comment, trail
from audit.web.access import me


def iso(value: datetime | date | None) -> str | None:
    """ISO 8601 text, or None."""
    return value.isoformat() if value is not None else None


def organization_json(org: Organization) -> dict[str, Any]:
    """An organisation with its branding."""
    return {
        "id": org.id,
        "slug": org.slug,
        "name": org.name,
        "primary_color": org.primary_color,
        "accent_color": org.accent_color,
        "has_logo": org.logo_sha256 is not None,
        "report_footer": org.report_footer,
        "page_size": org.page_size,
        "show_auditor_names": org.show_auditor_names,
        "created_at": iso(org.created_at),
    }


def location_json(location: Location) -> dict[str, Any]:
    """A location of an organisation."""
    return {
        "id": location.id,
        "organization": location.organization.slug,
        "name": location.name,
        "code": location.code,
        "address": location.address,
        "city": location.city,
        "country": location.country,
        "region": location.region,
        "timezone": location.timezone,
    }


def user_json(user: User) -> dict[str, Any]:
    """A user, never with secrets."""
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "role": user.role,
        "organization": user.organization.slug if user.organization else None,
        "active": user.active,
    }


def checklist_json(version: ChecklistVersion, full: bool = False) -> dict[str, Any]:
    """A checklist version: summary, or with its touchpoints and criteria when `full`."""
    data: dict[str, Any] = {
        "id": version.slug,
        "version": version.version,
        "title": version.title,
        "created_at": iso(version.created_at),
    }
    if full:
        definition = version.definition
        data["description"] = definition.description
        data["pillars"] = {
            name: {"weight": p.weight, "title": p.title} for name, p in definition.pillars.items()
        }
        data["touchpoints"] = [
            {
                "key": t.key,
                "name": t.name,
                "stage": t.stage,
                "channel": t.channel,
                "weight": t.weight,
                "photos": {"min": t.photos_min, "max": t.photos_max},
                "criteria": [
                    {
                        "key": c.key,
                        "text": c.text,
                        "pillar": c.pillar,
                        "type": c.type,
                        "required": c.required,
                        "na": c.na,
                        "critical": c.critical,
                        "guidance": c.guidance,
                    }
                    for c in t.criteria
                ],
            }
            for t in definition.touchpoints
        ]
    return data


def photo_json(photo: Photo) -> dict[str, Any]:
    """A photo's metadata and where to fetch its sizes."""
    url = url_for("api.get_photo", audit_id=photo.audit_id, photo_id=photo.id)
    return {
        "id": photo.id,
        "touchpoint": photo.touchpoint_key,
        "criterion": photo.criterion_key,
        "caption": photo.caption,
        "width": photo.width,
        "height": photo.height,
        "content_type": photo.content_type,
        "taken_at": iso(photo.taken_at),
        "created_at": iso(photo.created_at),
        "url": url,
        "thumb_url": url + "?size=thumb",
    }


def _auditor_json(audit: Audit, audience: Audience) -> dict[str, Any]:
    """The firm sees the auditor's name and e-mail; a client a label only (no e-mail)."""
    name = AuditorNames(audience).label(audit.organization, audit.auditor)
    if audience is Audience.CLIENT:
        return {"email": None, "name": name}
    return {"email": audit.auditor.email, "name": name}


def audit_json(audit: Audit, full: bool = True, viewer: User | None = None) -> dict[str, Any]:
    """An audit: status, checklist id + version, location, auditor, and when `full` its
    answers, comments, photos, score (the JSON of docs/scoring.md) and trail.

    Shown as `viewer` (the signed-in user by default) may read it: a client gets the
    auditor's pseudonym and no internal notes.
    """
    audience = audience_of(viewer or me())
    data: dict[str, Any] = {
        "id": audit.id,
        "status": audit.status,
        "organization": audit.organization.slug,
        "checklist": {
            "id": audit.checklist_version.slug,
            "version": audit.checklist_version.version,
        },
        "location": {
            "id": audit.location.id,
            "name": audit.location.name,
            "timezone": audit.location.timezone,
        },
        "auditor": _auditor_json(audit, audience),
        "wave": audit.wave,
        "scenario": audit.scenario,
        "due_date": iso(audit.due_date),
        "visited_at": iso(audit.visited_at),
        "submitted_at": iso(audit.submitted_at),
        "published_at": iso(audit.published_at),
        "overall": audit.overall,
        "grade": (audit.score or {}).get("grade"),
        "return_comment": return_comment(audit, audience) or None,
    }
    if full:
        data["answers"] = {a.criterion_key: a.value for a in audit.answers if a.value is not None}
        data["comments"] = {a.criterion_key: a.comment for a in audit.answers if a.comment}
        data["photos"] = [photo_json(p) for p in audit.photos]
        data["score"] = audit.score
        data["events"] = [
            {"at": iso(e.when), "who": e.who, "action": e.action, "comment": e.comment}
            for e in trail(audit, audience)
        ]
    return data
