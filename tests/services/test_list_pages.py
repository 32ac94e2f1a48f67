"""An audit list's page found by its keys first: the same rows, in the same order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from audit.extensions import db
from audit.models import Audit
from audit.services.consultant_lists import audit_counted, audit_listing, audits_spec
from audit.services.listing import count_rows, page_rows
from audit.services.report_filters import AuditFilters

SORTS = ("created", "client", "auditor", "score", "due", "status")


@pytest.fixture
def audits(factory):
    """Eleven audits of two clients, equal creation times and scores among them."""
    when = datetime(2026, 5, 1, tzinfo=UTC)
    places = [factory.location(factory.organization(slug), name=slug) for slug in ("b", "a")]
    people = [factory.user("auditor", name=name) for name in ("Zoe", "Adam")]
    for n in range(11):
        factory.audit(
            location=places[n % 2],
            auditor=people[n % 3 % 2],
            status=("assigned", "published", "submitted")[n % 3],
            wave="2026 Q2",
            created_at=when + timedelta(days=n // 3),
            overall=(None, 50.0, 80.0)[n % 3],
        )
    db.session.commit()
    return factory.user("consultant")


def _pages(stmt, counted) -> list[list[int]]:
    return [
        [a.id for a in db.session.scalars(page_rows(stmt, 3, offset, Audit.id, counted))]
        for offset in range(0, 12, 3)
    ]


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("direction", ("asc", "desc"))
@pytest.mark.parametrize("q", ("", "adam"))
def test_deep_pages_of_the_consultant_list_match_plain_offsets(audits, sort, direction, q):
    chosen = audits_spec().parse({"sort": sort, "dir": direction, "q": q})
    stmt = audit_listing(audits, AuditFilters(), chosen)
    counted = audit_counted(audits, AuditFilters(), chosen)
    plain = [
        [a.id for a in db.session.scalars(stmt.limit(3).offset(offset))] for offset in (0, 3, 6, 9)
    ]
    assert _pages(stmt, counted) == plain
    assert count_rows(counted) == count_rows(stmt) == (11 if not q else 4)


def test_deep_pages_of_a_client_list_match_plain_offsets(audits, factory):
    client = factory.user(
        "client", organization=db.session.scalars(select(Audit)).first().organization
    )
    from audit.services.report_filters import filtered_audits

    stmt = filtered_audits(client, AuditFilters()).order_by(
        Audit.visited_at.desc().nulls_last(), Audit.id.desc()
    )
    plain = [
        [a.id for a in db.session.scalars(stmt.limit(3).offset(offset))] for offset in (0, 3, 6, 9)
    ]
    assert _pages(stmt, None) == plain and sum(map(len, plain)) == count_rows(stmt)


@pytest.mark.parametrize("q", ["adam", "ZOE", "b", "2026 q2", "a b", "%", "_", "nobody"])
def test_search_matches_the_names_as_a_join_would(audits, q):
    """The search matches names in their own tables; the same audits as joining them."""
    from audit.models import ChecklistVersion, Location, Organization
    from audit.services.consultant_lists import Auditor, _with_names
    from audit.services.listing import contains

    chosen = audits_spec().parse({"q": q})
    found = {a.id for a in db.session.scalars(audit_listing(audits, AuditFilters(), chosen))}
    columns = (
        Organization.name,
        Location.name,
        Location.code,
        Location.city,
        ChecklistVersion.title,
        Auditor.name,
        Auditor.email,
        Audit.wave,
    )
    joined = _with_names(select(Audit)).where(*(contains(columns, w) for w in chosen.q.split()))
    assert found == {a.id for a in db.session.scalars(joined)}
