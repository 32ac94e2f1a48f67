"""Programmes: waves planned once per period, auditors proposed by rotation, region and
load, confirmed in bulk with a result per row; the consultant's pages and the command."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from audit.extensions import db
from audit.models import Audit
from audit.models.programmes import ProgrammeVisit
from audit.services.programmes import (
    confirm_visits,
    create_programme,
    generate_wave,
    period_of,
    visits_of,
)

MONTHS = [date(2026, 1, 10), date(2026, 2, 10), date(2026, 3, 10)]


@pytest.fixture
def setup(factory):
    """acme with four locations in two regions, three auditors, a checklist, a programme."""
    acme = factory.organization("acme", name="Acme Retail")
    north = [factory.location(acme, name=f"North {n}", region="North") for n in (1, 2)]
    south = [factory.location(acme, name=f"South {n}", region="South") for n in (1, 2)]
    auditors = [factory.user("auditor", name=f"Auditor {n}") for n in (1, 2, 3)]
    version = factory.checklist(slug="small")
    # Auditor 1 has worked in the North before: the region rule prefers them there.
    factory.audit(auditor=auditors[0], location=north[0], version=version, status="published")
    consultant = factory.user("consultant")
    programme = create_programme(
        name="Acme monthly",
        organization=acme,
        checklist_slug="small",
        locations=north + south,
        frequency="monthly",
        visits_per_wave=1,
        window_start=5,
        window_end=20,
        scenarios="Return a gift\nAsk for advice",
    )
    db.session.commit()
    return {"programme": programme, "auditors": auditors, "consultant": consultant}


def test_rotation_is_never_broken_over_three_generated_waves(setup):
    programme = setup["programme"]
    previous: dict[int, int] = {}
    for day in MONTHS:
        made = generate_wave(programme, day)
        assert len(made) == 4 and all(v.proposed_auditor_id for v in made)
        results = confirm_visits(
            programme, {v.id: v.proposed_auditor_id for v in made}, setup["consultant"]
        )
        db.session.commit()
        assert all(r.ok for r in results), results
        now = {
            v.location_id: v.audit.auditor_id
            for v in visits_of(programme, period_of("monthly", day))
        }
        for location_id, auditor_id in now.items():
            assert previous.get(location_id) != auditor_id  # never the same two waves running
        previous = now
    waves = db.session.scalars(select(Audit.wave).distinct().order_by(Audit.wave)).all()
    assert "Acme monthly 2026-03" in waves
    march = visits_of(programme, period_of("monthly", MONTHS[2]))
    assert {v.due_date for v in march} == {date(2026, 3, 20)}
    assert [v.scenario for v in march] == ["Return a gift", "Ask for advice"] * 2


def test_generating_again_plans_nothing_more(setup):
    programme = setup["programme"]
    assert len(generate_wave(programme, MONTHS[0])) == 4
    assert generate_wave(programme, date(2026, 1, 28)) == []
    assert db.session.scalar(select(func.count()).select_from(ProgrammeVisit)) == 4


def test_region_then_lightest_load(setup):
    programme = setup["programme"]
    made = generate_wave(programme, MONTHS[0])
    by_location = {v.location.name: v.proposed_auditor.name for v in made}
    assert by_location["North 1"] == "Auditor 1"  # worked in the North
    # The others spread by load: nobody gets two while another has none.
    counts = sorted(list(by_location.values()).count(a.name) for a in setup["auditors"])
    assert counts[-1] - counts[0] <= 1


def test_a_choice_breaking_the_rotation_is_refused_for_its_row_only(setup):
    programme = setup["programme"]
    first = generate_wave(programme, MONTHS[0])
    confirm_visits(programme, {v.id: v.proposed_auditor_id for v in first}, setup["consultant"])
    db.session.commit()
    second = generate_wave(programme, MONTHS[1])
    same = {v.location_id: v.proposed_auditor_id for v in first}
    choices = {v.id: v.proposed_auditor_id for v in second}
    broken = second[0]
    choices[broken.id] = same[broken.location_id]  # the January auditor again
    results = {r.id: r for r in confirm_visits(programme, choices, setup["consultant"])}
    db.session.commit()
    assert not results[broken.id].ok and "previous wave" in results[broken.id].message
    assert sum(r.ok for r in results.values()) == 3


def test_the_consultant_plans_and_confirms_in_bulk(setup, client, auth):
    programme = setup["programme"]
    auth.login(setup["consultant"].email)
    planned = client.post(
        f"/consultant/programmes/{programme.id}/generate", data={"day": "2026-01-10"}
    )
    assert planned.status_code == 302
    page = client.get(f"/consultant/programmes/{programme.id}?day=2026-01-10")
    assert page.status_code == 200 and "North 1" in page.get_data(as_text=True)
    visits = db.session.scalars(select(ProgrammeVisit)).all()
    data = {"visits": [str(v.id) for v in visits], "day": "2026-01-10"}
    data |= {f"auditor-{v.id}": str(v.proposed_auditor_id) for v in visits}
    data[f"auditor-{visits[0].id}"] = ""  # nobody chosen: that row is refused
    done = client.post(
        f"/consultant/programmes/{programme.id}/confirm", data=data, follow_redirects=True
    )
    text = done.get_data(as_text=True)
    assert "choose an auditor" in text and text.count("assigned") >= 3
    assert db.session.scalar(select(func.count()).select_from(Audit)) == 1 + 3
    assert client.get("/consultant/workload").status_code == 200


def test_the_daily_command_plans_every_active_programme_once(app, setup):
    runner = app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["run-programmes", "--today", "2026-01-10"])
        assert result.exit_code == 0, result.output
    assert "Acme monthly: 0" in result.output
    assert db.session.scalar(select(func.count()).select_from(ProgrammeVisit)) == 4


def test_a_bad_programme_names_each_problem(setup, client, auth):
    auth.login(setup["consultant"].email)
    response = client.post(
        "/consultant/programmes/new",
        data={
            "organization": "acme",
            "name": "",
            "checklist": "nope",
            "frequency": "weekly",
            "visits_per_wave": "0",
            "window_start": "20",
            "window_end": "5",
        },
    )
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    for words in (
        "a name is required",
        "no checklist",
        "choose at least one location",
        "monthly or quarterly",
        "from 1 to 10",
    ):
        assert words in text
