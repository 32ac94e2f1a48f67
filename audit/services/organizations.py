"""Client organisations and their report branding (colours, logo, footer, paper)."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from audit.extensions import db
from audit.models import Organization
from audit.photos import PhotoRejected, PhotoStorage, ingest_photo, sniff_content_type
from audit.services.errors import Conflict, ValidationFailed
from audit.services.integrity import THRESHOLD_RANGES, threshold_problems
from audit.services.limits import NAME_MAX, REPORT_FOOTER_MAX
from audit.services.problem_text import photo_refusal

SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
COLOR = re.compile(r"#[0-9a-fA-F]{6}")
PAGE_SIZES = ("A4", "Letter")
REPORT_LANGUAGES = ("en", "ar", "ru")
LOGO_TYPES = ("image/png", "image/jpeg")
LOGO_MAX_BYTES = 5 * 1024 * 1024
LOGO_MAX_PIXELS = 25_000_000
BRANDING_FIELDS = ("name", "primary_color", "accent_color", "report_footer", "page_size")
# Settings beside the branding (platform.md v2, "Organisation settings").
# `paper` is the contract's name for `page_size` (both are accepted and answered).
SETTING_FIELDS = ("show_auditor_names", "report_language", "paper", "allow_recordings")
SETTING_FIELDS += tuple(THRESHOLD_RANGES)


def _check_branding(values: dict[str, Any], problems: list[dict]) -> None:
    if "name" in values:
        name = values["name"]
        if not isinstance(name, str) or not name.strip():
            problems.append({"field": "name", "message": _("a name is required")})
        elif len(name.strip()) > NAME_MAX:
            problems.append({"field": "name", "message": _("at most %(n)d characters", n=NAME_MAX)})
    for key in ("primary_color", "accent_color"):
        if key in values and not (isinstance(values[key], str) and COLOR.fullmatch(values[key])):
            problems.append({"field": key, "message": _("a colour like #1f3a5f")})
    if "report_footer" in values:
        footer = values["report_footer"]
        if not isinstance(footer, str) or len(footer) > REPORT_FOOTER_MAX:
            problems.append(
                {
                    "field": "report_footer",
                    "message": _("text of at most %(n)d characters", n=REPORT_FOOTER_MAX),
                }
            )
    for key in ("page_size", "paper"):
        if key in values and values[key] not in PAGE_SIZES:
            problems.append({"field": key, "message": _("A4 or Letter")})
    if "report_language" in values and values["report_language"] not in REPORT_LANGUAGES:
        problems.append(
            {
                "field": "report_language",
                "message": _("one of %(choices)s", choices=", ".join(REPORT_LANGUAGES)),
            }
        )
    for key in ("show_auditor_names", "allow_recordings"):
        if key in values and not isinstance(values[key], bool):
            problems.append({"field": key, "message": _("true or false")})
    problems.extend(threshold_problems(values))


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    known = (*BRANDING_FIELDS, *SETTING_FIELDS)
    # min_visit_minutes may be cleared (None: no organisation minimum).
    cleaned = {
        k: v
        for k, v in values.items()
        if k in known and (v is not None or k == "min_visit_minutes")
    }
    for key in ("name", "report_footer"):
        if isinstance(cleaned.get(key), str):
            cleaned[key] = cleaned[key].strip()
    for key in ("primary_color", "accent_color"):
        if isinstance(cleaned.get(key), str):
            cleaned[key] = cleaned[key].lower()
    return cleaned


def _stored(values: dict[str, Any]) -> dict[str, Any]:
    """Checked values as columns: `paper` is stored as `page_size`."""
    if "paper" in values:
        values = {**values, "page_size": values["paper"]}
        del values["paper"]
    return values


def create_organization(*, slug: str, **values: Any) -> Organization:
    """A new client organisation; `slug` is its permanent short name in URLs."""
    values = _clean(values)
    values.setdefault("name", "")
    problems: list[dict] = []
    if not isinstance(slug, str) or not SLUG.fullmatch(slug):
        problems.append(
            {"field": "slug", "message": _("lowercase letters, digits, - and _ (at most 64)")}
        )
    _check_branding(values, problems)
    if problems:
        raise ValidationFailed(_("The organisation could not be created."), problems)
    taken = db.session.scalar(select(func.count()).where(Organization.slug == slug))
    if taken:
        raise Conflict(
            _("An organisation with this slug already exists."),
            [{"field": "slug", "message": _("already taken")}],
        )
    organization = Organization(slug=slug, **_stored(values))
    db.session.add(organization)
    db.session.flush()
    return organization


def update_organization(organization: Organization, **values: Any) -> Organization:
    """Change name, branding and settings (the slug never changes: it is in links)."""
    values = _clean(values)
    problems: list[dict] = []
    _check_branding(values, problems)
    if problems:
        raise ValidationFailed(_("The organisation was not changed."), problems)
    for key, value in _stored(values).items():
        setattr(organization, key, value)
    db.session.flush()
    return organization


def set_logo(organization: Organization, data: bytes, storage: PhotoStorage) -> Organization:
    """Validate a PNG/JPEG logo by its content (decoded, size limits), store it, keep its hash.

    The previous logo stays in place when the new one is refused.
    """
    if data and sniff_content_type(data) not in LOGO_TYPES:
        raise ValidationFailed(
            _("The logo must be a PNG or JPEG image."),
            [{"field": "logo", "message": _("not a PNG or JPEG image")}],
        )
    try:
        stored = ingest_photo(data, storage, max_bytes=LOGO_MAX_BYTES, max_pixels=LOGO_MAX_PIXELS)
    except PhotoRejected as error:
        reason = photo_refusal(error)
        raise ValidationFailed(
            _("The logo was refused: %(reason)s.", reason=reason),
            [{"field": "logo", "message": reason, "code": error.code}],
        ) from error
    organization.logo_sha256 = stored.sha256
    db.session.flush()
    return organization


def remove_logo(organization: Organization) -> None:
    """Reports fall back to the organisation's name (the file stays: it may be shared)."""
    organization.logo_sha256 = None
    db.session.flush()
