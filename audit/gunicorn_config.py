"""gunicorn settings for `make serve` (`gunicorn -c python:audit.gunicorn_config`).

One process per core, each with a few threads: a thread serves the tablets' short saves
while another waits on the database or builds a PDF. More threads or processes than that
only make them queue for the GIL and the cores: measured with bench/bench_saves.py on 2 cores
(20 tablets saving, PostgreSQL on the same machine), 2 x 4 served 214 saves/s with p99
191 ms, the previous 3 x 8 170 saves/s with p99 276 ms. Behind nginx a slow upload does not
hold a thread (nginx buffers request bodies). WEB_CONCURRENCY (processes) and WEB_THREADS
override the defaults; HOST and PORT say where to listen.
"""

import os

_cores = os.cpu_count() or 1

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, _cores)))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", 4))
# A report of 60 photos takes well under a second; a slow upload on a bad connection may not.
timeout = 120
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak never grows for ever. The app is loaded once
# in the master and workers are forked from it: booting a worker from scratch costs about
# 1.4 s of CPU, which recycling every 2,000 requests paid several times a minute under load.
# (A code change therefore needs a restart, not a HUP: docs/deploy.md.)
max_requests = 10000
max_requests_jitter = 1000
preload_app = True
accesslog = "-"
# Who may set X-Forwarded-* for gunicorn itself (the app's ProxyFix settings do the rest).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn >= 25 opens a control socket at one path per user ($XDG_RUNTIME_DIR/gunicorn.ctl):
# two servers on one host (blue/green, the test suite's) would take each other's. Off unless
# GUNICORN_CONTROL_SOCKET names a path of this server's own.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True


def when_ready(server):  # noqa: ARG001 (gunicorn's hook signature)
    """Before forking: the app's objects, loaded once, are never freed; keep them out of
    the workers' garbage collections (shorter collections, fewer pages copied per worker)."""
    import gc

    gc.freeze()


def post_fork(server, worker):  # noqa: ARG001 (gunicorn's hook signature)
    """A forked worker must not share the master's database connections: drop them."""
    from audit.extensions import db
    from audit.wsgi import app

    with app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)
