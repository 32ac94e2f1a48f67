"""GET /api/v1/reports/summary and the wave summary PDF: scoped aggregates."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest


def test_client_summary_counts_only_their_published_audits(world, api):
    users, audits = world
    for who, mine in (("acme", "acme_pub"), ("globex", "globex_pub")):
        body = api(users[who]).get("/reports/summary").get_json()
        assert body["count"] == 1
        assert body["mean_overall"] == audits[mine].overall
        names = [row["name"] for row in body["locations"]["items"]]
        assert names == [audits[mine].location.name]


def test_client_filters_cannot_widen_their_scope(world, api):
    users, audits = world
    body = api(users["acme"]).get("/reports/summary?organization=globex&status=approved")
    assert body.status_code == 200
    assert body.get_json()["count"] == 1
    assert body.get_json()["locations"]["items"][0]["name"] == "Acme Lyon"
    other = api(users["acme"]).get(f"/reports/summary?location={audits['globex_pub'].location_id}")
    assert other.get_json()["count"] == 0


def test_consultant_sees_everything_and_can_filter(world, api):
    users, _ = world
    client = api(users["consultant"])
    assert client.get("/reports/summary").get_json()["count"] == 3
    assert client.get("/reports/summary?status=published").get_json()["count"] == 2
    assert client.get("/reports/summary?organization=acme").get_json()["count"] == 2


def test_summary_shape(world, api):
    users, audits = world
    body = api(users["consultant"]).get("/reports/summary?status=published").get_json()
    assert {p["key"] for p in body["pillars"]} == {"people", "process"}
    assert [s["key"] for s in body["stages"]] == ["purchase"]
    assert [c["key"] for c in body["channels"]] == ["in_store"]
    assert body["by_month"][0]["month"] == "2025-03"
    assert body["by_month"][0]["count"] == 2
    assert body["by_wave"][0]["wave"] == "2025-Q1"
    failed = {row["criterion"]: row for row in body["most_failed"]}
    assert failed["wait"]["failed"] == 1 and failed["wait"]["audits"] == 2
    assert failed["wait"]["rate"] == 50.0
    assert body["nps"] is None
    ranks = [row["rank"] for row in body["locations"]["items"]]
    assert ranks == [1, 2]


def test_auditor_gets_403_and_anonymous_401(world, api):
    users, _ = world
    assert api(users["auditor"]).get("/reports/summary").status_code == 403
    assert api().get("/reports/summary").status_code == 401


@pytest.mark.parametrize(
    "query",
    [
        "from=notadate",
        "to=2025-13-01",
        "location=abc",
        "status=lost",
        "from=2025-05-01&to=2025-01-01",
    ],
)
def test_bad_filters_are_400(world, api, query):
    users, _ = world
    response = api(users["acme"]).get(f"/reports/summary?{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "bad_request" and error["details"]


def test_date_filters(world, api):
    users, _ = world
    client = api(users["consultant"])
    assert client.get("/reports/summary?from=2025-03-12&to=2025-03-12").get_json()["count"] == 3
    assert client.get("/reports/summary?from=2025-03-13").get_json()["count"] == 0
    assert client.get("/reports/summary?to=2025-03-11").get_json()["count"] == 0


def test_nps_promoters_minus_detractors(factory, api):
    source = """\
id: nps-check
title: NPS check
touchpoints:
  - key: visit
    name: Visit
    criteria:
      - {key: ok, text: OK?, pillar: people, type: yes_no}
      - {key: rec, text: Recommend?, pillar: people, type: nps, na: true}
"""
    version = factory.checklist(source)
    org = factory.organization()
    location = factory.location(org)
    for value in (10, 9, 8, 3, 0, "N/A"):
        factory.audit(
            location=location,
            version=version,
            status="published",
            answers={"ok": "yes", "rec": value},
        )
    client = factory.user("client", organization=org)
    nps = api(client).get("/reports/summary").get_json()["nps"]
    # 5 answers: 2 promoters, 1 passive, 2 detractors -> 0
    assert nps == {"score": 0.0, "responses": 5, "promoters": 2, "passives": 1, "detractors": 2}


def test_league_table_change_since_previous_wave(factory, api):
    org = factory.organization()
    version = factory.checklist()
    lyon, paris = factory.location(org, name="Lyon"), factory.location(org, name="Paris")
    plan = [
        (lyon, "W1", 1, {"greeted": "no", "wait": 12}),
        (lyon, "W2", 4, {"greeted": "yes", "warmth": 5, "wait": 1}),
        (paris, "W1", 2, {"greeted": "yes", "warmth": 5, "wait": 1}),
        (paris, "W2", 5, {"greeted": "yes", "warmth": 3, "wait": 7}),
    ]
    for location, wave, month, answers in plan:
        factory.audit(
            location=location,
            version=version,
            status="published",
            answers=answers,
            wave=wave,
            visited_at=datetime(2025, month, 3, tzinfo=UTC),
        )
    client = api(factory.user("client", organization=org))
    table = client.get("/reports/summary?wave=W2").get_json()["locations"]
    assert table["wave"] == "W2" and table["previous_wave"] == "W1"
    rows = {row["name"]: row for row in table["items"]}
    assert [row["name"] for row in table["items"]] == ["Lyon", "Paris"]
    assert rows["Lyon"]["change"] == 100.0
    assert rows["Paris"]["change"] < 0
    everything = client.get("/reports/summary").get_json()
    assert [w["wave"] for w in everything["by_wave"]] == ["W1", "W2"]
    assert everything["locations"]["wave"] == "W2"


def test_wave_summary_pdf(world, api, pdfs):
    users, audits = world
    response = api(users["acme"]).get("/reports/wave-summary.pdf?wave=2025-Q1")
    assert response.status_code == 200
    text = pdfs.text(response.data)
    assert "Acme Lyon" in text
    assert "Acme Hidden Draft" not in text and "Globex Berlin" not in text
    assert api(users["acme"]).get("/reports/wave-summary.pdf").status_code == 400
    assert api(users["acme"]).get("/reports/wave-summary.pdf?wave=nope").status_code == 404
    assert api(users["auditor"]).get("/reports/wave-summary.pdf?wave=2025-Q1").status_code == 403


def test_wave_summary_for_consultant_needs_one_organisation(world, api, pdfs):
    users, _ = world
    client = api(users["consultant"])
    assert client.get("/reports/wave-summary.pdf?wave=2025-Q1").status_code == 400
    response = client.get("/reports/wave-summary.pdf?wave=2025-Q1&organization=globex")
    assert response.status_code == 200
    assert "Globex Berlin" in pdfs.text(response.data)
