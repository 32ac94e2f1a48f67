"""The auditor's pages (thin: parse, authorise through scoping, call services).

The audit form is one page per audit holding every touchpoint; the server shows the one
named by `?tp=` and the script switches between them without a round trip, so the page
(one URL per audit) works offline once the service worker has cached it. Without the
script, each touchpoint posts its own part and the page redirects back (PRG).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from flask import (
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf
from sqlalchemy import Select, case, func, select

from audit.extensions import db
from audit.models import Audit, AuditStatus
from audit.models.audits import EDITABLE_STATUSES
from audit.scoping import audits_for, get_audit_or_404, get_photo_or_404
from audit.scoring import hidden_keys
from audit.services.answers import save_answers
from audit.services.audio import recordings_allowed
from audit.services.checklist_texts import checklist_in
from audit.services.errors import ServiceError, ValidationFailed
from audit.services.photos import add_photo, delete_photo, purge_files, set_caption
from audit.services.review_feedback import return_notes
from audit.services.scores import submission_problems
from audit.services.workflow import submit_audit
from audit.web.access import auditor_required, me
from audit.web.auditor import bp
from audit.web.auditor.forms import client_rules, form_class
from audit.web.auditor.progress import audit_progress
from audit.web.pagination import page_of

S = AuditStatus
GROUPS = ("todo", "in_progress", "returned", "submitted")
DONE_STATUSES = (S.SUBMITTED.value, S.APPROVED.value, S.PUBLISHED.value)
HOME_DONE = 10  # the home page lists the newest finished audits, the rest are a page away
DONE_PER_PAGE = 20


def group_of(audit: Audit) -> str:
    """Which home-page group an audit is listed in."""
    if audit.status == S.ASSIGNED.value:
        return "todo"
    if audit.status == S.IN_PROGRESS.value:
        return "returned" if audit.return_comment else "in_progress"
    return "submitted"


def done_audits() -> Select[tuple[Audit]]:
    """My submitted, approved and published audits, newest first."""
    return (
        audits_for(me())
        .where(Audit.status.in_(DONE_STATUSES))
        .order_by(Audit.submitted_at.desc().nulls_last(), Audit.id.desc())
    )


def _overall(audit: Audit):
    overall, _per_tp = audit_progress(audit.checklist_version.definition, audit.answer_values())
    return overall


@bp.route("/")
@auditor_required
def home():
    """My audits, grouped: to do, in progress, returned, and the newest submitted ones."""
    due_last = case((Audit.due_date.is_(None), 1), else_=0)
    open_audits = db.session.scalars(
        audits_for(me())
        .where(Audit.status.in_(EDITABLE_STATUSES))
        .order_by(due_last, Audit.due_date, Audit.id)
    ).all()
    done = db.session.scalars(done_audits().limit(HOME_DONE)).all()
    done_total = db.session.scalar(
        select(func.count()).select_from(done_audits().order_by(None).subquery())
    )
    groups: dict[str, list] = defaultdict(list)
    for audit in [*open_audits, *done]:
        groups[group_of(audit)].append((audit, _overall(audit)))
    offline_urls = [url_for("auditor.audit_form", audit_id=a.id) for a in open_audits]
    return render_template(
        "auditor/home.html",
        groups=groups,
        group_names=GROUPS,
        counts={**{name: len(items) for name, items in groups.items()}, "submitted": done_total},
        offline_urls=offline_urls,
    )


@bp.get("/audits")
@auditor_required
def audits():
    """All my finished audits (`?status=done`), newest first, a page at a time."""
    if request.args.get("status", "done") != "done":
        abort(404)
    listing = page_of(done_audits(), DONE_PER_PAGE)
    return render_template("auditor/audits.html", listing=listing)


def _render_form(audit: Audit, form=None, problems: list | None = None, status: int = 200):
    definition = checklist_in(audit.checklist_version)
    answers = audit.answer_values()
    comments = {a.criterion_key: a.comment for a in audit.answers if a.comment}
    if form is None:
        form = form_class(audit.checklist_version, definition)(formdata=None)
        form.load(definition.criteria, answers, comments)
    hidden = hidden_keys(definition, answers)
    overall, per_tp = audit_progress(definition, answers, hidden)
    keys = [tp.key for tp in definition.touchpoints]
    current = request.values.get("tp") or request.form.get("touchpoint") or keys[0]
    if current not in keys:
        current = keys[0]
    photos = defaultdict(list)
    for photo in audit.photos:
        photos[photo.touchpoint_key].append(photo)
    clips = defaultdict(list)
    for clip in audit.audio_clips:
        clips[clip.touchpoint_key].append(clip)
    answered_at = {a.criterion_key: a.answered_at.isoformat() for a in audit.answers}
    page = render_template(
        "auditor/audit.html",
        audit=audit,
        definition=definition,
        form=form,
        hidden=hidden,
        overall=overall,
        per_tp=per_tp,
        current=current,
        photos=photos,
        clips=clips,
        recordings_allowed=recordings_allowed(audit),
        criterion_texts={c.key: c.text for c in definition.criteria},
        problems=problems or [],
        rules=client_rules(definition),
        answered_at=answered_at,
        # Server time of this render: the page's script knows what a cached copy predates.
        rendered_at=datetime.now(UTC).isoformat(),
        editable=audit.is_editable,
        review_notes=return_notes(audit),
        api_base=url_for("api.patch_answers", audit_id=audit.id).rsplit("/", 1)[0],
    )
    return page, status


@bp.get("/audits/<int:audit_id>")
@auditor_required
def audit_form(audit_id: int):
    """The audit form (read-only once submitted); `?problems=1` lists what blocks submit."""
    audit = get_audit_or_404(audit_id, me())
    # Judged anew on every load, so a reload after fixes never shows stale problems.
    wanted = request.args.get("problems") and audit.is_editable
    return _render_form(audit, problems=submission_problems(audit) if wanted else None)


@bp.post("/audits/<int:audit_id>")
@auditor_required
def save_touchpoint(audit_id: int):
    """Save the posted touchpoint's answers and comments (the form without the script)."""
    audit = get_audit_or_404(audit_id, me())
    definition = checklist_in(audit.checklist_version)
    form = form_class(audit.checklist_version, definition)()
    try:
        touchpoint = definition.touchpoint(form.touchpoint.data or "")
    except KeyError:
        return _render_form(audit, status=400)
    values, comments = form.posted(touchpoint.criteria)
    try:
        save_answers(audit, me(), values, comments=comments)
    except ValidationFailed as error:
        db.session.rollback()
        form.add_problems(error.details)
        flash(_("Some answers are not valid; nothing was saved."), "error")
        return _render_form(audit, form=form, status=422)
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for("auditor.audit_form", audit_id=audit.id, tp=touchpoint.key))


@bp.post("/audits/<int:audit_id>/submit")
@auditor_required
def submit(audit_id: int):
    """Submit; when something is missing, redirect to the form listing it (PRG: a reload
    never posts again), with links to each answer and photo."""
    audit = get_audit_or_404(audit_id, me())
    try:
        submit_audit(audit, me())
    except ValidationFailed:
        db.session.rollback()
        return redirect(url_for("auditor.audit_form", audit_id=audit.id, problems=1) + "#problems")
    db.session.commit()
    flash(_("Audit submitted. Thank you!"), "success")
    return redirect(url_for("auditor.home"))


@bp.post("/audits/<int:audit_id>/photos")
@auditor_required
def upload_photo(audit_id: int):
    """Attach a photo to a touchpoint (the form without the script)."""
    audit = get_audit_or_404(audit_id, me())
    touchpoint = request.form.get("touchpoint", "")
    # The form has two file inputs (camera, gallery); the one used has a file name.
    upload = next((f for f in request.files.getlist("file") if f.filename), None)
    try:
        if upload is None:
            raise ValidationFailed(_("Choose a photo first."))
        add_photo(
            audit,
            me(),
            upload.read(),
            touchpoint=touchpoint,
            caption=request.form.get("caption", ""),
            criterion=request.form.get("criterion"),
            kind=request.form.get("kind"),
        )
    except ServiceError as error:
        db.session.rollback()
        if error.status not in (409, 413, 422):
            raise
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("Photo added."), "success")
    return redirect(url_for("auditor.audit_form", audit_id=audit.id, tp=touchpoint) + "#photos")


@bp.post("/audits/<int:audit_id>/photos/<int:photo_id>/caption")
@auditor_required
def caption_photo(audit_id: int, photo_id: int):
    """Change a photo's caption (the form without the script)."""
    audit = get_audit_or_404(audit_id, me())
    photo = get_photo_or_404(audit, photo_id)
    try:
        set_caption(audit, me(), photo, request.form.get("caption", ""))
    except ValidationFailed as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("Caption saved."), "success")
    return redirect(
        url_for("auditor.audit_form", audit_id=audit.id, tp=photo.touchpoint_key)
        + f"#photos-{photo.touchpoint_key}"
    )


@bp.post("/audits/<int:audit_id>/photos/<int:photo_id>/delete")
@auditor_required
def remove_photo(audit_id: int, photo_id: int):
    """Delete a photo (the form without the script)."""
    audit = get_audit_or_404(audit_id, me())
    photo = get_photo_or_404(audit, photo_id)
    touchpoint = photo.touchpoint_key
    sha256 = delete_photo(audit, me(), photo)
    db.session.commit()
    purge_files(sha256)
    flash(_("Photo deleted."), "success")
    return redirect(url_for("auditor.audit_form", audit_id=audit.id, tp=touchpoint) + "#photos")


@bp.get("/csrf-token")
@auditor_required
def csrf_token():
    """A CSRF token of the current session, for the outbox after its session was renewed."""
    response = jsonify(token=generate_csrf())
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/sw.js")
def service_worker():
    """The service worker, served under /auditor/ so its scope covers the auditor's pages."""
    path = Path(current_app.static_folder or "") / "js" / "sw.js"
    response = send_file(path, mimetype="text/javascript", max_age=0)
    response.headers["Service-Worker-Allowed"] = url_for("auditor.home")
    response.headers["Cache-Control"] = "no-cache"
    return response
