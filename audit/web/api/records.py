"""Records as the API shows them: one model per shape, built from the database's rows.

Each model's `of(...)` is the only place that maps a row to the API's fields; the same
model gives the OpenAPI schema and serialises the answer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Literal, Self

from flask import url_for
from pydantic import ConfigDict, Field, model_serializer
from sqlalchemy.orm import joinedload

from audit.models import (
    AudioClip,
    Audit,
    AuditFlag,
    Checkin,
    ChecklistVersion,
    Location,
    Organization,
    Photo,
    User,
)
from audit.services.audience import Audience, AuditorNames, audience_of, return_comment, trail
from audit.services.flag_words import flag_message, flag_title
from audit.web.access import me
from audit.web.api.schemas import Schema, Status, Timestamp

RoleName = Literal["consultant", "auditor", "client"]


def _example(**values: Any) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": [values]})


class RowRecord(Schema):
    """A record whose fields are mostly its row's attributes of the same name."""

    @classmethod
    def from_row(cls, row: object, **computed: Any) -> Self:
        """The record of `row`: the `computed` fields as given, every other one read from `row`.

        A field the row names otherwise (or derives) must be given, else getattr fails loudly.
        """
        copied = {name: getattr(row, name) for name in cls.model_fields if name not in computed}
        return cls(**copied, **computed)


def _evidence_place(row: Photo | AudioClip) -> dict[str, Any]:
    """Where a photo or recording belongs, as the API names it."""
    return {"touchpoint": row.touchpoint_key, "criterion": row.criterion_key}


class OrganizationOut(RowRecord):
    """A client organisation with its branding and settings."""

    model_config = ConfigDict(title="Organization")
    id: int
    slug: str
    name: str
    primary_color: str
    accent_color: str
    has_logo: bool
    report_footer: str
    page_size: Literal["A4", "Letter"]
    paper: Literal["A4", "Letter"] = Field(description="= page_size")
    report_language: Literal["en", "ar", "ru"] = Field(description="language of its PDF reports")
    show_auditor_names: bool = Field(description="false: clients see auditors as pseudonyms")
    checkin_radius_m: int = Field(description="far_from_location beyond (metres)")
    min_visit_minutes: int | None = Field(description="too_fast under (a checklist's wins)")
    photo_time_tolerance_h: float = Field(description="photo_time_mismatch beyond (hours)")
    duplicate_photo_distance: int = Field(description="duplicate_photo within (bits of 64)")
    score_outlier_points: float = Field(description="score_outlier beyond (points)")
    allow_recordings: bool = Field(description="false: auditors may not upload recordings")
    created_at: Timestamp | None

    @classmethod
    def of(cls, org: Organization) -> OrganizationOut:
        """The organisation as the API shows it."""
        return cls.from_row(org, has_logo=org.logo_sha256 is not None, paper=org.page_size)


class LocationOut(RowRecord):
    """A location (shop, branch, call centre) of an organisation."""

    model_config = ConfigDict(title="Location")
    id: int
    organization: str = Field(description="the organisation's slug")
    name: str
    code: str | None
    address: str
    city: str
    country: str
    region: str
    timezone: str = Field(description="IANA zone name")
    latitude: float | None = Field(description="WGS84 decimal degrees")
    longitude: float | None = Field(description="WGS84 decimal degrees")

    @classmethod
    def of(cls, location: Location) -> LocationOut:
        """The location as the API shows it."""
        return cls.from_row(location, organization=location.organization.slug)


class UserOut(RowRecord):
    """A user, never with secrets."""

    model_config = ConfigDict(title="User")
    id: int
    email: str
    name: str
    role: RoleName
    organization: str | None = Field(description="a client user's organisation slug")
    active: bool

    @classmethod
    def of(cls, user: User, **extra: Any) -> Any:
        """The user as the API shows it."""
        org = user.organization.slug if user.organization else None
        return cls.from_row(user, organization=org, **extra)


class MeOut(UserOut):
    """The signed-in user with their own settings."""

    model_config = ConfigDict(title="Me")
    language: Literal["en", "ar", "ru"] | None = Field(
        description="interface language; null follows the browser's Accept-Language"
    )


class CreatedUser(UserOut):
    """A new user; `invitation_url` only when no password was given."""

    model_config = ConfigDict(title="CreatedUser")
    invitation_url: str | None = Field(
        None, description="one-time link to choose a password (7 days); absent with a password"
    )

    @model_serializer(mode="wrap")
    def _without_empty_invitation(self, handler: Any) -> dict[str, Any]:
        data = handler(self)
        if data.get("invitation_url") is None:
            data.pop("invitation_url", None)
        return data


class ChecklistOut(RowRecord):
    """A checklist version (the latest unless asked for another)."""

    model_config = ConfigDict(title="Checklist")
    id: str = Field(description="the checklist id (slug)")
    version: int
    title: str
    created_at: Timestamp | None

    @classmethod
    def of(cls, version: ChecklistVersion) -> ChecklistOut:
        """The version's summary."""
        return cls.from_row(version, id=version.slug)


class CriterionOut(RowRecord):
    """A criterion of a touchpoint (docs/checklist-format.md)."""

    model_config = ConfigDict(title="Criterion")
    key: str
    text: str
    pillar: str
    type: str
    required: bool
    na: bool
    critical: bool
    guidance: str | None


class PhotoRule(Schema):
    """How many photos a touchpoint needs and takes."""

    min: int
    max: int


class AudioRule(Schema):
    """How many recordings a touchpoint takes and how long each may last."""

    max: int
    max_seconds: int


class TouchpointOut(RowRecord):
    """A touchpoint of a checklist with its criteria."""

    model_config = ConfigDict(title="Touchpoint")
    key: str
    name: str
    stage: str | None
    channel: str | None
    weight: float
    photos: PhotoRule
    audio: AudioRule | None = Field(None, description="null: the touchpoint takes no audio")
    criteria: list[CriterionOut]


class PillarOut(Schema):
    """A pillar's weight and title."""

    model_config = ConfigDict(title="Pillar")
    weight: float
    title: str | None


class ChecklistFull(ChecklistOut):
    """A checklist version with its pillars, touchpoints and criteria."""

    model_config = ConfigDict(title="ChecklistFull")
    description: str | None
    pillars: dict[str, PillarOut]
    touchpoints: list[TouchpointOut]

    @classmethod
    def of(cls, version: ChecklistVersion) -> ChecklistFull:
        """The version with everything an auditor's form needs."""
        definition = version.definition
        return cls(
            **ChecklistOut.of(version).model_dump(),
            description=definition.description,
            pillars={
                name: PillarOut(weight=p.weight, title=p.title)
                for name, p in definition.pillars.items()
            },
            touchpoints=[
                TouchpointOut.from_row(
                    t,
                    photos=PhotoRule(min=t.photos_min, max=t.photos_max),
                    audio=(
                        AudioRule(max=t.audio_max, max_seconds=t.audio_max_seconds)
                        if t.audio_max
                        else None
                    ),
                    criteria=[CriterionOut.from_row(c) for c in t.criteria],
                )
                for t in definition.touchpoints
            ],
        )


class PhotoOut(RowRecord):
    """A photo's metadata and where to fetch its sizes."""

    model_config = ConfigDict(title="Photo")
    id: int
    touchpoint: str
    criterion: str | None = Field(description="the question it is evidence of, if one")
    kind: Literal["general", "receipt"]
    caption: str
    width: int
    height: int
    content_type: str
    taken_at: Timestamp | None
    created_at: Timestamp | None
    url: str = Field(description="the display size; `?size=thumb|display|print|original`")
    thumb_url: str

    @classmethod
    def of(cls, photo: Photo) -> PhotoOut:
        """The photo as the API shows it."""
        url = url_for("api.get_photo", audit_id=photo.audit_id, photo_id=photo.id)
        return cls.from_row(photo, **_evidence_place(photo), url=url, thumb_url=url + "?size=thumb")


class AudioOut(RowRecord):
    """A recording's metadata and where to play it."""

    model_config = ConfigDict(title="Audio")
    id: int
    touchpoint: str
    criterion: str | None
    caption: str
    content_type: str = Field(description="audio/webm, ogg, mp4, mpeg or wav")
    duration: float = Field(description="seconds")
    byte_size: int
    created_at: Timestamp | None
    url: str = Field(description="the file (ranges allowed); `?download=1` as an attachment")

    @classmethod
    def of(cls, clip: AudioClip) -> AudioOut:
        """The recording as the API shows it."""
        return cls.from_row(
            clip,
            **_evidence_place(clip),
            duration=clip.duration_ms / 1000,
            url=url_for("api.get_audio", audit_id=clip.audit_id, audio_id=clip.id),
        )


class AudioList(Schema):
    """An audit's recordings, in the order they were added."""

    items: list[AudioOut]
    total: int


class ChecklistRef(Schema):
    """Which checklist version an audit follows."""

    id: str
    version: int


class LocationRef(Schema):
    """Where the audit takes place."""

    id: int
    name: str
    timezone: str


class AuditorRef(Schema):
    """Who audits: the firm sees name and e-mail, a client a label only."""

    email: str | None = Field(description="null for clients")
    name: str = Field(description="a pseudonym for clients unless the organisation shows names")


class AuditSummary(Schema):
    """An audit as lists show it."""

    id: int
    status: Status  # type: ignore[valid-type]
    organization: str
    checklist: ChecklistRef
    location: LocationRef
    auditor: AuditorRef
    wave: str
    scenario: str
    due_date: date | None
    visited_at: Timestamp | None
    submitted_at: Timestamp | None
    published_at: Timestamp | None
    overall: float | None
    grade: str | None
    return_comment: str | None = Field(description="null for clients")

    @classmethod
    def fields_of(
        cls, audit: Audit, audience: Audience, names: AuditorNames | None = None
    ) -> dict[str, Any]:
        """The summary's fields, shown to `audience` (`names`: shared by a list's rows)."""
        name = (names or AuditorNames(audience)).label(audit.organization, audit.auditor)
        email = None if audience is Audience.CLIENT else audit.auditor.email
        return {
            "id": audit.id,
            "status": audit.status,
            "organization": audit.organization.slug,
            "checklist": ChecklistRef(
                id=audit.checklist_version.slug, version=audit.checklist_version.version
            ),
            "location": LocationRef(
                id=audit.location.id, name=audit.location.name, timezone=audit.location.timezone
            ),
            "auditor": AuditorRef(email=email, name=name),
            "wave": audit.wave,
            "scenario": audit.scenario,
            "due_date": audit.due_date,
            "visited_at": audit.visited_at,
            "submitted_at": audit.submitted_at,
            "published_at": audit.published_at,
            "overall": audit.overall,
            "grade": (audit.score or {}).get("grade"),
            "return_comment": return_comment(audit, audience) or None,
        }

    @classmethod
    def of(cls, audit: Audit, viewer: User | None = None) -> Any:
        """The audit as `viewer` (the signed-in user by default) may see it."""
        return cls(**cls.fields_of(audit, audience_of(viewer or me())))

    @classmethod
    def shaper(cls) -> Callable[[Audit], Any]:
        """`of` for the rows of one list: the shopper numbers are read once, not per row."""
        audience = audience_of(me())
        names = AuditorNames(audience)
        return lambda audit: cls(**cls.fields_of(audit, audience, names))


class EventOut(Schema):
    """A step of the audit trail."""

    model_config = ConfigDict(title="Event")
    at: Timestamp | None
    who: str
    action: str
    comment: str | None


# What an audit's record reads beside the audit's own row, loaded in the same query
# (`get_audit_or_404(id, me(), *AUDIT_OUT_LOADS)`): four fewer round trips per answer save.
AUDIT_OUT_LOADS = (
    joinedload(Audit.organization),
    joinedload(Audit.location),
    joinedload(Audit.auditor),
    joinedload(Audit.checklist_version).joinedload(ChecklistVersion.checklist),
)


class AuditOut(AuditSummary):
    """One audit with its answers, comments, photos, score and trail."""

    model_config = ConfigDict(title="Audit")
    answers: dict[str, Any] = Field(description="criterion key -> value (docs/scoring.md)")
    comments: dict[str, str] = Field(description="criterion key -> the auditor's comment")
    photos: list[PhotoOut]
    score: dict[str, Any] | None = Field(description="the score JSON of docs/scoring.md")
    events: list[EventOut] = Field(
        description="the audit trail (clients: milestones and corrections only)"
    )

    @classmethod
    def of(cls, audit: Audit, viewer: User | None = None) -> Any:
        """The whole audit as `viewer` (the signed-in user by default) may see it."""
        audience = audience_of(viewer or me())
        return cls(
            **cls.fields_of(audit, audience),
            answers={a.criterion_key: a.value for a in audit.answers if a.value is not None},
            comments={a.criterion_key: a.comment for a in audit.answers if a.comment},
            photos=[PhotoOut.of(p) for p in audit.photos],
            score=audit.score,
            events=[
                EventOut(at=e.when, who=e.who, action=e.action, comment=e.comment)
                for e in trail(audit, audience)
            ],
        )


class CheckinOut(RowRecord):
    """A check-in with its distance to the location."""

    model_config = ConfigDict(title="Checkin")
    id: int
    latitude: float
    longitude: float
    accuracy_m: float | None
    distance_m: float | None = Field(description="metres; null when the location has no position")
    radius_m: int = Field(description="the organisation's checkin_radius_m")
    within_radius: bool | None
    created_at: Timestamp | None

    @classmethod
    def of(cls, checkin: Checkin) -> CheckinOut:
        """The check-in as the API shows it."""
        radius = checkin.audit.organization.checkin_radius_m
        distance = checkin.distance_m
        return cls.from_row(
            checkin,
            distance_m=distance,
            radius_m=radius,
            within_radius=None if distance is None else distance <= radius,
        )


class FlagOut(RowRecord):
    """An integrity flag with its evidence, worded in the reader's language."""

    model_config = ConfigDict(title="Flag")
    id: int
    kind: str = Field(
        description="far_from_location, no_checkin, photo_time_mismatch, photo_no_exif, "
        "duplicate_photo, too_fast, rotation, score_outlier"
    )
    severity: Literal["info", "warning", "critical"]
    title: str
    message: str
    evidence: dict[str, Any]
    created_at: Timestamp | None
    dismissed_at: Timestamp | None
    dismissed_by: str | None
    dismissed_reason: str | None

    @classmethod
    def of(cls, flag: AuditFlag) -> FlagOut:
        """The flag as the API shows it."""
        return cls.from_row(
            flag,
            title=flag_title(flag.kind),
            message=flag_message(flag),
            evidence=flag.evidence or {},
            dismissed_by=flag.dismissed_by.name if flag.dismissed_by else None,
            dismissed_reason=flag.dismissed_reason or None,
        )
