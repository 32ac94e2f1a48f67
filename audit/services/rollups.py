"""The `score_rollups` table: published audits summed per cell, kept right in every commit.

Any change to an audit that is or was published (publishing it, a correction, a move to
another wave, a deletion) marks its cells; just before the commit those cells are summed
again from their audits (a few hundred rows at most) in the same transaction, so a
dashboard never sees a rollup that disagrees with the audits. A location whose time zone
changes has all its cells rebuilt (their local months move). Bulk loads that bypass the
ORM (the benches, a restore) run `rebuild()` (`flask --app audit rollups`) afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, event, func, insert, inspect, select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from audit.localtime import start_of_day, to_local
from audit.models import Answer, Audit, AuditStatus, Location, ScoreRollup, ScoreRollupPart
from audit.services.score_cells import (
    Cell,
    CellKey,
    CountRow,
    PartRow,
    Sums,
    cells_from_audits,
    location_zones,
)

PUBLISHED = AuditStatus.PUBLISHED.value
_MARKED = "audit.rollups.marked"  # session.info: (location, version, wave, visited) tuples
_AUDITS = "audit.rollups.audits"  # session.info: ids of audits whose cells may have moved
_LOCATIONS = "audit.rollups.locations"  # session.info: locations to rebuild whole


def _month_start(month: str) -> date:
    year, number = (int(part) for part in month.split("-"))
    return date(year, number, 1)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _cell_clauses(key: CellKey, zone: str) -> list[ColumnElement[bool]]:
    """The published audits of one cell."""
    location, version, wave, month, local_month = key
    clauses = [
        Audit.status == PUBLISHED,
        Audit.location_id == location,
        Audit.checklist_version_id == version,
        Audit.wave == wave,
    ]
    if not month:
        return [*clauses, Audit.visited_at.is_(None)]
    utc = _month_start(month)
    local = _month_start(local_month)
    return [
        *clauses,
        Audit.visited_at >= start_of_day(utc, "UTC"),
        Audit.visited_at < start_of_day(_next_month(utc), "UTC"),
        Audit.visited_at >= start_of_day(local, zone),
        Audit.visited_at < start_of_day(_next_month(local), zone),
    ]


def cell_key(
    location: int, version: int, wave: str, visited: datetime | None, zone: str
) -> CellKey:
    """The cell an audit with these values belongs to."""
    if visited is None:
        return (location, version, wave or "", "", "")
    local = to_local(visited, zone)
    assert local is not None
    return (
        location,
        version,
        wave or "",
        to_local(visited, "UTC").strftime("%Y-%m"),
        local.strftime("%Y-%m"),
    )


def _write(session: Session, cells: Iterable[Cell]) -> None:
    cells = list(cells)
    rows = [
        {
            "organization_id": c.organization_id,
            "location_id": c.location_id,
            "checklist_version_id": c.version_id,
            "status": PUBLISHED,
            "wave": c.wave,
            "month": c.month,
            "local_month": c.local_month,
            "audits": c.audits,
            "overall_sum": c.overall_sum,
            "overall_count": c.overall_count,
            "first_at": c.first_at,
            "scored": c.scored,
        }
        for c in cells
    ]
    add_rollup = insert(ScoreRollup).returning(ScoreRollup.id, sort_by_parameter_order=True)
    for start in range(0, len(rows), 1000):
        ids = session.scalars(add_rollup, rows[start : start + 1000]).all()
        parts = [
            {"rollup_id": rollup_id, "part": part, "key": key, "total": total, "count": count}
            for rollup_id, cell in zip(ids, cells[start : start + 1000], strict=True)
            for part, key, total, count in cell.parts()
        ]
        if parts:
            session.execute(insert(ScoreRollupPart), parts)


def refresh(session: Session, keys: Iterable[CellKey], zones: dict[int, str]) -> None:
    """Sum these cells again from their audits (`zones`: their locations' time zones)."""
    for key in set(keys):
        location, version, wave, month, local_month = key
        session.execute(
            delete(ScoreRollup).where(
                ScoreRollup.location_id == location,
                ScoreRollup.checklist_version_id == version,
                ScoreRollup.wave == wave,
                ScoreRollup.month == month,
                ScoreRollup.local_month == local_month,
            )
        )
        if location in zones:
            clauses = _cell_clauses(key, zones[location])
            _write(session, cells_from_audits(clauses, {location: zones[location]}, session))


def rebuild(session: Session, location_ids: Iterable[int] | None = None) -> int:
    """Sum every cell again (or every cell of some locations); the number of cells."""
    if location_ids is None:
        stale, scope = true(), true()
    else:
        location_ids = list(location_ids)
        stale = ScoreRollup.location_id.in_(location_ids)
        scope = Audit.location_id.in_(location_ids)
    session.execute(delete(ScoreRollup).where(stale))
    zones = location_zones(session, location_ids)
    cells = cells_from_audits([Audit.status == PUBLISHED, scope], zones, session)
    _write(session, cells)
    return len(cells)


# --- keeping the table right in each commit -------------------------------------------


def _old(state: Any, name: str) -> Any:
    """An attribute's value before this flush (its current one if unchanged)."""
    history = state.attrs[name].history
    if history.deleted:
        return history.deleted[0]
    return getattr(state.obj(), name)


@event.listens_for(Session, "after_flush")
def _note_changes(session: Session, _context: Any) -> None:
    marked = session.info.setdefault(_MARKED, set())
    audits = session.info.setdefault(_AUDITS, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Audit):
            state = inspect(obj)
            if _old(state, "status") == PUBLISHED and not state.pending:
                marked.add(
                    (
                        _old(state, "location_id"),
                        _old(state, "checklist_version_id"),
                        _old(state, "wave"),
                        _old(state, "visited_at"),
                    )
                )
            # An audit that is not published now has no cell to refresh; skipping it here
            # spares every answer save a query (the status is loaded: it was just checked).
            if obj not in session.deleted and state.dict.get("status", PUBLISHED) == PUBLISHED:
                audits.add(obj.id)
        elif isinstance(obj, Answer) and obj.audit_id is not None:
            audits.add(obj.audit_id)
        elif isinstance(obj, Location) and inspect(obj).attrs["timezone"].history.has_changes():
            session.info.setdefault(_LOCATIONS, set()).add(obj.id)


@event.listens_for(Session, "before_commit")
def _refresh_marked(session: Session) -> None:
    session.flush()  # changes not flushed yet are noted now
    marked = session.info.pop(_MARKED, set())
    audit_ids = session.info.pop(_AUDITS, set())
    locations = session.info.pop(_LOCATIONS, set())
    if not (marked or audit_ids or locations):
        return
    if audit_ids:
        marked |= {
            tuple(row)
            for row in session.execute(
                select(
                    Audit.location_id, Audit.checklist_version_id, Audit.wave, Audit.visited_at
                ).where(Audit.id.in_(audit_ids), Audit.status == PUBLISHED)
            )
        }
    marked = {m for m in marked if m[0] not in locations}
    if marked:
        zones = location_zones(session, {m[0] for m in marked})
        refresh(
            session,
            {
                cell_key(loc, ver, wave, visited, zones.get(loc, "UTC"))
                for loc, ver, wave, visited in marked
            },
            zones,
        )
    if locations:
        rebuild(session, locations)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    for name in (_MARKED, _AUDITS, _LOCATIONS):
        session.info.pop(name, None)


# --- reading ---------------------------------------------------------------------------


def month_aligned(first: date | None, last: date | None) -> bool:
    """Whether a date filter covers whole months (rollups hold months, not days)."""
    ends_a_month = last is None or _next_month(last) == last + timedelta(days=1)
    return (first is None or first.day == 1) and ends_a_month


def local_month_clauses(first: date | None, last: date | None) -> list[ColumnElement[bool]]:
    """Rollup rows whose local month lies within a month-aligned [first, last]."""
    clauses = []
    if first is not None:
        clauses.append(ScoreRollup.local_month >= first.strftime("%Y-%m"))
    if last is not None:
        clauses.append(ScoreRollup.local_month <= last.strftime("%Y-%m"))
        clauses.append(ScoreRollup.local_month != "")
    elif first is not None:
        clauses.append(ScoreRollup.local_month != "")
    return [and_(*clauses)] if clauses else []


def sums_from_rollups(clauses: list[ColumnElement[bool]], session: Session) -> Sums:
    """The rollup rows matching `clauses`, summed by the database over local months (counts)
    and over locations too (named sums): what the dashboard shows, as plain numbers."""
    r, part = ScoreRollup, ScoreRollupPart
    cell = (r.location_id, r.checklist_version_id, r.wave, r.month)
    counts = session.execute(
        select(
            *cell,
            func.sum(r.audits),
            func.sum(r.overall_sum),
            func.sum(r.overall_count),
            func.sum(r.scored),
            func.min(r.first_at),
        )
        .where(*clauses)
        .group_by(*cell)
    )
    named = (r.checklist_version_id, r.wave, r.month, part.part, part.key)
    parts = session.execute(
        select(*named, func.sum(part.total), func.sum(part.count))
        .join(r, r.id == part.rollup_id)
        .where(*clauses)
        .group_by(*named)
    )
    return Sums([CountRow(*row) for row in counts], [PartRow(*row) for row in parts])
