"""GET /openapi.json: the OpenAPI 3 description of the whole API (docs/api.md).

Written by hand, kept honest by tests: every rule of the URL map under /api/v1 must be
documented here and every documented operation must exist (tests/api/test_openapi.py).
"""

from __future__ import annotations

from typing import Any

from flask import jsonify

from audit.web.api import bp

FILTERS = ("status", "organization", "location", "checklist", "from", "to", "region", "wave")
FILTER_DOCS = {
    "status": "assigned | in_progress | submitted | approved | published",
    "organization": "organisation slug or id",
    "location": "location id",
    "checklist": "checklist id (slug)",
    "from": "visited on or after this date (YYYY-MM-DD); audits not yet visited drop out",
    "to": "visited on or before this date (YYYY-MM-DD, inclusive)",
    "region": "location region",
    "wave": "wave name, e.g. 2026 Q4",
}
STATUS_TEXT = {
    200: "OK",
    201: "Created",
    202: "Accepted: a background job; poll its `url` (also the Location header)",
    204: "No content",
    304: "Not modified (ETag matches)",
    400: "Malformed request or filter",
    401: "Not signed in",
    403: "Signed in but not allowed",
    404: "Not found (also another organisation's record)",
    409: "Wrong state for this action, or a duplicate",
    413: "Too large",
    415: "Unsupported Content-Type",
    422: "Validation failed; details list each problem",
    503: "Background jobs are unavailable right now",
    507: "No room left to store the upload; nothing was stored, try again later",
}


def ref(name: str) -> dict:
    """A reference to a component schema."""
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(required: list[str], **props: Any) -> dict:
    return {"type": "object", "required": required, "properties": props}


S = {"type": "string"}
I = {"type": "integer"}  # noqa: E741
N = {"type": "number", "nullable": True}
B = {"type": "boolean"}
DATE = {"type": "string", "format": "date", "nullable": True}
DT = {"type": "string", "format": "date-time", "nullable": True}

SCHEMAS: dict[str, dict] = {
    "Error": _obj(
        ["error"],
        error=_obj(
            ["code", "message", "details"],
            code=S,
            message=S,
            details={"type": "array", "items": {"type": "object"}},
        ),
    ),
    "Page": _obj(
        ["items", "total", "page", "per_page"], items={"type": "array"}, total=I, page=I, per_page=I
    ),
    "Organization": _obj(
        ["id", "slug", "name", "primary_color", "accent_color", "has_logo", "page_size"],
        id=I,
        slug=S,
        name=S,
        primary_color=S,
        accent_color=S,
        has_logo=B,
        report_footer=S,
        page_size={"type": "string", "enum": ["A4", "Letter"]},
        show_auditor_names=B,
        created_at=DT,
    ),
    "OrganizationIn": _obj(
        ["name", "slug"],
        name=S,
        slug=S,
        primary_color=S,
        accent_color=S,
        report_footer=S,
        page_size={"type": "string", "enum": ["A4", "Letter"]},
        show_auditor_names={
            "type": "boolean",
            "description": "false (default): clients see auditors as pseudonyms",
        },
    ),
    "Location": _obj(
        ["id", "organization", "name"],
        id=I,
        organization=S,
        name=S,
        code={"type": "string", "nullable": True},
        address=S,
        city=S,
        country=S,
        region=S,
        timezone=S,
    ),
    "LocationIn": _obj(
        ["name"],
        name=S,
        code=S,
        address=S,
        city=S,
        country=S,
        region=S,
        timezone={"type": "string", "description": "IANA zone name (default UTC)"},
    ),
    "User": _obj(
        ["id", "email", "name", "role", "active"],
        id=I,
        email=S,
        name=S,
        role={"type": "string", "enum": ["consultant", "auditor", "client"]},
        organization={"type": "string", "nullable": True},
        active=B,
        invitation_url={"type": "string", "description": "only when no password was given"},
    ),
    "UserIn": _obj(
        ["email", "name", "role"],
        email=S,
        name=S,
        role={"type": "string", "enum": ["consultant", "auditor", "client"]},
        password={
            "type": "string",
            "description": "at least 8 characters; leave out to get "
            "a one-time invitation_url instead",
        },
        organization={"type": "string", "description": "organisation slug (client users)"},
    ),
    "Checklist": _obj(["id", "version", "title"], id=S, version=I, title=S, created_at=DT),
    "ChecklistFull": _obj(
        ["id", "version", "title", "pillars", "touchpoints"],
        id=S,
        version=I,
        title=S,
        created_at=DT,
        description={"type": "string", "nullable": True},
        pillars={"type": "object"},
        touchpoints={"type": "array", "items": {"type": "object"}},
    ),
    "ChecklistProblem": _obj(["line", "path", "message"], line=I, path=S, message=S),
    "AuditIn": _obj(
        ["checklist", "location", "auditor"],
        checklist={"type": "string", "description": "checklist id (slug)"},
        location={"type": "integer", "description": "location id"},
        auditor={"type": "string", "description": "the auditor's e-mail"},
        due_date={"type": "string", "format": "date"},
        wave=S,
        scenario=S,
    ),
    "AuditSummary": _obj(
        ["id", "status", "organization", "checklist", "location", "auditor", "overall"],
        id=I,
        status=S,
        organization=S,
        checklist=_obj(["id", "version"], id=S, version=I),
        location=_obj(["id", "name", "timezone"], id=I, name=S, timezone=S),
        auditor=_obj(
            ["email", "name"],
            email={"type": "string", "nullable": True, "description": "null for clients"},
            name={"type": "string", "description": "a pseudonym for clients by default"},
        ),
        wave=S,
        scenario=S,
        due_date=DATE,
        visited_at=DT,
        submitted_at=DT,
        published_at=DT,
        overall=N,
        grade={"type": "string", "nullable": True},
        return_comment={"type": "string", "nullable": True},
    ),
    "Audit": {
        "allOf": [
            ref("AuditSummary"),
            _obj(
                ["answers", "comments", "photos", "score", "events"],
                answers={"type": "object"},
                comments={"type": "object"},
                photos={"type": "array", "items": ref("Photo")},
                score={
                    "type": "object",
                    "nullable": True,
                    "description": "the score JSON of docs/scoring.md",
                },
                events={
                    "type": "array",
                    "description": "the audit trail (clients: milestones only, no comments)",
                    "items": _obj(
                        ["at", "who", "action", "comment"], at=DT, who=S, action=S, comment=S
                    ),
                },
            ),
        ]
    },
    "Photo": _obj(
        ["id", "touchpoint", "url", "thumb_url"],
        id=I,
        touchpoint=S,
        criterion={"type": "string", "nullable": True},
        caption=S,
        width=I,
        height=I,
        content_type=S,
        taken_at=DT,
        created_at=DT,
        url=S,
        thumb_url=S,
    ),
    "Action": _obj(
        ["id", "status", "audit", "location", "criterion", "title", "owner", "due_date"],
        id=I,
        status={"type": "string", "enum": ["open", "in_progress", "done", "verified"]},
        audit={"type": "integer", "description": "the audit the criterion failed in"},
        organization=S,
        location=_obj(["id", "name"], id=I, name=S),
        criterion={"type": "string", "description": "criterion key"},
        criterion_text=S,
        title=S,
        owner={
            "type": "object",
            "nullable": True,
            "properties": {"email": S, "name": S},
        },
        due_date=DATE,
        overdue={"type": "boolean", "description": "due date passed, still open or in progress"},
        automatic={"type": "boolean", "description": "opened by publishing (critical failure)"},
        created_at=DT,
        recheck={
            "type": "object",
            "nullable": True,
            "description": "the next published audit of the location that answered the "
            "criterion (only in GET/PATCH/POST answers of one action)",
            "properties": {"audit": I, "visited_at": DT, "passed": B},
        },
        history={
            "type": "array",
            "items": _obj(
                ["at", "who", "kind", "from", "to", "note"],
                at=DT,
                who=S,
                kind={
                    "type": "string",
                    "enum": ["opened", "status", "note", "edited", "evidence"],
                },
                to={"type": "string", "nullable": True},
                note=S,
                changes={"type": "object", "nullable": True},
                **{"from": {"type": "string", "nullable": True}},
            ),
        },
        evidence={
            "type": "array",
            "items": _obj(
                ["id", "url", "thumb_url"],
                id=I,
                note=S,
                width=I,
                height=I,
                taken_at=DT,
                created_at=DT,
                url=S,
                thumb_url=S,
            ),
        },
    ),
    "ActionIn": _obj(
        ["audit", "criterion"],
        audit={"type": "integer", "description": "an approved or published audit"},
        criterion={"type": "string", "description": "a criterion that failed in it"},
        title={"type": "string", "description": "default: the criterion's text"},
        owner_email={"type": "string", "description": "a user of the client organisation"},
        due_date={"type": "string", "format": "date"},
    ),
    "ActionChange": _obj(
        [],
        status={"type": "string", "enum": ["open", "in_progress", "done", "verified"]},
        note=S,
        title={"type": "string", "description": "consultant only"},
        owner_email={"type": "string", "nullable": True, "description": "consultant only"},
        due_date={
            "type": "string",
            "format": "date",
            "nullable": True,
            "description": "consultant only",
        },
    ),
    "Comment": _obj([], comment=S),
    "Job": _obj(
        ["id", "kind", "status", "progress", "message", "url", "result_url"],
        id=S,
        kind=S,
        status={"type": "string", "enum": ["queued", "running", "done", "failed"]},
        progress={"type": "integer", "minimum": 0, "maximum": 100},
        message={"type": "string", "description": "the stage, or why it failed, in words"},
        url={"type": "string", "description": "this job (poll it)"},
        result_url={"type": "string", "nullable": True, "description": "download, once done"},
    ),
}


def _json(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


def _page_of(name: str) -> dict:
    return {"allOf": [ref("Page"), _obj([], items={"type": "array", "items": ref(name)})]}


def op(
    summary: str,
    who: str,
    responses: dict[int, dict | None],
    *,
    body: dict | None = None,
    params: list[dict] | None = None,
    tag: str = "",
    public: bool = False,
) -> dict:
    """One operation; error statuses get the Error schema, others the content given."""
    out: dict[str, Any] = {
        "summary": summary,
        "description": f"Who: {who}.",
        "responses": {},
    }
    if tag:
        out["tags"] = [tag]
    if public:
        out["security"] = []
    if params:
        out["parameters"] = params
    if body:
        out["requestBody"] = {"required": True, "content": body}
    for status, content in responses.items():
        entry: dict[str, Any] = {"description": STATUS_TEXT.get(status, "")}
        if status >= 400:
            entry["content"] = _json(ref("Error"))
        elif content is not None:
            entry["content"] = content
        out["responses"][str(status)] = entry
    return out


def path_param(name: str, kind: dict = I, description: str = "") -> dict:
    """A path parameter."""
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": kind,
        "description": description,
    }


def query(name: str, description: str, kind: dict = S) -> dict:
    """An optional query parameter."""
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": kind,
        "description": description,
    }


PAGING = [query("page", "page number, from 1", I), query("per_page", "items per page", I)]
FILTER_PARAMS = [query(name, FILTER_DOCS[name]) for name in FILTERS]
AUDIT_ID = path_param("id", I, "audit id")
ACTION_ID = path_param("id", I, "action id")
PHOTO_ID = path_param("photo_id", I, "photo id")
SLUG = path_param("slug", S, "organisation slug (or id)")
CHECKLIST_ID = path_param("id", S, "checklist id (slug)")
VERSION = query("version", "a version number (default: the latest)", I)
AUTH = (401, 403)


def _paths() -> dict[str, dict]:
    audit = _json(ref("Audit"))
    return {
        "/auth/token": {
            "post": op(
                "Get a bearer token for e-mail and password",
                "anyone",
                {
                    200: _json(_obj(["token"], token=S, user={"type": "object"})),
                    400: None,
                    401: None,
                    422: None,
                },
                body=_json(_obj(["email", "password"], email=S, password=S)),
                tag="auth",
            ),
            "delete": op(
                "Revoke the bearer token sent", "token holder", {204: None, 401: None}, tag="auth"
            ),
        },
        "/organizations": {
            "get": op(
                "Client organisations",
                "consultant",
                {200: _json(_page_of("Organization")), 400: None, **dict.fromkeys(AUTH)},
                params=PAGING,
                tag="organizations",
            ),
            "post": op(
                "Create a client organisation",
                "consultant",
                {
                    201: _json(ref("Organization")),
                    400: None,
                    **dict.fromkeys(AUTH),
                    409: None,
                    422: None,
                },
                body=_json(ref("OrganizationIn")),
                tag="organizations",
            ),
        },
        "/organizations/{slug}/logo": {
            "put": op(
                "Replace the logo (raw PNG or JPEG body, checked by content)",
                "consultant",
                {
                    200: _json(ref("Organization")),
                    400: None,
                    **dict.fromkeys(AUTH),
                    404: None,
                    413: None,
                    422: None,
                },
                body={
                    "image/png": {"schema": {"type": "string", "format": "binary"}},
                    "image/jpeg": {"schema": {"type": "string", "format": "binary"}},
                },
                params=[SLUG],
                tag="organizations",
            ),
        },
        "/organizations/{slug}/locations": {
            "get": op(
                "Locations of an organisation",
                "consultant; client (own organisation)",
                {200: _json(_page_of("Location")), 400: None, **dict.fromkeys(AUTH), 404: None},
                params=[SLUG, *PAGING],
                tag="organizations",
            ),
            "post": op(
                "Add a location",
                "consultant",
                {
                    201: _json(ref("Location")),
                    400: None,
                    **dict.fromkeys(AUTH),
                    404: None,
                    409: None,
                    422: None,
                },
                body=_json(ref("LocationIn")),
                params=[SLUG],
                tag="organizations",
            ),
        },
        "/users": {
            "post": op(
                "Create a user",
                "consultant",
                {201: _json(ref("User")), 400: None, **dict.fromkeys(AUTH), 409: None, 422: None},
                body=_json(ref("UserIn")),
                tag="users",
            ),
        },
        "/checklists": {
            "get": op(
                "Latest version of each checklist",
                "consultant, auditor",
                {200: _json(_page_of("Checklist")), 400: None, **dict.fromkeys(AUTH)},
                params=PAGING,
                tag="checklists",
            ),
            "post": op(
                "Upload a checklist (same id again = next version)",
                "consultant",
                {
                    201: _json(ref("Checklist")),
                    400: None,
                    **dict.fromkeys(AUTH),
                    415: None,
                    422: None,
                },
                body={"application/yaml": {"schema": S}, "text/yaml": {"schema": S}},
                tag="checklists",
            ),
        },
        "/checklists/{id}": {
            "get": op(
                "A checklist version with its touchpoints and criteria",
                "consultant, auditor",
                {200: _json(ref("ChecklistFull")), 400: None, **dict.fromkeys(AUTH), 404: None},
                params=[CHECKLIST_ID, VERSION],
                tag="checklists",
            ),
        },
        "/checklists/{id}.yaml": {
            "get": op(
                "The YAML source of a checklist version",
                "consultant, auditor",
                {200: {"text/yaml": {"schema": S}}, 400: None, **dict.fromkeys(AUTH), 404: None},
                params=[CHECKLIST_ID, VERSION],
                tag="checklists",
            ),
        },
        "/audits": {
            "get": op(
                "Audits the caller may see, newest first",
                "everyone (scoped: consultant "
                "all, auditor own, client published of own organisation)",
                {200: _json(_page_of("AuditSummary")), 400: None, 401: None},
                params=[*FILTER_PARAMS, *PAGING],
                tag="audits",
            ),
            "post": op(
                "Assign an audit",
                "consultant",
                {201: audit, 400: None, **dict.fromkeys(AUTH), 422: None},
                body=_json(ref("AuditIn")),
                tag="audits",
            ),
        },
        "/audits/{id}": {
            "get": op(
                "One audit: status, checklist, answers, photos, score",
                "scoped",
                {200: audit, 401: None, 404: None},
                params=[AUDIT_ID],
                tag="audits",
            ),
        },
        "/audits/{id}/answers": {
            "patch": op(
                "Save answers `{criterion_key: value}` (null removes one)",
                "its auditor",
                {200: audit, 400: None, **dict.fromkeys(AUTH), 404: None, 409: None, 422: None},
                body=_json({"type": "object"}),
                params=[AUDIT_ID],
                tag="auditing",
            ),
        },
        "/audits/{id}/photos": {
            "post": op(
                "Attach a photo (multipart `file`, `touchpoint`, `caption?`)",
                "its auditor",
                {
                    200: _json(ref("Photo")),
                    201: _json(ref("Photo")),
                    400: None,
                    **dict.fromkeys(AUTH),
                    404: None,
                    409: None,
                    413: None,
                    422: None,
                    507: None,
                },
                body={
                    "multipart/form-data": {
                        "schema": _obj(
                            ["file", "touchpoint"],
                            file={"type": "string", "format": "binary"},
                            touchpoint=S,
                            caption=S,
                            client_uid=S,
                        )
                    }
                },
                params=[AUDIT_ID],
                tag="auditing",
            ),
        },
        "/audits/{id}/photos/{photo_id}": {
            "get": op(
                "A photo's image (`?size=thumb|display|print|original`)",
                "scoped",
                {
                    200: {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}},
                    304: None,
                    401: None,
                    404: None,
                    422: None,
                },
                params=[
                    AUDIT_ID,
                    PHOTO_ID,
                    query("size", "thumb, display (default), print or original"),
                ],
                tag="auditing",
            ),
            "patch": op(
                "Change a photo's caption `{caption}` before submitting",
                "its auditor",
                {
                    200: _json(ref("Photo")),
                    400: None,
                    **dict.fromkeys(AUTH),
                    404: None,
                    409: None,
                    422: None,
                },
                body=_json(_obj(["caption"], caption=S)),
                params=[AUDIT_ID, PHOTO_ID],
                tag="auditing",
            ),
            "delete": op(
                "Remove a photo before submitting",
                "its auditor",
                {204: None, **dict.fromkeys(AUTH), 404: None, 409: None},
                params=[AUDIT_ID, PHOTO_ID],
                tag="auditing",
            ),
        },
        "/audits/{id}/submit": {
            "post": op(
                "Submit the audit",
                "its auditor",
                {200: audit, **dict.fromkeys(AUTH), 404: None, 409: None, 422: None},
                params=[AUDIT_ID],
                tag="auditing",
            ),
        },
        "/audits/{id}/return": {
            "post": op(
                "Return a submitted audit to its auditor with a comment",
                "consultant",
                {200: audit, 400: None, **dict.fromkeys(AUTH), 404: None, 409: None, 422: None},
                body=_json(_obj(["comment"], comment=S)),
                params=[AUDIT_ID],
                tag="review",
            ),
        },
        "/audits/{id}/approve": {
            "post": op(
                "Approve a submitted audit (optional `{comment}`)",
                "consultant",
                {200: audit, 400: None, **dict.fromkeys(AUTH), 404: None, 409: None, 422: None},
                params=[AUDIT_ID],
                tag="review",
            ),
        },
        "/audits/{id}/publish": {
            "post": op(
                "Publish an approved audit to the client (optional `{comment}`)",
                "consultant",
                {200: audit, 400: None, **dict.fromkeys(AUTH), 404: None, 409: None, 422: None},
                params=[AUDIT_ID],
                tag="review",
            ),
        },
        "/audits/{id}/report.pdf": {
            "get": op(
                "The branded PDF report",
                "consultant; client once published",
                {
                    200: {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
                    304: None,
                    401: None,
                    404: None,
                },
                params=[AUDIT_ID],
                tag="reports",
            ),
        },
        "/reports/summary": {
            "get": op(
                "Aggregates over the filtered audits",
                "consultant, client (own)",
                {200: _json({"type": "object"}), 400: None, **dict.fromkeys(AUTH)},
                params=FILTER_PARAMS,
                tag="reports",
            ),
        },
        "/reports/wave-summary.pdf": {
            "get": op(
                "A wave's summary PDF (`wave` required)",
                "consultant, client (own)",
                {
                    200: {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
                    304: None,
                    400: None,
                    **dict.fromkeys(AUTH),
                    404: None,
                    422: None,
                },
                params=FILTER_PARAMS,
                tag="reports",
            ),
            "post": op(
                "Build a wave's summary PDF in the background (same filters as GET); "
                "the job's `result_url` downloads it once done",
                "consultant, client (own)",
                {
                    202: _json(ref("Job")),
                    400: None,
                    **dict.fromkeys(AUTH),
                    404: None,
                    503: None,
                },
                params=FILTER_PARAMS,
                tag="reports",
            ),
        },
        "/jobs/{id}": {
            "get": op(
                "A background job's status and progress",
                "the user who started it; consultants any",
                {200: _json(ref("Job")), 401: None, 404: None, 503: None},
                params=[path_param("id", S, "job id")],
                tag="reports",
            ),
        },
        "/exports/audits.csv": {
            "get": op(
                "One row per audit and criterion",
                "consultant, client (own)",
                {200: {"text/csv": {"schema": S}}, 400: None, **dict.fromkeys(AUTH)},
                params=FILTER_PARAMS,
                tag="reports",
            ),
        },
        "/actions": {
            "get": op(
                "Corrective actions the caller may see, overdue and soonest due first",
                "consultant (all), client (own organisation's published audits)",
                {200: _json(_page_of("Action")), 400: None, **dict.fromkeys(AUTH)},
                params=[
                    query("status", "open | in_progress | done | verified"),
                    query("organization", "organisation slug or id (consultants)"),
                    query("location", "location id", I),
                    query("overdue", "true: only overdue; false: none overdue"),
                    *PAGING,
                ],
                tag="actions",
            ),
            "post": op(
                "Open a corrective action on a failed criterion",
                "consultant",
                {
                    201: _json(ref("Action")),
                    400: None,
                    **dict.fromkeys(AUTH),
                    409: None,
                    422: None,
                },
                body=_json(ref("ActionIn")),
                tag="actions",
            ),
        },
        "/actions/{id}": {
            "get": op(
                "One action with its history, evidence and recheck",
                "consultant; client (own organisation)",
                {200: _json(ref("Action")), 401: None, 403: None, 404: None},
                params=[ACTION_ID],
                tag="actions",
            ),
            "patch": op(
                "Move the action with a note (client: in_progress, done; consultant also "
                "verified, open) and edit title, owner, due date (consultant)",
                "consultant; client (own organisation)",
                {
                    200: _json(ref("Action")),
                    400: None,
                    **dict.fromkeys(AUTH),
                    404: None,
                    409: None,
                    422: None,
                },
                body=_json(ref("ActionChange")),
                params=[ACTION_ID],
                tag="actions",
            ),
        },
        "/actions/{id}/evidence": {
            "post": op(
                "Add evidence: a photo (multipart `file`) and/or a `note`",
                "consultant; client (own organisation)",
                {
                    201: _json(ref("Action")),
                    400: None,
                    **dict.fromkeys(AUTH),
                    404: None,
                    409: None,
                    413: None,
                    422: None,
                    507: None,
                },
                body={
                    "multipart/form-data": {
                        "schema": _obj([], file={"type": "string", "format": "binary"}, note=S)
                    }
                },
                params=[ACTION_ID],
                tag="actions",
            ),
        },
        "/actions/{id}/evidence/{evidence_id}": {
            "get": op(
                "An evidence photo (`?size=thumb|display|print|original`)",
                "consultant; client (own organisation)",
                {
                    200: {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}},
                    304: None,
                    400: None,
                    401: None,
                    403: None,
                    404: None,
                },
                params=[
                    ACTION_ID,
                    path_param("evidence_id", I, "evidence photo id"),
                    query("size", "thumb, display (default), print or original"),
                ],
                tag="actions",
            ),
        },
        "/openapi.json": {
            "get": op(
                "This document", "anyone", {200: _json({"type": "object"})}, tag="meta", public=True
            ),
        },
    }


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3 document of API v1."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Touchpoint Audit API",
            "version": "1",
            "description": "JSON in and out. Authenticate with POST /auth/token, then send "
            "`Authorization: Bearer TOKEN` (a browser session cookie works too, with the "
            "X-CSRFToken header on writes). Lists answer {items, total, page, per_page}. "
            "Errors answer {error: {code, message, details}}.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": SCHEMAS,
        },
        "paths": _paths(),
    }


@bp.get("/openapi.json")
def openapi_json():
    """The OpenAPI 3 document of this API (no sign-in needed)."""
    return jsonify(openapi_document())
