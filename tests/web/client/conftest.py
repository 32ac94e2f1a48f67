"""Two client organisations with published and unpublished audits, for the portal pages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.factories import SMALL_ANSWERS


@pytest.fixture
def world(factory):
    """acme and globex, each with published audits; acme also has an approved one."""
    acme = factory.organization("acme", name="Acme Retail")
    globex = factory.organization("globex", name="Globex Stores")
    version = factory.checklist()

    def audit(org, name, status="published", wave="2025-Q1", month=3, **answers):
        return factory.audit(
            location=factory.location(org, name=name, region="North"),
            version=version,
            status=status,
            answers={**SMALL_ANSWERS, **answers},
            visited_at=datetime(2025, month, 12, 14, 5, tzinfo=UTC),
            wave=wave,
        )

    audits = {
        "acme_lyon": audit(acme, "Acme Lyon"),
        "acme_paris": audit(acme, "Acme Paris", wait=12, wave="2025-Q2", month=5),
        "acme_hidden": audit(acme, "Acme Unpublished Nantes", status="approved"),
        "globex_berlin": audit(globex, "Globex Berlin", greeted="no"),
    }
    users = {
        "acme": factory.user("client", organization=acme),
        "globex": factory.user("client", organization=globex),
        "consultant": factory.user("consultant"),
        "auditor": factory.user("auditor"),
    }
    return users, audits
