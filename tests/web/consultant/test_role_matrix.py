"""Auditors and clients get 403 on every consultant page; nobody signed in goes to sign in."""

from __future__ import annotations

import re

import pytest

from audit import create_app

IGNORED = {"HEAD", "OPTIONS"}


def consultant_routes() -> list[tuple[str, str]]:
    """(METHOD, URL) of every rule of the consultant blueprint, parameters filled in."""
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "matrix", "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    )
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("consultant."):
            continue
        url = re.sub(r"<int:[^>]+>", "1", rule.rule)
        url = re.sub(r"<(?:string:)?([^>]+)>", "x", url)
        routes.extend((method, url) for method in sorted(rule.methods - IGNORED))
    return sorted(routes)


ROUTES = consultant_routes()


def test_the_matrix_covers_the_blueprint():
    assert len(ROUTES) > 30
    assert ("POST", "/consultant/audits/1/approve") in ROUTES


@pytest.mark.parametrize("role", ["auditor", "client"])
@pytest.mark.parametrize(("method", "url"), ROUTES)
def test_other_roles_are_refused(client, factory, auth, role, method, url):
    user = factory.user(role)
    auth.login(user.email)
    response = client.open(url, method=method, data={"comment": "x"})
    assert response.status_code == 403


@pytest.mark.parametrize(("method", "url"), ROUTES)
def test_anonymous_is_sent_to_sign_in(client, app, method, url):
    response = client.open(url, method=method)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
