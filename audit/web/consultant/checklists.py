"""The checklist library: list, YAML editor (live validation and preview), versions, diff."""

from __future__ import annotations

from flask import Response, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound

from audit.extensions import db
from audit.models import ChecklistVersion
from audit.scoring import ChecklistError, load_checklist
from audit.services.checklist_texts import checklist_in, reader_language
from audit.services.checklists import (
    checklist_problems,
    diff_versions,
    duplicate_source,
    get_version,
    problem_list,
    save_checklist_version,
    version_history,
)
from audit.services.consultant_lists import checklist_listing, checklists_spec
from audit.services.errors import ServiceError, ValidationFailed
from audit.services.limits import int_arg
from audit.web.access import consultant_required, me
from audit.web.consultant import bp
from audit.web.consultant.common import list_args, show_problems
from audit.web.consultant.forms import ChecklistForm, DuplicateForm
from audit.web.downloads import as_download
from audit.web.pagination import page_of

MAX_SOURCE = 1024 * 1024
STARTER = """\
id: new-checklist
title: New checklist
touchpoints:
  - key: arrival
    name: Arrival
    stage: purchase
    channel: in_store
    criteria:
      - key: greeted
        text: Was the shopper greeted?
        pillar: people
        type: yes_no
"""


def _version_or_404(slug: str, number: int | None = None) -> ChecklistVersion:
    version = get_version(slug, number)
    if version is None:
        raise NotFound()
    return version


@bp.route("/checklists")
@consultant_required
def checklists():
    """The library: the latest version of every checklist; search (`q`) and sort."""
    chosen = list_args(checklists_spec())
    return render_template(
        "consultant/checklists.html", listing=page_of(checklist_listing(chosen)), listed=chosen
    )


@bp.route("/checklists/<slug>")
@consultant_required
def checklist(slug: str):
    """One checklist: a version's preview and source, every version with who and when."""
    number = int_arg(request.args, "version", None)
    version = _version_or_404(slug, number)
    return render_template(
        "consultant/checklist.html",
        version=version,
        definition=checklist_in(version),
        history=version_history(slug),
        duplicate_form=DuplicateForm(),
    )


@bp.route("/checklists/<slug>.yaml")
@consultant_required
def checklist_source(slug: str):
    """Download a version's YAML."""
    version = _version_or_404(slug, int_arg(request.args, "version", None))
    response = Response(version.source, mimetype="text/yaml")
    return as_download(response, f"{version.slug}-v{version.version}.yaml")


def _editor(form: ChecklistForm, *, slug: str | None, problems: list[dict], status: int = 200):
    return render_template(
        "consultant/checklist_editor.html", form=form, slug=slug, problems=problems
    ), status


def _save(form: ChecklistForm, slug: str | None):
    """Save the editor's text as a version, or show it again with its problems."""
    source = (form.source.data or "").replace("\r\n", "\n")
    form.source.data = source
    try:
        version = save_checklist_version(source, me())
    except ValidationFailed as error:
        db.session.rollback()
        flash(error.message, "error")
        return _editor(form, slug=slug, problems=error.details, status=422)
    db.session.commit()
    flash(
        _(
            "Saved “%(title)s” as version %(version)d.",
            title=version.title,
            version=version.version,
        ),
        "success",
    )
    return redirect(url_for(".checklist", slug=version.slug))


def _posted(form: ChecklistForm, slug: str | None):
    """Save what was posted: an uploaded file if one was chosen, else the editor's text."""
    upload = request.files.get("upload")
    if upload is not None and upload.filename:
        raw = upload.read(MAX_SOURCE + 1)
        if len(raw) > MAX_SOURCE:
            flash(_("The file is over 1 MiB."), "error")
            return _editor(form, slug=slug, problems=[], status=422)
        try:
            form.source.data = raw.decode("utf-8")
        except UnicodeDecodeError:
            flash(_("The file is not UTF-8 text."), "error")
            return _editor(form, slug=slug, problems=[], status=422)
    elif not form.validate():
        return _editor(form, slug=slug, problems=[], status=422)
    return _save(form, slug)


@bp.route("/checklists/new", methods=["GET", "POST"])
@consultant_required
def new_checklist():
    """Write or upload a new checklist in the editor."""
    form = ChecklistForm()
    if request.method == "POST":
        return _posted(form, None)
    form.source.data = STARTER
    return _editor(form, slug=None, problems=[])


@bp.route("/checklists/<slug>/edit", methods=["GET", "POST"])
@consultant_required
def edit_checklist(slug: str):
    """Edit the latest version; saving makes a new version (audits keep theirs)."""
    version = _version_or_404(slug)
    form = ChecklistForm()
    if request.method == "POST":
        return _posted(form, slug)
    form.source.data = version.source
    return _editor(form, slug=slug, problems=[])


@bp.route("/checklists/<slug>/duplicate", methods=["POST"])
@consultant_required
def duplicate_checklist(slug: str):
    """Open the editor on a copy with a new id: the start of a new checklist."""
    version = _version_or_404(slug, int_arg(request.args, "version", None))
    form = DuplicateForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return redirect(url_for(".checklist", slug=slug))
    try:
        source = duplicate_source(version, form.slug.data, form.title.data)
    except ServiceError as error:
        show_problems(None, error)
        return redirect(url_for(".checklist", slug=slug))
    editor = ChecklistForm(formdata=None)
    editor.source.data = source
    flash(_("Edit the copy, then save it as a new checklist."), "info")
    return _editor(editor, slug=None, problems=[])


@bp.route("/checklists/<slug>/diff")
@consultant_required
def diff(slug: str):
    """What changed between two versions (`?from=1&to=3`; default: the last two)."""
    history = [v for v, _author in version_history(slug)]
    if not history:
        raise NotFound()
    newest = history[0].version
    to_number = int_arg(request.args, "to", None) or newest
    from_number = int_arg(request.args, "from", None) or max(to_number - 1, 1)
    old, new = _version_or_404(slug, from_number), _version_or_404(slug, to_number)
    return render_template(
        "consultant/checklist_diff.html",
        slug=slug,
        old=old,
        new=new,
        lines=diff_versions(old, new),
        history=history,
    )


def _posted_source() -> str:
    data = request.get_json(silent=True)
    if isinstance(data, dict) and isinstance(data.get("source"), str):
        return data["source"]
    return request.form.get("source", "")


@bp.route("/checklists/validate", methods=["POST"])
@consultant_required
def validate():
    """JSON for the editor as you type: `{ok, problems: [{line, path, message}]}`."""
    source = _posted_source()
    if len(source.encode("utf-8")) > MAX_SOURCE:
        return jsonify(
            ok=False,
            problems=[{"line": 0, "path": "<root>", "message": _("the file is over 1 MiB")}],
        )
    try:
        definition = load_checklist(source, name="checklist")
    except ChecklistError as error:
        return jsonify(ok=False, problems=checklist_problems(error))
    existing = get_version(definition.id)
    return jsonify(
        ok=True,
        problems=[],
        warnings=problem_list(definition.warnings),
        id=definition.id,
        title=definition.title,
        next_version=(existing.version + 1) if existing else 1,
    )


@bp.route("/checklists/preview", methods=["POST"])
@consultant_required
def preview():
    """The form as the auditor will see it (an HTML fragment for the editor)."""
    source = _posted_source()
    try:
        definition = load_checklist(source, name="checklist")
    except ChecklistError as error:
        return render_template(
            "consultant/_checklist_preview.html",
            definition=None,
            problems=checklist_problems(error),
        ), 422
    return render_template(
        "consultant/_checklist_preview.html",
        definition=definition.in_language(reader_language()),
        problems=[],
    )
