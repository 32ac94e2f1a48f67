"""The maintained rollups give the dashboard exactly what summing the audits gives.

Every comparison sums the same scope twice: from `score_rollups` (what clients get) and
from the audits themselves (DASHBOARD_ROLLUPS off). Each change to a published audit
(publish, unpublish, new wave, new visit date across a month, deletion, a location's new
time zone) must leave the two equal, without any rebuild.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import insert, select

from audit.extensions import db
from audit.models import Audit, ScoreRollup, ScoreRollupPart
from audit.services.dashboard import summarize
from audit.services.report_filters import AuditFilters
from audit.services.rollups import month_aligned, rebuild

NPS_CHECKLIST = """\
id: nps-visit
title: Call with a recommendation
touchpoints:
  - key: call
    name: Call
    stage: advocacy
    channel: phone
    criteria:
      - {key: recommend, text: Would you recommend us?, pillar: people, type: nps}
      - {key: thanked, text: Was the caller thanked?, pillar: process, type: yes_no}
"""
ZONES = ("UTC", "Asia/Dubai", "Europe/Moscow", "America/New_York")


@pytest.fixture
def shops(factory):
    """Two organisations, four acme locations in four zones, 36 random audits."""
    rng = random.Random(7)
    acme, globex = factory.organization("acme"), factory.organization("globex")
    small, nps = factory.checklist(), factory.checklist(NPS_CHECKLIST)
    places = [
        factory.location(
            acme, name=f"Shop {zone}", region="North" if i % 2 else "South", timezone=zone
        )
        for i, zone in enumerate(ZONES)
    ] + [factory.location(globex, name="Globex shop")]
    auditor = factory.user("auditor")
    audits = []
    for n in range(36):
        version = small if n % 3 else nps
        answers = (
            {
                "greeted": rng.choice(("yes", "no")),
                "warmth": rng.randint(1, 5),
                "wait": rng.randint(0, 12),
                "notes": "x",
            }
            if version is small
            else {"recommend": rng.randint(0, 10), "thanked": rng.choice(("yes", "no"))}
        )
        # Visits near the turn of a month: the UTC and local months differ for some zones.
        visited = datetime(2025, 1 + n % 4, 1, tzinfo=UTC) - timedelta(hours=rng.randint(-30, 30))
        audits.append(
            factory.audit(
                auditor=auditor,
                location=places[n % len(places)],
                version=version,
                status="published" if n % 5 else "approved",
                answers=answers,
                visited_at=None if n == 7 else visited,
                wave=f"W{1 + n % 3}",
            )
        )
    users = {
        "acme": factory.user("client", organization=acme),
        "globex": factory.user("client", organization=globex),
        "consultant": factory.user("consultant"),
    }
    return {"users": users, "audits": audits, "places": places}


FILTERS = [
    {},
    {"wave": "W2"},
    {"region": "North"},
    {"checklist": "nps-visit"},
    {"date_from": date(2025, 2, 1), "date_to": date(2025, 3, 31)},
    {"date_from": date(2025, 2, 1)},
    {"date_to": date(2025, 1, 31), "wave": "W1"},
]


def both_ways(app, user, **filters):
    """summarize() from the rollups and from the audits."""
    chosen = AuditFilters(**filters)
    from_rollups = summarize(user, chosen)
    app.config["DASHBOARD_ROLLUPS"] = False
    try:
        from_audits = summarize(user, chosen)
    finally:
        app.config["DASHBOARD_ROLLUPS"] = True
    return from_rollups, from_audits


def assert_same_everywhere(app, shops):
    users = shops["users"]
    for filters in FILTERS:
        for who in ("acme", "globex"):
            got, expected = both_ways(app, users[who], **filters)
            assert got == expected, (who, filters)
        got, expected = both_ways(app, users["consultant"], status="published", **filters)
        assert got == expected, ("consultant", filters)
    stored = _stored()
    rebuild(db.session)
    assert _stored() == stored
    db.session.rollback()


def _columns():
    return [c for c in ScoreRollup.__table__.c if c.name not in ("id", "overall_sum")]


def _stored() -> tuple[set, set]:
    """The rollup rows and their named sums, without ids and float totals (summing order)."""
    cells = {tuple(r) for r in db.session.execute(select(*_columns()))}
    parts = select(*_columns(), ScoreRollupPart.part, ScoreRollupPart.key, ScoreRollupPart.count)
    named = {tuple(r) for r in db.session.execute(parts.join(ScoreRollupPart))}
    return cells, named


def test_rollups_sum_what_the_audits_sum(app, shops):
    got, _ = both_ways(app, shops["users"]["acme"])
    assert got["count"] > 20 and got["nps"]["responses"] > 0
    assert db.session.scalar(select(ScoreRollup.id).limit(1)) is not None
    assert_same_everywhere(app, shops)


def test_each_change_to_a_published_audit_keeps_them_equal(app, shops):
    audits = shops["audits"]
    changes = [
        lambda: setattr(audits[0], "status", "published"),  # publish (it was approved)
        lambda: setattr(audits[1], "status", "approved"),  # unpublish
        lambda: setattr(audits[2], "wave", "W9"),
        lambda: setattr(audits[3], "visited_at", datetime(2025, 6, 30, 23, tzinfo=UTC)),
        lambda: db.session.delete(audits[4]),
        lambda: setattr(shops["places"][1], "timezone", "Pacific/Auckland"),
        lambda: setattr(audits[6], "location", shops["places"][2]),
    ]
    for change in changes:
        change()
        db.session.commit()
        assert_same_everywhere(app, shops)


def test_a_rolled_back_change_leaves_the_rollups_alone(app, shops):
    before = _stored()
    shops["audits"][1].wave = "W7"
    db.session.flush()
    db.session.rollback()
    db.session.commit()
    assert _stored() == before


def test_a_bulk_load_is_summed_by_the_rollups_command(app, shops):
    acme = shops["users"]["acme"]
    before = summarize(acme, AuditFilters())["count"]
    source = shops["audits"][6]
    row = {c.name: getattr(source, c.key) for c in Audit.__table__.c if c.name != "id"}
    db.session.execute(insert(Audit), [row])  # bypasses the ORM, as the benches do
    db.session.commit()
    assert summarize(acme, AuditFilters())["count"] == before  # not summed yet
    result = app.test_cli_runner().invoke(args=["rollups"])
    assert result.exit_code == 0, result.output
    assert "Rebuilt" in result.output
    assert summarize(acme, AuditFilters())["count"] == before + 1


@pytest.mark.parametrize(
    ("first", "last", "aligned"),
    [
        (None, None, True),
        (date(2025, 2, 1), date(2025, 2, 28), True),
        (date(2024, 2, 1), date(2024, 2, 29), True),
        (date(2025, 2, 1), date(2025, 2, 27), False),
        (date(2025, 2, 2), None, False),
        (None, date(2025, 12, 31), True),
    ],
)
def test_only_whole_months_are_read_from_the_rollups(first, last, aligned):
    assert month_aligned(first, last) is aligned
