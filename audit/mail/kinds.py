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


def N_(message: str) -> str:
    """Mark a kind's text for extraction; it is translated when read (`Kind.subject`)."""
    return message


def _place(p: Mapping[str, Any]) -> str:
    return _(
        "%(location)s (%(organization)s)",
        location=p.get("location", ""),
        organization=p.get("organization", ""),
    )


def _common(p: Mapping[str, Any]) -> dict[str, Any]:
    """The named values most kinds' texts take, read from the stored params."""
    return {
        "place": _place(p),
        "checklist": p.get("checklist", ""),
        "comment": p.get("comment", ""),
        "date": p.get("due_date", ""),
        "title": p.get("title", ""),
    }


def _none(p: Mapping[str, Any]) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Kind:
    """One kind: its code, the role that receives it, its label, its subject and lead.

    The subject and lead are catalogue messages with named placeholders, filled from the
    common values (`_common`) plus the kind's own (`extra`), in the current language; a
    mapping fills only the placeholders a text names, so every text takes all the values.
    """

    code: str
    role: str | None  # None: any role (password links)
    label: LazyString  # on the account page's "e-mails I receive"
    subject_text: str
    lead_text: str
    extra: Callable[[Mapping[str, Any]], dict[str, Any]] = _none
    optional: bool = True  # password links cannot be turned off

    def _values(self, params: Mapping[str, Any]) -> dict[str, Any]:
        return _common(params) | self.extra(params)

    def subject(self, params: Mapping[str, Any]) -> str:
        """The one-line text, in the current language."""
        return _(self.subject_text, **self._values(params))

    def lead(self, params: Mapping[str, Any]) -> str:
        """The sentence or two, in the current language."""
        return _(self.lead_text, **self._values(params))


def _link(code: str, label: LazyString, subject: str, lead: str, *, days: int) -> Kind:
    """A password link's kind: any role, never turned off, valid `days` unless params say."""
    return Kind(code, None, label, subject, lead, lambda p: {"days": p.get("days", days)}, False)


KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in (
        Kind(
            "audit_assigned",
            AUDITOR,
            _l("An audit is assigned to me"),
            N_("New audit: %(place)s"),
            N_(
                "You have a new audit to carry out at %(place)s with the checklist “%(checklist)s”."
            ),
        ),
        Kind(
            "audit_returned",
            AUDITOR,
            _l("An audit is returned to me"),
            N_("Audit returned: %(place)s"),
            N_("Your audit of %(place)s was returned to you. The consultant wrote: %(comment)s"),
        ),
        Kind(
            "audit_due_tomorrow",
            AUDITOR,
            _l("An audit of mine is due tomorrow"),
            N_("Due tomorrow: %(place)s"),
            N_("Your audit of %(place)s is due tomorrow (%(date)s) and is not submitted yet."),
        ),
        Kind(
            "audit_submitted",
            CONSULTANT,
            _l("An audit is submitted for review"),
            N_("Submitted for review: %(place)s"),
            N_("The audit of %(place)s (“%(checklist)s”) is submitted and waits for your review."),
        ),
        Kind(
            "flags_raised",
            CONSULTANT,
            _l("Integrity flags are raised on an audit"),
            N_("Flags on the audit of %(place)s"),
            N_(
                "%(n)s integrity flag(s) were raised on the audit of %(place)s; check them "
                "before approving it."
            ),
            lambda p: {"n": p.get("count", 0)},
        ),
        Kind(
            "audit_published",
            CLIENT,
            _l("An audit is published"),
            N_("New audit report: %(place)s"),
            N_(
                "The audit of %(place)s is published with a score of %(score)s. Its report "
                "is ready."
            ),
            lambda p: {"score": p.get("score") if p.get("score") is not None else "—"},
        ),
        Kind(
            "critical_failure",
            CLIENT,
            _l("A published audit has a critical failure"),
            N_("Critical failure at %(place)s"),
            N_("The audit of %(place)s failed %(n)s critical criterion(s): %(criteria)s."),
            lambda p: {
                "n": len(p.get("criteria", [])),
                "criteria": ", ".join(p.get("criteria", [])),
            },
        ),
        Kind(
            "action_due",
            CLIENT,
            _l("A corrective action is due soon"),
            N_("Action due: %(title)s"),
            N_("The corrective action “%(title)s” at %(place)s is due on %(date)s."),
        ),
        Kind(
            "action_overdue",
            CLIENT,
            _l("A corrective action is overdue"),
            N_("Action overdue: %(title)s"),
            N_(
                "The corrective action “%(title)s” at %(place)s was due on %(date)s and is "
                "not done yet."
            ),
        ),
        _link(
            "invitation",
            _l("Invitation"),
            N_("Your Touchpoint Audit account"),
            N_(
                "An account was created for you. Choose your password with the link below; "
                "it works once, within %(days)s days."
            ),
            days=7,
        ),
        _link(
            "password_reset",
            _l("Password reset"),
            N_("Choose a new password"),
            N_(
                "A new password was requested for your account. Choose it with the link "
                "below; it works once, within %(days)s days."
            ),
            days=2,
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
