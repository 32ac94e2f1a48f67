"""Requests run in their own app context and session, so a missing commit is caught.

Flask reuses an app context a test already holds (the `factory` fixture holds one); a
request would then share the test's session and a service that forgot to commit would
still look right to the test. The suite's client (conftest.FreshContextClient) gives each
request its own context; these tests prove it, with the plain Flask client as the control.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from audit.extensions import db
from audit.models import Organization
from tests.factories import Factory


@pytest.fixture
def rename_app(sibling_app):
    """An app on the test database with test-only routes renaming an organisation."""
    app = sibling_app()

    @app.post("/_test/rename/<slug>/<name>")
    def rename_without_commit(slug: str, name: str):
        db.session.scalars(db.select(Organization).filter_by(slug=slug)).one().name = name
        db.session.flush()  # what a service does; only the commit is missing
        return "renamed"

    @app.post("/_test/rename-and-commit/<slug>/<name>")
    def rename_and_commit(slug: str, name: str):
        db.session.scalars(db.select(Organization).filter_by(slug=slug)).one().name = name
        db.session.commit()
        return "renamed"

    with app.app_context():  # held like the `factory` fixture holds one
        yield app


def _name_in_a_fresh_session(app, slug: str) -> str:
    """The organisation's name as another connection sees it."""
    session = db.sessionmaker(bind=db.engine)()  # not the test's scoped session
    try:
        return session.scalars(db.select(Organization.name).filter_by(slug=slug)).one()
    finally:
        session.close()


def test_a_change_without_commit_is_not_seen(rename_app):
    org = Factory().organization("acme", name="Acme")
    response = rename_app.test_client().post("/_test/rename/acme/Renamed")
    assert response.status_code == 200
    assert org.name == "Acme"  # the test's object is read afresh: the change was lost
    assert _name_in_a_fresh_session(rename_app, "acme") == "Acme"


def test_a_committed_change_is_seen_by_the_test(rename_app):
    org = Factory().organization("acme", name="Acme")
    assert rename_app.test_client().post("/_test/rename-and-commit/acme/Renamed").status_code == 200
    assert org.name == "Renamed"  # expired after the request, not a stale copy
    assert _name_in_a_fresh_session(rename_app, "acme") == "Renamed"


def test_the_plain_flask_client_would_hide_the_missing_commit(rename_app):
    # The control: Flask's own client reuses the held context, so the test sees a change
    # that never reached the database. This is the hole the suite's client closes.
    org = Factory().organization("acme", name="Acme")
    assert FlaskClient(rename_app).post("/_test/rename/acme/Renamed").status_code == 200
    assert org.name == "Renamed"
    db.session.rollback()
    assert org.name == "Acme"


def test_the_suite_client_is_the_fresh_context_one(app, client):
    from tests.conftest import FreshContextClient

    assert isinstance(client, FreshContextClient)
    assert isinstance(app.test_client(), FreshContextClient)
