"""PDF reports from the database: fill `audit.reports` data, build through the cache.

The PDF builder is pure (plain data in, bytes out); this module reads the audit, its
answers, photos and trail, and the organisation's branding into that data. The cache key
is a fingerprint of the whole data (photo files included), so any change that shows in
the report (an answer corrected, a location renamed, a new logo) gives a new PDF, and an
unchanged audit is served from disk without building.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.exceptions import NotFound

from audit.extensions import db
from audit.localtime import to_local
from audit.models import Audit, AuditStatus, Organization, Photo, User
from audit.photos import StoredPhotos
from audit.reports import (
    LANGUAGES,
    AuditReportData,
    AuditTimings,
    CriterionLine,
    GradeBand,
    ReportBranding,
    ReportPhoto,
    ReportRecording,
    ScoreLine,
    TouchpointSection,
    WaveAudit,
    WaveFail,
    WaveLocation,
    WaveSummaryData,
    build_audit_report,
    build_wave_summary,
    fingerprint,
)
from audit.scoring import Checklist as ChecklistDefinition
from audit.scoring import Criterion
from audit.scoring.engine import grade_for
from audit.services.action_followup import report_lines
from audit.services.audience import Audience, AuditorNames, audience_of, trail
from audit.services.checklist_texts import checklist_in
from audit.services.dashboard import Means, summarize
from audit.services.report_filters import (
    AuditFilters,
    BadFilter,
    filter_clauses,
)
from audit.services.scores import compute_score
from audit.services.storage import photo_storage, report_cache
from audit.storage import StoredPicture

PRINT_SIZE = "print"


@dataclass(frozen=True)
class RenderedReport:
    """A PDF, its cache key (usable as an ETag) and whether it came from the cache."""

    pdf: bytes
    key: str
    cached: bool
    filename: str


def _print_picture(storage: StoredPhotos, sha256: str) -> StoredPicture | None:
    """The print size of a stored image; None when `sha256` is not a digest."""
    try:
        return storage.picture(sha256, PRINT_SIZE)
    except ValueError:  # not a digest: never a key we made
        return None


def _through_cache(data, builder: Callable[[Any], bytes], filename: str) -> RenderedReport:
    """Serve the PDF of `data` from the cache, or build it, store it and prune the cache."""
    cache = report_cache()
    key = fingerprint(data)
    built = False

    def build() -> bytes:
        nonlocal built
        built = True
        return builder(data)

    pdf = cache.get_or_build(key, build)
    if built:
        cache.prune(current_app.config["REPORT_CACHE_MAX_BYTES"])
    return RenderedReport(pdf=pdf, key=key, cached=not built, filename=filename)


def humanize(key: str | None) -> str:
    """'in_store' -> 'In store'."""
    text = (key or "").replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def answer_text(criterion: Criterion, value: Any) -> str:
    """An answer as people read it: 'Yes', '4 / 5', an option's label, 'N/A'; '' unanswered."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    if isinstance(value, str) and value.strip().upper() == "N/A":
        return "N/A"
    kind = criterion.type
    if kind == "yes_no":
        return _("Yes") if str(value).lower() in ("yes", "true") else _("No")
    if kind == "scale":
        return f"{value} / {criterion.max}"
    if kind == "nps":
        return f"{value} / 10"
    if kind == "choice":
        option = next((o for o in criterion.options if o.value == str(value)), None)
        return option.label if option else str(value)
    if kind == "number" and isinstance(value, int | float):
        return _number(value)
    return str(value)


def branding_for(org: Organization) -> ReportBranding:
    """The organisation's report look; the logo only from the platform's own storage."""
    logo = None
    if org.logo_sha256:
        picture = _print_picture(photo_storage(), org.logo_sha256)
        logo = picture if picture is not None and picture.available else None
    return ReportBranding(
        org_name=org.name,
        primary_color=org.primary_color,
        accent_color=org.accent_color,
        logo_path=logo,
        footer_text=org.report_footer or "",
        page_size=org.page_size or "A4",
        prepared_by=current_app.config.get("REPORT_PREPARED_BY", ""),
    )


def grades_of(definition: ChecklistDefinition) -> tuple[GradeBand, ...]:
    """The checklist's grade bands."""
    return tuple(GradeBand(g.min, g.label) for g in definition.grades)


def _pillar_lines(definition: ChecklistDefinition, scores: dict) -> list[ScoreLine]:
    return [
        ScoreLine(key, pillar.title or humanize(key), scores.get(key), pillar.weight)
        for key, pillar in definition.pillars.items()
    ]


def _lines(scores: dict) -> list[ScoreLine]:
    return [ScoreLine(key, humanize(key), value) for key, value in scores.items()]


def _photo(photo: Photo, storage: StoredPhotos, zone: str) -> ReportPhoto | None:
    picture = _print_picture(storage, photo.sha256)
    if picture is None:
        return None
    return ReportPhoto(
        path=picture,
        caption=photo.caption or "",
        taken_at=to_local(photo.taken_at, zone),
        receipt=photo.kind == "receipt",
    )


def report_language_of(organization: Organization, lang: str | None = None) -> str:
    """The language of an organisation's reports: `lang` when given, else its setting."""
    if lang in LANGUAGES:
        return lang
    return organization.report_language if organization.report_language in LANGUAGES else "en"


def audit_report_data(
    audit: Audit, audience: Audience = Audience.CLIENT, lang: str | None = None
) -> AuditReportData:
    """Everything the audit report shows to `audience` in `lang`, read from the database.

    Times are the location's local time; the auditor and the trail are as `audience` may
    read them (a client's by default: pseudonyms, no internal notes). The language is the
    organisation's `report_language` unless `lang` names another; the texts made here
    (answers such as "Yes", the title, pseudonyms) are in that language too.
    """
    code = report_language_of(audit.organization, lang)
    with force_locale(code):
        return replace(_audit_report_data(audit, audience), language=code)


def _audit_report_data(audit: Audit, audience: Audience) -> AuditReportData:
    version = audit.checklist_version
    definition = checklist_in(version)  # the report's language: the locale forced above
    result = compute_score(audit)
    score = result.to_dict()
    details = result.criteria
    comments = {a.criterion_key: a.comment for a in audit.answers if a.comment}
    values = audit.answer_values()
    storage = photo_storage()
    location = audit.location
    zone = location.timezone
    # A photo of a question is drawn under it; the others in its touchpoint's grid.
    photos_by_tp: dict[str, list[ReportPhoto]] = {}
    photos_by_criterion: dict[str, list[ReportPhoto]] = {}
    for photo in audit.photos:
        line = _photo(photo, storage, zone)
        if line is not None and definition.has_criterion(photo.criterion_key):
            photos_by_criterion.setdefault(photo.criterion_key, []).append(line)
        elif line is not None:
            photos_by_tp.setdefault(photo.touchpoint_key, []).append(line)
    recordings: dict[str, list[ReportRecording]] = {}
    for clip in audit.audio_clips:
        about = definition.criterion(clip.criterion_key).text if clip.criterion_key else ""
        recordings.setdefault(clip.touchpoint_key, []).append(
            ReportRecording(clip.duration_ms / 1000, clip.caption or "", about)
        )
    critical = set(score["critical_failures"])
    sections = []
    for tp in definition.touchpoints:
        lines = []
        for c in tp.criteria:
            d = details.get(c.key)
            lines.append(
                CriterionLine(
                    key=c.key,
                    text=c.text,
                    pillar=c.pillar,
                    type=c.type,
                    answer_text=answer_text(c, values.get(c.key)),
                    score=d.fraction if d is not None and d.included else None,
                    weight=tp.weight * c.weight,
                    included=bool(d and d.included),
                    failed=bool(d and d.failed),
                    critical=c.critical,
                    hidden=bool(d and d.hidden),
                    comment=comments.get(c.key, ""),
                    photos=photos_by_criterion.get(c.key, []),
                )
            )
        sections.append(
            TouchpointSection(
                key=tp.key,
                name=tp.name,
                stage=tp.stage,
                channel=tp.channel,
                score=score["touchpoints"].get(tp.key),
                criteria=lines,
                photos=photos_by_tp.get(tp.key, []),
                recordings=recordings.get(tp.key, []),
            )
        )
    uncapped = score["overall_uncapped"]
    cap = definition.critical_failure_cap
    return AuditReportData(
        branding=branding_for(audit.organization),
        title=_("Audit report"),
        location_name=location.name,
        location_city=location.city,
        location_country=location.country,
        checklist_title=definition.title,
        visited_at=to_local(audit.visited_at, zone),
        checklist_id=version.slug,
        checklist_version=version.version,
        wave=audit.wave,
        scenario=audit.scenario,
        auditor_name=AuditorNames(audience).label(audit.organization, audit.auditor),
        overall=score["overall"],
        overall_uncapped=uncapped,
        grade=definition.grade_label(score["grade"]),
        critical_failures=tuple(k for k in score["failed"] if k in critical),
        cap_applied=bool(critical) and uncapped is not None and uncapped > cap,
        critical_failure_cap=cap,
        pillars=_pillar_lines(definition, score["pillars"]),
        stages=_lines(score["stages"]),
        channels=_lines(score["channels"]),
        touchpoints=sections,
        grades=grades_of(definition),
        timings=AuditTimings(
            started_at=to_local(audit.started_at, zone),
            submitted_at=to_local(audit.submitted_at, zone),
        ),
        events=[replace(e, when=to_local(e.when, zone)) for e in trail(audit, audience)],
        draft=audit.status != AuditStatus.PUBLISHED.value,
        audit_ref=f"#{audit.id}",
        actions=report_lines(audit, audience),
    )


def _slug(text: str) -> str:
    cleaned = "".join(ch if ch.isalnum() else "-" for ch in text.lower())
    return "-".join(part for part in cleaned.split("-") if part)[:60] or "report"


def audit_report(
    audit: Audit, audience: Audience = Audience.CLIENT, lang: str | None = None
) -> RenderedReport:
    """The audit's PDF for `audience` (in `lang`, else the organisation's report language):
    from the cache when nothing in it changed, else built."""
    name = f"audit-{audit.id}-{_slug(audit.location.name)}.pdf"
    return _through_cache(audit_report_data(audit, audience, lang), build_audit_report, name)


# --- wave summary ---------------------------------------------------------------------


def _wave_fails(audit: Audit, definition: ChecklistDefinition) -> list[WaveFail]:
    score = audit.score or {}
    critical = set(score.get("critical_failures") or ())
    values = audit.answer_values()
    fails = []
    for key in score.get("failed") or ():
        try:
            criterion = definition.criterion(key)
            tp = definition.touchpoint_of(key)
        except KeyError:
            continue
        fails.append(
            WaveFail(
                touchpoint=tp.name,
                text=criterion.text,
                answer_text=answer_text(criterion, values.get(key)),
                weight=tp.weight * criterion.weight,
                critical=key in critical,
            )
        )
    fails.sort(key=lambda f: (not f.critical, -f.weight))
    return fails


def _wave_location(
    audits: Sequence[Audit], row: dict[str, Any], names: AuditorNames
) -> WaveLocation:
    """A location's page: all its audits of the wave, with the dashboard's figures (`row`)."""
    first = audits[0]
    definitions = {a.checklist_version_id: a.checklist_version.definition for a in audits}
    pillars, stages = Means(), Means()
    titles: dict[str, str] = {}
    weights: dict[str, float] = {}
    fails: list[WaveFail] = []
    capped = False
    for audit in audits:
        definition = definitions[audit.checklist_version_id]
        score = audit.score or {}
        pillars.add(score.get("pillars"))
        stages.add(score.get("stages"))
        for key, pillar in definition.pillars.items():
            titles.setdefault(key, pillar.title or humanize(key))
            weights.setdefault(key, pillar.weight)
        fails += _wave_fails(audit, definition)
        uncapped = score.get("overall_uncapped")
        cap = definition.critical_failure_cap
        capped |= bool(score.get("critical_failures")) and uncapped is not None and uncapped > cap
    fails.sort(key=lambda f: (not f.critical, -f.weight))
    # One set of grade bands for all its audits: the mean gets a grade; else none.
    bands = {tuple(grades_of(d)) for d in definitions.values()}
    grade = (
        grade_for(next(iter(definitions.values())), row["mean_overall"])
        if len(bands) == 1
        else None
    )
    location = first.location
    zone = location.timezone
    return WaveLocation(
        location_name=location.name,
        location_city=location.city,
        location_country=location.country,
        visited_at=to_local(
            max((a.visited_at for a in audits if a.visited_at), default=None), zone
        ),
        auditor_name=", ".join(
            dict.fromkeys(names.label(a.organization, a.auditor) for a in audits)
        ),
        overall=row["mean_overall"],
        grade=grade,
        previous_overall=row["previous_overall"],
        change=row["change"],
        cap_applied=capped,
        pillars=[
            ScoreLine(key, titles.get(key, humanize(key)), mean, weights.get(key))
            for key, mean in pillars.means().items()
        ],
        stages=_lines(stages.means()),
        top_fails=fails,
        audits=[
            WaveAudit(
                checklist_title=a.checklist_version.title,
                visited_at=to_local(a.visited_at, zone),
                overall=a.overall,
                grade=(a.score or {}).get("grade"),
            )
            for a in sorted(audits, key=lambda a: (a.visited_at is None, a.visited_at, a.id))
        ],
    )


def wave_summary_data(
    organization: Organization,
    wave: str,
    audits: Sequence[Audit],
    summary: dict[str, Any],
    audience: Audience = Audience.CLIENT,
) -> WaveSummaryData:
    """A wave across locations: the dashboard's `summary` figures, the audits for the detail.

    `summary` is `dashboard.summarize` for the same filters as `audits`: its count, mean
    and league table (per location: mean, previous wave's mean, change) are what the PDF
    shows, so the PDF and the dashboard cannot disagree.
    """
    by_location: dict[int, list[Audit]] = defaultdict(list)
    for audit in audits:
        by_location[audit.location_id].append(audit)
    table = summary["locations"]
    names = AuditorNames(audience)
    rows = [_wave_location(by_location[row["id"]], row, names) for row in table["items"]]
    titles = sorted({a.checklist_version.title for a in audits})
    definitions = {a.checklist_version_id: a.checklist_version.definition for a in audits}
    bands = {grades_of(d) for d in definitions.values()}
    return WaveSummaryData(
        branding=branding_for(organization),
        title=_("Wave summary %(wave)s", wave=wave),
        wave=wave,
        checklist_title=", ".join(titles),
        previous_wave=table["previous_wave"] or "",
        locations=rows,
        audit_count=summary["count"],
        mean_overall=summary["mean_overall"],
        **({"grades": next(iter(bands))} if len(bands) == 1 else {}),
    )


def wave_summary(data: WaveSummaryData, filename: str) -> RenderedReport:
    """The wave summary PDF through the same cache."""
    return _through_cache(data, build_wave_summary, filename)


def _wave_filters(filters: AuditFilters) -> AuditFilters:
    """The wave summary's filters: a wave is required; published audits unless `status` says."""
    if not filters.wave:
        raise BadFilter(
            _("Choose a wave for the summary."), [{"field": "wave", "message": _("required")}]
        )
    if filters.status is None:
        filters = replace(filters, status=AuditStatus.PUBLISHED.value)
    return filters


def _one_organisation(organization_ids: set[int]) -> None:
    """A wave summary covers one organisation: 404 for an empty wave, 400 across several."""
    if not organization_ids:
        raise NotFound(_("No audits in this wave."))
    if len(organization_ids) > 1:
        raise BadFilter(
            _("This wave covers several organisations; choose one."),
            [{"field": "organization", "message": _("required when a wave spans organisations")}],
        )


def check_wave(user: User, filters: AuditFilters) -> None:
    """Refuse now what `wave_report` would refuse, cheaply (no audit is loaded)."""
    filters = _wave_filters(filters)
    found = db.session.scalars(
        select(Audit.organization_id).where(*filter_clauses(user, filters)).distinct()
    )
    _one_organisation(set(found))


def _no_progress(percent: int, stage: str) -> None:
    """Progress goes nowhere for a synchronous download."""


def wave_report(
    user: User,
    filters: AuditFilters,
    progress: Callable[[int, str], None] = _no_progress,
    lang: str | None = None,
) -> RenderedReport:
    """The wave summary of one organisation's wave (published audits unless `status` says).

    Every audit of the wave counts, whatever its channel (in store, phone, ...): a location
    shows the mean of its audits, and its change against the mean of its audits in the
    previous wave (waves ordered by their first visit), exactly as the dashboard does.
    `progress(percent, stage)` hears how far it is (the background job passes it on).
    Written in `lang`, else the organisation's report language.
    """
    filters = _wave_filters(filters)
    progress(10, "reading")
    audits = list(
        db.session.scalars(
            select(Audit)
            .where(*filter_clauses(user, filters))
            .options(
                joinedload(Audit.location),
                joinedload(Audit.auditor),
                joinedload(Audit.organization),
                joinedload(Audit.checklist_version),
                selectinload(Audit.answers),
            )
            .order_by(Audit.id)
        ).unique()
    )
    _one_organisation({a.organization_id for a in audits})
    organization = audits[0].organization
    code = report_language_of(organization, lang)
    with force_locale(code):
        data = wave_summary_data(
            organization, filters.wave, audits, summarize(user, filters), audience_of(user)
        )
    data = replace(data, language=code)
    progress(40, "building")
    name = f"wave-{_slug(organization.slug)}-{_slug(filters.wave)}.pdf"
    return wave_summary(data, name)
