"""Checklist versions: parse once, store immutable versions, look them up."""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Iterable
from functools import lru_cache

from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from audit.extensions import db
from audit.models import Checklist, ChecklistVersion, User
from audit.scoring import Checklist as ChecklistDefinition
from audit.scoring import ChecklistError, load_checklist
from audit.scoring.errors import Problem
from audit.services.errors import ValidationFailed
from audit.services.limits import NAME_MAX, length_problem
from audit.services.problem_text import checklist_problem


@lru_cache(maxsize=256)
def parsed_checklist(sha256: str, source: str) -> ChecklistDefinition:
    """Parse a stored version once per process; versions never change, so caching is safe."""
    return load_checklist(source, name=f"checklist {sha256[:8]}")


def checklist_problems(error: ChecklistError) -> list[dict]:
    """The problems of an invalid checklist, as the API and the editor show them."""
    return problem_list(error.problems)


def problem_list(problems: Iterable[Problem]) -> list[dict]:
    """Problems (or a valid checklist's warnings) in the reader's language, with codes."""
    return [
        {"line": p.line, "path": p.path, "message": checklist_problem(p), **_code(p)}
        for p in problems
    ]


def _code(problem: object) -> dict[str, str]:
    """`{"code": ...}` for a problem that has one (the others are known only in English)."""
    code = getattr(problem, "code", "")
    return {"code": code} if code else {}


def save_checklist_version(source: str, author: User | None) -> ChecklistVersion:
    """Validate YAML and store it as the next version of its checklist (`id` slug).

    Saving the same text as the latest version again is a no-op that returns that version,
    so re-running the demo seed or re-uploading a file does not pile up versions.
    """
    definition, problems = _load(source)
    if definition is None:
        raise ValidationFailed(_("The checklist has problems; nothing was saved."), problems)
    checklist = db.session.scalar(select(Checklist).where(Checklist.slug == definition.id))
    if checklist is None:
        checklist = Checklist(slug=definition.id)
        db.session.add(checklist)
        db.session.flush()
    sha = hashlib.sha256(source.encode("utf-8")).hexdigest()
    latest = latest_version(checklist)
    if latest is not None and latest.sha256 == sha:
        return latest
    number = (latest.version if latest else 0) + 1
    version = ChecklistVersion(
        checklist=checklist,
        version=number,
        title=definition.title,
        source=source,
        sha256=sha,
        created_by_id=author.id if author else None,
    )
    db.session.add(version)
    db.session.flush()
    return version


def latest_version(checklist: Checklist) -> ChecklistVersion | None:
    """The newest version of a checklist."""
    return db.session.scalar(
        select(ChecklistVersion)
        .where(ChecklistVersion.checklist_id == checklist.id)
        .order_by(ChecklistVersion.version.desc())
        .limit(1)
    )


def get_version(slug: str, version: int | None = None) -> ChecklistVersion | None:
    """A version of the checklist `slug` (the latest when `version` is None)."""
    stmt = select(ChecklistVersion).join(Checklist).where(Checklist.slug == slug)
    if version is None:
        stmt = stmt.order_by(ChecklistVersion.version.desc()).limit(1)
    else:
        stmt = stmt.where(ChecklistVersion.version == version)
    return db.session.scalar(stmt)


def latest_versions_query() -> Select[tuple[ChecklistVersion]]:
    """SELECT of the latest version of every checklist (joined to `Checklist`), by slug."""
    newest = (
        select(ChecklistVersion.checklist_id, func.max(ChecklistVersion.version).label("v"))
        .group_by(ChecklistVersion.checklist_id)
        .subquery()
    )
    return (
        select(ChecklistVersion)
        .join(
            newest,
            (ChecklistVersion.checklist_id == newest.c.checklist_id)
            & (ChecklistVersion.version == newest.c.v),
        )
        .join(Checklist)
        .order_by(Checklist.slug)
    )


def latest_versions() -> list[ChecklistVersion]:
    """The latest version of every checklist, by slug."""
    return list(db.session.scalars(latest_versions_query()))


def validate_source(source: str) -> list[dict]:
    """The problems of a checklist text (empty when valid), as the editor shows them."""
    return _load(source)[1]


# The consultant's pages /checklists/<id> share their URL space with these editor actions.
RESERVED_IDS = frozenset({"new", "validate", "preview"})


def _load(source: str) -> tuple[ChecklistDefinition | None, list[dict]]:
    """The checklist, or None and its problems (the format's, then the platform's own)."""
    try:
        definition = load_checklist(source, name="checklist")
    except ChecklistError as error:
        return None, checklist_problems(error)
    if definition.id in RESERVED_IDS:
        message = _(
            "`%(id)s` is a reserved id on this platform; choose another one", id=definition.id
        )
        return None, [{"line": _line_of(source, "id"), "path": "id", "message": message}]
    too_long = length_problem("title", definition.title, NAME_MAX)
    if too_long is not None:
        return None, [
            {"line": _line_of(source, "title"), "path": "title", "message": too_long["message"]}
        ]
    return definition, []


def _line_of(source: str, key: str) -> int:
    """The line of a top-level `key:` in the YAML (0 when it is not found there)."""
    lines = enumerate(source.splitlines(), 1)
    return next((n for n, text in lines if text.startswith(f"{key}:")), 0)


def version_history(slug: str) -> list[tuple[ChecklistVersion, User | None]]:
    """Every version of a checklist, newest first, with who saved it."""
    versions = list(
        db.session.scalars(
            select(ChecklistVersion)
            .join(Checklist)
            .where(Checklist.slug == slug)
            .order_by(ChecklistVersion.version.desc())
        )
    )
    ids = {v.created_by_id for v in versions if v.created_by_id is not None}
    authors = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}
    return [(v, authors.get(v.created_by_id)) for v in versions]


def diff_versions(old: ChecklistVersion, new: ChecklistVersion) -> list[str]:
    """A unified diff of two versions' YAML, line by line (empty when identical)."""
    return list(
        difflib.unified_diff(
            old.source.splitlines(),
            new.source.splitlines(),
            fromfile=f"{old.slug} v{old.version}",
            tofile=f"{new.slug} v{new.version}",
            lineterm="",
        )
    )


_ID_LINE = re.compile(r"^id:[ \t]*\S[^\n]*$", re.MULTILINE)
# A one-line title, or a title given per language (`title:` then its indented lines).
_TITLE_LINE = re.compile(r"^title:(?:[ \t]*\S[^\n]*|[ \t]*(?:\n[ \t]+[^\n]*)+)$", re.MULTILINE)


def duplicate_source(version: ChecklistVersion, new_slug: str, new_title: str = "") -> str:
    """The YAML of `version` with another `id` (and title): the start of a new checklist.

    Nothing is saved; the consultant edits the text and saves it as a new checklist.
    """
    new_slug = (new_slug or "").strip()
    problems = []
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,63}", new_slug):
        problems.append(
            {"field": "slug", "message": _("lowercase letters, digits, - and _ (at most 64)")}
        )
    elif get_version(new_slug) is not None:
        problems.append({"field": "slug", "message": _("a checklist with this id exists")})
    if not _ID_LINE.search(version.source):
        problems.append({"field": "slug", "message": _("no top-level `id:` line to replace")})
    if problems:
        raise ValidationFailed(_("The checklist could not be duplicated."), problems)
    source = _ID_LINE.sub(f"id: {new_slug}", version.source, count=1)
    if (new_title or "").strip():
        source = _TITLE_LINE.sub(
            "title: " + json.dumps(new_title.strip(), ensure_ascii=False), source, count=1
        )
    return source
