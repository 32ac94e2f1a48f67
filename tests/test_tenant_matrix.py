"""The tenant matrix, generated from the URL map: every route with an id x five callers.

Each route whose URL names a record (an audit, a photo, an organisation, a location, a
user, a checklist) is called by five callers on a record they must not reach:

- a consultant (the positive side: reaches the handler; its exact answer is in the table);
- an auditor of another audit of the same organisation;
- a client of another organisation;
- a client of the same organisation, on an audit that is not published yet;
- an anonymous caller (API: 401; pages: a redirect to the sign-in page).

Out of scope answers 404 (like a missing record); a role that may never use the route
answers 403. A refused call changes nothing in the database. The table is keyed by
endpoint and a test fails when the URL map has a route with an id the table lacks, so a
new route is born tested.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from audit.extensions import db
from audit.models import ActionEvidence, AuditFlag, CorrectiveAction
from audit.services.photos import add_photo
from tests.audio_files import store_clip, wav_bytes
from tests.factories import SMALL_CHECKLIST
from tests.images import image_bytes

ANSWERS = {"greeted": "yes", "warmth": 4, "wait": 3, "notes": "fine"}
CALLERS = ("auditor_other", "client_other", "client_same_unpublished", "anonymous")
# What a caller may not reach, by the kind of record the URL names.
OUT_OF_SCOPE = {
    "auditor_other": {"audit"},
    "client_other": {"audit", "organization", "action"},
    "client_same_unpublished": {"audit", "action"},
}
ROLE = {
    "consultant": "consultant",
    "auditor_other": "auditor",
    "client_other": "client",
    "client_same_unpublished": "client",
}
ALL = frozenset({"consultant", "auditor", "client"})
CONSULTANT = frozenset({"consultant"})
AUDITOR = frozenset({"auditor"})
CLIENT = frozenset({"client"})
READERS = frozenset({"consultant", "auditor"})  # of checklists
CLIENT_DATA = frozenset({"consultant", "client"})
JPEG = image_bytes("JPEG", (64, 48))
WAV = wav_bytes(0.2)


@dataclass(frozen=True)
class Route:
    """What one endpoint and method answer: who may use it, on which record, the call."""

    record: str  # audit | organization | user | checklist | action | phrase (scopes the URL's id)
    roles: frozenset[str]  # roles that may use the route at all; the others get 403
    ok: int  # the consultant's answer (in scope, the handler ran)
    call: dict[str, Any] = field(default_factory=dict)  # test client kwargs (body, query)


def _files(name: str, data: bytes, filename: str, **form: str) -> dict[str, Any]:
    """A multipart form with one file."""
    import io

    return {
        "data": {**form, name: (io.BytesIO(data), filename)},
        "content_type": "multipart/form-data",
    }


# Every (endpoint, method) of a route with an id in the URL; test_table_covers_the_url_map
# fails when a route is added without its line here.
TABLE: dict[tuple[str, str], Route] = {
    # JSON API (Bearer tokens)
    ("api.get_audit", "GET"): Route("audit", ALL, 200),
    ("api.patch_answers", "PATCH"): Route("audit", ALL, 403, {"json": {"greeted": "no"}}),
    ("api.submit", "POST"): Route("audit", ALL, 403),
    ("api.post_return", "POST"): Route("audit", CONSULTANT, 409, {"json": {"comment": "Redo"}}),
    ("api.post_approve", "POST"): Route("audit", CONSULTANT, 409, {"json": {}}),
    ("api.post_publish", "POST"): Route("audit", CONSULTANT, 409, {"json": {}}),
    ("api.audit_report", "GET"): Route("audit", ALL, 200),  # auditors: 404, like missing
    ("api.upload_photo", "POST"): Route(
        "audit", ALL, 403, _files("file", JPEG, "p.jpg", touchpoint="greeting")
    ),
    ("api.get_photo", "GET"): Route("audit", ALL, 200, {"query_string": {"size": "thumb"}}),
    ("api.patch_photo", "PATCH"): Route("audit", ALL, 403, {"json": {"caption": "x"}}),
    ("api.remove_photo", "DELETE"): Route("audit", ALL, 403),
    ("api.list_audio", "GET"): Route("audit", ALL, 200),
    ("api.upload_audio", "POST"): Route(
        "audit", ALL, 403, _files("file", WAV, "a.wav", touchpoint="greeting")
    ),
    ("api.get_audio", "GET"): Route("audit", ALL, 200),
    ("api.remove_audio", "DELETE"): Route("audit", ALL, 403),
    ("api.list_locations", "GET"): Route("organization", CLIENT_DATA, 200),
    ("api.post_location", "POST"): Route(
        "organization", CONSULTANT, 201, {"json": {"name": "New"}}
    ),
    ("api.put_logo", "PUT"): Route(
        "organization", CONSULTANT, 200, {"data": JPEG, "content_type": "image/jpeg"}
    ),
    ("api.get_organization", "GET"): Route("organization", CLIENT_DATA, 200),
    ("api.patch_organization", "PATCH"): Route(
        "organization",
        CONSULTANT,
        200,
        {"json": {"checkin_radius_m": 250, "allow_recordings": False}},
    ),
    ("api.patch_location", "PATCH"): Route(
        "organization", CONSULTANT, 200, {"json": {"latitude": 48.85, "longitude": 2.35}}
    ),
    ("api.post_checkin", "POST"): Route(
        "audit", ALL, 403, {"json": {"latitude": 48.85, "longitude": 2.35}}
    ),
    ("api.post_opening", "POST"): Route("audit", ALL, 403, {"json": {"touchpoint": "greeting"}}),
    ("api.list_flags", "GET"): Route("audit", CONSULTANT, 200),
    ("api.post_dismiss", "POST"): Route(
        "audit", CONSULTANT, 200, {"json": {"reason": "Known shop front"}}
    ),
    ("api.get_checklist", "GET"): Route("checklist", READERS, 200),
    ("api.get_action", "GET"): Route("action", CLIENT_DATA, 200),
    ("api.patch_action", "PATCH"): Route("action", CLIENT_DATA, 200, {"json": {"note": "Seen"}}),
    ("api.patch_phrase", "PATCH"): Route("phrase", CONSULTANT, 200, {"json": {"text": "Again"}}),
    ("api.remove_phrase", "DELETE"): Route("phrase", CONSULTANT, 204),
    ("api.post_action_evidence", "POST"): Route(
        "action", CLIENT_DATA, 201, {"data": {"note": "x"}}
    ),
    ("api.get_action_evidence", "GET"): Route(
        "action", CLIENT_DATA, 200, {"query_string": {"size": "thumb"}}
    ),
    ("api.get_checklist_source", "GET"): Route("checklist", READERS, 200),
    # Auditor pages
    ("auditor.audit_form", "GET"): Route("audit", AUDITOR, 403),
    ("auditor.save_touchpoint", "POST"): Route(
        "audit", AUDITOR, 403, {"data": {"touchpoint": "greeting", "a-greeted": "no"}}
    ),
    ("auditor.submit", "POST"): Route("audit", AUDITOR, 403),
    ("auditor.upload_photo", "POST"): Route(
        "audit", AUDITOR, 403, _files("file", JPEG, "p.jpg", touchpoint="greeting")
    ),
    ("auditor.caption_photo", "POST"): Route("audit", AUDITOR, 403, {"data": {"caption": "x"}}),
    ("auditor.remove_photo", "POST"): Route("audit", AUDITOR, 403),
    # Client pages
    ("client.audit_detail", "GET"): Route("audit", CLIENT, 403),
    ("client.action", "GET"): Route("action", CLIENT, 403),
    ("client.update_action", "POST"): Route("action", CLIENT, 403, {"data": {"note": "x"}}),
    # Consultant pages
    ("consultant.action", "GET"): Route("action", CONSULTANT, 200),
    ("consultant.update_action", "POST"): Route("action", CONSULTANT, 302, {"data": {"note": "x"}}),
    ("consultant.edit_action", "POST"): Route("action", CONSULTANT, 302, {"data": {"title": "T"}}),
    ("consultant.remove_phrase", "POST"): Route("phrase", CONSULTANT, 302),
    ("consultant.open_action_from_audit", "POST"): Route(
        "audit", CONSULTANT, 302, {"data": {"criterion": "greeted"}}
    ),
    ("consultant.audit", "GET"): Route("audit", CONSULTANT, 200),
    ("consultant.audit_photo", "GET"): Route("audit", CONSULTANT, 200),
    ("consultant.correct", "POST"): Route(
        "audit", CONSULTANT, 302, {"data": {"value": "no", "reason": "Seen on video"}}
    ),
    ("consultant.approve", "POST"): Route("audit", CONSULTANT, 302),
    ("consultant.dismiss", "POST"): Route("audit", CONSULTANT, 302, {"data": {"reason": "Known"}}),
    ("consultant.publish", "POST"): Route("audit", CONSULTANT, 302),
    ("consultant.return_to_auditor", "POST"): Route(
        "audit", CONSULTANT, 302, {"data": {"comment": "Redo"}}
    ),
    ("consultant.organization", "GET"): Route("organization", CONSULTANT, 200),
    ("consultant.edit_organization", "GET"): Route("organization", CONSULTANT, 200),
    ("consultant.edit_organization", "POST"): Route(
        "organization", CONSULTANT, 302, {"data": {"name": "Acme Renamed"}}
    ),
    ("consultant.upload_logo", "POST"): Route(
        "organization", CONSULTANT, 302, _files("logo", JPEG, "logo.jpg")
    ),
    ("consultant.logo", "GET"): Route("organization", CONSULTANT, 404),  # no logo yet
    ("consultant.delete_logo", "POST"): Route("organization", CONSULTANT, 302),
    ("consultant.organization_checklists", "POST"): Route("organization", CONSULTANT, 302),
    ("consultant.new_location", "GET"): Route("organization", CONSULTANT, 200),
    ("consultant.new_location", "POST"): Route(
        "organization", CONSULTANT, 302, {"data": {"name": "Acme Annex", "city": "Lyon"}}
    ),
    ("consultant.import_locations_csv", "POST"): Route(
        "organization",
        CONSULTANT,
        302,
        _files("file", b"name,city\r\nAcme Depot,Lyon\r\n", "l.csv"),
    ),
    ("consultant.edit_location", "GET"): Route("organization", CONSULTANT, 200),
    ("consultant.edit_location", "POST"): Route(
        "organization", CONSULTANT, 302, {"data": {"name": "Acme Flagship 2"}}
    ),
    ("consultant.toggle_user", "POST"): Route("user", CONSULTANT, 302, {"data": {"active": "0"}}),
    ("consultant.reset_user_password", "POST"): Route("user", CONSULTANT, 302),
    ("consultant.checklist", "GET"): Route("checklist", CONSULTANT, 200),
    ("consultant.checklist_source", "GET"): Route("checklist", CONSULTANT, 200),
    ("consultant.diff", "GET"): Route("checklist", CONSULTANT, 200),
    ("consultant.edit_checklist", "GET"): Route("checklist", CONSULTANT, 200),
    ("consultant.edit_checklist", "POST"): Route(
        "checklist", CONSULTANT, 302, {"data": {"source": SMALL_CHECKLIST.format(slug="small")}}
    ),
    ("consultant.duplicate_checklist", "POST"): Route(
        "checklist", CONSULTANT, 200, {"data": {"slug": "copied", "title": "Copy"}}
    ),
}
# Routes with a variable in the URL that names no tenant record (and why).
NOT_RECORDS = {
    "static": "public files shipped with the app",
    "auth.set_password": "the one-time token is the credential; tested in test_auth_flow",
    "account.revoke_token": "the signed-in user's own API token, no organisation's record; "
    "another user's token answers 404 (tested in tests/web/test_sessions.py)",
    "api.job_status": "a random job id, seen by its starter only; tested in tests/jobs",
    "account.read": "the signed-in user's own notification; another user's answers 404 "
    "(tests/mail/test_in_app_and_reminders.py)",
    "consultant.programme": "programmes are the consultant's planning (403 to others); "
    "tested in tests/services/test_programmes.py",
    "consultant.generate_programme_wave": "as consultant.programme",
    "consultant.confirm_programme_visits": "as consultant.programme",
    "consultant.resend_delivery": "an e-mail of any user, for consultants only (403 to "
    "others, like every consultant page); tested in tests/mail",
}


def _rules(app) -> set[tuple[str, str]]:
    """Every (endpoint, method) of the URL map whose rule has a variable."""
    return {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.arguments and rule.endpoint not in NOT_RECORDS
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def test_table_covers_the_url_map(app):
    missing = _rules(app) - set(TABLE)
    assert not missing, f"routes with an id and no line in the tenant matrix: {sorted(missing)}"
    assert not set(TABLE) - _rules(app), "lines for routes that no longer exist"


@pytest.fixture
def matrix_world(factory):
    """acme (two auditors, a published and an approved audit with photos) and globex."""
    version = factory.checklist(slug="small")
    acme = factory.organization("acme", name="Acme Org")
    globex = factory.organization("globex", name="Globex Org")
    auditor = factory.user("auditor")
    audits, photos, actions, flags, clips = {}, {}, {}, {}, {}
    for name, status, place in (
        ("published", "published", "Acme Flagship"),
        ("draft", "approved", "Acme Backroom"),
    ):
        audit = factory.audit(
            auditor=auditor,
            location=factory.location(acme, name=place),
            version=version,
            status="in_progress",
            answers=ANSWERS,
            visited_at=datetime(2026, 3, 1, 10, tzinfo=UTC),
        )
        photos[name], _ = add_photo(audit, auditor, JPEG, touchpoint="greeting")
        clips[name] = store_clip(audit, WAV, "greeting")
        audit.status = status
        flags[name] = AuditFlag(audit=audit, kind="no_checkin", severity="warning", evidence={})
        db.session.add(flags[name])
        db.session.commit()
        audits[name] = audit
        # Rows made directly: nothing failed in these answers, and scoping is what counts.
        actions[name] = _action(audit, photos[name].sha256)
    other_auditor = factory.user("auditor")
    factory.audit(auditor=other_auditor, location=audits["published"].location, version=version)
    users = {
        "consultant": factory.user("consultant"),
        "auditor_other": other_auditor,
        "client_other": factory.user("client", organization=globex),
        "client_same_unpublished": factory.user("client", organization=acme),
    }
    return {
        "version": version,
        "acme": acme,
        "audits": audits,
        "photos": photos,
        "actions": actions,
        "phrase": factory.phrase("Please retake the photo"),
        "flags": flags,
        "clips": clips,
        "users": users,
        "callers": {},  # (test client, headers) by caller, made on first use
    }


def _action(audit, sha256: str) -> CorrectiveAction:
    """A corrective action on the audit's `greeted`, with one evidence photo."""
    action = CorrectiveAction(
        audit=audit,
        organization_id=audit.organization_id,
        location_id=audit.location_id,
        criterion_key="greeted",
        title="Greet",
    )
    action.evidence.append(
        ActionEvidence(sha256=sha256, content_type="image/jpeg", width=64, height=48, byte_size=1)
    )
    db.session.add(action)
    db.session.commit()
    return action


def _values(world, record: str, caller: str) -> dict[str, Any]:
    """The URL's variables naming the record this caller is tried on."""
    which = "draft" if caller == "client_same_unpublished" else "published"
    audit, photo = world["audits"][which], world["photos"][which]
    action = world["actions"][which]
    return {
        "action_id": action.id,
        "phrase_id": world["phrase"].id,
        "evidence_id": action.evidence[0].id,
        "audit_id": audit.id,
        "photo_id": photo.id,
        "flag_id": world["flags"][which].id,
        "audio_id": world["clips"][which].id,
        "size": "thumb",
        "key": "greeted",
        "slug": world["version"].checklist.slug if record == "checklist" else world["acme"].slug,
        "location_id": audit.location_id,
        "user_id": world["users"]["client_same_unpublished"].id,
    }


def _snapshot() -> dict[str, list]:
    """Every row of every table but the sign-in bookkeeping (a call records a token's last
    use; signing in to make the call opens a session)."""
    return {
        table.name: sorted(map(tuple, db.session.execute(select(table)).all()), key=repr)
        for table in db.metadata.sorted_tables
        if table.name not in ("api_tokens", "user_sessions")
    }


def _caller(app, user):
    """(test client, headers) acting as `user`: a Bearer token for the API, a session for pages."""
    from audit.services.accounts import issue_api_token

    client = app.test_client()
    if user is None:
        return client, {}
    token = issue_api_token(user)
    db.session.commit()
    response = client.post("/login", data={"email": user.email, "password": "password123"})
    assert response.status_code == 302, f"{user.email} could not sign in"
    return client, {"Authorization": f"Bearer {token}"}


def _call(app, world, endpoint: str, method: str, caller: str):
    """Call the route as `caller` on the record they are tried on; the response."""
    route = TABLE[endpoint, method]
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    values = {k: v for k, v in _values(world, route.record, caller).items() if k in rule.arguments}
    url = app.url_map.bind("localhost").build(endpoint, values, method=method)
    if caller not in world["callers"]:
        world["callers"][caller] = _caller(app, world["users"].get(caller))
    client, headers = world["callers"][caller]
    if not endpoint.startswith("api."):
        headers = {}  # pages: the session cookie
    kwargs = dict(route.call)
    for key in ("data",):  # file objects are read once: rebuild them for every call
        if isinstance(kwargs.get(key), dict):
            kwargs[key] = {
                k: (type(v[0])(v[0].getvalue()), v[1]) if isinstance(v, tuple) else v
                for k, v in kwargs[key].items()
            }
    response = client.open(url, method=method, headers=headers, **kwargs)
    response.close()
    return response


def _expected(endpoint: str, route: Route, caller: str) -> int:
    """The answer the caller must get."""
    if caller == "anonymous":
        return 401 if endpoint.startswith("api.") else 302
    if ROLE[caller] not in route.roles:
        return 403
    if route.record in OUT_OF_SCOPE.get(caller, ()):
        return 404
    return route.ok


@pytest.mark.parametrize(("endpoint", "method"), sorted(TABLE))
def test_route_answers_each_caller(app, matrix_world, endpoint, method):
    world = matrix_world
    route = TABLE[endpoint, method]
    before = _snapshot()
    for caller in CALLERS:
        response = _call(app, world, endpoint, method, caller)
        expected = _expected(endpoint, route, caller)
        assert response.status_code == expected, f"{caller}: {response.status_code}, not {expected}"
        if caller == "anonymous" and expected == 302:
            assert response.location.startswith("/login?next="), response.location
        assert _snapshot() == before, f"{caller} was refused but changed the database"
    # The consultant reaches the handler (their exact answer is part of the table).
    response = _call(app, world, endpoint, method, "consultant")
    assert response.status_code == route.ok, f"consultant: {response.status_code}"


@pytest.fixture
def world(factory):
    """acme and globex, a published audit with a photo each, and an unpublished acme one."""
    version = factory.checklist()
    orgs = {
        slug: factory.organization(slug, name=f"{slug.title()} Org") for slug in ("acme", "globex")
    }
    auditors = {slug: factory.user("auditor") for slug in orgs}
    audits, photos = {}, {}
    for slug, org in orgs.items():
        audit = factory.audit(
            auditor=auditors[slug],
            location=factory.location(org, name=f"{slug.title()} Flagship"),
            version=version,
            status="in_progress",
            answers=ANSWERS,
            visited_at=datetime(2026, 3, 1, 10, tzinfo=UTC),
            wave="W1",
        )
        photo, _ = add_photo(audit, auditors[slug], JPEG, touchpoint="greeting")
        audit.status = "published"
        db.session.commit()
        audits[slug], photos[slug] = audit, photo
    audits["acme_draft"] = factory.audit(
        auditor=auditors["acme"],
        location=factory.location(orgs["acme"], name="Acme Backroom"),
        version=version,
        status="approved",
        answers=ANSWERS,
    )
    users = {
        "consultant": factory.user("consultant"),
        "auditor_acme": auditors["acme"],
        "auditor_globex": auditors["globex"],
        "client_acme": factory.user("client", organization=orgs["acme"]),
        "client_globex": factory.user("client", organization=orgs["globex"]),
    }
    return users, audits, photos


# Which audits each user may read at all (any route); everything else must be 404.
SCOPE = {
    "consultant": {"acme", "globex", "acme_draft"},
    "auditor_acme": {"acme", "acme_draft"},
    "auditor_globex": {"globex"},
    "client_acme": {"acme"},
    "client_globex": {"globex"},
}

API_ROUTES = [
    "/audits/{audit}",
    "/audits/{audit}/photos/{photo}",
    "/audits/{audit}/photos/{photo}?size=thumb",
    "/audits/{audit}/report.pdf",
]
PAGE_ROUTES = {
    "consultant": "/consultant/audits/{audit}",
    "auditor_acme": "/auditor/audits/{audit}",
    "auditor_globex": "/auditor/audits/{audit}",
    "client_acme": "/client/audits/{audit}",
    "client_globex": "/client/audits/{audit}",
}


def _path(template: str, audit, photo) -> str:
    return template.format(audit=audit.id, photo=photo.id if photo else 999999)


@pytest.mark.parametrize("who", sorted(SCOPE))
@pytest.mark.parametrize("route", API_ROUTES)
def test_api_record_routes(world, api, who, route):
    users, audits, photos = world
    caller = api(users[who])
    for name, audit in audits.items():
        photo = photos.get(name) or photos["acme"]
        response = caller.get(_path(route, audit, photo))
        status = response.status_code
        response.close()  # file responses (photos) hold the file open until closed
        if name not in SCOPE[who]:
            assert status == 404, f"{who} reached {name} via {route}"
        elif route.endswith("report.pdf") and who.startswith("auditor"):
            assert status in (403, 404), f"auditor got the report of {name}"
        elif "photos" in route and name == "acme_draft":
            assert status == 404  # that photo belongs to another audit
        else:
            assert status == 200, f"{who} could not read {name} via {route}"


@pytest.mark.parametrize("who", sorted(SCOPE))
def test_audience_pages(world, auth, client, who):
    users, audits, _ = world
    auth.login(users[who].email)
    for name, audit in audits.items():
        status = client.get(_path(PAGE_ROUTES[who], audit, None)).status_code
        expected = 200 if name in SCOPE[who] else 404
        assert status == expected, f"{who} on {name}: {status}"


@pytest.mark.parametrize("who", sorted(SCOPE))
def test_lists_hold_only_scoped_audits(world, api, who):
    users, audits, _ = world
    body = api(users[who]).get("/audits?per_page=100").get_json()
    assert {item["id"] for item in body["items"]} == {audits[n].id for n in SCOPE[who]}
    assert body["total"] == len(SCOPE[who])


@pytest.mark.parametrize(("who", "other"), [("client_acme", "globex"), ("client_globex", "acme")])
def test_client_aggregates_and_exports_hold_only_their_own(world, api, auth, client, who, other):
    users, audits, _ = world
    own = who.removeprefix("client_")
    caller = api(users[who])
    other_name = f"{other.title()} Flagship"
    summary = caller.get("/reports/summary")
    assert summary.status_code == 200
    assert summary.get_json()["count"] == 1
    assert other_name not in summary.get_data(as_text=True)
    assert _csv_audit_ids(caller.get("/exports/audits.csv")) == {audits[own].id}
    # Asking for the other organisation explicitly changes nothing: still their own audit.
    asked = caller.get(f"/reports/summary?organization={other}").get_json()
    plain = summary.get_json()
    for body in (asked, plain):
        body.pop("filters")  # the echo of what was asked
    assert asked == plain
    assert _csv_audit_ids(caller.get(f"/exports/audits.csv?organization={other}")) == {
        audits[own].id
    }
    assert caller.get(f"/organizations/{other}/locations").status_code == 404
    auth.login(users[who].email)
    for page in ("/client/", "/client/audits"):
        html = client.get(page).get_data(as_text=True)
        assert other_name not in html and "Acme Backroom" not in html
    assert f"/client/audits/{audits[own].id}" in client.get("/client/audits").get_data(as_text=True)


def _csv_audit_ids(response) -> set[int]:
    """The audit ids of an export's rows."""
    import csv
    import io

    assert response.status_code == 200
    rows = csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")))
    return {int(row["audit_id"]) for row in rows}
