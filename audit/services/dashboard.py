"""Aggregates over audits: the client dashboard and GET /reports/summary (one code path).

Everything is summed from cells (audit/services/score_cells.py): per location, checklist
version, wave and month, the count, the overall scores' sum, pillar, stage and channel
sums, failed criteria and NPS answers. Published audits' cells are maintained in
`score_rollups`, so a client's dashboard reads a few thousand rows whatever the number of
audits; other scopes (a consultant's drafts, dates that cut a month) sum the audits.
Means are plain means of the audits' rounded scores, ignoring audits where a score is
null; they are rounded like scores (one decimal, half up).

NPS = 100 x (share of answers 9-10 minus share of answers 0-6) over the nps criteria of
the checklists in scope (N/A and unanswered do not count).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
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
from audit.services.rollups import cells_from_rollups, month_aligned
from audit.services.score_cells import NPS_GROUPS, Cell, Means, cells_from_audits

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


def cells_for(user: User, filters: AuditFilters) -> list[Cell]:
    """The cells of the audits in scope: from the rollups when they hold exactly those
    (published audits, whole months), else from the audits themselves."""
    published = user.is_client or (user.is_consultant and filters.status == PUBLISHED)
    if (
        published
        and current_app.config.get("DASHBOARD_ROLLUPS", True)
        and month_aligned(filters.date_from, filters.date_to)
    ):
        return cells_from_rollups(filter_clauses(user, filters, on=ScoreRollup))
    return cells_from_audits(filter_clauses(user, filters))


def _mean(total: float, count: int) -> float | None:
    return round_score(total / count) if count else None


def _rollup(cells: Iterable[Cell], by: Callable[[Cell], Any]) -> dict[Any, Cell]:
    """Counts, overall and pillar sums per `by(cell)` (cells whose `by` is empty are left out)."""
    sums: dict[Any, Cell] = {}
    for cell in cells:
        group = by(cell)
        if group in ("", None):
            continue
        if group not in sums:
            sums[group] = Cell(cell.organization_id, cell.location_id, 0, "", "")
        sums[group].merge(cell, everything=False)
    return sums


def _waves(sums: dict[str, Cell]) -> list[dict[str, Any]]:
    """Waves (non-empty labels) in order of their first visit, with count and mean overall."""
    ordered = sorted(sums.items(), key=lambda kv: (kv[1].first_at, kv[0]))
    return [
        {"wave": wave, "count": s.audits, "mean_overall": _mean(s.overall_sum, s.overall_count)}
        for wave, s in ordered
    ]


def _locations(chosen: list[Cell], unwaved: list[Cell], wave: str | None, waves) -> dict:
    """League table: best to worst by mean overall, with the change since the previous wave."""
    per_location = _rollup(chosen, lambda c: c.location_id)
    all_waves = _waves(_rollup(unwaved, lambda c: c.wave)) if wave else waves
    current = wave or (waves[-1]["wave"] if waves else None)
    previous = previous_wave(all_waves, current)
    by_wave = _rollup(
        (c for c in unwaved if c.wave in (current, previous)), lambda c: (c.location_id, c.wave)
    )
    places = {
        loc.id: loc
        for loc in db.session.scalars(select(Location).where(Location.id.in_(per_location)))
    }

    def wave_mean(location_id: int, label: str | None) -> float | None:
        s = by_wave.get((location_id, label)) if label else None
        return s.overall_sum / s.overall_count if s and s.overall_count else None

    table = []
    for location_id, sums in per_location.items():
        place = places[location_id]
        now, before = wave_mean(location_id, current), wave_mean(location_id, previous)
        change = round_score(now - before) if now is not None and before is not None else None
        table.append(
            {
                "id": location_id,
                "name": place.name,
                "city": place.city,
                "region": place.region,
                "count": sums.audits,
                "mean_overall": _mean(sums.overall_sum, sums.overall_count),
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


def _nps(cells: Iterable[Cell], versions: dict[int, ChecklistVersion]) -> dict[str, Any] | None:
    """NPS over the nps criteria of the checklists in scope; None when none asks it."""
    if not any(c.type == "nps" for v in versions.values() for c in v.definition.criteria):
        return None
    tally: Counter[str] = Counter()
    for cell in cells:
        tally.update(cell.nps)
    responses = sum(tally[g] for g in NPS_GROUPS)
    score = (
        round_score(100 * (tally["promoters"] - tally["detractors"]) / responses)
        if responses
        else None
    )
    return {"score": score, "responses": responses, **{g: tally[g] for g in NPS_GROUPS}}


def summarize(user: User, filters: AuditFilters, most_failed: int = MOST_FAILED) -> dict:
    """Every aggregate of the dashboard and the summary API, JSON-ready."""
    unwaved = cells_for(user, filters.without("wave"))
    chosen = [c for c in unwaved if c.wave == filters.wave] if filters.wave else unwaved
    total = Cell(0, 0, 0, "", "")
    months = _rollup(chosen, lambda c: c.month)
    wave_sums = _rollup(chosen, lambda c: c.wave)
    waves = _waves(wave_sums)
    per_version: Counter[int] = Counter()
    failed: Counter[tuple[int, str]] = Counter()
    for cell in chosen:
        total.merge(cell)
        per_version[cell.version_id] += cell.scored
        for key, n in cell.failed.items():
            failed[(cell.version_id, key)] += n

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
            "count": s.audits,
            "mean_overall": _mean(s.overall_sum, s.overall_count),
            "pillars": s.pillars.means(),
        }
        for month, s in sorted(months.items())
    ]
    for row in waves:
        row["pillars"] = wave_sums[row["wave"]].pillars.means()
    return {
        "filters": filters.to_dict(),
        "count": total.audits,
        "mean_overall": _mean(total.overall_sum, total.overall_count),
        "pillars": _named(
            total.pillars.means(), total.pillars.counts, pillar_labels, tuple(pillar_order)
        ),
        "stages": _named(total.stages.means(), total.stages.counts, {}, STAGE_ORDER),
        "channels": _named(total.channels.means(), total.channels.counts, {}),
        "by_month": by_month,
        "by_wave": waves,
        "locations": _locations(chosen, unwaved, filters.wave, waves),
        "most_failed": _most_failed(failed, per_version, versions, most_failed),
        "nps": _nps(chosen, versions),
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
