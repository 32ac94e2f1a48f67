"""Partial aggregates ("cells") of audits sharing a location, checklist version, wave and month.

The dashboard and GET /reports/summary add up `Sums`: count rows and named-sum rows. They
come either from cells summed straight from the audits (any scope: drafts for consultants,
day-level date filters) or from the maintained `score_rollups` table (published audits, see
`audit/services/rollups.py`), whose cells are built by the code below and summed again by
the database, so a million audits read as a few thousand rows of plain numbers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from json import loads
from typing import Any, NamedTuple

from sqlalchemy import String, and_, cast, func, or_, select, type_coerce
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from audit.extensions import db
from audit.localtime import to_local
from audit.models import Answer, Audit, ChecklistVersion, Location

PARTS = ("pillars", "stages", "channels", "failed")
MEAN_PARTS = ("pillars", "stages", "channels")  # named scores: a sum and a count each
COUNTED_PARTS = ("failed", "nps")  # a count per criterion key or NPS group
NPS_GROUPS = ("promoters", "passives", "detractors")


def _dialect(session: Session | None) -> str:
    return (session or db.session).get_bind().dialect.name


def month_of(column, session: Session | None = None) -> ColumnElement[str]:
    """'YYYY-MM' of a UTC timestamp column, in the database's own dialect."""
    if _dialect(session) == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.strftime("%Y-%m", column)


def score_parts(session: Session | None = None) -> ColumnElement:
    """[pillars, stages, channels, failed] of `Audit.score`, as JSON text (or a list)."""
    if _dialect(session) == "postgresql":
        score = cast(Audit.score, JSONB)
        return func.jsonb_build_array(
            score["pillars"], score["stages"], score["channels"], score["failed"]
        )
    parts = (func.json_extract(Audit.score, f"$.{k}") for k in PARTS)
    return type_coerce(func.json_array(*parts), String)


def nps_group(raw: str | None) -> str | None:
    """'promoters', 'passives' or 'detractors' for an NPS answer's JSON text, else None."""
    value = (raw or "").strip()
    if value.isdigit() and 0 <= int(value) <= 10:
        score = int(value)
        return "promoters" if score >= 9 else "passives" if score >= 7 else "detractors"
    return None


@dataclass
class Means:
    """Running sums of named scores (pillars, stages, channels)."""

    sums: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, scores: dict[str, float | None] | None) -> None:
        """Count one audit's named scores (None values are left out)."""
        if not scores:
            return
        sums, counts = self.sums, self.counts
        for key, value in scores.items():
            if value is not None:
                sums[key] += value
                counts[key] += 1

    def add_sum(self, key: str, total: float, count: int) -> None:
        """Count `count` scores named `key` that sum to `total`."""
        self.sums[key] += total
        self.counts[key] += count

    def means(self) -> dict[str, float | None]:
        """Each name's mean, rounded like a score."""
        from audit.scoring import round_score

        return {
            k: round_score(self.sums[k] / n) if (n := self.counts[k]) else None for k in self.sums
        }


CellKey = tuple[int, int, str, str, str]  # location, version, wave, month, local month


@dataclass
class Cell:
    """Sums over the audits of one location, checklist version, wave and (UTC) month.

    `month` is '' for audits not visited yet; `local_month` (the month in the location's
    zone, which date filters use) is only kept by the rollups.
    """

    organization_id: int
    location_id: int
    version_id: int
    wave: str
    month: str
    local_month: str = ""
    audits: int = 0
    overall_sum: float = 0.0
    overall_count: int = 0
    first_at: datetime | None = None  # earliest visit (else creation): orders the waves
    scored: int = 0  # audits with a cached score: the denominator of fail rates
    pillars: Means = field(default_factory=Means)
    stages: Means = field(default_factory=Means)
    channels: Means = field(default_factory=Means)
    failed: Counter[str] = field(default_factory=Counter)
    nps: Counter[str] = field(default_factory=Counter)

    @property
    def key(self) -> CellKey:
        return (self.location_id, self.version_id, self.wave, self.month, self.local_month)

    def add_audit(self, overall: float | None, first_at: datetime, parts: Any) -> None:
        """Count one audit: its overall score, first date and cached score parts (or None)."""
        self.audits += 1
        if overall is not None:
            self.overall_sum += overall
            self.overall_count += 1
        if self.first_at is None or first_at < self.first_at:
            self.first_at = first_at
        if parts is None:
            return
        p, st, ch, fails = loads(parts) if isinstance(parts, str | bytes) else parts
        self.scored += 1
        self.pillars.add(p)
        self.stages.add(st)
        self.channels.add(ch)
        self.failed.update(fails or ())

    def parts(self) -> Iterator[tuple[str, str, float, int]]:
        """The named sums as (part, key, total, count); counted parts have `total` 0."""
        for part in MEAN_PARTS:
            means: Means = getattr(self, part)
            for key, total in means.sums.items():
                yield part, key, total, means.counts[key]
        for part in COUNTED_PARTS:
            for key, count in getattr(self, part).items():
                yield part, key, 0.0, count


class CountRow(NamedTuple):
    """Counts of the audits of one location, checklist version, wave and month."""

    location: int
    version: int
    wave: str
    month: str
    audits: int
    overall_sum: float
    overall_count: int
    scored: int
    first_at: datetime | None


class PartRow(NamedTuple):
    """One named sum (see `Cell.parts`) of the audits of one checklist version, wave and month."""

    version: int
    wave: str
    month: str
    part: str
    key: str
    total: float
    count: int


@dataclass
class Sums:
    """What the dashboard adds up, grouped no finer than it shows: from cells or the rollups."""

    counts: list[CountRow]
    parts: list[PartRow]

    @classmethod
    def of_cells(cls, cells: Iterable[Cell]) -> Sums:
        """The rows of these cells."""
        cells = list(cells)
        return cls(
            [
                CountRow(
                    c.location_id,
                    c.version_id,
                    c.wave,
                    c.month,
                    c.audits,
                    c.overall_sum,
                    c.overall_count,
                    c.scored,
                    c.first_at,
                )
                for c in cells
            ],
            [PartRow(c.version_id, c.wave, c.month, *part) for c in cells for part in c.parts()],
        )

    def in_wave(self, wave: str) -> Sums:
        """Only the rows of one wave."""
        return Sums(
            [r for r in self.counts if r.wave == wave], [r for r in self.parts if r.wave == wave]
        )


def nps_keys(version_ids: Iterable[int], session: Session) -> dict[int, list[str]]:
    """The nps criteria of each checklist version that asks any."""
    ids = list(version_ids)
    if not ids:
        return {}
    asked = {}
    for version in session.scalars(select(ChecklistVersion).where(ChecklistVersion.id.in_(ids))):
        keys = [c.key for c in version.definition.criteria if c.type == "nps"]
        if keys:
            asked[version.id] = keys
    return asked


def location_zones(session: Session, location_ids: Iterable[int] | None = None) -> dict[int, str]:
    """The time zone of each location (or of those given)."""
    query = select(Location.id, Location.timezone)
    if location_ids is not None:
        query = query.where(Location.id.in_(set(location_ids)))
    return dict(session.execute(query).all())


def cells_from_audits(
    clauses: list[ColumnElement[bool]],
    zones: Mapping[int, str] | None = None,
    session: Session | None = None,
) -> list[Cell]:
    """The cells of the audits matching `clauses`, read in one pass of bare columns.

    Only the four score parts used are read (the database cuts them out of the JSON, so
    Python decodes a quarter of it); no ORM objects are built. Given the locations' `zones`,
    the cells are keyed by the month in the location's zone too (the rollups' key).
    """
    session = session or db.session
    local_months = zones is not None
    cells: dict[CellKey, Cell] = {}
    of_audit: dict[int, Cell] = {}
    rows = session.execute(
        select(
            Audit.id,
            Audit.organization_id,
            Audit.location_id,
            Audit.checklist_version_id,
            Audit.wave,
            month_of(Audit.visited_at, session),
            Audit.visited_at,
            func.coalesce(Audit.visited_at, Audit.created_at),
            Audit.overall,
            Audit.score.is_not(None),
            score_parts(session),
        ).where(*clauses)
    )
    for audit_id, org, location, version, wave, month, visited, first, overall, has, parts in rows:
        local = ""
        if local_months and visited is not None:
            local = to_local(visited, zones.get(location)).strftime("%Y-%m")
        key = (location, version, wave or "", month or "", local)
        cell = cells.get(key)
        if cell is None:
            cell = cells[key] = Cell(org, location, version, wave or "", month or "", local)
        if isinstance(first, str):  # SQLite gives coalesce() back as text
            first = datetime.fromisoformat(first)
        cell.add_audit(overall, first, parts if has else None)
        of_audit[audit_id] = cell
    asked = nps_keys({c.version_id for c in cells.values()}, session)
    if asked:
        _count_nps(session, clauses, asked, of_audit)
    return list(cells.values())


def _count_nps(
    session: Session, clauses, asked: dict[int, list[str]], of_audit: dict[int, Cell]
) -> None:
    """Tally the NPS answers of the audits into their cells."""
    wanted = [
        and_(Audit.checklist_version_id == version_id, Answer.criterion_key.in_(keys))
        for version_id, keys in asked.items()
    ]
    for audit_id, raw in session.execute(
        select(Answer.audit_id, cast(Answer.value, String))
        .join(Audit, Audit.id == Answer.audit_id)
        .where(*clauses, or_(*wanted))
    ):
        group = nps_group(raw)
        if group is not None:
            of_audit[audit_id].nps[group] += 1
