"""Builds the demo: two client organisations, their locations, the checklist library, and
audits in every state (three published waves with photos, plus the current round).

Everything goes through the real services (assign, answer, photo, submit, approve,
publish), so the demo is data the platform itself could have produced. Answers are
random but seeded, so every `make run` on an empty database shows the same demo.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from audit import PROJECT_ROOT, localtime
from audit.demo import AUDITOR, CLIENTS, CONSULTANT
from audit.demo_answers import demo_answers, demo_photo
from audit.extensions import db
from audit.models import Audit, ChecklistVersion, CorrectiveAction, Location, Organization, User
from audit.scoring import score_audit
from audit.services.accounts import create_user
from audit.services.actions import change_action
from audit.services.answers import save_answers
from audit.services.checklists import save_checklist_version
from audit.services.photos import add_photo
from audit.services.workflow import approve_audit, assign_audit, publish_audit, submit_audit

PARIS, LONDON, UK = "Europe/Paris", "Europe/London", "United Kingdom"
WAVES = [("2026 Q2", date(2026, 5, 12)), ("2026 Q3", date(2026, 8, 18))]
CURRENT_WAVE = ("2026 Q4", date(2026, 11, 3))


@dataclass(frozen=True)
class DemoOrganization:
    """A demo client with its branding, locations and the checklists it buys."""

    slug: str
    name: str
    primary: str
    accent: str
    footer: str
    checklists: tuple[str, ...]
    # (name, code, city, country, region, time zone, quality 0..1: how well it performs)
    locations: tuple[tuple[str, str, str, str, str, str, float], ...]


ORGANIZATIONS = (
    DemoOrganization(
        "acme",
        "Acme Retail",
        "#b3261e",
        "#1f2937",
        "Acme Retail · Customer experience programme · Confidential",
        ("retail-store-visit", "phone-enquiry", "website-purchase-checkout"),
        (
            ("Paris Rivoli", "PAR-01", "Paris", "France", "Île-de-France", PARIS, 0.85),
            ("Lyon Part-Dieu", "LYS-02", "Lyon", "France", "Auvergne-Rhône-Alpes", PARIS, 0.7),
            ("Marseille Vieux-Port", "MRS-03", "Marseille", "France", "Provence", PARIS, 0.55),
            ("Москва Тверская", "MOW-04", "Москва", "Russia", "Central", "Europe/Moscow", 0.75),
        ),
    ),
    DemoOrganization(
        "globex",
        "Globex Bank",
        "#0b5394",
        "#f1c232",
        "Globex Bank · Mystery shopping 2026 · For internal use",
        ("bank-branch", "live-chat-email-support", "phone-enquiry"),
        (
            ("London City", "LDN-01", "London", UK, "South East", LONDON, 0.8),
            ("Manchester Deansgate", "MAN-02", "Manchester", UK, "North West", LONDON, 0.6),
            ("دبي مول", "DXB-03", "Dubai", "United Arab Emirates", "Gulf", "Asia/Dubai", 0.7),
        ),
    ),
)


def build_demo(password: str, progress: Callable[[str], None]) -> str:
    """Create everything; returns a one-line summary."""
    rng = random.Random(2026)
    consultant = create_user(
        email=CONSULTANT, name="Chloé Consultant", role="consultant", password=password
    )
    auditor = create_user(email=AUDITOR, name="Arun Auditor", role="auditor", password=password)
    create_user(email="auditor2@demo.test", name="Bea Auditor", role="auditor", password=password)
    versions = load_library(consultant, progress)
    audits = 0
    for spec in ORGANIZATIONS:
        organization = Organization(
            slug=spec.slug,
            name=spec.name,
            primary_color=spec.primary,
            accent_color=spec.accent,
            report_footer=spec.footer,
        )
        db.session.add(organization)
        client = create_user(
            email=CLIENTS[spec.slug],
            name=f"{spec.name} HQ",
            role="client",
            password=password,
            organization=organization,
        )
        locations = [
            Location(
                organization=organization,
                name=name,
                code=code,
                city=city,
                country=country,
                region=region,
                timezone=zone,
            )
            for name, code, city, country, region, zone, _ in spec.locations
        ]
        db.session.add_all(locations)
        db.session.flush()
        checklists = [versions[slug] for slug in spec.checklists if slug in versions]
        if not checklists:
            checklists = list(versions.values())[:2]
        # The client's own set: only these are offered when assigning its audits.
        organization.checklists = [v.checklist for v in checklists]
        progress(
            f"  {spec.name}: {len(locations)} locations, checklists "
            f"{', '.join(v.slug for v in checklists)}"
        )
        for wave_index, (wave, day) in enumerate(WAVES):
            for location, loc_spec in zip(locations, spec.locations, strict=True):
                quality = min(0.97, loc_spec[6] + 0.06 * wave_index)
                visit = _visit(day, rng.randint(0, 40), 10 + rng.randint(0, 7), location.timezone)
                _demo_audit(
                    rng,
                    consultant,
                    auditor,
                    checklists[0],
                    location,
                    wave,
                    quality,
                    "published",
                    visit,
                )
                audits += 1
        current_states = ["assigned", "in_progress", "submitted", "approved", "published"]
        wave, day = CURRENT_WAVE
        for index, state in enumerate(current_states):
            location = locations[index % len(locations)]
            quality = spec.locations[index % len(locations)][6] + 0.1
            version = checklists[index % len(checklists)]
            visit = _visit(day, index, 11, location.timezone)
            _demo_audit(rng, consultant, auditor, version, location, wave, quality, state, visit)
            audits += 1
        _follow_up_actions(organization, client, consultant)
    db.session.flush()
    return f"Demo ready: 2 organisations, {len(versions)} checklists, {audits} audits."


# How far the client has got with the actions publishing opened, oldest first.
FOLLOW_UPS = (
    ("done", "Retrained the team at the morning briefing; checked again on Friday."),
    ("in_progress", "New rota agreed with the store manager; starts next week."),
)


def _follow_up_actions(organization: Organization, client: User, consultant: User) -> None:
    """Move the organisation's first actions along (done and verified, in progress)."""
    actions = db.session.scalars(
        select(CorrectiveAction)
        .where(CorrectiveAction.organization_id == organization.id)
        .order_by(CorrectiveAction.id)
    ).all()
    for action, (status, note) in zip(actions, FOLLOW_UPS, strict=False):
        change_action(action, client, status="in_progress", note="")
        if status == "done":
            change_action(action, client, status="done", note=note)
            change_action(action, consultant, status="verified", note="Seen at the next visit.")
        else:
            change_action(action, client, note=note)


def _visit(day: date, days_later: int, hour: int, zone: str) -> datetime:
    """A visit `days_later` days after the start of a wave, at `hour` o'clock local time."""
    local = datetime.combine(day + timedelta(days=days_later), time(hour), localtime.zone(zone))
    return local.astimezone(UTC)


def load_library(author: User, progress: Callable[[str], None]) -> dict[str, ChecklistVersion]:
    """Store every checklist of scoring_rules/ (each file validated by the loader)."""
    versions: dict[str, ChecklistVersion] = {}
    for path in sorted(Path(PROJECT_ROOT / "scoring_rules").glob("*.yaml")):
        version = save_checklist_version(path.read_text(encoding="utf-8"), author)
        versions[version.slug] = version
    progress(f"  {len(versions)} checklists loaded from scoring_rules/")
    return versions


def _demo_audit(
    rng: random.Random,
    consultant: User,
    auditor: User,
    version: ChecklistVersion,
    location: Location,
    wave: str,
    quality: float,
    state: str,
    visit: datetime,
) -> Audit:
    """One audit taken through the real workflow up to `state`, then dated `visit`."""
    audit = assign_audit(
        version=version,
        location=location,
        auditor=auditor,
        assigned_by=consultant,
        due_date=(visit + timedelta(days=7)).date(),
        wave=wave,
        scenario=_scenario(rng),
    )
    if state == "assigned":
        return audit
    definition = version.definition
    answers = demo_answers(definition, rng, quality)
    if state == "in_progress":
        answers = dict(list(answers.items())[: max(1, len(answers) // 2)])
    result = score_audit(definition, answers)
    comments = {
        key: "Observed during the visit; see the photo for evidence."
        for key in result.failed
        if definition.criterion(key).comment_on_fail
    }
    save_answers(audit, auditor, answers, comments=comments)
    for touchpoint in _touchpoints_needing_photos(definition, result, rng, state):
        add_photo(
            audit,
            auditor,
            demo_photo(touchpoint.name, location.name, rng),
            touchpoint=touchpoint.key,
            caption=f"{touchpoint.name} at {location.name}",
        )
    if state in ("submitted", "approved", "published"):
        submit_audit(audit, auditor)
    if state in ("approved", "published"):
        approve_audit(audit, consultant)
    if state == "published":
        publish_audit(audit, consultant)
    _backdate(audit, visit)
    return audit


def _touchpoints_needing_photos(definition, result, rng: random.Random, state: str) -> list:
    failed_with_photo = {
        definition.touchpoint_of(k).key
        for k in result.failed
        if definition.criterion(k).photo_on_fail
    }
    chosen = []
    for touchpoint in definition.touchpoints:
        wanted = max(touchpoint.photos_min, 1 if touchpoint.key in failed_with_photo else 0)
        if not wanted and touchpoint.photos_max and state != "assigned" and rng.random() < 0.25:
            wanted = 1
        chosen.extend([touchpoint] * min(wanted, touchpoint.photos_max))
    return chosen


def _backdate(audit: Audit, visit: datetime) -> None:
    """Spread the workflow's timestamps over the days after the visit."""
    audit.started_at = visit - timedelta(minutes=35)
    audit.visited_at = visit
    if audit.submitted_at:
        audit.submitted_at = visit + timedelta(hours=2)
    if audit.approved_at:
        audit.approved_at = visit + timedelta(days=2)
    if audit.published_at:
        audit.published_at = visit + timedelta(days=3)
    steps: dict[str, Any] = {
        "assigned": visit - timedelta(days=7),
        "started": audit.started_at,
        "submitted": audit.submitted_at,
        "approved": audit.approved_at,
        "published": audit.published_at,
    }
    for event in audit.events:
        event.created_at = steps.get(event.action) or visit
    for minute, answer in enumerate(audit.answers):
        answer.answered_at = audit.started_at + timedelta(minutes=minute)
    db.session.flush()


def _scenario(rng: random.Random) -> str:
    return rng.choice(
        [
            "You are looking for a birthday gift around €80 for a keen runner.",
            "Ask about a product that is out of stock and whether it can be ordered.",
            "You are a first-time customer comparing two options; ask for a recommendation.",
            "Ask about opening a joint account and which documents you need.",
            "Return an item bought two weeks ago without the receipt.",
        ]
    )
