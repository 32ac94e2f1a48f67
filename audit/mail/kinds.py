"""The kinds of notification: who receives each, and what it says in the reader's language.

A notification stores plain values (`params`); its words are written when it is read (in
the app, in the viewer's language) or mailed (in the recipient's `User.language`), so a
kind's text changes with the catalogues, never with the stored rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

AUDITOR, CONSULTANT, CLIENT = "auditor", "consultant", "client"


@dataclass(frozen=True)
class Kind:
    """One kind: its code, the role that receives it, its label, its subject and lead."""

    code: str
    role: str | None  # None: any role (password links)
    label: LazyString  # on the account page's "e-mails I receive"
    subject: Callable[[Mapping[str, Any]], str]
    lead: Callable[[Mapping[str, Any]], str]
    optional: bool = True  # password links cannot be turned off


def _place(p: Mapping[str, Any]) -> str:
    return _(
        "%(location)s (%(organization)s)",
        location=p.get("location", ""),
        organization=p.get("organization", ""),
    )


KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in (
        Kind(
            "audit_assigned",
            AUDITOR,
            _l("An audit is assigned to me"),
            lambda p: _("New audit: %(place)s", place=_place(p)),
            lambda p: _(
                "You have a new audit to carry out at %(place)s with the checklist "
                "“%(checklist)s”.",
                place=_place(p),
                checklist=p.get("checklist", ""),
            ),
        ),
        Kind(
            "audit_returned",
            AUDITOR,
            _l("An audit is returned to me"),
            lambda p: _("Audit returned: %(place)s", place=_place(p)),
            lambda p: _(
                "Your audit of %(place)s was returned to you. The consultant wrote: %(comment)s",
                place=_place(p),
                comment=p.get("comment", ""),
            ),
        ),
        Kind(
            "audit_due_tomorrow",
            AUDITOR,
            _l("An audit of mine is due tomorrow"),
            lambda p: _("Due tomorrow: %(place)s", place=_place(p)),
            lambda p: _(
                "Your audit of %(place)s is due tomorrow (%(date)s) and is not submitted yet.",
                place=_place(p),
                date=p.get("due_date", ""),
            ),
        ),
        Kind(
            "audit_submitted",
            CONSULTANT,
            _l("An audit is submitted for review"),
            lambda p: _("Submitted for review: %(place)s", place=_place(p)),
            lambda p: _(
                "The audit of %(place)s (“%(checklist)s”) is submitted and waits for your review.",
                place=_place(p),
                checklist=p.get("checklist", ""),
            ),
        ),
        Kind(
            "flags_raised",
            CONSULTANT,
            _l("Integrity flags are raised on an audit"),
            lambda p: _("Flags on the audit of %(place)s", place=_place(p)),
            lambda p: _(
                "%(n)s integrity flag(s) were raised on the audit of %(place)s; check them "
                "before approving it.",
                n=p.get("count", 0),
                place=_place(p),
            ),
        ),
        Kind(
            "audit_published",
            CLIENT,
            _l("An audit is published"),
            lambda p: _("New audit report: %(place)s", place=_place(p)),
            lambda p: _(
                "The audit of %(place)s is published with a score of %(score)s. Its report "
                "is ready.",
                place=_place(p),
                score=p.get("score") if p.get("score") is not None else "—",
            ),
        ),
        Kind(
            "critical_failure",
            CLIENT,
            _l("A published audit has a critical failure"),
            lambda p: _("Critical failure at %(place)s", place=_place(p)),
            lambda p: _(
                "The audit of %(place)s failed %(n)s critical criterion(s): %(criteria)s.",
                place=_place(p),
                n=len(p.get("criteria", [])),
                criteria=", ".join(p.get("criteria", [])),
            ),
        ),
        Kind(
            "action_due",
            CLIENT,
            _l("A corrective action is due soon"),
            lambda p: _("Action due: %(title)s", title=p.get("title", "")),
            lambda p: _(
                "The corrective action “%(title)s” at %(place)s is due on %(date)s.",
                title=p.get("title", ""),
                place=_place(p),
                date=p.get("due_date", ""),
            ),
        ),
        Kind(
            "action_overdue",
            CLIENT,
            _l("A corrective action is overdue"),
            lambda p: _("Action overdue: %(title)s", title=p.get("title", "")),
            lambda p: _(
                "The corrective action “%(title)s” at %(place)s was due on %(date)s and is "
                "not done yet.",
                title=p.get("title", ""),
                place=_place(p),
                date=p.get("due_date", ""),
            ),
        ),
        Kind(
            "invitation",
            None,
            _l("Invitation"),
            lambda p: _("Your Touchpoint Audit account"),
            lambda p: _(
                "An account was created for you. Choose your password with the link below; "
                "it works once, within %(days)s days.",
                days=p.get("days", 7),
            ),
            optional=False,
        ),
        Kind(
            "password_reset",
            None,
            _l("Password reset"),
            lambda p: _("Choose a new password"),
            lambda p: _(
                "A new password was requested for your account. Choose it with the link "
                "below; it works once, within %(days)s days.",
                days=p.get("days", 2),
            ),
            optional=False,
        ),
    )
}
#: Password links go by mail only (the person may not be able to sign in yet).
LINK_KINDS = ("invitation", "password_reset")


def kinds_for(role: str) -> list[Kind]:
    """The kinds a user of this role may receive and turn off."""
    return [k for k in KINDS.values() if k.optional and k.role == role]


def subject_of(kind: str, params: Mapping[str, Any]) -> str:
    """The notification's one-line text, in the current language."""
    return KINDS[kind].subject(params)


def lead_of(kind: str, params: Mapping[str, Any]) -> str:
    """The notification's sentence or two, in the current language."""
    return KINDS[kind].lead(params)
