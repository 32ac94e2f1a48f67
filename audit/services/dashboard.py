"""Aggregates over audits: the client dashboard and GET /reports/summary (one code path).

Everything is added up from `Sums` (audit/services/score_cells.py): counts and overall
sums per location, checklist version, wave and month; pillar, stage and channel sums,
failed criteria and NPS answers per checklist version, wave and month. Published audits'
cells are maintained in `score_rollups` and summed by the database into those rows, so a
client's dashboard reads a few thousand plain numbers whatever the number of audits; other
scopes (a consultant's drafts, dates that cut a month) sum the audits.
Means are plain means of the audits' rounded scores, ignoring audits where a score is
null; they are rounded like scores (one decimal, half up).

NPS = 100 x (share of answers 9-10 minus share of answers 0-6) over the nps criteria of
the checklists in scope (N/A and unanswered do not count).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from audit.extensions import db
from audit.models import (
    Audit,
    AuditStatus,
    Checklist,
    ChecklistVersion,
    Location,
    ScoreRollup,
    User,
)
from audit.scoring import round_score
from audit.services.checklist_texts import checklist_in
from audit.services.report_filters import AuditFilters, filter_clauses
from audit.services.rollups import month_aligned, sums_from_rollups
from audit.services.score_cells import (
    MEAN_PARTS,
    NPS_GROUPS,
    CountRow,
    Means,
    PartRow,
    Sums,
    cells_from_audits,
)

__all__ = ["Means", "filter_options", "humanize", "summarize"]
PUBLISHED = AuditStatus.PUBLISHED.value
STAGE_ORDER = ("awareness", "consideration", "purchase", "retention", "advocacy")
MOST_FAILED = 10


def humanize(key: str | None) -> str:
    """'in_store' -> 'In store'."""
    text = (key or "").replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]


def _ordered(keys: Iterable[str], order: tuple[str, ...] = ()) -> list[str]:
    rank = {k: i for i, k in enumerate(order)}
    return sorted(keys, key=lambda k: (rank.get(k, len(rank)), k))


def previous_wave(waves: list[dict[str, Any]], current: str | None) -> str | None:
    """The wave before `current` in the waves' order (first visit first), or None."""
    names = [w["wave"] for w in waves]
    if current not in names:
        return None
    i = names.index(current)
    return names[i - 1] if i > 0 else None


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


def _named(means: dict[str, float | None], counts, labels: dict[str, str], order=()) -> list:
    return [
        {"key": k, "label": labels.get(k) or humanize(k), "mean": means[k], "count": counts[k]}
        for k in _ordered(means, order)
    ]


def sums_for(user: User, filters: AuditFilters) -> Sums:
    """The sums of the audits in scope: from the rollups when they hold exactly those
    (published audits, whole months), else from the audits themselves."""
    published = user.is_client or (user.is_consultant and filters.status == PUBLISHED)
    if (
        published
        and current_app.config.get("DASHBOARD_ROLLUPS", True)
        and month_aligned(filters.date_from, filters.date_to)
    ):
        return sums_from_rollups(filter_clauses(user, filters, on=ScoreRollup), db.session)
    return Sums.of_cells(cells_from_audits(filter_clauses(user, filters)))


@dataclass
class Tally:
    """Audits counted, the sum and count of their overall scores, the earliest visit."""

    audits: int = 0
    overall_sum: float = 0.0
    overall_count: int = 0
    first_at: datetime | None = None

    def add(self, row: CountRow) -> None:
        """Count the audits of one count row."""
        self.audits += row.audits
        self.overall_sum += row.overall_sum
        self.overall_count += row.overall_count
        if row.first_at is not None and (self.first_at is None or row.first_at < self.first_at):
            self.first_at = row.first_at

    def mean(self) -> float | None:
        """The mean overall score, rounded like a score."""
        return round_score(self.overall_sum / self.overall_count) if self.overall_count else None


def _tally(rows: Iterable[CountRow], by: Callable[[CountRow], Any]) -> dict[Any, Tally]:
    """A tally per `by(row)` (rows whose `by` is empty are left out)."""
    tallies: dict[Any, Tally] = defaultdict(Tally)
    for row in rows:
        group = by(row)
        if group not in ("", None):
            tallies[group].add(row)
    return dict(tallies)


def _waves(tallies: dict[str, Tally]) -> list[dict[str, Any]]:
    """Waves (non-empty labels) in order of their first visit, with count and mean overall."""
    ordered = sorted(tallies.items(), key=lambda kv: (kv[1].first_at, kv[0]))
    return [{"wave": wave, "count": t.audits, "mean_overall": t.mean()} for wave, t in ordered]


def _locations(chosen: Sums, unwaved: Sums, wave: str | None, waves) -> dict:
    """League table: best to worst by mean overall, with the change since the previous wave."""
    per_location = _tally(chosen.counts, lambda r: r.location)
    all_waves = _waves(_tally(unwaved.counts, lambda r: r.wave)) if wave else waves
    current = wave or (waves[-1]["wave"] if waves else None)
    previous = previous_wave(all_waves, current)
    by_wave = _tally(
        (r for r in unwaved.counts if r.wave in (current, previous)),
        lambda r: (r.location, r.wave),
    )
    places = {
        loc.id: loc
        for loc in db.session.scalars(select(Location).where(Location.id.in_(per_location)))
    }

    def wave_mean(location_id: int, label: str | None) -> float | None:
        t = by_wave.get((location_id, label)) if label else None
        return t.overall_sum / t.overall_count if t and t.overall_count else None

    table = []
    for location_id, tally in per_location.items():
        place = places[location_id]
        now, before = wave_mean(location_id, current), wave_mean(location_id, previous)
        change = round_score(now - before) if now is not None and before is not None else None
        table.append(
            {
                "id": location_id,
                "name": place.name,
                "city": place.city,
                "region": place.region,
                "count": tally.audits,
                "mean_overall": tally.mean(),
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


def _nps(tally: Counter[str], versions: dict[int, ChecklistVersion]) -> dict[str, Any] | None:
    """NPS over the nps criteria of the checklists in scope; None when none asks it."""
    if not any(c.type == "nps" for v in versions.values() for c in v.definition.criteria):
        return None
    responses = sum(tally[g] for g in NPS_GROUPS)
    score = (
        round_score(100 * (tally["promoters"] - tally["detractors"]) / responses)
        if responses
        else None
    )
    return {"score": score, "responses": responses, **{g: tally[g] for g in NPS_GROUPS}}


@dataclass
class _Named:
    """The named sums of the audits in scope: means overall, per month and per wave (pillars
    only), failed criteria per checklist version, NPS groups."""

    total: dict[str, Means] = field(default_factory=lambda: {p: Means() for p in MEAN_PARTS})
    month_pillars: dict[str, Means] = field(default_factory=lambda: defaultdict(Means))
    wave_pillars: dict[str, Means] = field(default_factory=lambda: defaultdict(Means))
    failed: Counter[tuple[int, str]] = field(default_factory=Counter)
    nps: Counter[str] = field(default_factory=Counter)

    @classmethod
    def of(cls, rows: Iterable[PartRow]) -> _Named:
        named = cls()
        for version, wave, month, part, key, total, count in rows:
            if part == "failed":
                named.failed[(version, key)] += count
            elif part == "nps":
                named.nps[key] += count
            else:
                named.total[part].add_sum(key, total, count)
                if part == "pillars":
                    named.month_pillars[month].add_sum(key, total, count)
                    named.wave_pillars[wave].add_sum(key, total, count)
        return named


def summarize(user: User, filters: AuditFilters, most_failed: int = MOST_FAILED) -> dict:
    """Every aggregate of the dashboard and the summary API, JSON-ready."""
    unwaved = sums_for(user, filters.without("wave"))
    chosen = unwaved.in_wave(filters.wave) if filters.wave else unwaved
    total = Tally()
    per_version: Counter[int] = Counter()
    for row in chosen.counts:
        total.add(row)
        per_version[row.version] += row.scored
    months = _tally(chosen.counts, lambda r: r.month)
    wave_tallies = _tally(chosen.counts, lambda r: r.wave)
    waves = _waves(wave_tallies)
    named = _Named.of(chosen.parts)

    versions = _versions(v for v, n in per_version.items() if n)
    pillar_titles: dict[str, set[str]] = defaultdict(set)
    pillar_order: list[str] = []
    for version in sorted(versions.values(), key=lambda v: v.id):
        for key, pillar in checklist_in(version).pillars.items():
            pillar_titles[key].add(pillar.title or humanize(key))
            if key not in pillar_order:
                pillar_order.append(key)
    # Checklists may title a pillar their own way ("Call handling" for people); across
    # several checklists only the pillar itself (People, Product, Process) is comparable.
    pillar_labels = {
        key: next(iter(titles)) if len(titles) == 1 else humanize(key)
        for key, titles in pillar_titles.items()
    }
    by_month = [
        {
            "month": month,
            "count": t.audits,
            "mean_overall": t.mean(),
            "pillars": named.month_pillars[month].means(),
        }
        for month, t in sorted(months.items())
    ]
    for row in waves:
        row["pillars"] = named.wave_pillars[row["wave"]].means()
    pillars, stages, channels = (named.total[p] for p in MEAN_PARTS)
    return {
        "filters": filters.to_dict(),
        "count": total.audits,
        "mean_overall": total.mean(),
        "pillars": _named(pillars.means(), pillars.counts, pillar_labels, tuple(pillar_order)),
        "stages": _named(stages.means(), stages.counts, {}, STAGE_ORDER),
        "channels": _named(channels.means(), channels.counts, {}),
        "by_month": by_month,
        "by_wave": waves,
        "locations": _locations(chosen, unwaved, filters.wave, waves),
        "most_failed": _most_failed(named.failed, per_version, versions, most_failed),
        "nps": _nps(named.nps, versions),
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
        definition = checklist_in(version)
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
    """What the filter form offers: locations, regions, checklists, waves with audits in scope.

    Clients see published audits only, which the rollups hold: a few thousand rows to read
    instead of every audit.
    """
    from audit.scoping import audit_scope, locations_for

    source: Any = ScoreRollup if user.is_client else Audit
    scope = audit_scope(user, on=source)
    audited = select(source.location_id).where(scope)
    locations = list(
        db.session.scalars(
            locations_for(user).where(Location.id.in_(audited)).order_by(Location.name)
        )
    )
    checklists = db.session.execute(
        select(Checklist.slug, func.max(ChecklistVersion.title))
        .join(ChecklistVersion, ChecklistVersion.checklist_id == Checklist.id)
        .where(ChecklistVersion.id.in_(select(source.checklist_version_id).where(scope)))
        .group_by(Checklist.slug)
        .order_by(Checklist.slug)
    ).all()
    first = (
        func.min(ScoreRollup.first_at)
        if source is ScoreRollup
        else func.min(func.coalesce(Audit.visited_at, Audit.created_at))
    )
    waves = db.session.scalars(
        select(source.wave)
        .where(scope, source.wave != "")
        .group_by(source.wave)
        .order_by(first, source.wave)
    )
    return {
        "locations": [{"id": loc.id, "name": loc.name, "region": loc.region} for loc in locations],
        "regions": sorted({loc.region for loc in locations if loc.region}),
        "checklists": [{"id": slug, "title": title} for slug, title in checklists],
        "waves": list(waves),
    }
