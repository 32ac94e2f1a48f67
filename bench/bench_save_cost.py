"""What one answer save costs, in-process: time, SQL statements, and where the time goes.

Run with `.venv/bin/python bench/bench_save_cost.py [--saves 300] [--profile]`; prints figures,
asserts nothing. Uses a throwaway SQLite file (or DATABASE_URL, a `load_*` PostgreSQL
database) and the Flask test client, so no network and no server processes: the figures are
the app's own cost per PATCH /api/v1/audits/{id}/answers of the 60-criterion
`scoring_rules/retail-store-visit.yaml`, half answered. The baseline in the same run is a
GET of the same audit (token check, scoping, serialisation: everything but the save).
`--profile` adds cProfile's top functions by cumulative time for the envelope saves.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import event

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.loadgen import criteria_of, random_value  # noqa: E402

CHECKLIST = ROOT / "scoring_rules" / "retail-store-visit.yaml"


def build(instance: str):
    """The app on a fresh database with one half-answered in-progress audit; (app, token, id)."""
    os.environ["AUDIT_INSTANCE_PATH"] = instance
    from audit import create_app
    from audit.database import upgrade_schema
    from audit.extensions import db
    from audit.models import Location, Organization
    from audit.services.accounts import create_user, issue_api_token
    from audit.services.answers import save_answers
    from audit.services.checklists import save_checklist_version
    from audit.services.workflow import assign_audit

    app = create_app({"SECRET_KEY": "bench"})
    upgrade_schema(app)
    with app.app_context():
        org = Organization(slug="bench", name="Bench")
        location = Location(organization=org, name="Store", city="Lyon")
        db.session.add_all([org, location])
        version = save_checklist_version(CHECKLIST.read_text(), None)
        auditor = create_user(email="a@bench.test", name="A", role="auditor")
        audit = assign_audit(version=version, location=location, auditor=auditor, assigned_by=None)
        criteria = criteria_of(version.definition)
        rng = random.Random(1)
        half = {c["key"]: random_value(rng, c) for c in criteria[::2]}
        save_answers(audit, auditor, half)
        token = issue_api_token(auditor)
        db.session.commit()
        return app, token, audit.id, criteria


def count_statements(app):
    """A list that grows by one per SQL statement the app runs."""
    from audit.extensions import db

    seen: list[str] = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *a: seen.append(a[2].split()[0]))
    return seen


def measure(app, token: str, audit_id: int, criteria: list, saves: int, profile: bool) -> None:
    """Time GETs, plain saves and envelope saves; print mean/p50 and statements per request."""
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    statements = count_statements(app)
    rng = random.Random(2)

    def get():
        return client.get(f"/api/v1/audits/{audit_id}", headers=headers)

    def plain():
        c = rng.choice(criteria)
        return client.patch(
            f"/api/v1/audits/{audit_id}/answers",
            headers=headers,
            json={c["key"]: random_value(rng, c)},
        )

    def envelope():
        c = rng.choice(criteria)
        body = {
            "answers": {c["key"]: random_value(rng, c)},
            "edited_at": datetime.now(UTC).isoformat(),
        }
        return client.patch(
            f"/api/v1/audits/{audit_id}/answers",
            headers=headers,
            data=json.dumps(body),
            content_type="application/json",
        )

    for name, call in (
        ("GET audit (baseline)", get),
        ("PATCH plain", plain),
        ("PATCH envelope", envelope),
    ):
        for _ in range(10):
            assert call().status_code == 200
        times, cpu, counts = [], [], []
        profiler = cProfile.Profile() if profile and name == "PATCH envelope" else None
        for _ in range(saves):
            before = len(statements)
            t0, c0 = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            response = call()
            if profiler:
                profiler.disable()
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            counts.append(len(statements) - before)
            assert response.status_code == 200, response.get_data(as_text=True)
        print(
            f"  {name:<22} CPU {statistics.fmean(cpu):6.2f} ms  "
            f"wall mean {statistics.fmean(times):6.2f} ms  "
            f"p50 {statistics.median(times):6.2f} ms  "
            f"SQL statements {statistics.fmean(counts):.1f}  "
            f"response {len(response.get_data())} bytes"
        )
        if profiler:
            print("\n  cProfile, envelope saves, top 25 by cumulative time:")
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def scoring_alone(app, audit_id: int, n: int = 300) -> None:
    """The scoring engine alone on the same audit, for scale."""
    from audit.extensions import db
    from audit.models import Audit
    from audit.services.scores import compute_score

    with app.app_context():
        audit = db.session.get(Audit, audit_id)
        compute_score(audit)
        t0 = time.perf_counter()
        for _ in range(n):
            compute_score(audit).to_dict()
        print(f"  score_audit + to_dict  mean {(time.perf_counter() - t0) / n * 1000:6.2f} ms")


def main() -> None:
    """Build, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-save-cost-") as instance:
        app, token, audit_id, criteria = build(instance)
        print(
            f"Save cost, {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}, "
            f"{len(criteria)} criteria, {os.getloadavg()[0]:.1f} load:"
        )
        measure(app, token, audit_id, criteria, args.saves, args.profile)
        scoring_alone(app, audit_id)


if __name__ == "__main__":
    main()
