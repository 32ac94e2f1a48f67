"""`flask --app audit ...` commands; each only calls plain functions."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from audit.extensions import db


def init_app(app: Flask) -> None:
    """Register the commands (Flask-Migrate adds `flask db upgrade`)."""
    app.cli.add_command(create_user_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(serve_command)
    app.cli.add_command(preflight_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(sweep_files_command)
    app.cli.add_command(rollups_command)
    app.cli.add_command(api_docs_command)
    app.cli.add_command(worker_command)
    app.cli.add_command(notify_due_command)
    app.cli.add_command(run_programmes_command)


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(["consultant", "auditor", "client"]), required=True)
@click.option("--organization", help="Organisation slug (client users only).")
@click.password_option()
def create_user_command(
    email: str, name: str, role: str, organization: str | None, password: str
) -> None:
    """Create a user who can sign in."""
    from sqlalchemy import select

    from audit.models import Organization
    from audit.services.accounts import create_user
    from audit.services.errors import ServiceError

    org = None
    if organization:
        org = db.session.scalar(select(Organization).where(Organization.slug == organization))
        if org is None:
            raise click.ClickException(f"No organisation with slug `{organization}`.")
    try:
        user = create_user(email=email, name=name, role=role, password=password, organization=org)
    except ServiceError as error:
        details = "; ".join(f"{d['field']}: {d['message']}" for d in error.details)
        raise click.ClickException(f"{error.message} {details}".strip()) from None
    db.session.commit()
    click.echo(f"Created {user.role} {user.email}.")


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Only when the database has no users yet.")
def seed_demo_command(if_empty: bool) -> None:
    """Create the demo data (users, organisations, checklists, audits)."""
    from audit.demo import database_is_empty, seed_demo

    if if_empty and not database_is_empty():
        click.echo("Database already has data; demo not seeded.")
        return
    password = current_app.config["DEMO_PASSWORD"]
    summary = seed_demo(password=password, progress=click.echo)
    db.session.commit()
    click.echo(summary)
    click.echo(f"Demo accounts use the password: {password}")


@click.command("sweep-files")
@click.option(
    "--older-than",
    default=3600,
    type=click.IntRange(min=0),
    show_default=True,
    help="Leave files written less than this many seconds ago (their upload may be under way).",
)
@with_appcontext
def sweep_files_command(older_than: int) -> None:
    """Delete photo and recording files no row uses, and temporary files of killed uploads."""
    sweep_files(older_than, always=True)


def sweep_files(older_than: float | None = None, *, always: bool = False) -> None:
    """Sweep the photos and recordings no row uses; say how many went (when any, unless
    `always`)."""
    from audit.services.audio import sweep_orphan_recordings
    from audit.services.photos import ORPHAN_GRACE_SECONDS, sweep_orphan_files

    grace = ORPHAN_GRACE_SECONDS if older_than is None else older_than
    photos, recordings = sweep_orphan_files(grace), sweep_orphan_recordings(grace)
    if photos or always:
        click.echo(f"Removed {len(photos)} unused photo file set(s).")
    if recordings or always:
        click.echo(f"Removed {len(recordings)} unused recording(s).")


@click.command("rollups")
@with_appcontext
def rollups_command() -> None:
    """Sum the dashboards' rollups again from the audits (after a load that bypassed the app)."""
    from audit.services.rollups import rebuild

    cells = rebuild(db.session)
    db.session.commit()
    click.echo(f"Rebuilt {cells} rollup cell(s) from the published audits.")


@click.command("notify-due")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The day to remind for (default: today, UTC).",
)
def notify_due_command(today) -> None:
    """Send the day's reminders (audits due tomorrow, actions due or overdue); run daily."""
    from datetime import UTC, datetime

    from audit.services.notifications import send_reminders

    day = today.date() if today else datetime.now(UTC).date()
    made = send_reminders(day)
    db.session.commit()  # the e-mails are queued once the notifications are committed
    for kind, count in made.items():
        click.echo(f"{kind}: {count}")


@click.command("run-programmes")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="A day of the period to plan (default: today, UTC).",
)
def run_programmes_command(today) -> None:
    """Plan each active programme's wave of the current period, auditors proposed; daily."""
    from datetime import UTC, datetime

    from audit.services.programmes import run_programmes

    day = today.date() if today else datetime.now(UTC).date()
    made = run_programmes(day)
    db.session.commit()
    for name, count in made.items():
        click.echo(f"{name}: {count}")


@click.command("preflight")
@click.option(
    "--allow-demo-password",
    is_flag=True,
    envvar="AUDIT_ALLOW_DEMO_PASSWORD",
    help="Only warn when an account still has the demo password (a staging copy of the demo).",
)
@with_appcontext
def preflight_command(allow_demo_password: bool) -> None:
    """Before a production start: upgrade the schema, sweep files, refuse demo passwords."""
    from audit.database import upgrade_schema
    from audit.demo import demo_accounts
    from audit.services.accounts import accounts_with_password

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    upgrade_schema(app)
    click.echo("Database schema is up to date.")
    sweep_files()
    password = app.config["DEMO_PASSWORD"]
    exposed = accounts_with_password(password, [email for email, _ in demo_accounts()])
    if exposed:
        message = (
            f"These accounts still use the demo password {password!r}: {', '.join(exposed)}. "
            "Change their passwords (or disable them) before serving real data."
        )
        if not allow_demo_password:
            raise click.ClickException(message + " (--allow-demo-password to start anyway)")
        click.secho("WARNING: " + message, fg="red", bold=True, err=True)


@click.command("backup")
@click.argument("archive", type=click.Path(dir_okay=False, writable=True), required=False)
@with_appcontext
def backup_command(archive: str | None) -> None:
    """Write a consistent database dump and the stored files into one .tar.gz archive."""
    from datetime import UTC, datetime
    from pathlib import Path

    from audit.services.backup import write_backup

    target = Path(archive or f"audit-backup-{datetime.now(UTC):%Y%m%d-%H%M%S}.tar.gz")
    manifest = write_backup(target, progress=lambda line: click.echo(f"  {line}"))
    click.echo(f"Wrote {target} ({target.stat().st_size / 1e6:.1f} MB).")
    if manifest["files"]["missing"]:
        click.secho(
            f"{len(manifest['files']['missing'])} file(s) were already missing from storage; "
            "the manifest lists them.",
            fg="yellow",
            err=True,
        )


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True, help="Replace a database that already has data.")
@with_appcontext
def restore_command(archive: str, force: bool) -> None:
    """Restore a backup archive into this (migrated) database and its file storage."""
    from pathlib import Path

    from audit.services.backup import BackupError, restore_backup

    try:
        manifest = restore_backup(
            Path(archive), force=force, progress=lambda line: click.echo(f"  {line}")
        )
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored the backup of {manifest['created_at']}.")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run the background jobs queued on Redis (REDIS_URL): report PDFs, wave summaries."""
    from audit.jobs.worker import run_worker

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not app.config.get("REDIS_URL"):
        raise click.ClickException(
            "REDIS_URL is not set: jobs run in the web process, there is nothing to work on."
        )
    run_worker(app, burst=burst)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, type=int, envvar="PORT", show_default=True)
def serve_command(host: str, port: int) -> None:
    """Upgrade the database, seed the demo when empty, then serve (what `make run` does)."""
    from audit.database import upgrade_schema
    from audit.demo import database_is_empty, demo_accounts, seed_demo

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    click.echo("Upgrading the database schema…")
    upgrade_schema(app)
    sweep_files()
    if database_is_empty():
        click.echo("Empty database: creating the demo data…")
        click.echo(seed_demo(password=app.config["DEMO_PASSWORD"], progress=click.echo))
        db.session.commit()
    click.echo(f"Demo accounts (password: {app.config['DEMO_PASSWORD']}):")
    for email, role in demo_accounts():
        click.echo(f"  {role:<11} {email}")
    click.echo(f"Serving on http://{host}:{port}  (Ctrl+C to stop)")
    # Flask refuses app.run() inside its own CLI; Werkzeug's server is what it would use.
    from werkzeug.serving import WSGIRequestHandler, run_simple

    class Handler(WSGIRequestHandler):
        server_version = "TouchpointAudit"  # no Werkzeug and Python versions for scanners
        sys_version = ""

    run_simple(host, port, app, threaded=True, use_reloader=False, request_handler=Handler)


@click.command("api-docs")
@click.option("--output", type=click.Path(dir_okay=False), help="Default: docs/api-reference.md.")
@click.option("--check", is_flag=True, help="Fail when the file is out of date; write nothing.")
@with_appcontext
def api_docs_command(output: str | None, check: bool) -> None:
    """Write the API reference (Markdown) from the OpenAPI document (what `make docs` does)."""
    from pathlib import Path

    from audit.api_reference import fetch_document, render

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    path = Path(output or Path(app.root_path).parent / "docs" / "api-reference.md")
    text = render(fetch_document(app))
    if check:
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            raise click.ClickException(f"{path} is out of date: run `make docs`.")
        click.echo(f"{path} is up to date.")
        return
    path.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {path}.")
