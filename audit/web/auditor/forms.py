"""The audit form, built with WTForms from the pinned checklist version (a field per criterion).

Field names are prefixed so no criterion key can clash with a Form attribute (`data`,
`meta`...): `a-KEY` is the answer, `comment-KEY` the comment, `na-KEY` the N/A box of number and
text criteria (choice-like criteria offer N/A as one more button). The fields only carry
raw text: values are validated by the scoring module through `services.answers`, the one
code path the API uses too, and its problems are put back on the fields.
"""

from __future__ import annotations

from collections.abc import Iterable
from threading import Lock
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.validators import Optional as OptionalValidator

from audit.models import ChecklistVersion
from audit.scoring import Checklist, Criterion
from audit.scoring.engine import EPSILON, fraction
from audit.scoring.model import NA

try:  # WTForms 3.3 deprecates (value, label) tuples as choices
    from wtforms.fields.choices import SelectChoice
except ImportError:  # pragma: no cover - WTForms < 3.3 takes the tuples
    SelectChoice = None

CHOICE_TYPES = ("yes_no", "scale", "nps", "choice")
_CLASSES: dict[tuple[str, str], type[AuditForm]] = {}
_LOCK = Lock()


def answer_name(key: str) -> str:
    return f"a-{key}"


def comment_name(key: str) -> str:
    return f"comment-{key}"


def na_name(key: str) -> str:
    return f"na-{key}"


class AuditForm(FlaskForm):
    """Base of the per-version form classes; `touchpoint` says which part was posted."""

    touchpoint = StringField()

    def load(self, criteria: Iterable[Criterion], answers: dict[str, Any], comments: dict) -> None:
        """Fill the fields from stored (normalised) answers and comments."""
        for c in criteria:
            value = answers.get(c.key)
            if c.type in CHOICE_TYPES:
                self[answer_name(c.key)].data = None if value is None else as_text(value)
            else:
                if c.na:
                    self[na_name(c.key)].data = value == NA
                self[answer_name(c.key)].data = "" if value in (None, NA) else as_text(value)
            self[comment_name(c.key)].data = comments.get(c.key, "")

    def posted(self, criteria: Iterable[Criterion]) -> tuple[dict[str, Any], dict[str, str]]:
        """The raw answers and comments of `criteria` as posted (None for unanswered)."""
        values: dict[str, Any] = {}
        comments: dict[str, str] = {}
        for c in criteria:
            raw = self[answer_name(c.key)].data
            if c.type not in CHOICE_TYPES and c.na and self[na_name(c.key)].data:
                raw = NA
            values[c.key] = raw if raw not in ("", None) else None
            comments[c.key] = self[comment_name(c.key)].data or ""
        return values, comments

    def add_problems(self, problems: list[dict]) -> None:
        """Show the service's problems on the fields they name."""
        for problem in problems:
            name = answer_name(problem.get("field", ""))
            if name in self:
                self[name].errors = [*self[name].errors, problem["message"]]


def as_text(value: Any) -> str:
    """A normalised answer as the form shows it (4.0 as "4")."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _choices(c: Criterion) -> list[tuple[str, Any]]:
    if c.type == "yes_no":
        choices = [("yes", _l("Yes")), ("no", _l("No"))]
    elif c.type == "choice":
        choices = [(o.value, o.label) for o in c.options]
    else:
        low, high = (0, 10) if c.type == "nps" else (c.min, c.max)
        choices = [(str(v), str(v)) for v in range(low, high + 1)]
    if c.na:
        choices.append((NA, _l("N/A")))
    return choices


def _answer_field(c: Criterion):
    if c.type in CHOICE_TYPES:
        # validate_choice=False: the scoring module judges the value, with its own message.
        choices = _choices(c)
        if SelectChoice is not None:
            choices = [SelectChoice(value, label) for value, label in choices]
        return RadioField(c.text, choices=choices, validate_choice=False)
    if c.type == "number":
        return StringField(c.text, validators=[OptionalValidator()])
    return TextAreaField(c.text, validators=[OptionalValidator()])


def form_class(version: ChecklistVersion, definition: Checklist) -> type[AuditForm]:
    """The form class of a checklist version in `definition`'s language, built once.

    Versions never change; only labels (questions, option labels) differ by language.
    """
    ident = (version.sha256, definition.language)
    cls = _CLASSES.get(ident)
    if cls is None:
        with _LOCK:
            cls = _CLASSES.get(ident) or _build(definition)
            _CLASSES[ident] = cls
    return cls


def _build(definition: Checklist) -> type[AuditForm]:
    attrs: dict[str, Any] = {}
    for c in definition.criteria:
        attrs[answer_name(c.key)] = _answer_field(c)
        attrs[comment_name(c.key)] = TextAreaField(_l("Comment"))
        if c.type not in CHOICE_TYPES and c.na:
            attrs[na_name(c.key)] = BooleanField(_l("N/A"))
    return type(f"AuditForm_{definition.id}", (AuditForm,), attrs)


def fail_rule(c: Criterion) -> dict[str, Any] | None:
    """What makes the criterion fail, for the form's live evidence hints (None: never asks).

    Finite answer sets list their failing values; numbers carry their bands. The server
    (services.scores.submission_problems) stays the judge at submit time.
    """
    if not (c.comment_on_fail or c.photo_on_fail) or not c.scored:
        return None
    threshold = c.pass_at - EPSILON
    rule: dict[str, Any] = {"comment": c.comment_on_fail, "photo": c.photo_on_fail}
    if c.type == "number":
        rule["bands"] = [{"min": b.min, "max": b.max, "score": b.score} for b in c.bands]
        rule["threshold"] = threshold
    else:
        rule["values"] = [
            value for value, _label in _choices(c) if value != NA and _fails(c, value, threshold)
        ]
    return rule


def _fails(c: Criterion, text: str, threshold: float) -> bool:
    value = int(text) if c.type in ("scale", "nps") else text
    return fraction(c, value) < threshold


def client_rules(definition: Checklist) -> dict[str, Any]:
    """What the browser needs to show/hide follow-ups, count progress and hint evidence."""
    criteria = {}
    for tp in definition.touchpoints:
        for c in tp.criteria:
            criteria[c.key] = {
                "tp": tp.key,
                "type": c.type,
                "required": c.required,
                "showIf": (
                    {"criterion": c.show_if.criterion, "values": list(c.show_if.values)}
                    if c.show_if
                    else None
                ),
                "fail": fail_rule(c),
            }
    touchpoints = {
        tp.key: {"name": tp.name, "min": tp.photos_min, "max": tp.photos_max}
        for tp in definition.touchpoints
    }
    return {"criteria": criteria, "touchpoints": touchpoints}
