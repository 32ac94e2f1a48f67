"""Schemathesis against the OpenAPI document: no request of any shape answers a 5xx.

Every operation of /api/v1/openapi.json is called with generated parameters and bodies,
through the WSGI app (no network), as a consultant, an auditor and a client (tokens), on a
seeded world: path ids are drawn mostly from its records so operations reach their
handlers, sometimes as generated. Generation is derandomised and bounded, so CI is stable
and the whole run stays near a minute. Only `not_a_server_error` is checked here; status
codes and response schemas are checked elsewhere.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from audit.extensions import db
from audit.services.accounts import issue_api_token
from audit.services.photos import add_photo
from audit.web.api.openapi import openapi_document
from tests.conftest import FreshContextClient
from tests.factories import SMALL_ANSWERS, Factory
from tests.images import image_bytes

# The document as served (JSON turns its integer status keys into strings).
DOCUMENT = json.loads(json.dumps(openapi_document()))
schema = schemathesis.openapi.from_dict(DOCUMENT)
EXAMPLES = 25  # per operation: ~30 operations x 3 callers, about a minute on one core
ROLES = ("consultant", "auditor", "client")
# The records of the current test's world that path parameters are drawn from.
SEEDED: dict[str, list[Any]] = {}


def test_the_fuzzed_document_is_the_served_one(client):
    assert client.get("/api/v1/openapi.json").get_json() == DOCUMENT


@schema.hook
def flatmap_path_parameters(context, path_parameters: dict[str, Any]):
    """Mostly a seeded record's id or slug, so the operation reaches its handler."""
    if not path_parameters:
        return st.just(path_parameters)
    path = context.operation.path
    kinds = {
        "id": "checklists" if path.startswith("/checklists") else "audits",
        "photo_id": "photos",
        "slug": "organizations",
    }
    return st.fixed_dictionaries(
        {
            name: st.sampled_from(SEEDED[kinds[name]]) | st.just(value)
            if kinds.get(name) in SEEDED
            else st.just(value)
            for name, value in path_parameters.items()
        }
    )


class _BufferedClient(FreshContextClient):
    """The suite's client, reading every body whole (closing files) before it answers."""

    def open(self, *args: Any, **kwargs: Any):
        """Schemathesis never closes a response: buffering closes what the app opened."""
        kwargs["buffered"] = True
        return super().open(*args, **kwargs)


@schema.hook
def flatmap_query(context, query: dict[str, Any] | None):
    """Sometimes the seeded wave: the wave summary answers 400 without an existing one."""
    if not query or "wave" not in query:
        return st.just(query)
    return st.just(query) | st.just({**query, "wave": "W1"})


@pytest.fixture
def fuzz_world(app):
    """acme's audits in every state (with photos) and globex; a token per role.

    Built in its own app context, released before the calls: requests must not share it.
    """
    with app.app_context():
        make = Factory()
        version = make.checklist(slug="small")
        acme = make.organization("acme", name="Acme")
        globex = make.organization("globex", name="Globex")
        auditor = make.user("auditor")
        users = {
            "consultant": make.user("consultant"),
            "auditor": auditor,
            "client": make.user("client", organization=acme),
        }
        audits, photos = [], []
        for n, status in enumerate(
            ("assigned", "in_progress", "submitted", "approved", "published", "published")
        ):
            audit = make.audit(
                auditor=auditor,
                location=make.location(acme if n < 5 else globex),
                version=version,
                status="in_progress",
                answers=SMALL_ANSWERS if n else {},
                visited_at=datetime(2026, 3, n + 1, 10, tzinfo=UTC),
                wave="W1",
            )
            photo, _ = add_photo(
                audit, auditor, image_bytes("JPEG", (64, 48)), touchpoint="greeting"
            )
            audit.status = status
            db.session.commit()
            audits.append(audit.id)
            photos.append(photo.id)
        tokens = {role: issue_api_token(user) for role, user in users.items()}
        db.session.commit()
        SEEDED.update(
            audits=audits,
            photos=photos,
            organizations=["acme", "globex"],
            checklists=[version.checklist.slug],
        )
    yield tokens, _BufferedClient(app, app.response_class, use_cookies=False)
    SEEDED.clear()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_request_answers_a_server_error(case, app, fuzz_world):
    tokens, client = fuzz_world
    for role in ROLES:
        headers = {"Authorization": f"Bearer {tokens[role]}"}
        response = case.call(app=app, session=client, headers=headers)
        case.validate_response(response, checks=[not_a_server_error])
