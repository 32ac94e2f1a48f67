"""The WSGI entry point for production servers: `gunicorn audit.wsgi:app` (see `make serve`)."""

from audit import create_app

app = create_app()
