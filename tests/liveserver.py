"""The app served on a free loopback port by a threaded Werkzeug server (real sockets)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

from werkzeug.serving import make_server


def serve(app) -> Iterator[str]:
    """Serve `app` in a thread; yields its base URL, then stops it."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
