"""The consultant's forms (parsing only; the services hold the rules)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from audit.localtime import DEFAULT_ZONE, zone_names
from audit.services import limits

SLUG = Regexp(r"^[a-z0-9][a-z0-9_-]*$", message=_l("Lowercase letters, digits, - and _."))
COLOR = Regexp(r"^#[0-9a-fA-F]{6}$", message=_l("A colour like #1f3a5f."))
LOCATION = limits.LOCATION_FIELDS
ROLES = [
    SelectChoice("auditor", _l("Auditor")),
    SelectChoice("consultant", _l("Consultant")),
    SelectChoice("client", _l("Client user")),
]


class OrganizationForm(FlaskForm):
    """Name and report branding of a client organisation."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=limits.NAME_MAX)])
    slug = StringField(
        _l("Short name (in links, cannot change)"),
        validators=[DataRequired(), Length(max=limits.SLUG_MAX), SLUG],
    )
    primary_color = StringField(_l("Primary colour"), default="#1f3a5f", validators=[COLOR])
    accent_color = StringField(_l("Accent colour"), default="#f2a900", validators=[COLOR])
    report_footer = TextAreaField(
        _l("Report footer"), validators=[Length(max=limits.REPORT_FOOTER_MAX)]
    )
    page_size = SelectField(
        _l("Report paper"), choices=[SelectChoice("A4"), SelectChoice("Letter")]
    )
    report_language = SelectField(
        _l("Report language"),
        choices=[
            SelectChoice("en", "English"),
            SelectChoice("ar", "العربية"),
            SelectChoice("ru", "Русский"),
        ],
        default="en",
    )
    show_auditor_names = BooleanField(_l("Show auditors' names to the client"))
    # Visit-integrity thresholds (docs/integrity.md); the service checks the ranges.
    checkin_radius_m = IntegerField(_l("Check-in radius (metres)"), default=300)
    min_visit_minutes = IntegerField(_l("Minimum time on site (minutes)"), validators=[Optional()])
    photo_time_tolerance_h = DecimalField(
        _l("Photo time tolerance (hours)"), default=3, places=None
    )
    duplicate_photo_distance = IntegerField(
        _l("Duplicate photo distance (bits of 64, 0-7)"), default=6
    )
    score_outlier_points = DecimalField(
        _l("Score outlier threshold (points)"), default=20, places=None
    )
    allow_recordings = BooleanField(_l("Allow audio recordings"), default=True)


class LogoForm(FlaskForm):
    """A logo upload."""

    logo = FileField(_l("Logo (PNG or JPEG)"), validators=[FileRequired()])


class LocationForm(FlaskForm):
    """A location of an organisation."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=limits.NAME_MAX)])
    code = StringField(_l("Code"), validators=[Optional(), Length(max=LOCATION["code"])])
    address = StringField(_l("Address"), validators=[Length(max=LOCATION["address"])])
    city = StringField(_l("City"), validators=[Length(max=LOCATION["city"])])
    country = StringField(_l("Country"), validators=[Length(max=LOCATION["country"])])
    region = StringField(_l("Region"), validators=[Length(max=LOCATION["region"])])
    timezone = SelectField(
        _l("Time zone"),
        choices=lambda: [SelectChoice(name) for name in zone_names()],
        default=DEFAULT_ZONE,
    )
    coordinates = StringField(_l("Coordinates (latitude, longitude)"), validators=[Length(max=60)])


class CsvForm(FlaskForm):
    """A CSV file to import."""

    file = FileField(_l("CSV file"), validators=[FileRequired()])


class UserForm(FlaskForm):
    """A new user; they choose their password through the invitation link."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=limits.EMAIL_MAX)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=limits.NAME_MAX)])
    role = SelectField(_l("Role"), choices=ROLES)
    organization = SelectField(_l("Organisation (client users only)"), choices=[])


class ChecklistForm(FlaskForm):
    """The YAML text of a checklist."""

    source = TextAreaField(_l("Checklist (YAML)"), validators=[DataRequired()])


class DuplicateForm(FlaskForm):
    """Start a new checklist from an existing one."""

    slug = StringField(
        _l("New checklist id"), validators=[DataRequired(), Length(max=limits.SLUG_MAX), SLUG]
    )
    title = StringField(_l("New title"), validators=[Length(max=limits.NAME_MAX)])


class AssignForm(FlaskForm):
    """Assign one audit."""

    checklist = SelectField(_l("Checklist"), choices=[], validators=[DataRequired()])
    location = SelectField(_l("Location"), choices=[], validators=[DataRequired()])
    auditor = SelectField(_l("Auditor"), choices=[], validators=[DataRequired()])
    due_date = DateField(_l("Due date"), validators=[Optional()])
    wave = StringField(_l("Wave (e.g. 2026 Q4)"), validators=[Length(max=limits.WAVE_MAX)])
    scenario = TextAreaField(
        _l("Scenario brief for the shopper"), validators=[Length(max=limits.SCENARIO_MAX)]
    )


class CommentForm(FlaskForm):
    """A comment (returning or approving an audit)."""

    comment = TextAreaField(_l("Comment"), validators=[Length(max=limits.COMMENT_MAX)])


class ConfirmForm(CommentForm):
    """Approving or publishing: the reviewer ticks that they have checked (works without JS)."""

    confirm = BooleanField(_l("I have checked"))


class CorrectionForm(FlaskForm):
    """A consultant's correction of one answer."""

    value = StringField(_l("Corrected answer"), validators=[DataRequired()])
    reason = StringField(_l("Why"), validators=[DataRequired(), Length(max=limits.COMMENT_MAX)])


class DismissForm(FlaskForm):
    """Dismissing an integrity flag: why it does not apply."""

    reason = TextAreaField(_l("Why it does not apply"), validators=[Length(max=limits.COMMENT_MAX)])
