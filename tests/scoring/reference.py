"""An independent scorer: docs/scoring.md (answers, fractions, which criteria count, scores).

It reads the checklist as the plain YAML document (a dict) and the raw answers, and imports
nothing of `audit.scoring`: the property tests compare the engine with it, and two
implementations sharing helpers would share their mistakes. It expects a VALID checklist
and valid answers (the engine's validation is tested elsewhere) and favours the obvious
over the fast.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

NA = "N/A"
DEFAULT_PILLARS = {"people": {}, "product": {}, "process": {}}
DEFAULT_GRADES = [
    {"min": 90, "label": "Excellent"},
    {"min": 75, "label": "Good"},
    {"min": 60, "label": "Fair"},
    {"min": 0, "label": "Poor"},
]


def _unanswered(value: Any) -> bool:
    """Unanswered: absent, null, or an empty or all-blank string."""
    return value is None or (isinstance(value, str) and not value.strip())


def _integer(value: Any) -> int:
    """Scale and nps answers: integers, integral numbers and their strings."""
    number = float(value.strip()) if isinstance(value, str) else value
    assert not isinstance(number, bool) and number == int(number), value
    return int(number)


def normalise(criterion: dict, value: Any) -> Any:
    """An answer in its normal form; None when unanswered, NA when N/A."""
    if _unanswered(value):
        return None
    if isinstance(value, str) and value.strip().lower() == "n/a":
        return NA
    kind = criterion["type"]
    if kind == "yes_no":
        if isinstance(value, bool):
            return "yes" if value else "no"
        return {"yes": "yes", "true": "yes", "no": "no", "false": "no"}[value.strip().lower()]
    if kind in ("scale", "nps"):
        return _integer(value)
    if kind == "number":
        return float(value.strip()) if isinstance(value, str) else float(value)
    if kind == "choice":
        return str(value)
    return value  # text


def fraction(criterion: dict, value: Any) -> float:
    """The fraction f in [0, 1] of a normalised answer, by type."""
    kind = criterion["type"]
    if kind == "yes_no":
        expected = criterion.get("expected", "yes")
        if isinstance(expected, bool):
            expected = "yes" if expected else "no"
        return 1.0 if value == expected else 0.0
    if kind == "scale":
        low, high = criterion.get("min", 1), criterion.get("max", 5)
        return (value - low) / (high - low)
    if kind == "choice":
        return next(float(o["score"]) for o in criterion["options"] if str(o["value"]) == value)
    if kind == "number":
        for band in criterion["bands"]:
            if ("min" not in band or value >= band["min"]) and (
                "max" not in band or value <= band["max"]
            ):
                return float(band["score"])
        return 0.0
    return value / 10  # nps


def _score(rows: list[tuple[float, float]]) -> float | None:
    """100 x sum(w f) / sum(w), or None when nothing is included."""
    total = sum(w for w, _ in rows)
    return 100 * sum(w * f for w, f in rows) / total if total > 0 else None


def round_score(x: float | None) -> float | None:
    """One decimal, half up, after adding 1e-9."""
    if x is None:
        return None
    return float(Decimal(x + 1e-9).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def reference_score(doc: dict, answers: dict[str, Any]) -> dict[str, Any]:
    """The score object of an audit (as the CLI prints it), scores UNROUNDED (see `rounded`)."""
    pillars = doc.get("pillars") or DEFAULT_PILLARS
    rows = []  # (touchpoint, criterion, value) in document order
    for tp in doc["touchpoints"]:
        for c in tp["criteria"]:
            rows.append((tp, c, normalise(c, answers.get(c["key"]))))
    values = {c["key"]: v for _, c, v in rows}
    by_key = {c["key"]: c for _, c, _ in rows}

    hidden: set[str] = set()
    for _, c, _ in rows:  # show_if only refers to earlier criteria: one pass suffices
        rule = c.get("show_if")
        if rule is None:
            continue
        ref = rule["criterion"]
        shown = [normalise(by_key[ref], v) for v in rule.get("in", [rule.get("equals")])]
        if ref in hidden or values[ref] in (None, NA) or values[ref] not in shown:
            hidden.add(c["key"])

    included = []  # (touchpoint, criterion, w, f)
    missing = []
    for tp, c, value in rows:
        if c["key"] in hidden:
            continue
        required = c.get("required", c["type"] != "text")
        if value is None and required:
            missing.append(c["key"])
        w = tp.get("weight", 1) * c.get("weight", 1)
        if c["type"] != "text" and value not in (None, NA) and w > 0:
            included.append((tp, c, w, fraction(c, value)))

    def score_of(keep) -> float | None:
        return _score([(w, f) for tp, c, w, f in included if keep(tp, c)])

    pillar_scores = {p: score_of(lambda _tp, c, p=p: c["pillar"] == p) for p in pillars}
    stages: dict[str, float | None] = {}
    channels: dict[str, float | None] = {}
    for tp in doc["touchpoints"]:
        if tp.get("stage") is not None and tp["stage"] not in stages:
            stages[tp["stage"]] = score_of(lambda t, _c, s=tp["stage"]: t.get("stage") == s)
        if tp.get("channel") is not None and tp["channel"] not in channels:
            channels[tp["channel"]] = score_of(lambda t, _c, h=tp["channel"]: t.get("channel") == h)
    weighted = [
        ((pillars[p] or {}).get("weight", 1), s)
        for p, s in pillar_scores.items()
        if (pillars[p] or {}).get("weight", 1) > 0 and s is not None
    ]
    total = sum(weight for weight, _ in weighted)
    uncapped = sum(weight * s for weight, s in weighted) / total if weighted else None
    default_pass = {"yes_no": 1.0}
    failed = [
        c["key"]
        for _, c, _, f in included
        if f < c.get("pass_at", default_pass.get(c["type"], 0.5)) - 1e-9
    ]
    critical = [k for k in failed if by_key[k].get("critical", False)]
    overall = uncapped
    if critical and uncapped is not None:
        overall = min(uncapped, doc.get("critical_failure_cap", 0))
    grade = None
    if overall is not None:
        bands = sorted(doc.get("grades") or DEFAULT_GRADES, key=lambda b: b["min"], reverse=True)
        grade = next((b["label"] for b in bands if b["min"] <= round_score(overall)), None)
    return {
        "checklist": doc["id"],
        "overall": overall,
        "overall_uncapped": uncapped,
        "grade": grade,
        "critical_failures": critical,
        "failed": failed,
        "missing": missing,
        "pillars": pillar_scores,
        "touchpoints": {
            tp["key"]: score_of(lambda t, _c, k=tp["key"]: t["key"] == k)
            for tp in doc["touchpoints"]
        },
        "stages": stages,
        "channels": channels,
    }


def rounded(result: dict[str, Any]) -> dict[str, Any]:
    """The same object with every score rounded for output."""
    out = dict(result)
    for key in ("overall", "overall_uncapped"):
        out[key] = round_score(result[key])
    for group in ("pillars", "touchpoints", "stages", "channels"):
        out[group] = {k: round_score(v) for k, v in result[group].items()}
    return out
