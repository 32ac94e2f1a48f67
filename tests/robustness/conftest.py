"""Fixtures for the robustness tests: one organisation with a user of every role."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from audit.models import Audit, Organization, User
from tests.browser.conftest import serve


@dataclass
class Cast:
    """Who and what the robustness tests poke at."""

    org: Organization
    consultant: User
    auditor: User
    client: User
    open_audit: Audit  # in progress, the auditor's
    published: Audit  # of the same organisation, visible to the client


@pytest.fixture
def cast(factory) -> Cast:
    """An organisation, one user of each role, an open and a published audit."""
    org = factory.organization("acme", name="Acme")
    auditor = factory.user("auditor")
    version = factory.checklist()
    return Cast(
        org=org,
        consultant=factory.user("consultant"),
        auditor=auditor,
        client=factory.user("client", organization=org),
        open_audit=factory.audit(
            auditor=auditor,
            location=factory.location(org),
            version=version,
            status="in_progress",
        ),
        published=factory.audit(
            auditor=auditor,
            location=factory.location(org),
            version=version,
            status="published",
        ),
    )


ROLES = ("anonymous", "consultant", "auditor", "client")


@pytest.fixture
def signed_in(cast, auth):
    """`signed_in(role)`: sign the test client in as that role (or out, for anonymous)."""

    def sign_in(role: str) -> None:
        auth.logout()
        if role != "anonymous":
            auth.login(getattr(cast, role).email)

    return sign_in


@pytest.fixture(scope="module")
def live_server(app):
    """The test app on a free loopback port, in a thread: real sockets, real header encoding."""
    yield from serve(app)


@pytest.fixture
def token_for(app):
    """`token_for(user)`: a fresh API token, committed so the live server sees it."""
    from audit.extensions import db
    from audit.services.accounts import issue_api_token

    def issue(user: User) -> str:
        token = issue_api_token(db.session.merge(user))
        db.session.commit()
        return token

    return issue
