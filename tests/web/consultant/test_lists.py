"""The consultant's lists: search (`q`), sortable columns, the overdue flag, bad arguments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from audit.extensions import db
from audit.models import Audit
from tests.factories import SMALL_CHECKLIST

TODAY = datetime.now(UTC).date()


def _order(page: str, *needles: str) -> list[int]:
    """Where each needle first appears in the page (every needle must be there)."""
    return [page.index(n) for n in needles]


def _text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


@pytest.fixture
def audits(world, factory):
    """Audits of two clients: one overdue, one due later, one submitted late, one done."""
    other = factory.organization("globex", name="Globex Bank")
    london = factory.location(other, name="London City", code="LDN")
    bea = factory.user("auditor", name="Bea Zed")
    past = TODAY - timedelta(days=3)
    return {
        "overdue": factory.audit(
            location=world["location"], auditor=world["auditor"], due_date=past, wave="W1"
        ),
        "later": factory.audit(
            location=london, auditor=bea, due_date=TODAY + timedelta(days=5), wave="W2"
        ),
        "submitted": factory.audit(
            location=london,
            auditor=bea,
            status="submitted",
            due_date=past,
            submitted_at=datetime.now(UTC) - timedelta(days=1),
            answers={"greeted": "yes", "wait": 3},
        ),
        "published": factory.audit(
            location=world["location"],
            auditor=world["auditor"],
            status="published",
            due_date=past,
            answers={"greeted": "no", "wait": 12},
        ),
    }


def _row(audit_id: int) -> str:
    return f'href="/consultant/audits/{audit_id}"'


def test_overdue_is_flagged_only_when_not_yet_submitted(client, consultant, audits):
    page = _text(client, "/consultant/audits")
    rows = {k: page[page.index(_row(a.id)) :].split("</tr>")[0] for k, a in audits.items()}
    assert "badge-overdue" in rows["overdue"]
    for name in ("later", "submitted", "published"):
        assert "badge-overdue" not in rows[name], name
    review = _text(client, f"/consultant/audits/{audits['overdue'].id}")
    assert "badge-overdue" in review


def test_overdue_filter_keeps_only_overdue_audits(client, consultant, audits):
    page = _text(client, "/consultant/audits?overdue=1")
    assert _row(audits["overdue"].id) in page
    for name in ("later", "submitted", "published"):
        assert _row(audits[name].id) not in page, name
    assert 'name="overdue" value="1" checked' in page


def test_audits_search_looks_in_client_location_auditor_and_wave(client, consultant, audits):
    by_client = _text(client, "/consultant/audits?q=globex")
    assert _row(audits["later"].id) in by_client and _row(audits["overdue"].id) not in by_client
    by_words = _text(client, "/consultant/audits?q=lyon+W1")
    assert _row(audits["overdue"].id) in by_words
    assert _row(audits["published"].id) not in by_words
    by_auditor = _text(client, "/consultant/audits?q=BEA")
    assert _row(audits["submitted"].id) in by_auditor
    assert _row(audits["overdue"].id) not in by_auditor
    literal = _text(client, "/consultant/audits?q=%25")
    assert "No audits here." in literal
    assert 'value="globex"' in by_client


def test_audits_sort_by_column_both_ways(client, consultant, audits):
    ids = [a.id for a in audits.values()]
    asc = _text(client, "/consultant/audits?sort=id&dir=asc")
    assert _order(asc, *map(_row, ids)) == sorted(_order(asc, *map(_row, ids)))
    desc = _text(client, "/consultant/audits?sort=id&dir=desc")
    assert _order(desc, *map(_row, ids)) == sorted(_order(desc, *map(_row, ids)), reverse=True)
    by_client = _text(client, "/consultant/audits?sort=client")
    assert by_client.index(_row(audits["overdue"].id)) < by_client.index(
        _row(audits["later"].id)
    )  # Acme Stores before Globex Bank
    assert 'aria-sort="ascending"' in by_client
    assert "sort=client&amp;dir=desc" in by_client  # the header now sorts the other way
    # Narrow screens show the rows as cards without headers: the search bar sorts too.
    assert '<option value="client" selected>' in by_client
    by_score = _text(client, "/consultant/audits?sort=score&dir=desc")
    scored = [audits["submitted"].id, audits["published"].id, audits["overdue"].id]
    assert _order(by_score, *map(_row, scored)) == sorted(_order(by_score, *map(_row, scored)))


def test_bad_sort_and_flag_values_are_ignored_with_a_message(client, consultant, audits):
    page = _text(client, "/consultant/audits?sort=password_hash&dir=sideways&overdue=maybe")
    assert "cannot be sorted by “password_hash”" in page
    assert "asc or desc" in page
    assert "“overdue” is 1 or nothing" in page
    for audit in audits.values():
        assert _row(audit.id) in page
    long = _text(client, "/consultant/audits?q=" + "x" * 500)
    assert "cut to 100 characters" in long


def test_filters_search_and_sort_survive_paging(client, consultant, world, factory):
    for n in range(27):
        factory.audit(location=world["location"], wave=f"Round {n:02d}")
    first = _text(client, "/consultant/audits?q=round&sort=wave&dir=asc")
    assert ">Round 00</td>" in first and ">Round 26</td>" not in first
    assert "q=round" in first and "page=2" in first
    second = _text(client, "/consultant/audits?q=round&sort=wave&dir=asc&page=2")
    assert ">Round 26</td>" in second and ">Round 00</td>" not in second


def test_review_queue_search_and_sort(client, consultant, world, factory):
    now = datetime.now(UTC)
    old = factory.audit(
        location=world["location"], status="submitted", submitted_at=now - timedelta(days=3)
    )
    other = factory.location(factory.organization("globex", name="Globex Bank"), name="London")
    new = factory.audit(location=other, status="submitted", submitted_at=now)
    default = _text(client, "/consultant/review")
    assert default.index(_row(old.id)) < default.index(_row(new.id))
    newest = _text(client, "/consultant/review?sort=submitted&dir=desc")
    assert newest.index(_row(new.id)) < newest.index(_row(old.id))
    found = _text(client, "/consultant/review?q=london")
    assert _row(new.id) in found and _row(old.id) not in found
    assert 'role="search"' in found


def test_organisations_search_sort_and_overdue(client, consultant, audits, factory):
    factory.organization("zeta", name="Zeta Hotels")
    page = _text(client, "/consultant/organizations?sort=name&dir=desc")
    assert page.index("Zeta Hotels") < page.index("Globex Bank") < page.index("Acme Stores")
    assert "1 overdue" in page and "overdue=1" in page
    overdue = _text(client, "/consultant/organizations?overdue=1")
    assert "Acme Stores" in overdue and "Globex Bank" not in overdue
    assert "Zeta Hotels" not in overdue
    found = _text(client, "/consultant/organizations?q=glob")
    assert "Globex Bank" in found and "Acme Stores" not in found
    by_overdue = _text(client, "/consultant/organizations?sort=overdue&dir=desc")
    assert by_overdue.index("Acme Stores") < by_overdue.index("Globex Bank")


def test_locations_search_and_sort(client, consultant, world, factory):
    org = world["org"]
    factory.location(org, name="Annecy Centre", code="AN1", city="Annecy")
    factory.location(org, name="Zurich Gare", code="ZU1", city="Zurich")
    page = _text(client, "/consultant/organizations/acme?sort=name&dir=desc")
    assert page.index("Zurich Gare") < page.index("Lyon Part-Dieu") < page.index("Annecy Centre")
    by_code = _text(client, "/consultant/organizations/acme?sort=code")
    assert by_code.index("AN1") < by_code.index("LY1") < by_code.index("ZU1")
    found = _text(client, "/consultant/organizations/acme?q=zu1")
    assert "Zurich Gare" in found and "Annecy Centre" not in found


def test_users_search_and_sort(client, consultant, world, factory):
    factory.user("client", name="Zoe Client", organization=world["org"])
    factory.user("auditor", name="Abel Auditor", email="abel@field.test")
    page = _text(client, "/consultant/users?sort=name&dir=desc")
    assert page.index("Zoe Client") < page.index("Ann Auditor") < page.index("Abel Auditor")
    found = _text(client, "/consultant/users?q=field.test")
    assert "Abel Auditor" in found and "Zoe Client" not in found
    by_org = _text(client, "/consultant/users?q=acme&role=client")
    assert "Zoe Client" in by_org and "Ann Auditor" not in by_org


def test_checklists_search_sort_and_pages(client, consultant, factory):
    for slug, title in (("alpha", "Alpha visit"), ("zulu", "Zulu call")):
        factory.checklist(SMALL_CHECKLIST.format(slug=slug).replace("Small store visit", title))
    page = _text(client, "/consultant/checklists?sort=title&dir=desc")
    assert page.index("Zulu call") < page.index("Alpha visit")
    found = _text(client, "/consultant/checklists?q=zulu")
    assert "Zulu call" in found and "Alpha visit" not in found


def test_overdue_is_the_same_in_python_and_in_sql(app_ctx, factory):
    due_today = factory.audit(due_date=TODAY)
    due_yesterday = factory.audit(due_date=TODAY - timedelta(days=1))
    no_date = factory.audit()
    assert not due_today.is_overdue and due_yesterday.is_overdue and not no_date.is_overdue
    overdue_ids = set(db.session.scalars(select(Audit.id).where(Audit.is_overdue)))
    assert overdue_ids == {due_yesterday.id}
