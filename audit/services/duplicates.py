"""Near-duplicate photos: the perceptual hash columns of a photo and the indexed lookup."""

from __future__ import annotations

from sqlalchemy import select, union_all

from audit.extensions import db
from audit.integrity import Finding, bands, hamming, probe_values, to_signed
from audit.integrity.checks import CRITICAL, WARNING
from audit.models import Audit, Photo

BAND_COLUMNS = (Photo.phash_0, Photo.phash_1, Photo.phash_2, Photo.phash_3)


def photo_hash_columns(phash: int | None) -> dict[str, int | None]:
    """The Photo columns that store a perceptual hash (signed) and its four bands."""
    if phash is None:
        return {"phash": None, **{c.key: None for c in BAND_COLUMNS}}
    columns = dict(zip((c.key for c in BAND_COLUMNS), bands(phash), strict=True))
    return {"phash": to_signed(phash), **columns}


def similar_photos(
    phash: int, max_distance: int, exclude_audit_id: int | None = None
) -> list[dict]:
    """Stored photos within `max_distance` bits of `phash`, nearest first (indexed lookup).

    Each band index is asked for the band's value and its one-bit neighbours; only those
    candidates are compared bit by bit (audit.integrity.phash explains why none is missed).
    """
    # One SELECT per band index (UNION ALL): each reads its covering index alone, where
    # an OR across the four would fetch every candidate's table row.
    per_band = []
    for column, band in zip(BAND_COLUMNS, bands(phash), strict=True):
        stmt = select(Photo.id, Photo.audit_id, Photo.phash).where(column.in_(probe_values(band)))
        if exclude_audit_id is not None:
            stmt = stmt.where(Photo.audit_id != exclude_audit_id)
        per_band.append(stmt)
    candidates = {row[0]: row for row in db.session.execute(union_all(*per_band))}
    found = []
    for photo_id, audit_id, stored in candidates.values():
        distance = hamming(phash, stored)
        if distance <= max_distance:
            found.append({"photo": photo_id, "audit": audit_id, "distance": distance})
    return sorted(found, key=lambda f: (f["distance"], f["photo"]))


def duplicate_findings(audit: Audit, max_distance: int) -> list[Finding]:
    """`duplicate_photo` for each photo of `audit` found in another audit."""
    findings = []
    for photo in audit.photos:
        if photo.phash is None:
            continue
        matches = similar_photos(photo.phash, max_distance, exclude_audit_id=audit.id)
        if matches:
            best = matches[0]
            findings.append(
                Finding(
                    "duplicate_photo",
                    CRITICAL if best["distance"] == 0 else WARNING,
                    {
                        "photo": photo.id,
                        "other_audit": best["audit"],
                        "other_photo": best["photo"],
                        "distance": best["distance"],
                        "max_distance": max_distance,
                        "matches": matches[:10],
                    },
                )
            )
    return findings
