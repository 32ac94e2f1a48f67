"""The report reads logos and photos only from the platform's own storage."""

from __future__ import annotations

from audit.extensions import db
from audit.models import Photo
from audit.services.reporting import audit_report_data, branding_for


def test_a_logo_that_is_not_a_stored_digest_is_left_out(factory):
    assert branding_for(factory.organization(logo_sha256="../../etc/passwd")).logo_path is None
    assert branding_for(factory.organization(logo_sha256="b" * 64)).logo_path is None


def test_a_photo_that_is_not_a_digest_is_left_out_of_the_report(factory):
    audit = factory.audit(status="published", answers={"greeted": "yes"})
    for sha256 in ("c" * 64, "not-a-digest"):
        db.session.add(
            Photo(
                audit=audit,
                touchpoint_key="greeting",
                sha256=sha256,
                content_type="image/jpeg",
                width=8,
                height=6,
                byte_size=10,
            )
        )
    db.session.commit()
    greeting = audit_report_data(audit).touchpoints[0]
    assert [p.path.key for p in greeting.photos] == [f"cc/{'c' * 64}/print.jpg"]
