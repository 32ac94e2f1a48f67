"""The auditor's writes: PATCH /audits/{id}/answers and POST /audits/{id}/submit.

PATCH takes the documented plain `{criterion_key: value}` (null removes an answer) and answers
the audit. The offline outbox sends an envelope instead, recognised by a top-level
`"answers"` OBJECT (a criterion's value is never an object, so a criterion keyed `answers`
still works the plain way): `{"answers": {...}, "comments": {...}?, "edited_at": ISO 8601?}`,
and gets `{"audit", "saved", "conflicts"}` back, so a late sync that lost to a newer edit
is told.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import jsonify
from flask_babel import gettext as _
from flask_login import login_required

from audit.extensions import db
from audit.scoping import get_audit_or_404
from audit.services.answers import save_answers
from audit.services.workflow import require_own_editable, submit_audit
from audit.web.access import me
from audit.web.api import bp
from audit.web.api.audit_steps import apply_step
from audit.web.api.helpers import BadRequest, json_body
from audit.web.api.serializers import audit_json


def parse_edited_at(raw: Any) -> datetime | None:
    """When the change was made on the device; a future time (a fast clock) counts as now."""
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise BadRequest(_("`edited_at` must be an ISO 8601 date-time."))
    try:
        when = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        raise BadRequest(_("`edited_at` must be an ISO 8601 date-time.")) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(when, datetime.now(UTC))


def parse_envelope(body: dict) -> tuple[dict, dict[str, str] | None, datetime | None]:
    """(answers, comments, edited_at) of the outbox envelope."""
    answers, comments = body["answers"], body.get("comments")
    if comments is not None and (
        not isinstance(comments, dict) or not all(isinstance(v, str) for v in comments.values())
    ):
        raise BadRequest(_("`comments` must be an object of criterion key to text."))
    return answers, comments, parse_edited_at(body.get("edited_at"))


@bp.patch("/audits/<int:audit_id>/answers")
@login_required
def patch_answers(audit_id: int):
    """Save some answers of the signed-in auditor's own editable audit."""
    audit = get_audit_or_404(audit_id, me())
    require_own_editable(audit, me())
    body = json_body()
    # The answer is built before the commit, which would expire every loaded row and
    # read the audit, its answers and photos again just to say what was saved.
    if isinstance(body.get("answers"), dict):
        answers, comments, edited_at = parse_envelope(body)
        result = save_answers(audit, me(), answers, comments=comments, edited_at=edited_at)
        response = jsonify(audit=audit_json(audit), saved=result.saved, conflicts=result.conflicts)
    else:
        save_answers(audit, me(), body)
        response = jsonify(audit_json(audit))
    db.session.commit()
    return response


@bp.post("/audits/<int:audit_id>/submit")
@login_required
def submit(audit_id: int):
    """Submit the audit; 422 lists the missing answers, photos and evidence."""
    return apply_step(audit_id, submit_audit)
