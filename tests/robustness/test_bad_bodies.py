"""Bad bodies of every kind, sent to every route that takes one, as every role: never a 500."""

from __future__ import annotations

import json
import re

import pytest

# Every field any endpoint reads, each with a value of a type it does not expect.
WEIRD_FIELDS = {
    "name": [],
    "slug": {},
    "email": 5,
    "role": None,
    "password": True,
    "organization": [1],
    "checklist": {"a": 1},
    "location": -1,
    "auditor": 1.5,
    "due_date": [],
    "wave": {},
    "scenario": 7,
    "comment": [],
    "caption": {},
    "answers": [],
    "comments": [],
    "edited_at": 123,
    "reason": [],
    "value": {},
    "source": 5,
    "primary_color": None,
    "accent_color": True,
    "report_footer": [1],
    "page_size": {"a": 1},
    "language": -1,
    "greeted": 1.5,
    "wait": [],
    "notes": {},
}
JSON_BODIES = [
    b"{",
    b"[1, 2]",
    b'"text"',
    b"null",
    b"42",
    b"\xff\xfe\x00not utf-8",
    b"[" * 50_000 + b"]" * 50_000,
    b'{"a": ' * 5_000 + b"1" + b"}" * 5_000,
    json.dumps(WEIRD_FIELDS).encode(),
    json.dumps(dict.fromkeys(WEIRD_FIELDS, 10**30)).encode(),
    json.dumps(dict.fromkeys(WEIRD_FIELDS, "\x00\u202e\ufffd")).encode(),
    b'{"answers": {"greeted": [1, 2], "wait": NaN}, "comments": {"greeted": 5}}',
    b'{"answers": [], "comments": [], "edited_at": "9999-99-99"}',
    b'{"wait": NaN, "warmth": Infinity, "notes": -Infinity}',
    b'{"wait": 1e999, "warmth": 3.7, "greeted": "YES "}',
    b'{"caption": "' + "\u202e\x00".encode() + b'"}',
    b'{"comment": "' + b"\\ud800" + b'"}',
]
OTHER_BODIES = [
    (b"\xff\xfe\x00", "application/yaml"),
    (b"a: &a [*a, *a]\nb: *a", "application/yaml"),
    (b"id: x\n" + b"- " * 10_000, "application/yaml"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image/png"),
    (
        b"--x\r\nContent-Disposition: form-data; name=file\r\n\r\nnot an image\r\n--x--\r\n",
        "multipart/form-data; boundary=x",
    ),
    (b"--x\r\nbroken", "multipart/form-data; boundary=x"),
    (b"a=%FF%FE&b=\xff", "application/x-www-form-urlencoded"),
    (b"comment=" + b"x" * 300_000, "application/x-www-form-urlencoded"),
]


def _path(rule, cast) -> str:
    real = {
        "audit_id": cast.open_audit.id,
        "photo_id": 1,
        "location_id": cast.published.location_id,
        "user_id": cast.auditor.id,
        "slug": cast.published.checklist_version.slug if "checklists" in rule.rule else "acme",
        "key": "greeted",
        "size": "thumb",
        "token": "x" * 20,
    }
    return re.sub(r"<(?:[^:<>]+:)?(\w+)>", lambda m: str(real.get(m.group(1), 1)), rule.rule)


def _writes(app) -> list[tuple[str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods & {"POST", "PUT", "PATCH", "DELETE"}):
            if rule.endpoint not in ("auth.logout",):
                found.append((method, rule))
    return found


@pytest.mark.parametrize("role", ["consultant", "auditor", "client"])
def test_no_body_gives_a_500(app, client, cast, signed_in, token_for, role):
    signed_in(role)
    token = token_for(getattr(cast, role))
    failures = []
    bodies = [(b, "application/json") for b in JSON_BODIES] + OTHER_BODIES
    for method, rule in _writes(app):
        path = _path(rule, cast)
        headers = {"Authorization": f"Bearer {token}"} if path.startswith("/api/") else {}
        for body, content_type in bodies:
            response = client.open(
                path, method=method, data=body, content_type=content_type, headers=headers
            )
            response.close()
            if response.status_code >= 500:
                failures.append(f"{method} {path} {content_type} {body[:40]!r}")
    assert not failures, "\n".join(failures)


def test_a_body_over_the_request_limit_is_a_413(app, client, cast, token_for):
    token = token_for(cast.consultant)
    body = b"{" + b" " * (app.config["MAX_CONTENT_LENGTH"] + 10) + b"}"
    response = client.post(
        "/api/v1/organizations",
        data=body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"


@pytest.mark.parametrize("text", ["\ud800", "a\x00b", "\U0010ffff"])
def test_odd_unicode_in_stored_text_never_gives_a_500(api, cast, text):
    raw = json.dumps({"notes": text, "greeted": "yes"}).encode()
    response = api(cast.auditor).patch(
        f"/audits/{cast.open_audit.id}/answers", data=raw, content_type="application/json"
    )
    assert response.status_code in (200, 400, 422), response.get_data(as_text=True)[:200]
    raw = json.dumps({"name": text, "slug": "odd"}).encode()
    response = api(cast.consultant).post(
        "/organizations", data=raw, content_type="application/json"
    )
    assert response.status_code in (201, 400, 422), response.get_data(as_text=True)[:200]


@pytest.mark.parametrize("role", ["consultant", "auditor", "client"])
def test_a_nul_character_in_a_query_or_form_field_is_a_400(client, signed_in, cast, role):
    signed_in(role)
    home = {"consultant": "/consultant/organizations", "auditor": "/auditor/", "client": "/client/"}
    response = client.get(home[role], query_string={"q": "a\x00b", "wave": "\x00"})
    assert response.status_code == 400
    response = client.post("/login", data={"email": "a\x00@x.test", "password": "x"})
    assert response.status_code == 400 and "email" in response.get_data(as_text=True)


def test_a_multipart_part_without_a_name_is_not_a_500(api, cast):
    body = b"--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--\r\n"
    response = api(cast.auditor).post(
        f"/audits/{cast.open_audit.id}/photos",
        data=body,
        content_type="multipart/form-data; boundary=b",
    )
    assert response.status_code in (400, 422), response.get_data(as_text=True)[:200]
