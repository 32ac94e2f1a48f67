"""The bell and the notifications page; the daily reminders command (idempotent)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from audit.extensions import db
from audit.models import MailDelivery, Notification
from audit.services.notifications import notify
from tests.html import region


def _bell(client) -> str:
    page = client.get("/account").get_data(as_text=True)
    start = page.index('class="bell"')
    return page[start : page.index("</a>", start)]


def test_the_bell_counts_unread_and_the_page_marks_them_read(app, client, auth, factory):
    auditor = factory.user("auditor")
    other = factory.user("auditor")
    audit = factory.audit(auditor=auditor)
    for _ in range(27):  # more than a page
        notify(
            auditor,
            "audit_assigned",
            {"location": "Acme Flagship", "organization": "Acme"},
            "auditor.audit_form",
            audit_id=audit.id,
        )
    theirs = notify(other, "audit_assigned", {}, "auditor.audit_form", audit_id=audit.id)
    db.session.commit()
    auth.login(auditor.email)
    assert "27 unread" in _bell(client) and ">27<" in _bell(client)
    first = client.get("/account/notifications").get_data(as_text=True)
    assert first.count("New audit: Acme Flagship (Acme)") == 25
    second = client.get("/account/notifications?page=2").get_data(as_text=True)
    assert second.count("New audit: Acme Flagship (Acme)") == 2
    one = db.session.scalar(select(Notification).where(Notification.user_id == auditor.id))
    opened = client.post(f"/account/notifications/{one.id}/read", data={"open": "1"})
    assert opened.headers["Location"] == f"/auditor/audits/{audit.id}"
    assert ">26<" in _bell(client)
    assert client.post(f"/account/notifications/{theirs.id}/read").status_code == 404
    assert client.post("/account/notifications/read-all").status_code == 302
    assert "0 unread" in _bell(client) and "bell-count" not in _bell(client)
    db.session.refresh(theirs)
    assert theirs.read_at is None  # another user's stays unread


def test_notify_due_reminds_once_of_audits_due_tomorrow(app, factory, monkeypatch):

    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", 1)  # nothing listens: queued, then failed
    auditor = factory.user("auditor", language="ru")
    due = factory.audit(auditor=auditor, due_date=date(2026, 12, 2))
    factory.audit(auditor=auditor, due_date=date(2026, 12, 2), status="submitted")
    factory.audit(auditor=auditor, due_date=date(2026, 12, 3))
    runner = app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["notify-due", "--today", "2026-12-01"])
        assert result.exit_code == 0, result.output
    assert "audit_due_tomorrow: 0" in result.output  # the second run found it done
    rows = db.session.scalars(select(Notification)).all()
    assert [(n.kind, n.params["audit"]) for n in rows] == [("audit_due_tomorrow", due.id)]
    assert db.session.scalar(select(func.count()).select_from(MailDelivery)) == 1


def test_a_reminder_page_link_is_in_the_page(app, client, auth, factory):
    auditor = factory.user("auditor")
    audit = factory.audit(auditor=auditor, due_date=date(2026, 12, 2))
    notify(
        auditor,
        "audit_due_tomorrow",
        {"location": "Flagship", "organization": "Acme", "due_date": "2026-12-02"},
        "auditor.audit_form",
        audit_id=audit.id,
    )
    db.session.commit()
    auth.login(auditor.email)
    page = client.get("/account/notifications")
    assert "Due tomorrow: Flagship (Acme)" in region(page.get_data(as_text=True), "main")


def test_notify_due_reminds_of_actions_due_and_overdue_once(app, factory):
    from audit.services.actions import open_action
    from tests.factories import SMALL_ANSWERS

    acme = factory.organization("acme", name="Acme")
    owner = factory.user("client", organization=acme, email="owner@acme.test")
    other = factory.user("client", organization=acme)
    consultant = factory.user("consultant")
    audit = factory.audit(
        location=factory.location(acme, name="Flagship"),
        status="published",
        answers={**SMALL_ANSWERS, "greeted": "no", "warmth": None, "wait": 30},
    )
    soon = open_action(audit, consultant, "greeted", owner_email=owner.email, due_date="2026-12-02")
    late = open_action(audit, consultant, "wait", due_date="2026-11-20")
    draft = factory.audit(
        location=audit.location,
        status="approved",
        answers={**SMALL_ANSWERS, "greeted": "no", "warmth": None},
    )
    open_action(draft, consultant, "greeted", due_date="2026-11-20")  # not published: no mail
    db.session.commit()
    runner = app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["notify-due", "--today", "2026-12-01"])
        assert result.exit_code == 0, result.output
    rows = db.session.scalars(select(Notification).order_by(Notification.id)).all()
    told = sorted((n.kind, n.params["action"], n.user_id) for n in rows)
    assert told == sorted(
        [
            ("action_due", soon.id, owner.id),  # its owner only
            ("action_overdue", late.id, owner.id),  # no owner: every client user
            ("action_overdue", late.id, other.id),
        ]
    )
    links = {(n.params["action"], n.link) for n in rows}
    assert links == {(a.id, f"/client/actions/{a.id}") for a in (soon, late)}
