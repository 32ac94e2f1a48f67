"""Where a piece of evidence (photo or recording) belongs: a touchpoint, maybe a criterion.

Shared by photo and audio uploads so both answer the same 422s for the same mistakes.
"""

from __future__ import annotations

from flask_babel import gettext as _

from audit.scoring import Checklist, Touchpoint
from audit.services.errors import ValidationFailed

PHOTO_KINDS = ("general", "receipt")


def evidence_target(
    definition: Checklist, touchpoint: object, criterion: object
) -> tuple[Touchpoint, str | None]:
    """The touchpoint and criterion key named by an upload (422 naming the bad field).

    A criterion alone names its touchpoint too; given both, the criterion must be one of
    that touchpoint's questions.
    """
    criterion = criterion.strip() if isinstance(criterion, str) else criterion
    touchpoint = touchpoint.strip() if isinstance(touchpoint, str) else touchpoint
    if criterion in (None, ""):
        criterion = None
    elif not definition.has_criterion(criterion):
        raise ValidationFailed(
            _("This checklist has no such question."),
            [{"field": "criterion", "message": _("unknown criterion `%(key)s`", key=criterion)}],
        )
    if touchpoint in (None, "") and criterion is not None:
        return definition.touchpoint_of(criterion), criterion
    try:
        tp = definition.touchpoint(touchpoint)  # type: ignore[arg-type]
    except (KeyError, TypeError):
        raise ValidationFailed(
            _("Choose the touchpoint the evidence belongs to."),
            [
                {
                    "field": "touchpoint",
                    "message": _("unknown touchpoint `%(key)s`", key=touchpoint),
                }
            ],
        ) from None
    if criterion is not None and definition.touchpoint_of(criterion).key != tp.key:
        raise ValidationFailed(
            _("This question belongs to another touchpoint."),
            [
                {
                    "field": "criterion",
                    "message": _(
                        "`%(key)s` is not a question of %(touchpoint)s",
                        key=criterion,
                        touchpoint=tp.name,
                    ),
                }
            ],
        )
    return tp, criterion


def photo_kind(kind: object) -> str:
    """A photo's kind as stored: `general` (the default) or `receipt` (else 422)."""
    if kind in (None, ""):
        return "general"
    if kind not in PHOTO_KINDS:
        raise ValidationFailed(
            _("Unknown kind of photo."),
            [{"field": "kind", "message": _("one of %(choices)s", choices=", ".join(PHOTO_KINDS))}],
        )
    return str(kind)
