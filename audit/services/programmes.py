"""Programmes that run themselves: each period's wave of visits, auditors proposed, confirmed.

A programme visits each of its locations `visits_per_wave` times per period (a month or a
quarter), due by day `window_end` of the period. `generate_wave` plans the period's
visits (once: running it again adds nothing) and proposes an auditor for each:

- **rotation**: never an auditor who visited the same location in the programme's previous
  wave (nor twice the same location in one wave);
- then an auditor of the location's region (the regions of the locations they audited);
- then the lightest workload (open audits plus visits proposed and not confirmed yet);
- then the lowest id, so a proposal is reproducible.

The consultant confirms visits in bulk (changing an auditor if they like; a choice that
breaks the rotation rule is refused for that row): each confirmed visit becomes an audit.
"""

from __future__ import annotations

import calendar
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from audit.extensions import db
from audit.models import EDITABLE_STATUSES, Audit, Checklist, Location, Organization, Role, User
from audit.models.programmes import Programme, ProgrammeVisit
from audit.services.bulk import RowResult
from audit.services.errors import ServiceError, ValidationFailed
from audit.services.limits import SCENARIO_MAX, length_problem
from audit.services.scheduling import place_order, resolve_order

FREQUENCIES = ("monthly", "quarterly")
NAME_MAX = 80  # the wave is "<name> <period>", within the 100 characters of a wave
VISITS_MAX = 10


@dataclass(frozen=True)
class Period:
    """One period of a programme: its first and last day and its label (2026-03, 2026 Q1)."""

    start: date
    end: date
    label: str


def period_of(frequency: str, day: date) -> Period:
    """The month or quarter `day` falls in."""
    if frequency == "quarterly":
        first = 3 * ((day.month - 1) // 3) + 1
        start = date(day.year, first, 1)
        end = date(day.year, first + 2, calendar.monthrange(day.year, first + 2)[1])
        return Period(start, end, f"{day.year} Q{(first + 2) // 3}")
    start = date(day.year, day.month, 1)
    end = date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return Period(start, end, f"{day.year}-{day.month:02d}")


def previous_period(frequency: str, period: Period) -> Period:
    """The period before `period`."""
    return period_of(frequency, period.start - timedelta(days=1))


def create_programme(
    *,
    name: str,
    organization: Organization,
    checklist_slug: str,
    locations: list[Location],
    frequency: str,
    visits_per_wave: int,
    window_start: int,
    window_end: int,
    scenarios: str = "",
) -> Programme:
    """Create a programme; every problem is named by its field."""
    problems: list[dict] = []
    name = (name or "").strip()
    if not name:
        problems.append({"field": "name", "message": _("a name is required")})
    problems += filter(None, [length_problem("name", name, NAME_MAX)])
    checklist = db.session.scalar(select(Checklist).where(Checklist.slug == checklist_slug))
    if checklist is None:
        problems.append(
            {"field": "checklist", "message": _("no checklist “%(slug)s”", slug=checklist_slug)}
        )
    if not locations:
        problems.append({"field": "locations", "message": _("choose at least one location")})
    if any(loc.organization_id != organization.id for loc in locations):
        problems.append(
            {"field": "locations", "message": _("every location must be of the organisation")}
        )
    if frequency not in FREQUENCIES:
        problems.append({"field": "frequency", "message": _("monthly or quarterly")})
    if not 1 <= visits_per_wave <= VISITS_MAX:
        problems.append({"field": "visits_per_wave", "message": _("from 1 to %(n)d", n=VISITS_MAX)})
    if not 1 <= window_start <= window_end <= 28 * (3 if frequency == "quarterly" else 1):
        problems.append(
            {
                "field": "window_end",
                "message": _("the window is days 1 to 28 of a month (84 of a quarter), in order"),
            }
        )
    problems += filter(None, [length_problem("scenarios", scenarios, SCENARIO_MAX)])
    if problems:
        raise ValidationFailed(_("The programme could not be saved."), problems)
    programme = Programme(
        name=name,
        organization=organization,
        checklist=checklist,
        locations=list(locations),
        frequency=frequency,
        visits_per_wave=visits_per_wave,
        window_start=window_start,
        window_end=window_end,
        scenarios=(scenarios or "").strip(),
    )
    db.session.add(programme)
    db.session.flush()
    return programme


def wave_name(programme: Programme, period: Period) -> str:
    """The wave the programme's audits of `period` carry."""
    return f"{programme.name} {period.label}"


def visits_of(programme: Programme, period: Period) -> list[ProgrammeVisit]:
    """The programme's visits of one period."""
    return list(
        db.session.scalars(
            select(ProgrammeVisit)
            .where(
                ProgrammeVisit.programme_id == programme.id,
                ProgrammeVisit.period_start == period.start,
            )
            .order_by(ProgrammeVisit.id)
        )
    )


def previous_auditors(programme: Programme, period: Period) -> dict[int, set[int]]:
    """Who visited each location in the programme's previous wave (by location id)."""
    seen: dict[int, set[int]] = defaultdict(set)
    for visit in visits_of(programme, previous_period(programme.frequency, period)):
        if visit.auditor_id is not None:
            seen[visit.location_id].add(visit.auditor_id)
    return seen


def auditor_loads() -> Counter[int]:
    """Open audits (assigned, in progress) plus unconfirmed proposals, per auditor id."""
    load: Counter[int] = Counter()
    rows = db.session.execute(
        select(Audit.auditor_id, func.count())
        .where(Audit.status.in_(EDITABLE_STATUSES))
        .group_by(Audit.auditor_id)
    )
    load.update({key: count for key, count in rows})
    rows = db.session.execute(
        select(ProgrammeVisit.proposed_auditor_id, func.count())
        .where(ProgrammeVisit.audit_id.is_(None), ProgrammeVisit.proposed_auditor_id.isnot(None))
        .group_by(ProgrammeVisit.proposed_auditor_id)
    )
    load.update({key: count for key, count in rows})
    return load


def auditor_regions() -> dict[int, set[str]]:
    """The regions of the locations each auditor has audited (their region of work)."""
    regions: dict[int, set[str]] = defaultdict(set)
    rows = db.session.execute(
        select(Audit.auditor_id, Location.region)
        .join(Location, Audit.location_id == Location.id)
        .where(Location.region != "")
        .distinct()
    )
    for auditor_id, region in rows:
        regions[auditor_id].add(region)
    return regions


def active_auditors() -> list[User]:
    """Every active auditor, by id."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.role == Role.AUDITOR.value, User.active.is_(True))
            .order_by(User.id)
        )
    )


def _propose(programme: Programme, period: Period, visits: list[ProgrammeVisit]) -> None:
    """Give each new visit an auditor by the rules of the module's docstring."""
    auditors = active_auditors()
    load, regions = auditor_loads(), auditor_regions()
    banned = previous_auditors(programme, period)
    for visit in visits_of(programme, period):  # earlier visits of this wave count too
        if visit.auditor_id is not None:
            banned[visit.location_id].add(visit.auditor_id)
    for visit in visits:
        region = visit.location.region
        candidates = [a for a in auditors if a.id not in banned[visit.location_id]]
        if not candidates:
            continue  # nobody may go: the consultant chooses (or adds an auditor)
        chosen = min(
            candidates, key=lambda a: (region not in regions.get(a.id, ()), load[a.id], a.id)
        )
        visit.proposed_auditor_id = chosen.id
        banned[visit.location_id].add(chosen.id)
        load[chosen.id] += 1


def generate_wave(programme: Programme, day: date) -> list[ProgrammeVisit]:
    """Plan the visits of the period containing `day` that are not planned yet, proposed."""
    period = period_of(programme.frequency, day)
    have = {(v.location_id, v.slot) for v in visits_of(programme, period)}
    scenarios = programme.scenario_list
    due = min(period.start + timedelta(days=programme.window_end - 1), period.end)
    made: list[ProgrammeVisit] = []
    for n, location in enumerate(programme.locations):
        for slot in range(1, programme.visits_per_wave + 1):
            if (location.id, slot) in have:
                continue
            turn = n * programme.visits_per_wave + slot - 1
            made.append(
                ProgrammeVisit(
                    programme=programme,
                    wave=wave_name(programme, period),
                    period_start=period.start,
                    location=location,
                    slot=slot,
                    scenario=scenarios[turn % len(scenarios)] if scenarios else "",
                    due_date=due,
                )
            )
    db.session.add_all(made)
    db.session.flush()
    _propose(programme, period, made)
    db.session.flush()
    return made


def run_programmes(day: date) -> dict[str, int]:
    """Plan the wave of `day`'s period for every active programme (the daily command)."""
    programmes = db.session.scalars(select(Programme).where(Programme.active.is_(True)))
    return {p.name: len(generate_wave(p, day)) for p in programmes}


def confirm_visits(
    programme: Programme, choices: dict[int, int | None], by: User
) -> list[RowResult]:
    """Turn the chosen visits (id -> auditor id) into audits; each row succeeds or not alone."""
    results = []
    for visit_id, auditor_id in choices.items():
        visit = db.session.get(ProgrammeVisit, visit_id)
        if visit is None or visit.programme_id != programme.id:
            results.append(RowResult(visit_id, False, _("no such visit in this programme")))
            continue
        results.append(_confirm(programme, visit, auditor_id, by))
    return results


def _confirm(
    programme: Programme, visit: ProgrammeVisit, auditor_id: int | None, by: User
) -> RowResult:
    if visit.audit_id is not None:
        return RowResult(visit.id, False, _("already confirmed"), visit.audit_id)
    auditor = db.session.get(User, auditor_id) if auditor_id else None
    if auditor is None:
        return RowResult(visit.id, False, _("choose an auditor"))
    period = period_of(programme.frequency, visit.period_start)
    if auditor.id in previous_auditors(programme, period)[visit.location_id]:
        return RowResult(
            visit.id,
            False,
            _("%(name)s visited this location in the previous wave", name=auditor.name),
        )
    order, problems = resolve_order(
        checklist=programme.checklist.slug,
        location=visit.location,
        auditor=auditor.email,
        due_date=visit.due_date,
        wave=visit.wave,
        scenario=visit.scenario,
    )
    if problems:
        return RowResult(visit.id, False, "; ".join(p["message"] for p in problems))
    try:
        with db.session.begin_nested():
            audit = place_order(order, by)
            visit.proposed_auditor_id = auditor.id
            visit.audit = audit
    except ServiceError as error:
        return RowResult(visit.id, False, error.message)
    return RowResult(visit.id, True, _("audit %(id)d assigned", id=audit.id), audit.id)


@dataclass(frozen=True)
class Workload:
    """One auditor's load: open audits, overdue, due within a week, proposals, regions."""

    auditor: User
    assigned: int
    in_progress: int
    overdue: int
    due_soon: int
    proposed: int
    regions: list[str]


def workload(today: date) -> list[Workload]:
    """Every active auditor's load, the busiest first."""
    open_audits = db.session.scalars(select(Audit).where(Audit.status.in_(EDITABLE_STATUSES)))
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for audit in open_audits:
        counts[audit.auditor_id][audit.status] += 1
        if audit.due_date is not None and audit.due_date < today:
            counts[audit.auditor_id]["overdue"] += 1
        elif audit.due_date is not None and audit.due_date <= today + timedelta(days=7):
            counts[audit.auditor_id]["due_soon"] += 1
    proposed = Counter(
        db.session.scalars(
            select(ProgrammeVisit.proposed_auditor_id).where(
                ProgrammeVisit.audit_id.is_(None), ProgrammeVisit.proposed_auditor_id.isnot(None)
            )
        )
    )
    regions = auditor_regions()
    rows = [
        Workload(
            auditor=a,
            assigned=counts[a.id]["assigned"],
            in_progress=counts[a.id]["in_progress"],
            overdue=counts[a.id]["overdue"],
            due_soon=counts[a.id]["due_soon"],
            proposed=proposed[a.id],
            regions=sorted(regions.get(a.id, ())),
        )
        for a in active_auditors()
    ]
    return sorted(rows, key=lambda w: (-(w.assigned + w.in_progress + w.proposed), w.auditor.name))
