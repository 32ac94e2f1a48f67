"""Realistic sample report data and photos, for the tests, the benchmark and previews."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .data import (
    STAGE_ORDER,
    AuditReportData,
    AuditTimings,
    CriterionLine,
    EventLine,
    ReportBranding,
    ReportPhoto,
    ScoreLine,
    TouchpointSection,
    WaveAudit,
    WaveFail,
    WaveLocation,
    WaveSummaryData,
)

PILLARS = (("people", "People", 2.0), ("product", "Product", 1.0), ("process", "Process", 1.0))
CHANNELS = ("in_store", "phone", "website", "live_chat")
QUESTIONS = (
    ("Was the shopper greeted within 30 seconds of arrival?", "yes_no"),
    ("How warm and genuine was the greeting?", "scale"),
    ("Did the advisor ask open questions to understand the need?", "yes_no"),
    ("Which offer did the advisor make?", "choice"),
    ("Minutes waited before being served", "number"),
    ("How likely is the shopper to recommend the store?", "nps"),
    ("Was the display area clean, tidy and fully stocked?", "yes_no"),
    ("Describe the atmosphere in the store", "text"),
)
VISIT = datetime(2025, 3, 12, 14, 5, tzinfo=UTC)


def make_photos(folder: Path, count: int, size: tuple[int, int] = (800, 600)) -> list[Path]:
    """Write `count` JPEG 'print copies' (about 800 px, quality 85) with some texture."""
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    paths = []
    for i in range(count):
        base = tuple(rng.randrange(40, 220) for _ in range(3))
        img = Image.new("RGB", size, base)
        draw = ImageDraw.Draw(img)
        for _ in range(40):  # shapes, so the JPEG is not trivially small
            x, y = rng.randrange(size[0]), rng.randrange(size[1])
            colour = tuple(rng.randrange(256) for _ in range(3))
            draw.rectangle(
                [x, y, x + rng.randrange(20, 220), y + rng.randrange(20, 160)], fill=colour
            )
        draw.text((20, 20), f"Photo {i + 1}", fill=(255, 255, 255))
        path = folder / f"photo-{i:03d}.jpg"
        img.save(path, "JPEG", quality=85)
        paths.append(path)
    return paths


def _criterion(rng: random.Random, tp: int, n: int) -> CriterionLine:
    text, kind = QUESTIONS[n % len(QUESTIONS)]
    pillar = PILLARS[n % 3][0]
    if kind == "text":
        return CriterionLine(
            f"c{tp}_{n}",
            text,
            pillar,
            kind,
            "Calm, music a little loud.",
            None,
            1.0,
            included=False,
        )
    f = rng.choice((1.0, 1.0, 1.0, 0.75, 0.5, 0.0))
    answer = {
        "yes_no": "Yes" if f == 1 else "No",
        "scale": f"{1 + round(f * 4)} / 5",
        "choice": "Upgrade offered" if f >= 0.5 else "None",
        "number": f"{round((1 - f) * 6)} min",
        "nps": str(round(f * 10)),
    }[kind]
    if kind == "yes_no" and f not in (0.0, 1.0):
        f, answer = 1.0, "Yes"
    pass_at = 1.0 if kind == "yes_no" else 0.5
    critical = n == 0 and tp % 7 == 3
    comment = "Advisor was busy on the phone and did not look up." if f < pass_at else ""
    return CriterionLine(
        f"c{tp}_{n}",
        text,
        pillar,
        kind,
        answer,
        f,
        float(1 + n % 3),
        True,
        f < pass_at - 1e-9,
        critical,
        False,
        comment,
    )


def _weighted(lines: Sequence[CriterionLine]) -> float | None:
    inc = [c for c in lines if c.included]
    total = sum(c.weight for c in inc)
    return 100 * sum(c.weight * (c.score or 0) for c in inc) / total if total else None


def sample_report(
    photos: Sequence[Path] = (),
    touchpoints: int = 6,
    criteria_per: int = 8,
    location: str = "Flagship Store",
    branding: ReportBranding | None = None,
    seed: int = 1,
    photo_slots: int | None = None,
) -> AuditReportData:
    """An audit with `touchpoints` x `criteria_per` criteria; `photos` spread over them."""
    rng = random.Random(seed)
    slots = len(photos) if photo_slots is None else photo_slots
    sections = []
    for t in range(touchpoints):
        criteria = [_criterion(rng, t, n) for n in range(criteria_per)]
        mine = [photos[i % len(photos)] for i in range(slots) if photos and i % touchpoints == t]
        sections.append(
            TouchpointSection(
                f"tp{t}",
                f"Touchpoint {t + 1}: {('Arrival', 'Advice', 'Tills', 'Follow-up')[t % 4]}",
                STAGE_ORDER[t % 5],
                CHANNELS[t % len(CHANNELS)],
                _weighted(criteria),
                criteria,
                [
                    ReportPhoto(p, f"View {i + 1} of the area", VISIT + timedelta(minutes=i))
                    for i, p in enumerate(mine)
                ],
            )
        )
    every = [c for s in sections for c in s.criteria]
    pillars = [
        ScoreLine(k, label, _weighted([c for c in every if c.pillar == k]), w)
        for k, label, w in PILLARS
    ]
    stages = [
        ScoreLine(
            st, st.title(), _weighted([c for s in sections if s.stage == st for c in s.criteria])
        )
        for st in STAGE_ORDER[: min(touchpoints, 5)]
    ]
    channels = [
        ScoreLine(
            ch,
            ch.replace("_", " ").capitalize(),
            _weighted([c for s in sections if s.channel == ch for c in s.criteria]),
        )
        for ch in CHANNELS[: min(touchpoints, len(CHANNELS))]
    ]
    scored = [p for p in pillars if p.score is not None]
    uncapped = sum(p.score * p.weight for p in scored) / sum(p.weight for p in scored)
    critical = [c.key for c in every if c.critical and c.failed]
    overall = min(uncapped, 40.0) if critical else uncapped
    grade = next(
        label
        for m, label in ((90, "Excellent"), (75, "Good"), (60, "Fair"), (0, "Poor"))
        if round(overall, 1) >= m
    )
    return AuditReportData(
        branding=branding
        or ReportBranding(
            "Acme Retail",
            "#1f3a5f",
            "#f2a900",
            footer_text="Confidential – Acme Retail, 2025",
            prepared_by="Northstar Audits",
        ),
        title="Store visit audit",
        location_name=location,
        location_city="London",
        location_country="United Kingdom",
        visited_at=VISIT,
        checklist_title="Retail store visit",
        checklist_id="retail-store-visit",
        checklist_version=3,
        wave="2025-Q1",
        scenario="Shopper asks for a mid-range phone",
        auditor_name="Jane Doe",
        overall=overall,
        overall_uncapped=uncapped,
        grade=grade,
        critical_failures=critical,
        cap_applied=bool(critical) and uncapped > 40,
        critical_failure_cap=40.0,
        pillars=pillars,
        stages=stages,
        channels=channels,
        touchpoints=sections,
        timings=AuditTimings(VISIT - timedelta(minutes=5), VISIT + timedelta(minutes=52)),
        events=[
            EventLine(VISIT - timedelta(days=3), "Consultant", "assigned"),
            EventLine(VISIT + timedelta(minutes=52), "Jane Doe", "submitted"),
            EventLine(VISIT + timedelta(days=1), "Consultant", "approved", "Checked photos."),
        ],
        audit_ref="A-1042",
    )


def sample_wave(
    locations: Sequence[str], branding: ReportBranding | None = None
) -> WaveSummaryData:
    """A wave with one audit per named location, some with a previous wave."""
    rows = []
    for i, name in enumerate(locations):
        report = sample_report(location=name, seed=i + 1, branding=branding)
        fails = [
            WaveFail(tp.name, c.text, c.answer_text, c.weight, c.critical)
            for tp in report.touchpoints
            for c in tp.criteria
            if c.failed
        ]
        fails.sort(key=lambda f: (not f.critical, -f.weight))
        overall = round(report.overall, 1)
        previous = None if i % 3 == 2 else round(overall - 4 + i, 1)
        rows.append(
            WaveLocation(
                name,
                "City",
                "Country",
                report.visited_at,
                report.auditor_name,
                overall,
                report.grade,
                previous,
                report.cap_applied,
                report.pillars,
                report.stages,
                fails,
                change=None if previous is None else round(overall - previous, 1),
                audits=[
                    WaveAudit(report.checklist_title, report.visited_at, overall, report.grade)
                ],
            )
        )
    return WaveSummaryData(
        branding=branding or sample_report().branding,
        title="Wave summary 2025-Q1",
        wave="2025-Q1",
        checklist_title="Retail store visit",
        previous_wave="2024-Q4",
        locations=rows,
        audit_count=len(rows),
        mean_overall=round(sum(r.overall for r in rows) / len(rows), 1) if rows else None,
    )


# The sample's texts as an Arabic or Russian client's audit would have them (same content:
# the benchmark compares an Arabic report with the English one of the same audit).
SAMPLE_TEXTS = {
    "ar": {
        "Was the shopper greeted within 30 seconds of arrival?": (
            "هل تم الترحيب بالمتسوق خلال 30 ثانية من وصوله؟"
        ),
        "How warm and genuine was the greeting?": "ما مدى دفء الترحيب وصدقه؟",
        "Did the advisor ask open questions to understand the need?": (
            "هل طرح المستشار أسئلة مفتوحة لفهم حاجة العميل؟"
        ),
        "Which offer did the advisor make?": "ما العرض الذي قدمه المستشار؟",
        "Minutes waited before being served": "دقائق الانتظار قبل تقديم الخدمة",
        "How likely is the shopper to recommend the store?": (
            "ما مدى احتمال أن يوصي المتسوق بالمتجر؟"
        ),
        "Was the display area clean, tidy and fully stocked?": (
            "هل كانت منطقة العرض نظيفة ومرتبة ومكتملة البضائع؟"
        ),
        "Describe the atmosphere in the store": "صف الأجواء في المتجر",
        "Calm, music a little loud.": "هادئة، والموسيقى مرتفعة قليلاً.",
        "Advisor was busy on the phone and did not look up.": (
            "كان المستشار مشغولاً بالهاتف ولم يرفع نظره."
        ),
        "Yes": "نعم",
        "No": "لا",
        "Upgrade offered": "عُرضت ترقية",
        "None": "لا شيء",
        "Touchpoint": "نقطة الاتصال",
        "Arrival": "الوصول",
        "Advice": "الاستشارة",
        "Tills": "الدفع",
        "Follow-up": "المتابعة",
        "View of the area": "منظر المنطقة",
        "Store visit audit": "تدقيق زيارة المتجر",
        "Retail store visit": "زيارة متجر تجزئة",
        "Shopper asks for a mid-range phone": "المتسوق يسأل عن هاتف متوسط السعر",
        "location": "دبي مول",
        "city": "دبي",
        "country": "الإمارات العربية المتحدة",
        "auditor": "المتسوق 7",
    },
    "ru": {
        "Was the shopper greeted within 30 seconds of arrival?": (
            "Поприветствовали ли покупателя в течение 30 секунд после прихода?"
        ),
        "How warm and genuine was the greeting?": "Насколько тёплым и искренним было приветствие?",
        "Did the advisor ask open questions to understand the need?": (
            "Задавал ли консультант открытые вопросы, чтобы понять потребность?"
        ),
        "Which offer did the advisor make?": "Какое предложение сделал консультант?",
        "Minutes waited before being served": "Минуты ожидания до обслуживания",
        "How likely is the shopper to recommend the store?": (
            "Насколько вероятно, что покупатель порекомендует магазин?"
        ),
        "Was the display area clean, tidy and fully stocked?": (
            "Была ли зона выкладки чистой, аккуратной и полностью заполненной?"
        ),
        "Describe the atmosphere in the store": "Опишите атмосферу в магазине",
        "Calm, music a little loud.": "Спокойная, музыка немного громкая.",
        "Advisor was busy on the phone and did not look up.": (
            "Консультант разговаривал по телефону и даже не поднял глаз."
        ),
        "Yes": "Да",
        "No": "Нет",
        "Upgrade offered": "Предложена модель классом выше",
        "None": "Нет",
        "Touchpoint": "Точка контакта",
        "Arrival": "Прибытие",
        "Advice": "Консультация",
        "Tills": "Касса",
        "Follow-up": "Повторный контакт",
        "View of the area": "Вид зоны",
        "Store visit audit": "Аудит посещения магазина",
        "Retail store visit": "Посещение розничного магазина",
        "Shopper asks for a mid-range phone": "Покупатель спрашивает телефон среднего класса",
        "location": "Москва Тверская",
        "city": "Москва",
        "country": "Россия",
        "auditor": "Тайный покупатель 7",
    },
}


def sample_in(data: AuditReportData, code: str) -> AuditReportData:
    """The same audit written by an Arabic or Russian client, in a report in that language."""
    texts = SAMPLE_TEXTS.get(code)
    if texts is None:
        return replace(data, language=code)

    def said(text: str) -> str:
        return texts.get(text, text)

    def touchpoint(tp: TouchpointSection, number: int) -> TouchpointSection:
        place = tp.name.split(": ", 1)[-1]
        return replace(
            tp,
            name=f"{texts['Touchpoint']} {number}: {said(place)}",
            criteria=[
                replace(
                    c, text=said(c.text), answer_text=said(c.answer_text), comment=said(c.comment)
                )
                for c in tp.criteria
            ],
            photos=[replace(p, caption=texts["View of the area"]) for p in tp.photos],
        )

    return replace(
        data,
        language=code,
        title=said(data.title),
        checklist_title=said(data.checklist_title),
        scenario=said(data.scenario),
        location_name=texts["location"],
        location_city=texts["city"],
        location_country=texts["country"],
        auditor_name=texts["auditor"],
        touchpoints=[touchpoint(tp, i) for i, tp in enumerate(data.touchpoints, 1)],
    )
