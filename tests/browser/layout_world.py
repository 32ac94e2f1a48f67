"""A world for the layout tests: an audit in each state, photos, long, Arabic and Cyrillic names.

Built once per test module (pages only read it), with the factories and the real services.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from audit.demo_answers import demo_answers
from audit.extensions import db
from audit.models import (
    ActionChange,
    ActionEvidence,
    Answer,
    Audit,
    AuditEvent,
    ChecklistVersion,
    CorrectiveAction,
    User,
)
from audit.photos.ingest import ingest_photo
from audit.services.accounts import issue_password_link
from audit.services.checklists import save_checklist_version
from audit.services.photos import photo_storage
from audit.services.scores import refresh_score
from tests.factories import ROOT, Factory
from tests.images import image_bytes

LONG_TEXT = (
    "The shopper waited by the counter for a long while; a colleague on the telephone "
    "waved but nobody came. Afterwards the advisor apologised, explained the whole range "
    "of loyalty cards and wrote the opening hours down by hand on the back of a receipt."
)
# Touchpoint names as long as real clients write them, in three scripts.
TOUCHPOINT_NAMES = {
    "Storefront and entrance": "Storefront, entrance and window displays seen from the street",
    "Greeting on arrival": "Приветствие при входе в магазин и первое впечатление",
    "Checkout": "الدفع عند الصندوق وتغليف المشتريات",
}


def layout_checklist_source(revision: int) -> str:
    """The library's retail visit under its own id, with long and non-Latin names."""
    source = (ROOT / "scoring_rules" / "retail-store-visit.yaml").read_text(encoding="utf-8")
    source = source.replace("id: retail-store-visit", "id: layout-retail-visit", 1)
    source = source.replace(
        "title: Retail store visit",
        "title: Retail store visit, full walk-through with advice and purchase",
        1,
    )
    for old, new in TOUCHPOINT_NAMES.items():
        source = source.replace(f"name: {old}", f"name: {new}", 1)
    if revision > 1:
        source = source.replace("Opening hours are displayed", "Opening hours are shown", 1)
    return source


@dataclass
class World:
    """The people, and the audits by state, that the layout tests visit."""

    consultant: User
    auditor: User
    client: User
    audits: dict[str, int] = field(default_factory=dict)
    org_slug: str = ""
    location_id: int = 0
    checklist_slug: str = ""
    password_token: str = ""
    programme_id: int = 0


def _stored_photo(factory: Factory, audit: Audit, touchpoint: str, n: int, caption: str):
    """A photo whose files really exist (thumb, display, print), so pages show images."""
    data = image_bytes(size=(800, 600), color=(40 * n % 255, 90, 160))
    ingested = ingest_photo(data, photo_storage())
    return factory.photo(
        audit,
        touchpoint,
        sha256=ingested.sha256,
        width=ingested.width,
        height=ingested.height,
        byte_size=ingested.byte_size,
        caption=caption,
        taken_at=datetime(2026, 3, 2, 10, n, tzinfo=UTC),
    )


def _answered(version: ChecklistVersion, seed: int, quality: float, touchpoints=None) -> dict:
    """Plausible answers (the demo's), for every touchpoint or only the first `touchpoints`."""
    definition = version.definition
    answers = demo_answers(definition, random.Random(seed), quality)
    if touchpoints is None:
        return answers
    keep = {c.key for tp in definition.touchpoints[:touchpoints] for c in tp.criteria}
    return {k: v for k, v in answers.items() if k in keep}


def build_world() -> World:
    """Create everything the layout pages show; call inside an app context."""
    f = Factory()
    consultant = f.user(
        "consultant",
        email="consultant@layout.test",
        name="Константин Константинопольский-Длиннофамильный",
    )
    auditor = f.user(
        "auditor", email="auditor@layout.test", name="عبد الرحمن بن عبد العزيز الهاشمي"
    )
    org = f.organization(
        "grands-magasins",
        name="Société des Grands Magasins Réunis du Nord-Pas-de-Calais et de la Picardie",
    )
    f.organization("arabic-retail", name="مجموعة المتاجر الكبرى للتجزئة والتوزيع")
    client = f.user(
        "client",
        email="client@layout.test",
        organization=org,
        name="Marie-Charlotte de La Tour d'Auvergne-Lauraguais",
    )
    places = [
        ("Торговый центр «Галерея» на Лиговском проспекте", "Санкт-Петербург", "Северо-Запад"),
        ("متجر الرياض بارك، الطابق الأرضي بجوار المدخل الرئيسي", "الرياض", "المنطقة الوسطى"),
        ("Lille Euralille, niveau 2, à côté des escalators", "Lille", "Hauts-de-France"),
        ("Amiens", "Amiens", "Hauts-de-France"),
    ]
    locations = [
        f.location(org, name=name, city=city, region=region, code=f"L{i}", address=LONG_TEXT[:80])
        for i, (name, city, region) in enumerate(places, 1)
    ]
    save_checklist_version(layout_checklist_source(1), consultant)
    version = save_checklist_version(layout_checklist_source(2), consultant)
    db.session.commit()

    def audit(status: str, where: int, seed: int, **fields) -> Audit:
        fields.setdefault("scenario", LONG_TEXT)
        fields.setdefault("due_date", date(2026, 7, 1))
        return f.audit(
            auditor=auditor, location=locations[where], version=version, status=status, **fields
        )

    world = World(consultant, auditor, client, org_slug=org.slug, checklist_slug=version.slug)
    world.location_id = locations[0].id
    world.audits["assigned"] = audit("assigned", 0, 1).id
    returned = audit(
        "in_progress",
        1,
        2,
        answers=_answered(version, 2, 0.6, touchpoints=2),
        return_comment=LONG_TEXT,
        started_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
    )
    for n in (1, 2):
        _stored_photo(f, returned, "storefront", n, "Вход с улицы, вид слева " * 3)
    world.audits["in_progress"] = returned.id
    for status, where, seed in (("submitted", 2, 3), ("approved", 3, 4)):
        done = audit(
            status,
            where,
            seed,
            answers=_answered(version, seed, 0.7),
            visited_at=datetime(2026, 6, 3, 15, 30, tzinfo=UTC),
            submitted_at=datetime(2026, 6, 3, 17, 0, tzinfo=UTC),
        )
        _stored_photo(f, done, "storefront", seed, "الواجهة من الشارع " * 3)
        world.audits[status] = done.id
    for month in range(1, 7):
        published = audit(
            "published",
            month % len(locations),
            10 + month,
            answers=_answered(version, 10 + month, 0.3 + month / 10),
            visited_at=datetime(2026, month, 12, 11, 0, tzinfo=UTC),
            submitted_at=datetime(2026, month, 12, 13, 0, tzinfo=UTC),
            published_at=datetime(2026, month, 20, 9, 0, tzinfo=UTC),
            wave="2026 Q1 — première vague" if month <= 3 else "2026 Q2 — вторая волна",
        )
        world.audits.setdefault("published", published.id)
    _comment_and_history(world, consultant)
    published = db.session.get(Audit, world.audits["published"])
    _stored_photo(f, published, "storefront", 7, LONG_TEXT[:120])
    world.password_token = issue_password_link(client, "invite", consultant)
    _notifications(published, [auditor, client, consultant])
    world.programme_id = _programme(org, locations, version).id
    world.audits["action"] = _action(f, published, client, consultant)
    f.phrase(LONG_TEXT, organization=None)
    db.session.commit()
    return world


def _notifications(audit: Audit, people: list[User]) -> None:
    """A notification of each kind for each person, and e-mails sent and failed."""
    from audit.mail.kinds import KINDS
    from audit.models import MailDelivery
    from audit.services.notifications import audit_params, notify

    params = audit_params(audit, comment=LONG_TEXT, count=3, criteria=[LONG_TEXT[:90]] * 2)
    for person in people:
        for kind in ("audit_assigned", "audit_returned", "audit_published", "critical_failure"):
            notify(person, kind, params, "main.index")
        for status, error in (("sent", ""), ("failed", "SMTPRecipientsRefused: " + LONG_TEXT)):
            db.session.add(
                MailDelivery(
                    user=person,
                    kind="audit_published",
                    to_address=person.email,
                    subject=KINDS["audit_published"].subject(params),
                    status=status,
                    attempts=4 if error else 1,
                    error=error,
                )
            )


def _action(f: Factory, audit: Audit, owner: User, consultant: User) -> int:
    """An overdue corrective action with a long title, notes and an evidence photo."""
    key = audit.checklist_version.definition.touchpoints[-1].criteria[0].key
    action = CorrectiveAction(
        audit=audit,
        organization_id=audit.organization_id,
        location_id=audit.location_id,
        criterion_key=key,
        title=LONG_TEXT[:200],
        owner=owner,
        due_date=date(2026, 1, 15),
    )
    action.history.append(ActionChange(actor=consultant, kind="opened", to_status="open"))
    action.history.append(
        ActionChange(
            actor=owner, kind="status", from_status="open", to_status="in_progress", note=LONG_TEXT
        )
    )
    photo = _stored_photo(f, audit, "storefront", 9, "")
    action.evidence.append(
        ActionEvidence(
            sha256=photo.sha256,
            content_type="image/jpeg",
            width=photo.width,
            height=photo.height,
            byte_size=photo.byte_size,
            note=LONG_TEXT[:150],
        )
    )
    action.status = "in_progress"
    db.session.add(action)
    db.session.commit()
    return action.id


def _comment_and_history(world: World, consultant: User) -> None:
    """Long comments on answers and a history with a long return comment."""
    for key in ("submitted", "published"):
        audit = db.session.get(Audit, world.audits[key])
        for answer in db.session.scalars(db.select(Answer).where(Answer.audit_id == audit.id)):
            if answer.criterion_key.endswith("notes") or answer.criterion_key.startswith("greet"):
                answer.comment = LONG_TEXT
        db.session.add(
            AuditEvent(
                audit=audit,
                actor=consultant,
                action="returned",
                from_status="submitted",
                to_status="in_progress",
                comment=LONG_TEXT,
            )
        )
        refresh_score(audit)
    db.session.commit()


def _programme(org, locations, version: ChecklistVersion):
    """A programme of every location with July's wave planned (auditors proposed)."""
    from audit.services.programmes import create_programme, generate_wave

    programme = create_programme(
        name="Programme mensuel — visites mystère des grands magasins",
        organization=org,
        checklist_slug=version.checklist.slug,
        locations=locations,
        frequency="monthly",
        visits_per_wave=2,
        window_start=5,
        window_end=25,
        scenarios=LONG_TEXT[:200] + "\nДругой сценарий: возврат подарка",
    )
    generate_wave(programme, date(2026, 7, 1))
    return programme
