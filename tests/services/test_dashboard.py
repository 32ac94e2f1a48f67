"""The dashboard service: figures, filters, tenant isolation (the page and the API share it)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from audit.services.dashboard import filter_options, summarize
from audit.services.report_filters import AuditFilters, BadFilter, parse_filters

PASS = {"greeted": "yes", "warmth": 5, "wait": 1}  # 100 overall
HALF = {"greeted": "yes", "warmth": 3, "wait": 12}  # people 75 ((1 + .5) / 2), process 0


def when(month: int, day: int = 10) -> datetime:
    return datetime(2025, month, day, 12, 0, tzinfo=UTC)


@pytest.fixture
def world(factory):
    """acme: three published audits over two months and waves, one approved; globex: one."""
    acme, globex = factory.organization("acme"), factory.organization("globex")
    version = factory.checklist()
    north = factory.location(acme, name="North store", region="North")
    south = factory.location(acme, name="South store", region="South")

    def audit(location, answers, visited_at, wave, status="published"):
        return factory.audit(
            location=location,
            version=version,
            status=status,
            answers=answers,
            visited_at=visited_at,
            wave=wave,
        )

    made = {
        "a1": audit(north, PASS, when(1), "W1"),
        "a2": audit(south, HALF, when(1, 20), "W1"),
        "a3": audit(south, PASS, when(2), "W2"),
        "a_hidden": audit(north, HALF, when(2), "W2", status="approved"),
        "g1": audit(factory.location(globex, name="Globex store"), HALF, when(1), "W1"),
    }
    users = {
        "acme": factory.user("client", organization=acme),
        "globex": factory.user("client", organization=globex),
        "consultant": factory.user("consultant"),
    }
    return users, made


def test_figures(world):
    users, made = world
    result = summarize(users["acme"], AuditFilters())
    half = made["a2"].overall
    assert result["count"] == 3
    assert result["mean_overall"] == pytest.approx((100 + half + 100) / 3, abs=0.05)
    months = {row["month"]: row for row in result["by_month"]}
    assert months["2025-01"]["count"] == 2 and months["2025-02"]["count"] == 1
    assert months["2025-01"]["pillars"]["process"] == 50.0  # (100 + 0) / 2
    assert [w["wave"] for w in result["by_wave"]] == ["W1", "W2"]
    pillars = {p["key"]: p["mean"] for p in result["pillars"]}
    assert pillars["process"] == pytest.approx((100 + 0 + 100) / 3, abs=0.05)
    table = result["locations"]
    assert table["wave"] == "W2" and table["previous_wave"] == "W1"
    south = next(row for row in table["items"] if row["name"] == "South store")
    assert south["change"] == pytest.approx(100 - half, abs=0.05)
    north = next(row for row in table["items"] if row["name"] == "North store")
    assert north["change"] is None and north["wave_overall"] is None
    assert result["most_failed"][0]["criterion"] == "wait"


@pytest.mark.parametrize(
    ("who", "mine", "theirs"),
    [("acme", {"a1", "a2", "a3"}, {"g1"}), ("globex", {"g1"}, {"a1", "a2", "a3"})],
)
def test_clients_see_only_their_published_audits(world, who, mine, theirs):
    users, made = world
    result = summarize(users[who], AuditFilters(organization="acme" if who == "globex" else None))
    assert result["count"] == len(mine)
    names = {row["name"] for row in result["locations"]["items"]}
    assert names == {made[k].location.name for k in mine}
    assert not names & {made[k].location.name for k in theirs if k not in mine}
    options = filter_options(users[who])
    assert {loc["name"] for loc in options["locations"]} == names


def test_unpublished_audits_stay_hidden_from_clients(world):
    users, made = world
    client = summarize(users["acme"], AuditFilters(status="approved"))
    assert client["count"] == 3  # status is ignored for clients: published only
    consultant = summarize(users["consultant"], AuditFilters(organization="acme"))
    assert consultant["count"] == 4


def test_filters_narrow(world):
    users, _ = world
    acme = users["acme"]
    assert summarize(acme, AuditFilters(region="North"))["count"] == 1
    assert summarize(acme, AuditFilters(wave="W1"))["count"] == 2
    assert summarize(acme, parse_filters({"from": "2025-02-01"}))["count"] == 1
    assert summarize(acme, parse_filters({"to": "2025-01-20"}))["count"] == 2
    assert summarize(acme, AuditFilters(checklist="nope"))["count"] == 0
    empty = summarize(acme, AuditFilters(wave="none"))
    assert empty["mean_overall"] is None and empty["locations"]["items"] == []


def test_parse_filters_reports_every_bad_argument():
    with pytest.raises(BadFilter) as caught:
        parse_filters({"from": "soon", "location": "x1", "status": "gone"})
    fields = {p["field"] for p in caught.value.details}
    assert fields == {"from", "location", "status"}
    assert caught.value.status == 400


def test_api_summary_is_the_service_output(world, api):
    users, _ = world
    body = api(users["acme"]).get("/reports/summary?wave=W1").get_json()
    assert body == summarize(users["acme"], AuditFilters(wave="W1"))


TITLED = """\
id: {slug}
title: {slug}
pillars: {{people: {{title: {title}}}, product: {{}}, process: {{}}}}
touchpoints:
  - key: t
    name: T
    criteria:
      - {{key: k, text: Greeted?, pillar: people, type: yes_no}}
"""


def people_label(factory, titled: list[tuple[str, str]]) -> str:
    """The dashboard's label for the people pillar once each (slug, title) checklist is audited."""
    org = factory.organization()
    client = factory.user("client", organization=org)
    for slug, title in titled:
        version = factory.checklist(TITLED.format(slug=slug, title=title))
        factory.audit(
            location=factory.location(org),
            version=version,
            status="published",
            answers={"k": "yes"},
            visited_at=when(1),
        )
    labels = {p["key"]: p["label"] for p in summarize(client, AuditFilters())["pillars"]}
    return labels["people"]


def test_pillar_titles_that_differ_between_checklists_fall_back_to_the_pillar(factory):
    assert people_label(factory, [("calls", "Call handling"), ("visits", "Staff")]) == "People"


def test_a_pillar_title_shared_by_every_checklist_is_kept(factory):
    assert people_label(factory, [("calls", "Call handling")]) == "Call handling"
