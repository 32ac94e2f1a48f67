"""Review: the queue, one audit in full, corrections, return, approve, publish."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound

from audit.extensions import db
from audit.models import AuditFlag, AuditStatus
from audit.scoping import get_audit_or_404, get_photo_or_404
from audit.scoring import hidden_keys
from audit.services.action_followup import actions_by_criterion
from audit.services.actions import organization_users
from audit.services.checklist_texts import checklist_in
from audit.services.consultant_lists import review_counted, review_listing, review_spec
from audit.services.errors import ServiceError
from audit.services.flag_words import SEVERITIES, flag_message, flag_title
from audit.services.flags import dismiss_flag, flagged_waiting, flags_of
from audit.services.limits import as_id
from audit.services.review import audits_by_ids, correct_during_review, publish_many
from audit.services.review import timings as audit_timings
from audit.services.review_feedback import changes_since_return, phrases_for, return_with_notes
from audit.services.visit_log import visit_log
from audit.services.workflow import approve_audit, publish_audit
from audit.web.access import consultant_required, me
from audit.web.auth.views import safe_next
from audit.web.consultant import bp
from audit.web.consultant.common import list_args, show_problems
from audit.web.consultant.forms import CommentForm, ConfirmForm, CorrectionForm, DismissForm
from audit.web.pagination import page_of
from audit.web.stored_files import send_stored_jpeg

PHOTO_SIZES = ("thumb", "display", "original")


@bp.context_processor
def integrity_words() -> dict:
    """Flags in words, for the review page and the queue."""
    return {
        "flag_title": flag_title,
        "flag_message": flag_message,
        "severity_word": lambda s: str(SEVERITIES.get(s, s)),
    }


@bp.route("/review")
@consultant_required
def review():
    """Submitted audits waiting for review, the longest waiting first; flagged ones counted."""
    chosen = list_args(review_spec())
    return render_template(
        "consultant/review_queue.html",
        listing=page_of(review_listing(chosen), counted=review_counted(chosen)),
        listed=chosen,
        flagged_count=flagged_waiting(),
    )


@bp.route("/audits/<int:audit_id>")
@consultant_required
def audit(audit_id: int):
    """Everything about one audit: score, answers, photos, timings, history, actions."""
    found = get_audit_or_404(audit_id, me())
    definition = checklist_in(found.checklist_version)
    answers = {a.criterion_key: a for a in found.answers}
    photos: dict[str, list] = {}
    for photo in found.photos:
        photos.setdefault(photo.touchpoint_key, []).append(photo)
    return render_template(
        "consultant/audit.html",
        audit=found,
        definition=definition,
        answers=answers,
        hidden=hidden_keys(definition, found.answer_values()),
        photos=photos,
        score=found.score or {},
        timings=audit_timings(found),
        flags=flags_of(found),
        visit=visit_log(found),
        dismiss_form=DismissForm(),
        comment_form=CommentForm(),
        correction_form=CorrectionForm(),
        actions=actions_by_criterion(found),
        resubmission=changes_since_return(found)
        if found.status == AuditStatus.SUBMITTED.value
        else None,
        phrases=phrases_for(found.organization_id),
        action_owners=organization_users(found.organization_id),
    )


@bp.route("/audits/<int:audit_id>/photos/<int:photo_id>/<size>")
@consultant_required
def audit_photo(audit_id: int, photo_id: int, size: str):
    """A stored size of an audit's photo."""
    photo = get_photo_or_404(get_audit_or_404(audit_id, me()), photo_id)
    if size not in PHOTO_SIZES:
        raise NotFound()
    return send_stored_jpeg(photo.sha256, size)


def _back(audit_id: int):
    return redirect(url_for(".audit", audit_id=audit_id))


@bp.route("/audits/<int:audit_id>/answers/<key>/correct", methods=["POST"])
@consultant_required
def correct(audit_id: int, key: str):
    """Correct one answer, saying why (kept in the audit trail)."""
    found = get_audit_or_404(audit_id, me())
    form = CorrectionForm()
    if not form.validate_on_submit():
        flash(_("Give the corrected answer and the reason."), "error")
        return _back(audit_id)
    try:
        correct_during_review(found, me(), key, form.value.data, form.reason.data)
    except ServiceError as error:
        db.session.rollback()
        show_problems(None, error)
        return _back(audit_id)
    db.session.commit()
    flash(_("Answer corrected; the score is updated."), "success")
    return _back(audit_id)


@bp.route("/audits/<int:audit_id>/flags/<int:flag_id>/dismiss", methods=["POST"])
@consultant_required
def dismiss(audit_id: int, flag_id: int):
    """Dismiss an integrity flag with the reason it does not apply."""
    found = get_audit_or_404(audit_id, me())
    flag = db.session.get(AuditFlag, flag_id)
    if flag is None or flag.audit_id != found.id:
        raise NotFound()
    try:
        dismiss_flag(flag, me(), DismissForm().reason.data)
    except ServiceError as error:
        db.session.rollback()
        show_problems(None, error)
        return redirect(url_for(".audit", audit_id=audit_id, _anchor="flags"))
    db.session.commit()
    flash(_("Flag dismissed."), "success")
    return redirect(url_for(".audit", audit_id=audit_id, _anchor="flags"))


def _transition(audit_id: int, action, done: str, unconfirmed: str | None = None):
    """Take the audit one step; `unconfirmed` is the message when the box was not ticked."""
    found = get_audit_or_404(audit_id, me())
    form = ConfirmForm() if unconfirmed else CommentForm()
    form.validate_on_submit()
    if unconfirmed and not form.confirm.data:
        flash(unconfirmed, "error")
        return _back(audit_id)
    try:
        action(found, me(), form.comment.data or "")
    except ServiceError as error:
        db.session.rollback()
        show_problems(None, error)
        return _back(audit_id)
    db.session.commit()
    flash(done, "success")
    return _back(audit_id)


@bp.route("/audits/<int:audit_id>/return", methods=["POST"])
@consultant_required
def return_to_auditor(audit_id: int):
    """Send the audit back to its auditor with a comment and/or a note per criterion."""
    notes = {
        name.removeprefix("note-"): value
        for name, value in request.form.items()
        if name.startswith("note-")
    }
    comment = "\n".join(
        part.strip()
        for part in (request.form.get("comment", ""), request.form.get("phrase", ""))
        if part.strip()
    )

    def with_notes(audit, consultant, _comment: str) -> None:
        return_with_notes(audit, consultant, comment, notes)

    return _transition(audit_id, with_notes, _("Returned to the auditor."))


@bp.route("/audits/<int:audit_id>/approve", methods=["POST"])
@consultant_required
def approve(audit_id: int):
    """Approve the audit."""
    return _transition(
        audit_id,
        approve_audit,
        _("Approved."),
        unconfirmed=_("Tick “I have checked this audit” to approve it; nothing changed."),
    )


@bp.route("/audits/<int:audit_id>/publish", methods=["POST"])
@consultant_required
def publish(audit_id: int):
    """Publish the audit: the client sees it from now on."""
    return _transition(
        audit_id,
        publish_audit,
        _("Published: the client can see it now."),
        unconfirmed=_(
            "Tick “I have checked the report” to publish: the client sees the audit from then"
            " on. Nothing was published."
        ),
    )


@bp.route("/audits/publish", methods=["POST"])
@consultant_required
def publish_selected():
    """Publish the chosen approved audits (all, or none if one cannot be)."""
    back = safe_next(request.form.get("next")) or url_for(".audits", status="approved")
    if not ConfirmForm().confirm.data:
        flash(
            _(
                "Tick “I have checked the selected audits” to publish them: their clients see"
                " them from then on. Nothing was published."
            ),
            "error",
        )
        return redirect(back)
    ids = [n for n in map(as_id, request.form.getlist("ids")) if n is not None]
    try:
        published = publish_many(audits_by_ids(ids), me())
    except ServiceError as error:
        db.session.rollback()
        show_problems(None, error)
    else:
        db.session.commit()
        flash(_("%(count)d audit(s) published.", count=len(published)), "success")
    return redirect(back)
