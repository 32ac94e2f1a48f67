"""Assigning audits one at a time and from CSV, and the filtered audits list."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from audit.extensions import db
from audit.models import Audit, AuditEvent
from tests.html import rows


def _count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Audit.id)))


def test_assign_one_audit(client, consultant, world):
    response = client.post(
        "/consultant/audits/new",
        data={
            "checklist": "shop",
            "location": str(world["location"].id),
            "auditor": "ann@example.test",
            "due_date": "2026-12-01",
            "wave": "2026 Q4",
            "scenario": "Ask for a gift.",
        },
    )
    assert response.status_code == 302
    audit = db.session.scalar(select(Audit))
    assert (audit.wave, audit.scenario, str(audit.due_date)) == (
        "2026 Q4",
        "Ask for a gift.",
        "2026-12-01",
    )
    assert audit.checklist_version_id == world["version"].id
    event = db.session.scalar(select(AuditEvent))
    assert event.action == "assigned" and event.actor_id == consultant.id


def test_assign_with_bad_choices_shows_errors(client, consultant, world):
    response = client.post(
        "/consultant/audits/new",
        data={
            "checklist": "nope",
            "location": "999",
            "auditor": "x@example.test",
            "due_date": "tomorrow",
        },
    )
    assert response.status_code == 422
    assert _count() == 0


def _import(client, text: str):
    return client.post(
        "/consultant/audits/import",
        data={"file": (io.BytesIO(text.encode()), "wave.csv")},
        content_type="multipart/form-data",
    )


def test_csv_import_assigns_a_wave(client, consultant, world):
    text = (
        "checklist,auditor,organization,location_code,location,due_date,wave,scenario\n"
        "shop,ann@example.test,acme,LY1,,2026-12-01,2026 Q4,Gift\n"
        f"shop,ANN@example.test,,,{world['location'].id},,2026 Q4,\n"
    )
    assert _import(client, text).status_code == 302
    assert _count() == 2
    waves = db.session.scalars(select(Audit.wave)).all()
    assert waves == ["2026 Q4", "2026 Q4"]


def test_csv_with_bad_rows_assigns_nothing(client, consultant, world, factory):
    other = factory.user("consultant", email="boss@example.test")
    text = (
        "checklist,auditor,organization,location_code,due_date,wave\n"
        "shop,ann@example.test,acme,LY1,2026-12-01,Q4\n"  # 2: fine
        "nope,ann@example.test,acme,LY1,,Q4\n"  # 3: checklist
        f"shop,{other.email},acme,LY1,,Q4\n"  # 4: not an auditor
        "shop,ann@example.test,acme,XX9,,Q4\n"  # 5: location
        "shop,ann@example.test,acme,LY1,1/12/2026,Q4\n"  # 6: date
        ",ann@example.test,acme,LY1,,Q4\n"  # 7: empty checklist
    )
    response = _import(client, text)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for line, words in [
        (3, "no checklist “nope”"),
        (4, "is not an active auditor"),
        (5, "no location “XX9” in “acme”"),
        (6, "is not a date"),
        (7, "“checklist” is empty"),
    ]:
        assert f"<td>{line}</td>" in page and words in page, line
    assert "<td>2</td>" not in page
    assert _count() == 0


def test_audits_list_filters_and_pages(client, consultant, world, factory):
    for n in range(27):
        factory.audit(
            location=world["location"], version=world["version"], wave="Q1" if n else "Q2"
        )
    page = client.get("/consultant/audits").get_data(as_text=True)
    assert "Page 1 of 2" in page
    assert "Page 2 of 2" in client.get("/consultant/audits?page=2").get_data(as_text=True)
    only = client.get("/consultant/audits?wave=Q2").get_data(as_text=True)
    assert "(1)" in only
    (row,) = rows(only, "table.audits")  # the results, not the wave filter's options
    assert ">Q2</td>" in row
    bad = client.get("/consultant/audits?status=lost")
    assert bad.status_code == 200 and "one of assigned" in bad.get_data(as_text=True)
