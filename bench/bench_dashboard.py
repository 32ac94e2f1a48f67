"""Client dashboard over N published audits: rollups, summing the audits, page, API, reports.

Seeds a temporary database (one organisation, 60 locations in 4 regions, 8 waves over two
years, two checklists, one with an NPS question): SQLite, or PostgreSQL with
`--database-url postgresql://user:pass@host/db` (a database `bench_dashboard` is made on
that server and dropped after). Then times, in the same run:

- the dashboard service reading the maintained rollups (what clients get),
- the same service summing the audits themselves (the baseline: DASHBOARD_ROLLUPS off),
- a naive ORM baseline (every audit loaded, Python averages; up to 100,000 audits),
- the dashboard page GET /client/ and GET /api/v1/reports/summary (signed in),
- the CSV export and the audit report route cached vs not (up to 20,000 audits),
- rebuilding the rollups from scratch (`flask rollups`, after a bulk load).

Audits reuse 500 scored answer sets per checklist (scoring is not what is measured); above
20,000 audits only the NPS answers are stored (the only answers the dashboard reads).
Prints figures; asserts nothing.
Run: .venv/bin/python bench/bench_dashboard.py [--audits N] [--database-url URL]

Measured 2026-11-30 on PostgreSQL 15, 2 cores shared with other people's work (`uptime`
load averages at the start and end of each run), median / best ms, for the dashboard
service from the rollups; GET /client/; GET /api/v1/reports/summary; the service summing
the audits (the baseline):

- 100k, a JSON blob per cell, idle: 336 / 322; 316 / 202; 334 / 307.
- 100k, a JSON blob per cell, load 4.0-7.2: 333 / 298; 771 / 425; 811 / 405; 8,712 / 6,488.
- 100k, score_rollup_parts, load 3.6-4.4: 189 / 185; 177 / 172; 145 / 144; 6,783 / 6,125.
- 1M, score_rollup_parts, load 7.2-7.4: 138 / 113; 183 / 135; 151 / 128; 185,892 (once).

At 1M: 3,600 cells (3,491 at 100k), seeded in 183 s, rollups rebuilt in 143 s; region +
wave from the rollups 62 / 29 ms against 33,916 ms summing the audits. Most of the old
time was decoding and merging a JSON blob per cell and the garbage collections its
objects set off; now the database sums the parts, grouped by what the page shows.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "bench-password"
CHECKLISTS = ("retail-store-visit", "bank-branch")


def timed(fn: Callable[[], object], runs: int, warm_up: bool = True) -> tuple[float, float]:
    """Median and best wall time in milliseconds over `runs` calls (after one warm-up)."""
    if warm_up:
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def answer_for(criterion, rng: random.Random):
    """A random valid answer, biased towards passing like real audits."""
    if criterion.na and rng.random() < 0.05:
        return "N/A"
    kind = criterion.type
    if kind == "yes_no":
        good = criterion.expected or "yes"
        return good if rng.random() < 0.75 else ("no" if good == "yes" else "yes")
    if kind == "scale":
        return rng.randint(criterion.min, criterion.max)
    if kind == "nps":
        return rng.choice((10, 10, 9, 9, 8, 8, 7, 6, 5, 3))
    if kind == "choice":
        return rng.choice(criterion.options).value
    if kind == "number":
        bounds = [b for band in criterion.bands for b in (band.min, band.max) if b is not None]
        top = max(bounds) if bounds else 10
        return round(rng.uniform(0, top * 1.3), 1)
    return rng.choice(("Calm and tidy.", "Busy, staff stretched.", "Nothing to add."))


ANSWER_SETS = 500
ALL_ANSWERS_UP_TO = 20_000
BASELINE_ONCE = 200_000


def seed(app, audits: int) -> dict:
    """Bulk-insert the organisation, locations, users and `audits` scored, published audits."""
    from sqlalchemy import insert, text

    from audit.extensions import db
    from audit.models import Answer, Audit, Location, Organization, User
    from audit.scoring import score_audit
    from audit.services.checklists import save_checklist_version

    rng = random.Random(42)
    with app.app_context():
        org = Organization(slug="acme", name="Acme Retail")
        other = Organization(slug="globex", name="Globex Stores")
        db.session.add_all([org, other])
        db.session.flush()
        versions = [
            save_checklist_version((ROOT / "scoring_rules" / f"{c}.yaml").read_text(), None)
            for c in CHECKLISTS
        ]
        auditor = User(email="auditor@bench.test", name="Bench Auditor", role="auditor")
        client = User(email="client@bench.test", name="Bench Client", role="client")
        client.organization = org
        for user in (auditor, client):
            user.set_password(PASSWORD)
        db.session.add_all([auditor, client])
        regions = ("North", "South", "East", "West")
        locations = [
            Location(
                organization=org, name=f"Store {i:02d}", city=f"City {i}", region=regions[i % 4]
            )
            for i in range(60)
        ]
        db.session.add_all([*locations, Location(organization=other, name="Globex HQ")])
        db.session.commit()
        start = datetime(2023, 1, 1, tzinfo=UTC)
        scored = {}
        for version in versions:
            definition = version.definition
            sets = []
            for _ in range(ANSWER_SETS):
                answers = {c.key: answer_for(c, rng) for c in definition.criteria}
                sets.append((answers, score_audit(definition, answers).to_dict()))
            nps = {c.key for c in definition.criteria if c.type == "nps"}
            scored[version.id] = (sets, nps)
        every_answer = audits <= ALL_ANSWERS_UP_TO
        audit_rows, answer_rows = [], []
        answers_stored = 0

        def flush() -> None:
            nonlocal answers_stored
            if audit_rows:
                db.session.execute(insert(Audit), audit_rows)
            if answer_rows:
                db.session.execute(insert(Answer), answer_rows)
            answers_stored += len(answer_rows)
            audit_rows.clear()
            answer_rows.clear()

        for n in range(audits):
            version = versions[0] if rng.random() < 0.7 else versions[1]
            sets, nps = scored[version.id]
            answers, score = rng.choice(sets)
            day = rng.randrange(730)
            visited = start + timedelta(days=day, hours=rng.randrange(9, 18))
            audit_rows.append(
                {
                    "id": n + 1,
                    "organization_id": org.id,
                    "location_id": locations[n % len(locations)].id,
                    "checklist_version_id": version.id,
                    "auditor_id": auditor.id,
                    "status": "published",
                    "wave": f"{2023 + day // 365}-Q{(day % 365) // 92 + 1}",
                    "scenario": "",
                    "return_comment": "",
                    "visited_at": visited,
                    "submitted_at": visited + timedelta(hours=1),
                    "published_at": visited + timedelta(days=3),
                    "overall": score["overall"],
                    "score": score,
                    "created_at": visited - timedelta(days=7),
                    "updated_at": visited + timedelta(days=3),
                }
            )
            for key, value in answers.items():
                if every_answer or key in nps:
                    answer_rows.append(
                        {
                            "audit_id": n + 1,
                            "criterion_key": key,
                            "value": value,
                            "comment": "",
                            "answered_at": visited,
                        }
                    )
            if len(audit_rows) >= 5000:
                flush()
        flush()
        db.session.commit()
        if db.engine.dialect.name == "postgresql":  # a bulk load: give the planner figures
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        return {"client_id": client.id, "answers": answers_stored}


def naive_dashboard(user) -> dict:
    """Baseline: load every visible audit as an ORM object and aggregate in Python."""
    from audit.extensions import db
    from audit.scoping import audits_for

    audits = list(db.session.scalars(audits_for(user)))
    overall = [a.overall for a in audits if a.overall is not None]
    by_month, by_location, pillars = defaultdict(list), defaultdict(list), defaultdict(list)
    for audit in audits:
        if audit.overall is None:
            continue
        by_month[audit.visited_at.strftime("%Y-%m")].append(audit.overall)
        by_location[audit.location.name].append(audit.overall)
        for key, value in (audit.score or {}).get("pillars", {}).items():
            if value is not None:
                pillars[key].append(value)
    return {
        "count": len(audits),
        "mean": sum(overall) / len(overall),
        "months": {m: sum(v) / len(v) for m, v in by_month.items()},
        "locations": sorted((sum(v) / len(v), k) for k, v in by_location.items()),
        "pillars": {k: sum(v) / len(v) for k, v in pillars.items()},
    }


def _database(args, tmp: Path) -> tuple[str, Callable[[], None]]:
    """The database URL to seed, and how to drop it afterwards.

    The database is the URL's when its name starts with `bench_dashboard` (so runs side by
    side do not collide), else `bench_dashboard`; it is made and dropped through the
    server's `postgres` database.
    """
    if not args.database_url:
        return f"sqlite:///{tmp / 'bench.sqlite3'}", lambda: None
    import psycopg

    base, named = args.database_url.replace("postgresql+psycopg://", "postgresql://").rsplit("/", 1)
    name = named if named.startswith("bench_dashboard") else "bench_dashboard"
    admin = f"{base}/postgres"

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    drop()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"{base}/{name}", drop


def print_rows(rows: list[tuple[str, float, float]]) -> None:
    """The timings as a table: what, median ms, best ms."""
    width = max(len(r[0]) for r in rows)
    print(f"{'what':<{width}}  {'median ms':>10}  {'best ms':>9}")
    for name, median, best in rows:
        print(f"{name:<{width}}  {median:>10.1f}  {best:>9.1f}")


def close(app) -> None:
    """Let go of the database connections (so it can be dropped)."""
    from audit.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def bench_app(url: str, tmp: Path):
    """An app on `url` (files under `tmp`), its schema brought up to date."""
    import logging

    from audit import create_app
    from audit.config import normalise_database_url
    from audit.database import upgrade_schema

    app = create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": normalise_database_url(url),
            "PHOTO_STORAGE_PATH": str(tmp / "photos"),
            "REPORT_CACHE_PATH": str(tmp / "reports"),
            "WTF_CSRF_ENABLED": False,
        }
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    upgrade_schema(app)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--audits", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database-url", help="a PostgreSQL server (default: SQLite)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary instance")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-dashboard-"))
    os.environ["AUDIT_INSTANCE_PATH"] = str(tmp)
    from audit.extensions import db
    from audit.models import User
    from audit.services.dashboard import summarize
    from audit.services.exports import csv_chunks
    from audit.services.report_filters import AuditFilters
    from audit.services.rollups import rebuild

    url, drop_database = _database(args, tmp)
    app = bench_app(url, tmp)
    started = time.perf_counter()
    info = seed(app, args.audits)
    print(
        f"seeded {args.audits:,} published audits, {info['answers']:,} answers "
        f"in {time.perf_counter() - started:.1f} s on {url.split(':')[0]} ({tmp})"
    )
    with app.app_context():
        started = time.perf_counter()
        cells = rebuild(db.session)
        db.session.commit()
    rebuild_ms = (time.perf_counter() - started) * 1000
    print(f"rollups rebuilt: {cells:,} cells for {args.audits:,} audits")

    http = app.test_client()
    http.post("/login", data={"email": "client@bench.test", "password": PASSWORD})
    rows = []
    with app.app_context():
        user = db.session.get(User, info["client_id"])
        everything = AuditFilters()
        one_region = AuditFilters(region="North", wave="2024-Q3")
        result = summarize(user, everything)
        app.config["DASHBOARD_ROLLUPS"] = False
        assert summarize(user, everything) == result  # the two ways agree
        # Summing a million audits takes a minute a time: above BASELINE_ONCE, once each.
        once = args.audits > BASELINE_ONCE
        for name, filters in (("all audits", everything), ("region + wave", one_region)):
            app.config["DASHBOARD_ROLLUPS"] = False
            rows.append(
                (
                    f"dashboard service, {name}, summing the audits (baseline)",
                    *timed(
                        lambda f=filters: summarize(user, f),
                        1 if once else max(3, args.runs // 2),
                        warm_up=not once,
                    ),
                )
            )
            app.config["DASHBOARD_ROLLUPS"] = True
            rows.append(
                (
                    f"dashboard service, {name}, from the rollups",
                    *timed(lambda f=filters: summarize(user, f), args.runs),
                )
            )
        if args.audits <= 100_000:
            naive = naive_dashboard(user)
            assert abs(naive["mean"] - result["mean_overall"]) < 0.06, (naive["mean"], result)

            def naive_run() -> None:
                db.session.expunge_all()  # a fresh request: nothing in the identity map
                naive_dashboard(user)

            rows.append(("naive ORM baseline (less output)", *timed(naive_run, 3)))

    def page() -> None:
        response = http.get("/client/")
        assert response.status_code == 200, response.status_code

    rows.append(("dashboard page GET /client/", *timed(page, args.runs)))
    rows.append(
        (
            "GET /api/v1/reports/summary",
            *timed(lambda: http.get("/api/v1/reports/summary"), args.runs),
        )
    )
    rows.append(
        (
            "audit list page GET /client/audits",
            *timed(lambda: http.get("/client/audits"), args.runs),
        )
    )
    rows.append(("rollups rebuilt from scratch (once)", rebuild_ms, rebuild_ms))

    if args.audits <= ALL_ANSWERS_UP_TO:
        with app.app_context():
            user = db.session.get(User, info["client_id"])
            start = time.perf_counter()
            size = sum(len(chunk) for chunk in csv_chunks(user, AuditFilters()))
            export_ms = (time.perf_counter() - start) * 1000
        rows.append((f"CSV export, all rows ({size / 1e6:.0f} MB text)", export_ms, export_ms))

        url = "/api/v1/audits/1/report.pdf"

        def uncached() -> None:
            shutil.rmtree(tmp / "reports", ignore_errors=True)
            assert http.get(url).headers["X-Report-Cache"] == "miss"

        def cached() -> None:
            assert http.get(url).headers["X-Report-Cache"] == "hit"

        rows.append(("report.pdf uncached (build)", *timed(uncached, 5)))
        http.get(url)
        rows.append(("report.pdf cached", *timed(cached, args.runs)))

    print()
    print_rows(rows)
    close(app)
    if not args.keep:
        drop_database()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
