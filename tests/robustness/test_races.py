"""Two requests racing on the same record: one wins, the other gets its normal answer or 409.

Real concurrent requests on the live server (threads, the SQLite file). Each racing thread
is held at its first write until every racer has read what it needs, so the interleaving
that used to fail (both see "nothing there yet", both insert) happens every time.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, func, select

from audit.extensions import db
from audit.models import Answer, Checklist, ChecklistVersion, Organization, Photo
from tests import images
from tests.factories import SMALL_CHECKLIST

WRITES = ("INSERT", "UPDATE", "DELETE")


@contextmanager
def held_at_first_write(app, racers: int) -> Iterator[None]:
    """Hold each request thread at its first write until `racers` threads got there."""
    barrier = threading.Barrier(racers, timeout=10)
    seen = threading.local()

    def before_write(conn, cursor, statement, *args) -> None:
        if statement.lstrip().upper().startswith(WRITES) and not getattr(seen, "done", False):
            seen.done = True  # each request is served in a thread of its own
            barrier.wait()

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before_write)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", before_write)


def _call(base: str, method: str, path: str, token: str, body, content_type: str):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(
        base + "/api/v1" + path,
        data=data,
        method=method,
        headers={"Authorization": f"Bearer {token}", "Content-Type": content_type},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def race(app, base: str, calls: list[tuple]) -> list[tuple[int, object]]:
    """Send `calls` (method, path, token, body, content type) at once; their answers."""
    results: list = [None] * len(calls)

    def run(i: int) -> None:
        results[i] = _call(base, *calls[i])

    threads = [
        threading.Thread(target=run, args=(i,), name=f"racer-{i}") for i in range(len(calls))
    ]
    with held_at_first_write(app, len(calls)):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    return results


def warm(base: str, token: str) -> None:
    """One request first, so the token's last-use write is not part of the race."""
    _call(base, "GET", "/checklists", token, b"", "application/json")


@pytest.fixture
def racing_auditor(cast, token_for, live_server):
    """The auditor's token, already used once."""
    token = token_for(cast.auditor)
    warm(live_server, token)
    return token


@pytest.mark.parametrize("racers", [2, 4])
def test_saving_the_same_new_answer_at_once_never_fails(
    app, live_server, cast, racing_auditor, racers
):
    audit_id = cast.open_audit.id
    calls = [
        (
            "PATCH",
            f"/audits/{audit_id}/answers",
            racing_auditor,
            {"wait": n + 1},
            "application/json",
        )
        for n in range(racers)
    ]
    results = race(app, live_server, calls)
    assert [status for status, _body in results] == [200] * racers, results
    rows = db.session.scalars(
        select(Answer).where(Answer.audit_id == audit_id, Answer.criterion_key == "wait")
    ).all()
    assert len(rows) == 1 and rows[0].value in range(1, racers + 1)


def test_offline_syncs_racing_on_a_new_answer_keep_the_latest_edit(
    app, live_server, cast, racing_auditor
):
    audit_id = cast.open_audit.id
    envelopes = [
        {
            "answers": {"notes": "earlier"},
            "comments": {"notes": "a"},
            "edited_at": "2026-01-01T10:00:00Z",
        },
        {"answers": {"notes": "later"}, "edited_at": "2026-01-01T11:00:00Z"},
    ]
    calls = [
        ("PATCH", f"/audits/{audit_id}/answers", racing_auditor, body, "application/json")
        for body in envelopes
    ]
    results = race(app, live_server, calls)
    assert [status for status, _body in results] == [200, 200], results
    row = db.session.scalar(select(Answer).where(Answer.audit_id == audit_id))
    assert row.value == "later"
    earlier = results[0][1]
    # The earlier edit either lost visibly (a conflict) or was stored first and overwritten.
    assert earlier["saved"] == ["notes"] or earlier["conflicts"][0]["kept"] == "later"


def test_creating_the_same_organisation_at_once_is_one_201_and_409s(
    app, live_server, cast, token_for
):
    token = token_for(cast.consultant)
    warm(live_server, token)
    body = {"name": "Initech", "slug": "initech"}
    results = race(
        app, live_server, [("POST", "/organizations", token, body, "application/json")] * 3
    )
    assert sorted(status for status, _body in results) == [201, 409, 409], results
    assert db.session.scalar(select(func.count()).where(Organization.slug == "initech")) == 1


def test_posting_a_checklist_version_twice_at_once_is_one_version_or_a_409(
    app, live_server, cast, token_for
):
    token = token_for(cast.consultant)
    warm(live_server, token)
    sources = [SMALL_CHECKLIST.format(slug="raced").replace("Small", title) for title in ("A", "B")]
    calls = [("POST", "/checklists", token, s.encode(), "application/yaml") for s in sources]
    results = race(app, live_server, calls)
    statuses = sorted(status for status, _body in results)
    assert statuses in ([201, 201], [201, 409]), results
    raced = select(ChecklistVersion.version).join(Checklist).where(Checklist.slug == "raced")
    versions = db.session.scalars(raced).all()
    assert sorted(versions) == list(range(1, statuses.count(201) + 1))


def _multipart(fields: dict[str, str], image: bytes) -> tuple[bytes, str]:
    boundary = "raceboundary7d93"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n".encode()
        + image
        + b"\r\n"
    )
    return b"".join(
        parts
    ) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def test_an_offline_photo_sent_twice_at_once_is_stored_once(app, live_server, cast, racing_auditor):
    body, content_type = _multipart(
        {"touchpoint": "greeting", "client_uid": "outbox-42"}, images.image_bytes("JPEG")
    )
    path = f"/audits/{cast.open_audit.id}/photos"
    results = race(app, live_server, [("POST", path, racing_auditor, body, content_type)] * 2)
    assert sorted(status for status, _body in results) == [200, 201], results
    assert results[0][1]["id"] == results[1][1]["id"]
    assert db.session.scalar(select(func.count()).select_from(Photo)) == 1


def test_two_photos_racing_for_the_last_place_are_a_201_and_a_409(
    app, live_server, factory, cast, racing_auditor
):
    for _n in range(2):  # the greeting takes at most 3
        factory.photo(cast.open_audit, "greeting")
    calls = []
    for uid in ("one", "two"):
        body, content_type = _multipart(
            {"touchpoint": "greeting", "client_uid": uid}, images.image_bytes("JPEG")
        )
        calls.append(
            ("POST", f"/audits/{cast.open_audit.id}/photos", racing_auditor, body, content_type)
        )
    results = race(app, live_server, calls)
    assert sorted(status for status, _body in results) == [201, 409], results
