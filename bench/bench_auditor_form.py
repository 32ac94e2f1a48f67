"""Benchmark of the auditor's form page: a 60-criterion touchpoint rendered server-side.

Run with `.venv/bin/python bench/bench_auditor_form.py`; prints figures, asserts nothing.
Target: under 50 ms per page. The baseline, measured in the same run, is the auditor's
home page with no audits: sign-in, the session, the layout and one query.
Uses a throwaway SQLite database in a temporary instance folder.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import tempfile
import time

import yaml

PASSWORD = "bench-password"
TYPES = ["yes_no", "scale", "choice", "number", "nps", "text"]


def checklist_yaml(criteria: int = 60) -> str:
    """One touchpoint of `criteria` criteria of every type, some follow-ups, some guidance."""
    rng = random.Random(5)
    items = []
    for i in range(criteria):
        kind = TYPES[i % len(TYPES)]
        c = {"key": f"c{i}", "text": f"Question number {i}: was it done well?", "type": kind}
        c |= {"pillar": rng.choice(["people", "product", "process"]), "na": i % 4 == 0}
        if kind == "scale":
            c |= {"min": 1, "max": 5}
        elif kind == "choice":
            c["options"] = [
                {"value": f"o{j}", "label": f"Option {j}", "score": j / 3} for j in range(4)
            ]
        elif kind == "number":
            c["bands"] = [{"max": 5, "score": 1}, {"max": 10, "score": 0.5}]
        if kind == "yes_no":
            c["comment_on_fail"] = True
        if i % 3 == 0:
            c["guidance"] = "Look carefully, and count from the moment you enter."
        if i % 6 == 1:
            c["show_if"] = {"criterion": f"c{i - 1}", "equals": "yes"}
        items.append(c)
    doc = {
        "id": "bench-form",
        "title": "Form benchmark",
        "touchpoints": [{"key": "visit", "name": "Visit", "criteria": items}],
    }
    return yaml.safe_dump(doc, sort_keys=False)


def timed(client, path: str, runs: int) -> list[float]:
    """Milliseconds per GET of `path`, after two warm-up requests."""
    for _ in range(2):
        assert client.get(path).status_code == 200
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return times


def main(runs: int = 50) -> None:
    instance = tempfile.mkdtemp(prefix="bench-auditor-")
    os.environ["AUDIT_INSTANCE_PATH"] = instance
    from audit import create_app
    from audit.database import upgrade_schema
    from audit.extensions import db
    from audit.models import Location, Organization
    from audit.services.accounts import create_user
    from audit.services.answers import save_answers
    from audit.services.checklists import save_checklist_version
    from audit.services.workflow import assign_audit

    app = create_app({"SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
    upgrade_schema(app)
    with app.app_context():
        create_user(email="empty@bench.test", name="Empty", role="auditor", password=PASSWORD)
        busy = create_user(email="busy@bench.test", name="Busy", role="auditor", password=PASSWORD)
        org = Organization(slug="bench", name="Bench")
        location = Location(organization=org, name="Bench store", city="Lyon")
        db.session.add_all([org, location])
        version = save_checklist_version(checklist_yaml(), None)
        audit = assign_audit(version=version, location=location, auditor=busy, assigned_by=None)
        answers = {f"c{i}": "yes" for i in range(0, 60, 6)} | {f"c{i}": 4 for i in range(1, 60, 6)}
        save_answers(audit, busy, answers)
        db.session.commit()
        audit_id = audit.id
        db.session.remove()

    def signed_in(email: str):
        client = app.test_client()
        client.post("/login", data={"email": email, "password": PASSWORD})
        return client

    baseline = timed(signed_in("empty@bench.test"), "/auditor/", runs)
    form = timed(signed_in("busy@bench.test"), f"/auditor/audits/{audit_id}", runs)
    for name, times in (("baseline (home, no audits)", baseline), ("form, 60 criteria", form)):
        print(
            f"{name:28s} median {statistics.median(times):6.1f} ms   "
            f"p90 {sorted(times)[int(len(times) * 0.9)]:6.1f} ms   (n={len(times)})"
        )
    extra = statistics.median(form) - statistics.median(baseline)
    print(f"form page over baseline: {extra:.1f} ms   (target: whole page < 50 ms)")
    with app.app_context():
        db.engine.dispose()
    shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
