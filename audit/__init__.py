"""The audit platform: mystery shopping and touchpoint audits."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from audit import config as default_config

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: defaults, instance/config.py, the environment, then `test_config`."""
    instance_path = os.environ.get("AUDIT_INSTANCE_PATH") or str(PROJECT_ROOT / "instance")
    app = Flask(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    configure(app, test_config)
    register_extensions(app)
    register_converters(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_cli(app)
    register_templating(app)
    register_security(app)
    return app


def configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Layer the configuration sources, most general first."""
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_object(default_config)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(
        Path(app.instance_path) / "audit.sqlite3"
    )
    app.config["PHOTO_STORAGE_PATH"] = str(Path(app.instance_path) / "photos")
    app.config["REPORT_CACHE_PATH"] = str(Path(app.instance_path) / "reports")
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(default_config.from_environment())
    if test_config:
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = default_config.load_secret_key(app.instance_path)
    from audit.storage import check_settings

    check_settings(app.config)  # a wrong storage setting stops the start, naming it


def register_extensions(app: Flask) -> None:
    """Bind the extension objects to this app."""
    from audit import catalogues, database
    from audit.extensions import babel, csrf, db, limiter, login_manager, migrate
    from audit.web import i18n
    from audit.web.auth.loading import init_login

    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    csrf.init_app(app)
    catalogues.ensure_compiled()  # a fresh clone or a pulled .po works without a manual step
    babel.init_app(app, locale_selector=i18n.select_locale)
    login_manager.init_app(app)
    init_login(login_manager)
    limiter.init_app(app)
    i18n.init_app(app)


def register_converters(app: Flask) -> None:
    """URL converters, before the routes that use them; how request bodies are read."""
    from audit.web import bodies, converters

    converters.init_app(app)
    bodies.init_app(app)


def register_blueprints(app: Flask) -> None:
    """One blueprint per audience, plus the JSON API."""
    from audit.web.account import bp as account_bp
    from audit.web.api import bp as api_bp
    from audit.web.auditor import bp as auditor_bp
    from audit.web.auth import bp as auth_bp
    from audit.web.client import bp as client_bp
    from audit.web.consultant import bp as consultant_bp
    from audit.web.main import bp as main_bp
    from audit.web.reference import bp as reference_bp

    blueprints = (
        main_bp,
        auth_bp,
        account_bp,
        auditor_bp,
        consultant_bp,
        client_bp,
        api_bp,
        reference_bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)


def register_error_handlers(app: Flask) -> None:
    """Error pages that look like the product, JSON errors under /api."""
    from audit.web.errors import init_app

    init_app(app)


def register_cli(app: Flask) -> None:
    """`flask --app audit ...` commands."""
    from audit.cli import init_app

    init_app(app)


def register_security(app: Flask) -> None:
    """Security headers, proxy trust and Secure cookies (last: it wraps the WSGI app)."""
    from audit.web.security import init_app

    init_app(app)


def register_templating(app: Flask) -> None:
    """Template globals and filters shared by every page."""
    from audit.web.templating import init_app

    init_app(app)
