"""Mail jobs: send one queued e-mail; a failure is recorded on its delivery and retried.

The delivery row exists before the job runs (queued with the change that asked for it),
so the consultant's deliveries page shows every e-mail: queued, sent, or failed with the
server's answer. A 5xx answer is final; anything else (server down, 4xx) is retried.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from audit.extensions import db
from audit.jobs.runner import job
from audit.mail.message import write_message
from audit.mail.smtp import PermanentFailure, describe_failure, send_message
from audit.models import MailDelivery
from audit.models.base import utcnow
from audit.services.errors import ServiceError


class DeliveryRefused(ServiceError):
    """The mail server refused the message for good: retrying cannot help."""


@job
def send_delivery(delivery_id: int, link: str, params: dict[str, Any]) -> None:
    """Write the delivery's message in its recipient's language and hand it to SMTP."""
    from audit.services.notifications import app_path, external

    delivery = db.session.get(MailDelivery, delivery_id)
    if delivery is None or delivery.status == "sent":
        return  # sent by an earlier try whose success was not recorded as the job's
    user = delivery.user
    delivery.attempts += 1
    try:
        message = write_message(
            kind=delivery.kind,
            params=params,
            to_name=user.name,
            to_address=delivery.to_address,
            language=user.language,
            link=link,
            account_url=external(app_path("account.index")),
        )
        delivery.subject = str(message["Subject"])[:300]
        send_message(message, current_app.config)
    except Exception as error:  # smtplib's errors, the network's, a refused login
        delivery.status = "failed"
        delivery.error = describe_failure(error)
        db.session.commit()  # kept whatever the runner does next (it rolls back)
        if isinstance(error, PermanentFailure):
            raise DeliveryRefused(delivery.error) from error
        raise
    delivery.status = "sent"
    delivery.error = ""
    delivery.sent_at = utcnow()
