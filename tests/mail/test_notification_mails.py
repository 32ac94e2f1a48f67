"""E-mails received by a real SMTP server: recipient, language, link; opt-outs; failures."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from audit.extensions import db
from audit.mail.kinds import subject_of
from audit.models import MailDelivery, Notification
from tests.factories import SMALL_ANSWERS, SMALL_CHECKLIST
from tests.jobs.backends import ServedApiClient as ApiClient

BASE = "https://audits.example.test"


def served(response):
    """Read and close a page's response, as a server does: inline jobs run then."""
    response.get_data()
    response.close()
    return response


CRITICAL_CHECKLIST = SMALL_CHECKLIST.replace(
    "pillar: people, type: yes_no}}", "pillar: people, type: yes_no, critical: true}}"
)


@pytest.fixture
def world(factory):
    """A consultant, an Arabic and a Russian auditor, acme with a client, a checklist."""
    acme = factory.organization("acme", name="Acme Retail")
    return {
        "consultant": factory.user("consultant", email="lead@firm.test"),
        "ar": factory.user("auditor", email="amal@field.test", name="Amal", language="ar"),
        "ru": factory.user("auditor", email="oleg@field.test", name="Oleg", language="ru"),
        "client": factory.user("client", email="cfo@acme.test", organization=acme),
        "location": factory.location(acme, name="Acme Flagship"),
        "version": factory.checklist(CRITICAL_CHECKLIST.format(slug="small")),
    }


def _assign(client, app, world, auditor, **extra):
    api = ApiClient(app.test_client(), app, world["consultant"])  # not the page's session
    body = {"checklist": "small", "location": world["location"].id, "auditor": auditor.email}
    response = api.post("/audits", json={**body, **extra})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def _expected_subject(language: str, kind: str, **params) -> str:
    with force_locale(language):
        return subject_of(kind, params)


@pytest.mark.parametrize("language", ["ar", "ru"])
def test_an_assigned_auditor_is_mailed_in_their_language_with_the_link(
    mail_app, inbox, client, world, language
):
    auditor = world[language]
    audit_id = _assign(client, mail_app, world, auditor, due_date="2030-05-01")
    [message] = inbox.to(auditor.email)
    assert message["To"].addresses[0].addr_spec == auditor.email
    assert message["Content-Language"] == language
    place = {"location": "Acme Flagship", "organization": "Acme Retail"}
    assert message["Subject"] == _expected_subject(language, "audit_assigned", **place)
    body = message.get_content()
    assert f"{BASE}/auditor/audits/{audit_id}" in body
    assert f"{BASE}/account" in body  # where to turn it off
    assert not inbox.to(world["client"].email)  # clients hear nothing of an assignment
    delivery = db.session.scalar(select(MailDelivery))
    assert (delivery.status, delivery.attempts, delivery.to_address) == ("sent", 1, auditor.email)


def test_the_arabic_and_the_russian_auditor_each_read_their_language(
    mail_app, inbox, client, world
):
    _assign(client, mail_app, world, world["ar"])
    _assign(client, mail_app, world, world["ru"])
    [arabic] = inbox.to(world["ar"].email)
    [russian] = inbox.to(world["ru"].email)
    assert arabic["Subject"] == "تدقيق جديد: Acme Flagship (Acme Retail)"
    assert russian["Subject"] == "Новый аудит: Acme Flagship (Acme Retail)"
    assert arabic.get_content().startswith("مرحبًا Amal،")
    assert russian.get_content().startswith("Здравствуйте, Oleg!")
    assert "Отключить такие письма" in russian.get_content()


def test_an_opted_out_kind_is_not_mailed_but_stays_in_the_app(mail_app, inbox, client, auth, world):
    auth.login(world["ar"].email)
    kept = ["audit_returned", "audit_due_tomorrow"]  # audit_assigned unticked
    assert client.post("/account/mail", data={"kind": kept}).status_code == 302
    page = client.get("/account").get_data(as_text=True)
    assert 'value="audit_assigned" >' in page or 'value="audit_assigned">' in page
    _assign(client, mail_app, world, world["ar"])
    assert inbox.to(world["ar"].email) == []
    assert db.session.scalar(select(Notification.kind)) == "audit_assigned"
    assert db.session.scalar(select(MailDelivery)) is None
    _assign(client, mail_app, world, world["ru"])  # another auditor still gets theirs
    assert len(inbox.to(world["ru"].email)) == 1


def test_a_failed_delivery_is_retried_recorded_and_sent_again_by_the_consultant(
    mail_app, client, auth, world, smtp_port, request
):
    audit_id = _assign(client, mail_app, world, world["ru"])  # no server listening yet
    delivery = db.session.scalar(select(MailDelivery))
    assert delivery.status == "failed"
    assert delivery.attempts == 1 + mail_app.config["JOB_RETRIES"]
    assert "ConnectionRefusedError" in delivery.error
    auth.login(world["consultant"].email)
    page = client.get("/consultant/deliveries?status=failed").get_data(as_text=True)
    assert "oleg@field.test" in page and "ConnectionRefusedError" in page and "Send again" in page
    inbox = request.getfixturevalue("inbox")  # the server comes up
    resent = served(client.post(f"/consultant/deliveries/{delivery.id}/resend"))
    assert resent.status_code == 302
    [message] = inbox.to("oleg@field.test")
    assert f"{BASE}/auditor/audits/{audit_id}" in message.get_content()
    db.session.refresh(delivery)
    assert (delivery.status, delivery.error) == ("sent", "")
    again = client.post(f"/consultant/deliveries/{delivery.id}/resend", follow_redirects=True)
    assert "sent already" in again.get_data(as_text=True)
    assert len(inbox.to("oleg@field.test")) == 1


def test_a_refused_recipient_is_not_retried(mail_app, inbox, client, world):
    inbox.refuse = "550 5.1.1 No such mailbox"
    _assign(client, mail_app, world, world["ar"])
    delivery = db.session.scalar(select(MailDelivery))
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert "550" in delivery.error and "No such mailbox" in delivery.error


def test_the_review_round_trip_mails_the_consultant_and_the_auditor(mail_app, inbox, client, world):
    audit_id = _assign(client, mail_app, world, world["ru"])
    auditor = ApiClient(client, mail_app, world["ru"])
    assert auditor.patch(f"/audits/{audit_id}/answers", json=SMALL_ANSWERS).status_code == 200
    assert auditor.post(f"/audits/{audit_id}/submit").status_code == 200
    # The consultant who assigned it: the submit, and its integrity flag (no check-in).
    mails = inbox.to("lead@firm.test")
    assert len(mails) == 2
    assert all(f"{BASE}/consultant/audits/{audit_id}" in m.get_content() for m in mails)
    consultant = ApiClient(client, mail_app, world["consultant"])
    returned = consultant.post(f"/audits/{audit_id}/return", json={"comment": "Photo missing"})
    assert returned.status_code == 200
    assigned, back = inbox.to("oleg@field.test")
    assert "Photo missing" in back.get_content()
    assert back["Subject"] == _expected_subject(
        "ru", "audit_returned", location="Acme Flagship", organization="Acme Retail"
    )


def test_publishing_a_critical_failure_mails_the_client_both(mail_app, inbox, client, world):
    audit_id = _assign(client, mail_app, world, world["ar"])
    auditor = ApiClient(client, mail_app, world["ar"])
    answers = {**SMALL_ANSWERS, "greeted": "no"}
    del answers["warmth"]  # hidden when not greeted
    assert auditor.patch(f"/audits/{audit_id}/answers", json=answers).status_code == 200
    assert auditor.post(f"/audits/{audit_id}/submit").status_code == 200
    consultant = ApiClient(client, mail_app, world["consultant"])
    assert consultant.post(f"/audits/{audit_id}/approve", json={}).status_code == 200
    assert consultant.post(f"/audits/{audit_id}/publish", json={}).status_code == 200
    published, critical = inbox.to("cfo@acme.test")
    assert f"{BASE}/client/audits/{audit_id}" in published.get_content()
    assert "Was the shopper greeted?" in critical.get_content()
    assert "Amal" not in published.get_content() + critical.get_content()  # shoppers anonymous


def test_an_invitation_is_mailed_and_the_link_still_shown_to_the_consultant(
    mail_app, inbox, client, auth, world
):
    auth.login(world["consultant"].email)
    created = client.post(
        "/consultant/users/new",
        data={"email": "new@field.test", "name": "Nadia", "role": "auditor", "organization": ""},
        follow_redirects=True,
    )
    page = created.get_data(as_text=True)
    shown = re.search(r'value="(https://audits\.example\.test/set-password/[^"]+)"', page)
    assert shown, page
    [message] = inbox.to("new@field.test")
    assert shown.group(1) in message.get_content()
    path = shown.group(1).removeprefix(BASE)
    client.post("/logout")
    assert client.get(path).status_code == 200  # the mailed link opens the form


def test_a_password_reset_is_mailed(mail_app, inbox, client, auth, world):
    auth.login(world["consultant"].email)
    assert served(client.post(f"/consultant/users/{world['ru'].id}/reset")).status_code == 302
    [message] = inbox.to("oleg@field.test")
    assert message["Subject"] == _expected_subject("ru", "password_reset")
    assert f"{BASE}/set-password/" in message.get_content()


def test_without_a_mail_server_nobody_is_mailed_and_nothing_is_queued(app, client, world):
    assert not app.config["MAIL_SERVER"]
    _assign(client, app, world, world["ar"])
    assert db.session.scalar(select(MailDelivery)) is None
    assert db.session.scalar(select(Notification.kind)) == "audit_assigned"
