"""Schemathesis against the OpenAPI document: the server does what the document says.

Every operation of /api/v1/openapi.json is called with generated parameters and bodies,
through the WSGI app (no network), as a consultant, an auditor and a client (tokens), on a
seeded world: path ids are drawn mostly from its records (an audit and one of its photos
together) and sign-ins sometimes use a real account, so operations reach their handlers.
Checks: no 5xx, every status is one the operation documents, every JSON body matches its
documented schema. Each operation must answer at least once with something other than
401, 403 or 404, or it was never really tested. Generation is derandomised and bounded.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from audit.extensions import db
from audit.jobs import enqueue
from audit.jobs.reports import build_wave_summary
from audit.models import Audit
from audit.services.accounts import issue_api_token
from audit.services.actions import add_evidence, open_action
from audit.services.photos import add_photo
from audit.web.api.openapi import openapi_document
from tests.audio_files import store_clip, wav_bytes
from tests.conftest import FreshContextClient
from tests.factories import SMALL_ANSWERS, Factory
from tests.images import image_bytes

# The document as served (JSON turns its integer status keys into strings).
DOCUMENT = json.loads(json.dumps(openapi_document()))
schema = schemathesis.openapi.from_dict(DOCUMENT)
EXAMPLES = 12  # per operation, each called as 3 roles; see DEVELOPERS.md for the timing
ROLES = ("consultant", "auditor", "client")
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
PASSWORD = "fuzz-password-1"
FAILED = {"greeted": "no", "wait": 7, "notes": "Nobody at the door"}  # an action to follow up
# The records of the current test's world that path parameters are drawn from.
SEEDED: dict[str, Any] = {}


def test_the_fuzzed_document_is_the_served_one(client):
    assert client.get("/api/v1/openapi.json").get_json() == DOCUMENT


@schema.hook
def flatmap_path_parameters(context, path_parameters: dict[str, Any]):
    """Mostly a seeded record's id or slug (an audit with its own photo), sometimes generated."""
    if not path_parameters or not SEEDED:
        return st.just(path_parameters)
    path = context.operation.path
    seeded: list[dict[str, Any]] = []
    if "audit_id" in path_parameters:
        seeded = [
            {"audit_id": audit, "photo_id": photo, "audio_id": clip}
            for audit, photo, clip in zip(
                SEEDED["audits"], SEEDED["photos"], SEEDED["clips"], strict=True
            )
        ]
    elif "slug" in path_parameters:
        kind = "checklists" if path.startswith("/checklists") else "organizations"
        seeded = [{"slug": slug} for slug in SEEDED[kind]]
    elif "action_id" in path_parameters:
        seeded = SEEDED["actions"]
    elif "job_id" in path_parameters:
        seeded = [{"job_id": job} for job in SEEDED["jobs"]]
    elif "phrase_id" in path_parameters:
        seeded = [{"phrase_id": phrase} for phrase in SEEDED["phrases"]]
    real = st.sampled_from(seeded).map(
        lambda values: {k: values.get(k, v) for k, v in path_parameters.items()}
    )
    return real | real | st.just(path_parameters)


@schema.hook
def flatmap_body(context, body: Any):
    """A sign-in sometimes with a real account's e-mail and password."""
    if context.operation.path != "/auth/token" or not SEEDED:
        return st.just(body)
    return st.just(body) | st.sampled_from(SEEDED["accounts"])


@schema.hook
def flatmap_query(context, query: dict[str, Any] | None):
    """Sometimes the seeded wave: the wave summary answers 400 without an existing one."""
    if not query or "wave" not in query:
        return st.just(query)
    return st.just(query) | st.just({**query, "wave": "W1"})


class _BufferedClient(FreshContextClient):
    """The suite's client, reading every body whole (closing files) before it answers."""

    def open(self, *args: Any, **kwargs: Any):
        """Schemathesis never closes a response: buffering closes what the app opened."""
        kwargs["buffered"] = True
        return super().open(*args, **kwargs)


@pytest.fixture
def fuzz_world(app):
    """acme's audits in every state (with photos) and globex; a token per role; a job.

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
        audits, photos, clips = [], [], []
        for n, status in enumerate(
            ("assigned", "in_progress", "submitted", "approved", "published", "published")
        ):
            audit = make.audit(
                auditor=auditor,
                location=make.location(acme if n < 5 else globex),
                version=version,
                status="in_progress",
                answers=(FAILED if n == 4 else SMALL_ANSWERS) if n else {},
                visited_at=datetime(2026, 3, n + 1, 10, tzinfo=UTC),
                wave="W1",
            )
            photo, _ = add_photo(
                audit, auditor, image_bytes("JPEG", (64, 48)), touchpoint="greeting"
            )
            clip = store_clip(audit, wav_bytes(0.2), "greeting")
            audit.status = status
            db.session.commit()
            audits.append(audit.id)
            photos.append(photo.id)
            clips.append(clip.id)
        for user in users.values():
            user.set_password(PASSWORD)
        tokens = {role: issue_api_token(user) for role, user in users.items()}
        db.session.commit()
        consultant = users["consultant"]
        action = open_action(db.session.get(Audit, audits[4]), consultant, "greeted")
        evidence = add_evidence(action, users["client"], image_bytes("JPEG", (64, 48)), "Fixed")
        phrases = [make.phrase("Retake the photo"), make.phrase("Zoom out", organization=acme)]
        db.session.commit()
        job = enqueue(
            build_wave_summary,
            consultant.id,
            {"wave": "W1", "organization": "acme"},
            owner_id=consultant.id,
        )
        SEEDED.update(
            audits=audits,
            photos=photos,
            clips=clips,
            organizations=["acme", "globex"],
            checklists=[version.checklist.slug],
            jobs=[job.id],
            phrases=[phrase.id for phrase in phrases],
            actions=[{"action_id": action.id, "evidence_id": evidence.id}],
            accounts=[{"email": u.email, "password": PASSWORD} for u in users.values()],
        )
    yield tokens, _BufferedClient(app, app.response_class, use_cookies=False)
    SEEDED.clear()


@pytest.fixture
def answered():
    """The statuses one operation answered; it must have reached past the gatekeepers."""
    statuses: Counter[int] = Counter()
    yield statuses
    assert set(statuses) - {401, 403, 404}, f"only ever answered {dict(statuses)}"


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_does_what_its_document_says(case, app, fuzz_world, answered):
    tokens, client = fuzz_world
    for role in ROLES:
        headers = {"Authorization": f"Bearer {tokens[role]}"}
        response = case.call(app=app, session=client, headers=headers)
        answered[response.status_code] += 1
        case.validate_response(response, checks=CHECKS)
