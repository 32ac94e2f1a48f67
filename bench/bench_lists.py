"""Audit lists over N published audits: the client's page, the API, the consultant's page.

Seeds what `bench_dashboard.py` seeds (one organisation, 60 locations, two checklists, N
published audits, the rollups) plus a consultant, into SQLite or, with `--database-url
postgresql://user:pass@host/db`, into a PostgreSQL database `bench_lists` made on that
server. `--keep` leaves it there and `--reuse` times an existing one without seeding again
(a million audits take minutes to seed), so a change can be timed against the same data.
Then times, signed in (median / best ms over `--runs`):

- GET /client/audits (first page, page 2, a deep page, a wave filter),
- GET /api/v1/audits as the client and as a consultant,
- GET /consultant/audits (default order, sorted by score, searched),
- the baseline of the same run: the bare COUNT(*) of the client's published audits.

Prints figures; asserts only that every request answers 200.
Run: .venv/bin/python bench/bench_lists.py [--audits N] [--database-url URL] [--keep|--reuse]

Measured 2026-11-30 on PostgreSQL 15 at 1,000,000 published audits (seeded once in 218 s
with the rollups, then `--reuse`), 2 cores shared with other people's work, median ms
before (migration 0011, `uptime` load 3.4) / after (0012, load 1.1); best within 5%:

- baseline, the bare COUNT(*) of the client's audits: 215 / 62 (an index-only scan now);
- client GET /client/audits: 917 / 82; ?page=2: 892 / 80; ?page=20,000: 1,562 / 108;
  ?wave=2024-Q3: 374 / 27;
- client GET /api/v1/audits: 8,804 / 78 (shopper numbers were a GROUP BY over every audit
  of the organisation, once per row); ?page=20,000: 3,054 (with the indexes) / 135;
- consultant GET /api/v1/audits: 315 / 36; ?status=published: 322 / 36;
- consultant GET /consultant/audits: 689 / 76; ?page=20,000: 1,623 (with the indexes) / 99;
  ?wave=2024-Q3: 96 (with the indexes) / 57; ?sort=score: 698 / 271;
  ?q=store+07: 2,437 / 387 (most of it counting the matches over every audit).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_dashboard import PASSWORD, bench_app, close, print_rows, seed, timed  # noqa: E402

CONSULTANT = "consultant@bench.test"


def _database(url: str | None, tmp: Path, reuse: bool) -> tuple[str, bool, object]:
    """The URL to use, whether it must be seeded, and how to drop it afterwards."""
    if not url:
        return f"sqlite:///{tmp / 'bench.sqlite3'}", True, lambda: None
    import psycopg

    base, named = url.replace("postgresql+psycopg://", "postgresql://").rsplit("/", 1)
    name = named if named.startswith("bench_lists") else "bench_lists"
    admin = f"{base}/postgres"

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    if reuse and exists:
        return f"{base}/{name}", False, drop
    drop()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"{base}/{name}", True, drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--audits", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database-url", help="a PostgreSQL server (default: SQLite)")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--reuse", action="store_true", help="time a kept database (implies keep)")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-lists-"))
    os.environ["AUDIT_INSTANCE_PATH"] = str(tmp)
    from sqlalchemy import func, select, text

    from audit.extensions import db
    from audit.models import Audit, User
    from audit.services.rollups import rebuild

    url, fresh, drop_database = _database(args.database_url, tmp, args.reuse)
    started = time.perf_counter()
    app = bench_app(url, tmp)  # on a kept database: builds the indexes a change adds
    print(f"schema up to date in {time.perf_counter() - started:.1f} s")
    if fresh:
        started = time.perf_counter()
        seed(app, args.audits)
        with app.app_context():
            consultant = User(email=CONSULTANT, name="Bench Consultant", role="consultant")
            consultant.set_password(PASSWORD)
            db.session.add(consultant)
            rebuild(db.session)
            db.session.commit()
        print(f"seeded {args.audits:,} audits in {time.perf_counter() - started:.1f} s")
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE audits"))  # as autovacuum would, in time
        audits = db.session.scalar(select(func.count()).select_from(Audit))
        org_id = db.session.scalar(select(User.organization_id).where(User.role == "client"))

    client = app.test_client()
    client.post("/login", data={"email": "client@bench.test", "password": PASSWORD})
    consultant = app.test_client()
    consultant.post("/login", data={"email": CONSULTANT, "password": PASSWORD})
    deep = max(1, audits // 25 // 2)

    def get(http, path: str):
        def run() -> None:
            response = http.get(path)
            assert response.status_code == 200, (path, response.status_code)

        return run

    def bare_count() -> None:
        with app.app_context():
            db.session.scalar(
                select(func.count()).where(
                    Audit.organization_id == org_id, Audit.status == "published"
                )
            )

    cases = [
        ("baseline: bare COUNT(*) of the client's audits", bare_count),
        ("client GET /client/audits", get(client, "/client/audits")),
        ("client GET /client/audits?page=2", get(client, "/client/audits?page=2")),
        (f"client GET /client/audits?page={deep:,}", get(client, f"/client/audits?page={deep}")),
        ("client GET /client/audits?wave=2024-Q3", get(client, "/client/audits?wave=2024-Q3")),
        (
            "client GET /client/audits?from=2024-07-01&to=2024-09-30",
            get(client, "/client/audits?from=2024-07-01&to=2024-09-30"),
        ),
        ("client GET /api/v1/audits", get(client, "/api/v1/audits")),
        (
            f"client GET /api/v1/audits?page={deep:,}",
            get(client, f"/api/v1/audits?page={deep}"),
        ),
        ("consultant GET /api/v1/audits", get(consultant, "/api/v1/audits")),
        (
            "consultant GET /api/v1/audits?status=published",
            get(consultant, "/api/v1/audits?status=published"),
        ),
        (
            "consultant GET /api/v1/audits?from=2024-07-01&to=2024-09-30",
            get(consultant, "/api/v1/audits?from=2024-07-01&to=2024-09-30"),
        ),
        ("consultant GET /consultant/audits", get(consultant, "/consultant/audits")),
        (
            f"consultant GET /consultant/audits?page={deep:,}",
            get(consultant, f"/consultant/audits?page={deep}"),
        ),
        (
            "consultant GET /consultant/audits?wave=2024-Q3",
            get(consultant, "/consultant/audits?wave=2024-Q3"),
        ),
        (
            "consultant GET /consultant/audits?sort=score",
            get(consultant, "/consultant/audits?sort=score&dir=desc"),
        ),
        (
            "consultant GET /consultant/audits?q=store+07",
            get(consultant, "/consultant/audits?q=store+07"),
        ),
    ]
    rows = [(name, *timed(run, args.runs)) for name, run in cases]
    print(f"\n{audits:,} audits on {url.split(':')[0]}; load {os.getloadavg()[0]:.1f}")
    print_rows(rows)
    close(app)
    if not (args.keep or args.reuse):
        drop_database()
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
