"""Telling people what happened: an in-app notification, and an e-mail unless turned off.

Services call the `on_*` hooks while they change an audit; each makes the notification
rows (flushed with the change) and asks for the e-mails once the change commits
(`enqueue_after_commit`): nothing is sent inside a request, nothing for a rolled back
change. Which kinds exist and what they say is in `audit.mail.kinds`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any
from urllib.parse import urljoin

from flask import current_app, has_request_context, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from audit.extensions import db
from audit.jobs import enqueue_after_commit
from audit.jobs.queue import jobs_held
from audit.mail.kinds import KINDS
from audit.mail.message import mail_language
from audit.mail.smtp import mail_enabled
from audit.models import Audit, AuditEvent, MailDelivery, MailOptOut, Notification, Role, User
from audit.models.base import utcnow
from audit.services.errors import InvalidState

FALLBACK_BASE_URL = "http://localhost:5000"
DELIVERY_STATUSES = ("queued", "sent", "failed")


def base_url() -> str:
    """Where the app is reached from outside: BASE_URL, else the request's host."""
    configured = current_app.config.get("BASE_URL")
    if configured:
        return configured.rstrip("/") + "/"
    return request.host_url if has_request_context() else FALLBACK_BASE_URL + "/"


def app_path(endpoint: str, **values: Any) -> str:
    """The path of a page, also outside a request (a job, the CLI)."""
    if has_request_context():
        return url_for(endpoint, **values)
    with current_app.test_request_context(base_url=base_url()):
        return url_for(endpoint, **values)


def external(path: str) -> str:
    """The address of a path of the app for an e-mail (BASE_URL, else the request's host)."""
    return urljoin(base_url(), path)


def opted_out(user: User, kind: str) -> bool:
    """True when the user turned this kind of e-mail off."""
    return db.session.get(MailOptOut, (user.id, kind)) is not None


def set_opt_outs(user: User, kinds_off: Iterable[str]) -> None:
    """Turn off exactly these kinds of e-mail for the user (the others on)."""
    off = {k for k in kinds_off if k in KINDS and KINDS[k].optional}
    for row in db.session.scalars(select(MailOptOut).where(MailOptOut.user_id == user.id)):
        if row.kind not in off:
            db.session.delete(row)
        off.discard(row.kind)
    db.session.add_all(MailOptOut(user_id=user.id, kind=k) for k in off)
    db.session.flush()


def opt_outs_of(user: User) -> set[str]:
    """The kinds of e-mail the user turned off."""
    return set(db.session.scalars(select(MailOptOut.kind).where(MailOptOut.user_id == user.id)))


def queue_mail(
    user: User,
    kind: str,
    params: Mapping[str, Any],
    link: str,
    notification: Notification | None = None,
) -> MailDelivery | None:
    """Queue the e-mail of `kind` to `user` (sent after the commit), unless mail is off.

    `link` is the full address the message points to (a set-password link, a page).
    """
    from audit.jobs.mail import send_delivery  # the job module imports this one

    if not mail_enabled(current_app.config) or not user.active or not user.email:
        return None
    if KINDS[kind].optional and opted_out(user, kind):
        return None
    with force_locale(mail_language(user.language)):
        subject = KINDS[kind].subject(params)
    delivery = MailDelivery(
        user=user,
        notification=notification,
        kind=kind,
        to_address=user.email,
        subject=subject[:300],
    )
    db.session.add(delivery)
    db.session.flush()
    enqueue_after_commit(send_delivery, delivery.id, link, dict(params))
    return delivery


def notify(
    user: User,
    kind: str,
    params: Mapping[str, Any],
    endpoint: str,
    key: str | None = None,
    **values: Any,
) -> Notification | None:
    """Tell `user`: a notification in the app and its e-mail; once only per `key`."""
    if jobs_held() or not user.active:  # a bulk load (the demo) tells nobody
        return None
    if key is not None and db.session.scalar(
        select(Notification.id).where(Notification.key == key)
    ):
        return None
    notification = Notification(
        user=user, kind=kind, params=dict(params), link=app_path(endpoint, **values), key=key
    )
    db.session.add(notification)
    db.session.flush()
    queue_mail(user, kind, params, external(notification.link), notification)
    return notification


def audit_params(audit: Audit, **extra: Any) -> dict[str, Any]:
    """What a notification about an audit says: where, which checklist, when due."""
    return {
        "audit": audit.id,
        "location": audit.location.name,
        "organization": audit.organization.name,
        "checklist": audit.checklist_version.title,
        "due_date": audit.due_date.isoformat() if audit.due_date else "",
        "wave": audit.wave,
        **extra,
    }


def _consultants_for(audit: Audit) -> list[User]:
    """The consultant who assigned the audit; every active consultant when none did."""
    assigner = db.session.scalar(
        select(User)
        .join(AuditEvent, AuditEvent.actor_id == User.id)
        .where(AuditEvent.audit_id == audit.id, AuditEvent.action == "assigned")
    )
    if assigner is not None and assigner.is_consultant and assigner.active:
        return [assigner]
    return list(
        db.session.scalars(
            select(User).where(User.role == Role.CONSULTANT.value, User.active.is_(True))
        )
    )


def clients_of(organization_id: int) -> list[User]:
    """The active client users of an organisation."""
    return list(
        db.session.scalars(
            select(User).where(
                User.organization_id == organization_id,
                User.role == Role.CLIENT.value,
                User.active.is_(True),
            )
        )
    )


def on_assigned(audit: Audit) -> None:
    """An audit was assigned: its auditor is told."""
    notify(
        audit.auditor,
        "audit_assigned",
        audit_params(audit),
        "auditor.audit_form",
        audit_id=audit.id,
    )


def on_returned(audit: Audit, comment: str) -> None:
    """An audit was returned: its auditor reads why."""
    notify(
        audit.auditor,
        "audit_returned",
        audit_params(audit, comment=comment),
        "auditor.audit_form",
        audit_id=audit.id,
    )


def on_submitted(audit: Audit) -> None:
    """An audit was submitted: its consultant is told it waits for review."""
    for consultant in _consultants_for(audit):
        notify(
            consultant,
            "audit_submitted",
            audit_params(audit),
            "consultant.audit",
            audit_id=audit.id,
        )


def on_flags_raised(audit: Audit, count: int) -> None:
    """Integrity checks raised `count` flags on a submitted audit (the integrity hook)."""
    if count <= 0:
        return
    for consultant in _consultants_for(audit):
        notify(
            consultant,
            "flags_raised",
            audit_params(audit, count=count),
            "consultant.audit",
            audit_id=audit.id,
        )


def on_published(audit: Audit) -> None:
    """An audit was published: its organisation's clients are told, and of critical failures."""
    from audit.services.checklists import parsed_checklist

    score = round(audit.overall, 1) if audit.overall is not None else None
    failed = list((audit.score or {}).get("critical_failures") or [])
    version = audit.checklist_version
    checklist = parsed_checklist(version.sha256, version.source)
    texts = [checklist.criterion(k).text for k in failed if checklist.has_criterion(k)]
    for client in clients_of(audit.organization_id):
        notify(
            client,
            "audit_published",
            audit_params(audit, score=score),
            "client.audit_detail",
            audit_id=audit.id,
        )
        if texts:
            notify(
                client,
                "critical_failure",
                audit_params(audit, criteria=texts),
                "client.audit_detail",
                audit_id=audit.id,
            )


def remind_actions(today: date) -> dict[str, int]:
    """Tell client users of corrective actions due today or tomorrow, and of overdue ones
    (the actions of published audits: clients see no other), linking to the action's page.

    The action's owner is told, or every client user of its organisation when it has none;
    once per action, kind and due date (a changed due date is a new reminder).
    """
    from datetime import timedelta

    from audit.services.actions import pending_actions_due

    made = {"action_due": 0, "action_overdue": 0}
    for action in pending_actions_due(today + timedelta(days=1)):
        if action.audit.status != "published":
            continue  # clients see an action once its audit is published
        kind = "action_overdue" if action.due_date < today else "action_due"
        owner = action.owner
        people = (
            [owner] if owner is not None and owner.active else clients_of(action.organization_id)
        )
        params = {
            "action": action.id,
            "title": action.title,
            "location": action.location.name,
            "organization": action.audit.organization.name,
            "due_date": action.due_date.isoformat(),
        }
        for person in people:
            key = f"{kind}:{action.id}:{action.due_date.isoformat()}:{person.id}"
            made[kind] += (
                notify(person, kind, params, "client.action", key=key, action_id=action.id)
                is not None
            )
    return made


def remind_due_tomorrow(today: date) -> int:
    """Tell auditors of their audits due tomorrow and not submitted (once per audit and date)."""
    from datetime import timedelta

    from audit.models import EDITABLE_STATUSES

    tomorrow = today + timedelta(days=1)
    audits = db.session.scalars(
        select(Audit).where(Audit.due_date == tomorrow, Audit.status.in_(EDITABLE_STATUSES))
    )
    made = 0
    for audit in audits:
        key = f"audit_due_tomorrow:{audit.id}:{tomorrow.isoformat()}"
        made += (
            notify(
                audit.auditor,
                "audit_due_tomorrow",
                audit_params(audit),
                "auditor.audit_form",
                key=key,
                audit_id=audit.id,
            )
            is not None
        )
    return made


def unread_count(user: User) -> int:
    """How many of the user's notifications are not read yet."""
    return (
        db.session.scalar(
            select(func.count()).where(
                Notification.user_id == user.id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


def notifications_of(user: User):
    """The user's notifications, newest first (a statement for `page_of`)."""
    return (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )


def mark_read(user: User, notification_id: int | None = None) -> Notification | None:
    """Mark one of the user's notifications read (another user's is None), or all of them."""
    if notification_id is None:
        db.session.execute(
            update(Notification)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None))
            .values(read_at=utcnow())
        )
        return None
    row = db.session.get(Notification, notification_id)
    if row is None or row.user_id != user.id:
        return None
    row.read_at = row.read_at or utcnow()
    db.session.flush()
    return row


def deliveries(status: str | None = None):
    """Every e-mail, newest first, optionally of one status (a statement for `page_of`)."""
    stmt = select(MailDelivery).order_by(MailDelivery.created_at.desc(), MailDelivery.id.desc())
    return stmt.where(MailDelivery.status == status) if status else stmt


def resend(delivery: MailDelivery, by: User) -> None:
    """Queue an e-mail that failed once more; a password link is issued anew (only the
    hash of the first one was kept, and it never arrived)."""
    from audit.jobs.mail import send_delivery
    from audit.services.users import renew_password_link

    if delivery.status == "sent":
        raise InvalidState(_("This e-mail was sent already."))
    notification = delivery.notification
    if notification is not None:
        link, params = external(notification.link), dict(notification.params)
    else:
        link, params = renew_password_link(delivery.user, delivery.kind, by)
    delivery.status = "queued"
    delivery.error = ""
    db.session.flush()
    enqueue_after_commit(send_delivery, delivery.id, link, params)


def send_reminders(today: date) -> dict[str, int]:
    """The periodic reminders of `today` (the `notify-due` command, run daily by cron).

    Each reminder is made once (its notification's `key`), so running the command again,
    or twice a day, tells nobody twice.
    """
    return {"audit_due_tomorrow": remind_due_tomorrow(today), **remind_actions(today)}
