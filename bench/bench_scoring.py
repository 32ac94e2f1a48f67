"""Benchmark of audit.scoring: validating a 300-criterion checklist and scoring 10,000 audits.

Run with `.venv/bin/python bench/bench_scoring.py`; prints figures, asserts nothing.
Targets: validate < 50 ms; scoring < 0.2 ms per stored audit.
"""

from __future__ import annotations

import random
import time

import yaml

from audit.scoring import load_checklist, score_audit
from audit.scoring.answers import validate_answers
from audit.scoring.reference import reference_score

TYPES = ["yes_no", "scale", "choice", "number", "nps", "text"]


def checklist_yaml(touchpoints: int = 30, per_touchpoint: int = 10) -> str:
    """A checklist of touchpoints x per_touchpoint criteria of every type, some with show_if."""
    rng = random.Random(1)
    tps = []
    for t in range(touchpoints):
        criteria = []
        for i in range(per_touchpoint):
            key = f"t{t}_c{i}"
            kind = TYPES[(t + i) % len(TYPES)]
            c = {"key": key, "text": f"Question {key}?", "pillar": rng.choice(PILLARS)}
            c |= {"type": kind, "weight": rng.choice([1, 1, 2, 3]), "na": rng.random() < 0.2}
            if kind == "scale":
                c |= {"min": 1, "max": rng.choice([5, 7, 10])}
            elif kind == "choice":
                c["options"] = [{"value": f"o{j}", "score": j / 3} for j in range(4)]
            elif kind == "number":
                c["bands"] = [{"max": 60, "score": 1}, {"max": 120, "score": 0.5}]
            if kind != "text" and rng.random() < 0.1:
                c["critical"] = True
            if i % 5 == 1 and criteria[0]["type"] == "yes_no":
                c["show_if"] = {"criterion": criteria[0]["key"], "equals": "yes"}
            criteria.append(c)
        tps.append(
            {
                "key": f"t{t}",
                "name": f"Touchpoint {t}",
                "stage": rng.choice(["awareness", "purchase", "retention"]),
                "channel": rng.choice(["in_store", "phone", "email"]),
                "weight": rng.choice([1, 2]),
                "criteria": criteria,
            }
        )
    doc = {"id": "bench", "title": "Benchmark", "critical_failure_cap": 50, "touchpoints": tps}
    return yaml.safe_dump(doc, sort_keys=False)


PILLARS = ["people", "product", "process"]


def stored_audits(checklist, count: int) -> list[dict]:
    """Normalised answers dicts, as stored in the database."""
    rng = random.Random(2)
    audits = []
    for _ in range(count):
        answers = {}
        for c in checklist.criteria:
            roll = rng.random()
            if roll < 0.05:
                continue
            if roll < 0.08 and c.na:
                answers[c.key] = "N/A"
            elif c.type == "yes_no":
                answers[c.key] = rng.choice(["yes", "yes", "no"])
            elif c.type == "scale":
                answers[c.key] = rng.randint(c.min, c.max)
            elif c.type == "nps":
                answers[c.key] = rng.randint(0, 10)
            elif c.type == "choice":
                answers[c.key] = rng.choice(c.options).value
            elif c.type == "number":
                answers[c.key] = float(rng.randint(0, 180))
            else:
                answers[c.key] = "Friendly and quick."
        audits.append(validate_answers(checklist, answers))
    return audits


def best_of(runs: int, fn) -> float:
    """The fastest of several timed runs, in seconds."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    """Print the figures."""
    source = checklist_yaml()
    checklist = load_checklist(source)
    print(f"checklist: {len(checklist.criteria)} criteria, {len(source) / 1024:.0f} KiB of YAML")
    validate = best_of(10, lambda: load_checklist(source))
    print(f"validate (load_checklist):          {validate * 1000:8.1f} ms   (target < 50 ms)")

    audits = stored_audits(checklist, 10_000)
    score_audit(checklist, audits[0])  # compile the cached plan once, as a long-lived app would
    batch = best_of(3, lambda: [score_audit(checklist, a) for a in audits])
    per = batch / len(audits) * 1000
    print(
        f"score 10,000 stored audits:         {batch * 1000:8.1f} ms = {per:.3f} ms/audit"
        "   (target < 0.2 ms/audit)"
    )
    with_json = best_of(1, lambda: [score_audit(checklist, a).to_dict() for a in audits])
    print(f"  ... plus to_dict() each:          {with_json / len(audits) * 1000:8.3f} ms/audit")

    sample = audits[:1000]
    naive = best_of(1, lambda: [reference_score(checklist, a) for a in sample])
    print(
        f"baseline, no precomputed indexes:   {naive / len(sample) * 1000:8.3f} ms/audit "
        f"({naive / len(sample) * 1000 / per:.0f}x slower; reference scorer, 1,000 audits)"
    )
    reload = best_of(1, lambda: [score_audit(load_checklist(source), a) for a in audits[:20]])
    print(
        f"baseline, reload checklist/audit:   {reload / 20 * 1000:8.3f} ms/audit "
        f"({reload / 20 * 1000 / per:.0f}x slower; 20 audits)"
    )


if __name__ == "__main__":
    main()
