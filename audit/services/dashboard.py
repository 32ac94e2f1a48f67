"""Aggregates over audits: the client dashboard and GET /reports/summary (one code path).

Counts and means of `Audit.overall` (overall, by month, wave and location) are computed by
the database. Pillar, stage and channel means and the most-failed criteria come from each
audit's cached score (docs/scoring.md, "Command line"), read as bare columns in one pass: no ORM
objects are built. Means are plain means of the audits' rounded scores, ignoring audits
where a score is null; they are rounded like scores (one decimal, half up).

NPS = 100 x (share of answers 9-10 minus share of answers 0-6) over the nps criteria of
the checklists in scope (N/A and unanswered do not count).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from json import loads
from typing import Any

from sqlalchemy import String, and_, cast, func, or_, select, type_coerce
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import joinedload
from sqlalchemy.sql.elements import ColumnElement

from audit.extensions import db
from audit.models import Answer, Audit, Checklist, ChecklistVersion, Location, User
from audit.scoring import round_score
from audit.services.report_filters import AuditFilters, filter_clauses

PARTS = ("pillars", "stages", "channels", "failed")
STAGE_ORDER = ("awareness", "consideration", "purchase", "retention", "advocacy")
MOST_FAILED = 10


def humanize(key: str | None) -> str:
    """'in_store' -> 'In store'."""
    text = (key or "").replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]


def month_of(column) -> ColumnElement[str]:
    """'YYYY-MM' of a UTC timestamp column, in the database's own dialect."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.strftime("%Y-%m", column)


def score_parts() -> ColumnElement:
    """[pillars, stages, channels, failed] of `Audit.score`, as JSON text (or a list)."""
    if db.session.get_bind().dialect.name == "postgresql":
        score = cast(Audit.score, JSONB)
        return func.jsonb_build_array(
            score["pillars"], score["stages"], score["channels"], score["failed"]
        )
    parts = (func.json_extract(Audit.score, f"$.{k}") for k in PARTS)
    return type_coerce(func.json_array(*parts), String)


def _mean(total: float, count: int) -> float | None:
    return round_score(total / count) if count else None


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

    def merge(self, other: Means) -> None:
        """Add another set of running sums to this one."""
        for key, total in other.sums.items():
            self.sums[key] += total
            self.counts[key] += other.counts[key]

    def means(self) -> dict[str, float | None]:
        """Each name's mean, rounded like a score."""
        return {k: _mean(self.sums[k], self.counts[k]) for k in self.sums}


def _ordered(keys: Iterable[str], order: tuple[str, ...] = ()) -> list[str]:
    rank = {k: i for i, k in enumerate(order)}
    return sorted(keys, key=lambda k: (rank.get(k, len(rank)), k))


def ordered_waves(clauses: list[ColumnElement[bool]]) -> list[dict[str, Any]]:
    """Waves (non-empty labels) in order of their first visit, with count and mean overall."""
    first = func.min(func.coalesce(Audit.visited_at, Audit.created_at))
    rows = db.session.execute(
        select(Audit.wave, func.count(Audit.id), func.avg(Audit.overall), first)
        .where(*clauses, Audit.wave != "")
        .group_by(Audit.wave)
        .order_by(first, Audit.wave)
    )
    return [
        {"wave": wave, "count": count, "mean_overall": round_score(mean)}
        for wave, count, mean, _ in rows
    ]


def previous_wave(waves: list[dict[str, Any]], current: str | None) -> str | None:
    """The wave before `current` in `ordered_waves` order, or None."""
    names = [w["wave"] for w in waves]
    if current not in names:
        return None
    i = names.index(current)
    return names[i - 1] if i > 0 else None


def _locations(user: User, filters: AuditFilters, clauses, waves) -> dict[str, Any]:
    """League table: best to worst by mean overall, with the change since the previous wave."""
    rows = db.session.execute(
        select(
            Location.id,
            Location.name,
            Location.city,
            Location.region,
            func.count(Audit.id),
            func.avg(Audit.overall),
        )
        .join(Location, Location.id == Audit.location_id)
        .where(*clauses)
        .group_by(Location.id, Location.name, Location.city, Location.region)
    ).all()
    # The wave compared: the one asked for, else the latest in scope; and the one before.
    unwaved = filter_clauses(user, filters.without("wave"))
    all_waves = ordered_waves(unwaved) if filters.wave else waves
    current = filters.wave or (waves[-1]["wave"] if waves else None)
    previous = previous_wave(all_waves, current)
    by_wave: dict[tuple[int, str], float | None] = {}
    if current:
        compared = [w for w in (current, previous) if w]
        for location_id, wave, mean in db.session.execute(
            select(Audit.location_id, Audit.wave, func.avg(Audit.overall))
            .where(*unwaved, Audit.wave.in_(compared))
            .group_by(Audit.location_id, Audit.wave)
        ):
            by_wave[(location_id, wave)] = mean
    table = []
    for location_id, name, city, region, count, mean in rows:
        now = by_wave.get((location_id, current)) if current else None
        before = by_wave.get((location_id, previous)) if previous else None
        change = round_score(now - before) if now is not None and before is not None else None
        table.append(
            {
                "id": location_id,
                "name": name,
                "city": city,
                "region": region,
                "count": count,
                "mean_overall": round_score(mean),
                "wave_overall": round_score(now),
                "previous_overall": round_score(before),
                "change": change,
            }
        )
    table.sort(
        key=lambda r: (r["mean_overall"] is None, -(r["mean_overall"] or 0), r["name"].casefold())
    )
    for rank, row in enumerate(table, 1):
        row["rank"] = rank
    return {"wave": current, "previous_wave": previous, "items": table}


def _versions(ids: Iterable[int]) -> dict[int, ChecklistVersion]:
    ids = list(ids)
    if not ids:
        return {}
    rows = db.session.scalars(
        select(ChecklistVersion)
        .where(ChecklistVersion.id.in_(ids))
        .options(joinedload(ChecklistVersion.checklist))
    )
    return {v.id: v for v in rows}


def _nps(clauses, versions: dict[int, ChecklistVersion]) -> dict[str, Any] | None:
    """NPS over the nps criteria of the checklists in scope; None when none asks it."""
    asked = []
    for version_id, version in versions.items():
        keys = [c.key for c in version.definition.criteria if c.type == "nps"]
        if keys:
            asked.append(
                and_(Audit.checklist_version_id == version_id, Answer.criterion_key.in_(keys))
            )
    if not asked:
        return None
    # Grouped by the value's JSON text: a dozen rows back, whatever the number of audits.
    text = cast(Answer.value, String)
    tally: Counter[str] = Counter()
    for raw, n in db.session.execute(
        select(text, func.count())
        .join(Audit, Audit.id == Answer.audit_id)
        .where(*clauses, or_(*asked))
        .group_by(text)
    ):
        value = (raw or "").strip()
        if value.isdigit() and 0 <= int(value) <= 10:
            score = int(value)
            tally["promoters" if score >= 9 else "passives" if score >= 7 else "detractors"] += n
    responses = sum(tally.values())
    score = (
        round_score(100 * (tally["promoters"] - tally["detractors"]) / responses)
        if responses
        else None
    )
    return {
        "score": score,
        "responses": responses,
        "promoters": tally["promoters"],
        "passives": tally["passives"],
        "detractors": tally["detractors"],
    }


def _named(means: dict[str, float | None], counts, labels: dict[str, str], order=()) -> list:
    return [
        {"key": k, "label": labels.get(k) or humanize(k), "mean": means[k], "count": counts[k]}
        for k in _ordered(means, order)
    ]


def summarize(user: User, filters: AuditFilters, most_failed: int = MOST_FAILED) -> dict:
    """Every aggregate of the dashboard and the summary API, JSON-ready."""
    clauses = filter_clauses(user, filters)
    count, mean = db.session.execute(
        select(func.count(Audit.id), func.avg(Audit.overall)).where(*clauses)
    ).one()
    month = month_of(Audit.visited_at)
    by_month = [
        {"month": m, "count": n, "mean_overall": round_score(avg)}
        for m, n, avg in db.session.execute(
            select(month, func.count(Audit.id), func.avg(Audit.overall))
            .where(*clauses, Audit.visited_at.is_not(None))
            .group_by(month)
            .order_by(month)
        )
    ]
    waves = ordered_waves(clauses)

    # One pass over the cached score JSON: bare columns, no ORM objects, and only the four
    # parts used (the database cuts them out, so Python decodes a quarter of the text).
    # Pillars are summed per (month, wave) bucket once, then rolled up three ways.
    buckets: dict[tuple[str | None, str], Means] = defaultdict(Means)
    stages, channels = Means(), Means()
    failed: Counter[tuple[int, str]] = Counter()
    per_version: Counter[int] = Counter()
    rows = db.session.execute(
        select(month, Audit.wave, Audit.checklist_version_id, score_parts()).where(
            *clauses, Audit.score.is_not(None)
        )
    )
    for m, wave, version_id, parts in rows:
        if parts is None:
            continue
        p, st, ch, fails = loads(parts) if isinstance(parts, str | bytes) else parts
        per_version[version_id] += 1
        buckets[(m, wave)].add(p)
        stages.add(st)
        channels.add(ch)
        for key in fails or ():
            failed[(version_id, key)] += 1
    pillars = Means()
    pillars_by_month: dict[str, Means] = defaultdict(Means)
    pillars_by_wave: dict[str, Means] = defaultdict(Means)
    for (m, wave), sums in buckets.items():
        pillars.merge(sums)
        if m:
            pillars_by_month[m].merge(sums)
        if wave:
            pillars_by_wave[wave].merge(sums)

    versions = _versions(per_version)
    pillar_titles: dict[str, set[str]] = defaultdict(set)
    pillar_order: list[str] = []
    for version in sorted(versions.values(), key=lambda v: v.id):
        for key, pillar in version.definition.pillars.items():
            pillar_titles[key].add(pillar.title or humanize(key))
            if key not in pillar_order:
                pillar_order.append(key)
    # Checklists may title a pillar their own way ("Call handling" for people); across
    # several checklists only the pillar itself (People, Product, Process) is comparable.
    pillar_labels = {
        key: next(iter(titles)) if len(titles) == 1 else humanize(key)
        for key, titles in pillar_titles.items()
    }
    for row in by_month:
        row["pillars"] = pillars_by_month[row["month"]].means()
    for row in waves:
        row["pillars"] = pillars_by_wave[row["wave"]].means()

    return {
        "filters": filters.to_dict(),
        "count": count,
        "mean_overall": round_score(mean),
        "pillars": _named(pillars.means(), pillars.counts, pillar_labels, tuple(pillar_order)),
        "stages": _named(stages.means(), stages.counts, {}, STAGE_ORDER),
        "channels": _named(channels.means(), channels.counts, {}),
        "by_month": by_month,
        "by_wave": waves,
        "locations": _locations(user, filters, clauses, waves),
        "most_failed": _most_failed(failed, per_version, versions, most_failed),
        "nps": _nps(clauses, versions),
    }


def _most_failed(
    failed: Counter[tuple[int, str]],
    per_version: Counter[int],
    versions: dict[int, ChecklistVersion],
    limit: int,
) -> list[dict[str, Any]]:
    """Criteria failed most often (per checklist, across its versions), with the fail rate."""
    totals: Counter[tuple[str, str]] = Counter()
    asked: Counter[tuple[str, str]] = Counter()
    texts: dict[tuple[str, str], tuple[str, str]] = {}
    for version_id, version in versions.items():
        definition = version.definition
        for criterion in definition.criteria:
            ident = (version.slug, criterion.key)
            asked[ident] += per_version[version_id]
            if failed[(version_id, criterion.key)]:
                totals[ident] += failed[(version_id, criterion.key)]
                texts[ident] = (criterion.text, definition.touchpoint_of(criterion.key).name)
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], -kv[1] / asked[kv[0]], kv[0]))
    return [
        {
            "checklist": slug,
            "criterion": key,
            "text": texts[(slug, key)][0],
            "touchpoint": texts[(slug, key)][1],
            "failed": n,
            "audits": asked[(slug, key)],
            "rate": round_score(100 * n / asked[(slug, key)]),
        }
        for (slug, key), n in ranked[:limit]
    ]


def filter_options(user: User) -> dict[str, list]:
    """What the filter form offers: locations, regions, checklists, waves with audits in scope."""
    from audit.scoping import audit_scope, locations_for

    audited = select(Audit.location_id).where(audit_scope(user))
    locations = list(
        db.session.scalars(
            locations_for(user).where(Location.id.in_(audited)).order_by(Location.name)
        )
    )
    checklists = db.session.execute(
        select(Checklist.slug, func.max(ChecklistVersion.title))
        .join(ChecklistVersion, ChecklistVersion.checklist_id == Checklist.id)
        .join(Audit, Audit.checklist_version_id == ChecklistVersion.id)
        .where(audit_scope(user))
        .group_by(Checklist.slug)
        .order_by(Checklist.slug)
    ).all()
    return {
        "locations": [{"id": loc.id, "name": loc.name, "region": loc.region} for loc in locations],
        "regions": sorted({loc.region for loc in locations if loc.region}),
        "checklists": [{"id": slug, "title": title} for slug, title in checklists],
        "waves": [w["wave"] for w in ordered_waves([audit_scope(user)])],
    }
