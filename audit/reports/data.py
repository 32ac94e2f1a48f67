"""Plain input data for the PDF reports: what the report service fills from the database.

Everything here is frozen, made of plain Python types (str, float, bool, datetime, Path,
sequences of the records below) and knows nothing of Flask or SQLAlchemy. Scores are
percentages in [0, 100] or None (nothing included), as produced by `audit.scoring`;
a criterion's `score` is the fraction f in [0, 1]. Sequences may be lists or tuples.

Text fields are user input and are always escaped by the report code: never pre-escape.
Images (`images.Picture`) are stored files: a local path, or a stored object read through
the platform's storage (the service never passes a name taken from a request); an image
that is missing is drawn as a placeholder.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from .images import Picture

#: Journey stages in the order the journey map draws them.
STAGE_ORDER = ("awareness", "consideration", "purchase", "retention", "advocacy")


class GradeBand(NamedTuple):
    """One grade band of a checklist: `label` applies from `min` up."""

    min: float
    label: str


#: The checklist default when the checklist declares no grades.
DEFAULT_GRADES = (
    GradeBand(90, "Excellent"),
    GradeBand(75, "Good"),
    GradeBand(60, "Fair"),
    GradeBand(0, "Poor"),
)


@dataclass(frozen=True)
class ReportBranding:
    """The client's look: organisation name, colours, logo file, footer, paper."""

    org_name: str
    primary_color: str = "#1f3a5f"  # '#rrggbb'; anything else falls back to the default
    accent_color: str = "#f2a900"
    logo_path: Picture | None = None  # PNG or JPEG from photo storage
    footer_text: str = ""
    page_size: str = "A4"  # 'A4' or 'Letter'
    prepared_by: str = ""  # the audit firm; PDF author (org_name when empty)


@dataclass(frozen=True)
class ScoreLine:
    """A named score: a pillar, a journey stage or a channel."""

    key: str
    label: str
    score: float | None
    weight: float | None = None  # pillar weight; None for stages and channels


@dataclass(frozen=True)
class CriterionLine:
    """One criterion of a touchpoint with the answer given and how it scored.

    `weight` is the effective weight (touchpoint weight x criterion weight). `included`,
    `failed`, `hidden` and `critical` follow sections 1 and 3 of the scoring rules.
    """

    key: str
    text: str
    pillar: str
    type: str  # yes_no | scale | choice | number | nps | text
    answer_text: str = ""  # the answer as shown to people ('Yes', '4 / 5', 'N/A'); '' unanswered
    score: float | None = None  # fraction f in [0, 1]; None when not scored
    weight: float = 1.0
    included: bool = False
    failed: bool = False
    critical: bool = False
    hidden: bool = False
    comment: str = ""
    photos: Sequence[ReportPhoto] = ()  # evidence of this question, drawn below its row


@dataclass(frozen=True)
class ReportPhoto:
    """A photo of a touchpoint: a print-size JPEG/PNG file (about 800 px) from storage."""

    path: Picture  # a file, or a stored image (see images.PictureSource)
    caption: str = ""
    taken_at: datetime | None = None
    receipt: bool = False  # the proof of purchase (labelled as such)


@dataclass(frozen=True)
class ReportRecording:
    """An audio recording of a touchpoint, listed with its length (a PDF cannot play it)."""

    duration: float  # seconds
    caption: str = ""
    criterion: str = ""  # the question's text when it names one


@dataclass(frozen=True)
class TouchpointSection:
    """One touchpoint of the checklist with its score, criteria and photos."""

    key: str
    name: str
    stage: str | None = None
    channel: str | None = None
    score: float | None = None
    criteria: Sequence[CriterionLine] = ()
    photos: Sequence[ReportPhoto] = ()  # those of no particular question
    recordings: Sequence[ReportRecording] = ()


@dataclass(frozen=True)
class EventLine:
    """One entry of the audit trail (a state transition)."""

    when: datetime
    who: str
    action: str
    comment: str = ""


@dataclass(frozen=True)
class ActionLine:
    """A corrective action: opened from this audit (`passed` None) or an earlier one that
    this audit rechecked (`passed`: whether the criterion passes now)."""

    title: str
    criterion: str  # the criterion's text
    status: str  # as the reader says it ('in progress')
    due_date: date | None = None
    owner: str = ""
    passed: bool | None = None


@dataclass(frozen=True)
class AuditTimings:
    """When the auditor started and submitted; `duration` is pre-formatted text."""

    started_at: datetime | None = None
    submitted_at: datetime | None = None
    duration: str = ""  # e.g. '42 min'; computed from the two times when empty


@dataclass(frozen=True)
class AuditReportData:
    """Everything one audit report shows."""

    branding: ReportBranding
    title: str
    location_name: str
    checklist_title: str
    location_city: str = ""
    location_country: str = ""
    visited_at: datetime | None = None
    checklist_id: str = ""
    checklist_version: int | None = None
    wave: str = ""
    scenario: str = ""
    auditor_name: str = ""
    overall: float | None = None
    overall_uncapped: float | None = None
    grade: str | None = None
    critical_failures: Sequence[str] = ()  # criterion keys
    cap_applied: bool = False
    critical_failure_cap: float = 0.0
    pillars: Sequence[ScoreLine] = ()
    stages: Sequence[ScoreLine] = ()
    channels: Sequence[ScoreLine] = ()
    touchpoints: Sequence[TouchpointSection] = ()
    grades: Sequence[GradeBand] = DEFAULT_GRADES  # (min, label) pairs; any order
    timings: AuditTimings = field(default_factory=AuditTimings)
    events: Sequence[EventLine] = ()
    draft: bool = False  # True: a 'DRAFT' watermark (not yet published)
    audit_ref: str = ""  # e.g. the audit id, shown on the cover
    actions: Sequence[ActionLine] = ()
    language: str = "en"  # en, ar or ru: the fixed texts, formats and direction


@dataclass(frozen=True)
class WaveFail:
    """A failed criterion shown on a location's page of the wave summary."""

    touchpoint: str
    text: str
    answer_text: str = ""
    weight: float = 1.0
    critical: bool = False


@dataclass(frozen=True)
class WaveAudit:
    """One audit of a location in a wave, as its line on the location's page."""

    checklist_title: str
    visited_at: datetime | None = None
    overall: float | None = None
    grade: str | None = None


@dataclass(frozen=True)
class WaveLocation:
    """One location's result in a wave: every audit it had in the wave, taken together.

    `overall`, `previous_overall` and `change` are the dashboard's figures for the location
    (means of its audits in this wave and in the previous one, and their difference), so
    the PDF and the dashboard always agree; `change` is None when either side is missing.
    """

    location_name: str
    location_city: str = ""
    location_country: str = ""
    visited_at: datetime | None = None  # the latest visit
    auditor_name: str = ""
    overall: float | None = None
    grade: str | None = None
    previous_overall: float | None = None  # same location in the previous wave; None if new
    cap_applied: bool = False  # the score of one of its audits was capped
    pillars: Sequence[ScoreLine] = ()  # means over its audits
    stages: Sequence[ScoreLine] = ()
    top_fails: Sequence[WaveFail] = ()  # heaviest first; the page shows the first eight
    change: float | None = None
    audits: Sequence[WaveAudit] = ()


@dataclass(frozen=True)
class WaveSummaryData:
    """A wave across locations: key figures and league table, then one page per location.

    `audit_count` and `mean_overall` are the dashboard's figures for the wave.
    """

    branding: ReportBranding
    title: str
    wave: str
    checklist_title: str = ""
    previous_wave: str = ""  # label of the wave the changes compare with
    locations: Sequence[WaveLocation] = ()
    grades: Sequence[GradeBand] = DEFAULT_GRADES
    audit_count: int = 0
    mean_overall: float | None = None
    language: str = "en"  # en, ar or ru
