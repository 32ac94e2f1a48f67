"""Client dashboard over 10,000 published audits: service, page, naive baseline, reports.

Seeds a temporary SQLite database (one organisation, 60 locations in 4 regions, 8 waves over
two years, two checklists, one with an NPS question), then times:

- the dashboard service (`summarize`: SQL aggregates + one pass over the score JSON),
- the dashboard page render (GET /client/ through the test client, signed in),
- a naive baseline: the ORM loads every audit (and lazily its location), Python averages,
- GET /reports/summary, the CSV export (all rows), and the audit report route cached vs not.

Prints figures; asserts nothing. Run: .venv/bin/python bench/bench_dashboard.py [--audits N]
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


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median and best wall time in milliseconds over `runs` calls (after one warm-up)."""
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


def seed(app, audits: int) -> dict:
    """Bulk-insert the organisation, locations, users and `audits` scored, published audits."""
    from sqlalchemy import insert

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
        audit_rows, answer_rows = [], []
        for n in range(audits):
            version = versions[0] if rng.random() < 0.7 else versions[1]
            definition = version.definition
            answers = {c.key: answer_for(c, rng) for c in definition.criteria}
            score = score_audit(definition, answers).to_dict()
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
                answer_rows.append(
                    {
                        "audit_id": n + 1,
                        "criterion_key": key,
                        "value": value,
                        "comment": "",
                        "answered_at": visited,
                    }
                )
        for i in range(0, len(audit_rows), 2000):
            db.session.execute(insert(Audit), audit_rows[i : i + 2000])
        for i in range(0, len(answer_rows), 20000):
            db.session.execute(insert(Answer), answer_rows[i : i + 20000])
        db.session.commit()
        return {"client_id": client.id, "answers": len(answer_rows)}


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--audits", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the temporary instance")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-dashboard-"))
    os.environ["AUDIT_INSTANCE_PATH"] = str(tmp)
    from audit import create_app
    from audit.database import upgrade_schema
    from audit.extensions import db
    from audit.models import User
    from audit.services.dashboard import summarize
    from audit.services.exports import csv_chunks
    from audit.services.report_filters import AuditFilters

    app = create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.sqlite3'}",
            "PHOTO_STORAGE_PATH": str(tmp / "photos"),
            "REPORT_CACHE_PATH": str(tmp / "reports"),
            "WTF_CSRF_ENABLED": False,
        }
    )
    import logging

    logging.getLogger("alembic").setLevel(logging.WARNING)
    upgrade_schema(app)
    started = time.perf_counter()
    info = seed(app, args.audits)
    print(
        f"seeded {args.audits:,} published audits, {info['answers']:,} answers "
        f"in {time.perf_counter() - started:.1f} s ({tmp})"
    )

    http = app.test_client()
    http.post("/login", data={"email": "client@bench.test", "password": PASSWORD})
    rows = []
    with app.app_context():
        user = db.session.get(User, info["client_id"])
        everything = AuditFilters()
        one_region = AuditFilters(region="North", wave="2024-Q3")
        result = summarize(user, everything)
        naive = naive_dashboard(user)
        assert abs(naive["mean"] - result["mean_overall"]) < 0.06, (naive["mean"], result)
        rows.append(
            (
                "dashboard service, all audits",
                *timed(lambda: summarize(user, everything), args.runs),
            )
        )
        rows.append(
            (
                "dashboard service, region + wave",
                *timed(lambda: summarize(user, one_region), args.runs),
            )
        )

        def naive_run() -> None:
            db.session.expunge_all()  # a fresh request: nothing in the identity map
            naive_dashboard(user)

        rows.append(("naive ORM baseline (less output)", *timed(naive_run, max(3, args.runs // 2))))

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

    width = max(len(r[0]) for r in rows)
    print(f"\n{'what':<{width}}  {'median ms':>10}  {'best ms':>9}")
    for name, median, best in rows:
        print(f"{name:<{width}}  {median:>10.1f}  {best:>9.1f}")
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
