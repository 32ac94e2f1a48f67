"""CSV export: one row per audit and criterion (docs/api.md), safe to open in Excel.

Excel-friendly: UTF-8 with a BOM (so accents survive), CRLF line ends, and text cells that
start with = + - @ (or a tab / carriage return) get a leading apostrophe, so a comment like
`=HYPERLINK(...)` is shown as text and never run as a formula (CSV injection).

The `auditor` column is the auditor as the reader may see them: a client gets the
pseudonym ("Shopper 3") unless the organisation shows names (services.audience).

Audits are read in keyset batches of bare columns and scored again from their answers (for
each criterion's fraction f and whether it counted), so memory stays flat for any size.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from audit.extensions import db
from audit.models import Answer, Audit, Checklist, ChecklistVersion, Location, Organization, User
from audit.scoring import score_audit
from audit.services.audience import AuditorNames, audience_of
from audit.services.report_filters import AuditFilters, filter_clauses

BOM = "\ufeff"
BATCH = 500
COLUMNS = (
    "audit_id",
    "organization",
    "location",
    "location_code",
    "region",
    "checklist",
    "version",
    "wave",
    "visited_at",
    "auditor",
    "touchpoint",
    "criterion",
    "question",
    "answer",
    "score",
    "result",
    "pillar",
    "critical",
    "comment",
    "overall",
    "grade",
)
#: The header in words, for `?lang=`: the keys above stay the default (scripts read them).
HEADINGS = {
    "audit_id": _l("Audit"),
    "organization": _l("Organisation"),
    "location": _l("Location"),
    "location_code": _l("Location code"),
    "region": _l("Region"),
    "checklist": _l("Checklist"),
    "version": _l("Version"),
    "wave": _l("Wave"),
    "visited_at": _l("Visited (UTC)"),
    "auditor": _l("Auditor"),
    "touchpoint": _l("Touchpoint"),
    "criterion": _l("Criterion"),
    "question": _l("Question"),
    "answer": _l("Answer"),
    "score": _l("Score"),
    "result": _l("Result"),
    "pillar": _l("Pillar"),
    "critical": _l("Critical"),
    "comment": _l("Comment"),
    "overall": _l("Overall"),
    "grade": _l("Grade"),
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def header(lang: str | None = None) -> list[str]:
    """The header row: the column keys, or their names in `lang` (en, ar, ru)."""
    if lang is None:
        return list(COLUMNS)
    with force_locale(lang):
        return [str(HEADINGS[key]) for key in COLUMNS]


def neutralise(value: Any) -> Any:
    """A text cell that Excel would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _fraction(value: float | None) -> str:
    return "" if value is None else f"{round(value, 4):g}"


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else ""


def _answer(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _result(detail) -> str:
    if detail is None:
        return ""
    if detail.hidden:
        return "hidden"
    if detail.included:
        return "fail" if detail.failed else "pass"
    if isinstance(detail.value, str) and detail.value.upper() == "N/A":
        return "n/a"
    return "" if detail.value is None else "not scored"


def _audit_rows(
    audit, definition, answers: dict[str, tuple[Any, str]], auditor: str
) -> Iterator[list]:
    values = {k: v for k, (v, _) in answers.items() if v is not None}
    details = score_audit(definition, values).criteria
    grade = (audit.score or {}).get("grade") or ""
    head = [
        audit.id,
        audit.org,
        audit.location,
        audit.code or "",
        audit.region or "",
        audit.checklist,
        audit.version,
        audit.wave,
        _when(audit.visited_at),
        auditor,
    ]
    for tp in definition.touchpoints:
        for c in tp.criteria:
            value, comment = answers.get(c.key, (None, ""))
            detail = details.get(c.key)
            included = detail is not None and detail.included
            yield [
                *head,
                tp.key,
                c.key,
                c.text,
                _answer(value),
                _fraction(detail.fraction) if included else "",
                _result(detail),
                c.pillar,
                "yes" if c.critical else "no",
                comment,
                "" if audit.overall is None else audit.overall,
                grade,
            ]


def export_rows(user: User, filters: AuditFilters) -> Iterator[list]:
    """Data rows (no header), audit by audit, criteria in checklist order."""
    clauses = filter_clauses(user, filters)
    names = AuditorNames(audience_of(user))
    versions: dict[int, ChecklistVersion] = {}
    last_id = 0
    while True:
        batch = db.session.execute(
            select(
                Audit.id,
                Audit.organization_id,
                Organization.slug.label("org"),
                Organization.show_auditor_names,
                Audit.auditor_id,
                User.name.label("auditor_name"),
                Location.name.label("location"),
                Location.code,
                Location.region,
                Checklist.slug.label("checklist"),
                ChecklistVersion.version,
                Audit.checklist_version_id,
                Audit.wave,
                Audit.visited_at,
                Audit.overall,
                Audit.score,
            )
            .join(Organization, Organization.id == Audit.organization_id)
            .join(Location, Location.id == Audit.location_id)
            .join(User, User.id == Audit.auditor_id)
            .join(ChecklistVersion, ChecklistVersion.id == Audit.checklist_version_id)
            .join(Checklist, Checklist.id == ChecklistVersion.checklist_id)
            .where(*clauses, Audit.id > last_id)
            .order_by(Audit.id)
            .limit(BATCH)
        ).all()
        if not batch:
            return
        answers: dict[int, dict[str, tuple[Any, str]]] = defaultdict(dict)
        for audit_id, key, value, comment in db.session.execute(
            select(Answer.audit_id, Answer.criterion_key, Answer.value, Answer.comment).where(
                Answer.audit_id.in_([row.id for row in batch])
            )
        ):
            answers[audit_id][key] = (value, comment or "")
        for row in batch:
            version = versions.get(row.checklist_version_id)
            if version is None:
                version = versions[row.checklist_version_id] = db.session.get(
                    ChecklistVersion, row.checklist_version_id
                )
            auditor = names.label_of(
                row.organization_id, row.show_auditor_names, row.auditor_id, row.auditor_name
            )
            yield from _audit_rows(row, version.definition, answers[row.id], auditor)
        last_id = batch[-1].id


def csv_chunks(user: User, filters: AuditFilters, lang: str | None = None) -> Iterator[str]:
    """The CSV text in chunks (BOM and header first), for a streamed response.

    The header holds the column keys unless `lang` asks for their names in a language.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(header(lang))
    for n, row in enumerate(export_rows(user, filters), 1):
        writer.writerow([neutralise(cell) for cell in row])
        if n % 1000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
