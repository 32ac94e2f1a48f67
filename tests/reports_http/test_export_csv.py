"""GET /api/v1/exports/audits.csv: one row per audit and criterion, Excel-safe, scoped."""

from __future__ import annotations

import csv
import io

import pytest

REQUIRED = (
    "audit_id",
    "organization",
    "location",
    "checklist",
    "version",
    "wave",
    "visited_at",
    "touchpoint",
    "criterion",
    "question",
    "answer",
    "score",
    "pillar",
    "overall",
)


def rows_of(response) -> list[dict[str, str]]:
    """Parse the CSV back (after checking the BOM and CRLF line ends)."""
    assert response.status_code == 200
    raw = response.data
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    text = raw.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_one_row_per_audit_and_criterion(world, api):
    users, audits = world
    response = api(users["acme"]).get("/exports/audits.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = rows_of(response)
    assert set(REQUIRED) <= set(rows[0])
    assert [r["criterion"] for r in rows] == ["greeted", "warmth", "wait", "notes"]
    audit = audits["acme_pub"]
    by_key = {r["criterion"]: r for r in rows}
    assert by_key["greeted"]["answer"] == "yes" and by_key["greeted"]["score"] == "1"
    assert by_key["warmth"]["score"] == "0.75"
    assert by_key["wait"]["score"] == "0.5" and by_key["wait"]["touchpoint"] == "tills"
    assert by_key["notes"]["score"] == "" and by_key["notes"]["answer"] == "Busy afternoon"
    assert {r["audit_id"] for r in rows} == {str(audit.id)}
    assert {r["organization"] for r in rows} == {"acme"}
    assert {r["overall"] for r in rows} == {str(audit.overall)}
    assert rows[0]["visited_at"] == "2025-03-12 14:05:00"
    assert rows[0]["question"] == "Was the shopper greeted?"


@pytest.mark.parametrize(("who", "mine"), [("acme", "acme_pub"), ("globex", "globex_pub")])
def test_clients_export_only_their_published_audits(world, api, who, mine):
    users, audits = world
    rows = rows_of(api(users[who]).get("/exports/audits.csv?organization=acme&status=approved"))
    assert {r["audit_id"] for r in rows} == {str(audits[mine].id)}


def test_consultant_exports_everything_and_filters(world, api):
    users, audits = world
    client = api(users["consultant"])
    assert len({r["audit_id"] for r in rows_of(client.get("/exports/audits.csv"))}) == 3
    rows = rows_of(client.get("/exports/audits.csv?organization=globex"))
    assert {r["audit_id"] for r in rows} == {str(audits["globex_pub"].id)}


def test_formula_injection_is_neutralised(world, api, evidence):
    users, audits = world
    audit = audits["acme_pub"]
    evidence.comment(audit, "greeted", '=HYPERLINK("http://evil","x")')
    evidence.comment(audit, "wait", "@SUM(A1)")
    evidence.comment(audit, "warmth", "+1")
    evidence.comment(audit, "notes", "-2+3")
    audit.location.name = "=cmd|' /C calc'!A0"
    from audit.extensions import db

    db.session.commit()
    rows = rows_of(api(users["acme"]).get("/exports/audits.csv"))
    comments = {r["criterion"]: r["comment"] for r in rows}
    assert comments == {
        "greeted": '\'=HYPERLINK("http://evil","x")',
        "wait": "'@SUM(A1)",
        "warmth": "'+1",
        "notes": "'-2+3",
    }
    assert rows[0]["location"] == "'=cmd|' /C calc'!A0"


def test_unicode_survives(world, api):
    users, audits = world
    audits["acme_pub"].location.name = "Москва · دبي · Zürich"
    from audit.extensions import db

    db.session.commit()
    rows = rows_of(api(users["acme"]).get("/exports/audits.csv"))
    assert rows[0]["location"] == "Москва · دبي · Zürich"


def test_auditor_403_anonymous_401_bad_filter_400(world, api):
    users, _ = world
    assert api(users["auditor"]).get("/exports/audits.csv").status_code == 403
    assert api().get("/exports/audits.csv").status_code == 401
    assert api(users["acme"]).get("/exports/audits.csv?from=notadate").status_code == 400
