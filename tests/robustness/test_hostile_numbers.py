"""Ids and numbers that cannot be ids: 404 in a path, 400 naming the argument in a query."""

from __future__ import annotations

import re

import pytest
from werkzeug.routing import IntegerConverter

HOSTILE = [2**31, 2**63, 2**64, 10**20, 10**400]
# Plausible values for the path arguments that are not ids.
OTHER_ARGS = {"slug": "acme", "key": "greeted", "size": "thumb", "token": "x" * 20}


def _id_rules(app) -> list:
    return [
        rule
        for rule in app.url_map.iter_rules()
        if any(isinstance(c, IntegerConverter) for c in rule._converters.values())
    ]


def _path(rule, id_value: int) -> str:
    """The rule's path with `id_value` for every id and a plausible value for the rest."""

    def value(match: re.Match) -> str:
        name = match.group(1)
        converter = rule._converters[name]
        return (
            str(id_value) if isinstance(converter, IntegerConverter) else OTHER_ARGS.get(name, "x")
        )

    return re.sub(r"<(?:[^:<>]+:)?(\w+)>", value, rule.rule)


def test_every_id_route_is_covered(app):
    """The routes with ids are found (a broken generator would test nothing)."""
    endpoints = {rule.endpoint for rule in _id_rules(app)}
    assert {"api.get_audit", "auditor.audit_form", "client.audit_detail"} <= endpoints
    assert "consultant.toggle_user" in endpoints and "api.get_photo" in endpoints


@pytest.mark.parametrize("role", ["anonymous", "consultant", "auditor", "client"])
def test_ids_too_large_for_the_database_are_404_in_every_path(app, client, signed_in, role):
    signed_in(role)
    failures = []
    for rule in _id_rules(app):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for value in HOSTILE:
                path = _path(rule, value)
                status = client.open(path, method=method).status_code
                if status != 404:
                    failures.append(f"{method} {path[:90]} -> {status}")
    assert not failures, "\n".join(failures)


NUMBER_ARGS = ("page", "per_page", "organization", "location", "version", "from", "to", "size")
BAD_NUMBERS = (str(10**20), str(2**63), "-1", "²")


def _real_path(rule, cast) -> str:
    """The rule's path with ids and slugs of records that exist and the role may see."""
    version = cast.published.checklist_version
    real = {
        "audit_id": cast.published.id,
        "photo_id": 1,
        "location_id": cast.published.location_id,
        "user_id": cast.auditor.id,
        "slug": version.slug if "checklists" in rule.rule else cast.org.slug,
        "key": "greeted",
        "size": "thumb",
        "token": "x" * 20,
        "job_id": "0" * 32,
    }
    return re.sub(r"<(?:[^:<>]+:)?(\w+)>", lambda m: str(real.get(m.group(1), 1)), rule.rule)


@pytest.mark.parametrize("role", ["consultant", "auditor", "client"])
def test_no_number_in_a_query_string_gives_a_500(app, client, cast, signed_in, role):
    signed_in(role)
    failures = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in ("static", "auth.logout"):
            continue
        path = _real_path(rule, cast)
        for name in NUMBER_ARGS:
            for value in BAD_NUMBERS:
                response = client.get(path, query_string={name: value})
                response.close()  # downloads hold a file open
                if response.status_code >= 500:
                    status = response.status_code
                    failures.append(f"GET {path}?{name}={value} -> {status}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/v1/audits", "page"),
        ("/api/v1/audits", "per_page"),
        ("/api/v1/audits", "organization"),
        ("/api/v1/audits", "location"),
        ("/api/v1/checklists", "page"),
        ("/api/v1/reports/summary", "organization"),
        ("/api/v1/reports/summary", "location"),
        ("/api/v1/exports/audits.csv", "organization"),
        ("/api/v1/reports/wave-summary.pdf", "organization"),
    ],
)
@pytest.mark.parametrize("value", [str(10**20), "-5", "x", "²"])
def test_a_bad_number_in_an_api_query_is_a_400_naming_it(api, cast, path, name, value):
    if name == "organization" and value in ("x", "²"):
        value = "999999999999"  # a non-number is a slug: only numbers can be bad ids
    response = api(cast.consultant).get(path[len("/api/v1") :], query_string={name: value})
    assert response.status_code == 400, (path, name, value, response.get_data(as_text=True))
    error = response.get_json()["error"]
    assert name in [d["field"] for d in error["details"]]


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("consultant", "/consultant/audits"),
        ("consultant", "/consultant/review"),
        ("consultant", "/consultant/users"),
        ("auditor", "/auditor/audits?status=done"),
        ("client", "/client/audits"),
    ],
)
@pytest.mark.parametrize("value", [str(10**20), "0", "-1", "x"])
def test_a_bad_page_number_is_a_400_naming_it(client, signed_in, role, path, value):
    signed_in(role)
    joiner = "&" if "?" in path else "?"
    response = client.get(f"{path}{joiner}page={value}")
    assert response.status_code == 400
    assert "`page`" in response.get_data(as_text=True)


def test_a_checklist_version_past_the_database_is_a_400(client, cast, signed_in):
    signed_in("consultant")
    slug = cast.published.checklist_version.slug
    pages = {
        f"/consultant/checklists/{slug}": ("version",),
        f"/consultant/checklists/{slug}/diff": ("from", "to"),
    }
    for path, names in pages.items():
        for name in names:
            response = client.get(path, query_string={name: str(10**20)})
            assert response.status_code == 400, (path, name)
            assert f"`{name}`" in response.get_data(as_text=True)


def test_the_api_still_pages_and_filters_by_organisation_id(api, cast):
    caller = api(cast.consultant)
    body = caller.get(f"/audits?organization={cast.org.id}&page=1&per_page=1").get_json()
    assert body["total"] == 2 and len(body["items"]) == 1
    assert caller.get("/audits?organization=2147483647").get_json()["total"] == 0
