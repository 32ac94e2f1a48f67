"""The scoping helper: who sees which audits and organisations (first slice of the matrix)."""

from __future__ import annotations

import pytest
from werkzeug.exceptions import NotFound

from audit import scoping
from audit.extensions import db


@pytest.fixture
def world(factory):
    """Two organisations, each with a published and a draft audit."""
    acme, globex = factory.organization("acme"), factory.organization("globex")
    auditor_a, auditor_b = factory.user("auditor"), factory.user("auditor")
    audits = {
        "acme_published": factory.audit(
            auditor=auditor_a, location=factory.location(acme), status="published"
        ),
        "acme_draft": factory.audit(auditor=auditor_b, location=factory.location(acme)),
        "globex_published": factory.audit(
            auditor=auditor_b, location=factory.location(globex), status="published"
        ),
    }
    users = {
        "consultant": factory.user("consultant"),
        "auditor_a": auditor_a,
        "auditor_b": auditor_b,
        "client_acme": factory.user("client", organization=acme),
        "client_globex": factory.user("client", organization=globex),
    }
    return users, audits


VISIBLE = {
    "consultant": {"acme_published", "acme_draft", "globex_published"},
    "auditor_a": {"acme_published"},
    "auditor_b": {"acme_draft", "globex_published"},
    "client_acme": {"acme_published"},
    "client_globex": {"globex_published"},
}


@pytest.mark.parametrize("who", sorted(VISIBLE))
def test_audit_visibility_matrix(world, who):
    users, audits = world
    user = users[who]
    seen = set(db.session.scalars(scoping.audits_for(user)))
    assert seen == {audits[name] for name in VISIBLE[who]}
    for name, audit in audits.items():
        if name in VISIBLE[who]:
            assert scoping.get_audit_or_404(audit.id, user) is audit
        else:
            with pytest.raises(NotFound):
                scoping.get_audit_or_404(audit.id, user)


def test_clients_see_only_their_organisation(world):
    users, _ = world
    slugs = {o.slug for o in db.session.scalars(scoping.organizations_for(users["client_acme"]))}
    assert slugs == {"acme"}
    with pytest.raises(NotFound):
        scoping.get_organization_or_404("globex", users["client_acme"])
    assert not list(db.session.scalars(scoping.organizations_for(users["auditor_a"])))
