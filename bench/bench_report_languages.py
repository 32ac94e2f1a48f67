"""Benchmark the audit PDF in Arabic and Russian against the English one of the same audit.

Run: .venv/bin/python bench/bench_report_languages.py  (prints figures; never asserts)
Data: 40 touchpoints, 320 criteria, 60 photos; the Arabic and Russian reports are the same
audit written by a client in that language (`sample.sample_in`), built in the same run.
Target: the Arabic report within 1.5x the English one. Also times the two ways of shaping
one line of Arabic: arabic-reshaper + python-bidi (used) and reportlab's own shaping with
uharfbuzz (when installed; it joins letters but cannot reorder without rlbidi).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from audit.reports import build_audit_report, report_language
from audit.reports.language import use_language
from audit.reports.sample import make_photos, sample_in, sample_report

RUNS = 5
TARGET_RATIO = 1.5
LINE = "حصل دبي مول على 87.5 من 100 في تقرير Acme Retail (الموجة الأولى)."


def median_time(fn: Callable[[], object], runs: int = RUNS) -> float:
    """Median wall time of `runs` calls after one warm-up call."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def shaping_per_line() -> None:
    """Microseconds to shape and order one mixed line, both ways."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from audit.reports.language import line
    from audit.reports.styles import register_fonts

    with use_language(report_language("ar")):
        ours = median_time(lambda: [line(LINE) for _ in range(200)]) / 200
    print(f"  arabic-reshaper + python-bidi, one line: {ours * 1e6:7.0f} us")
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:
        print("  reportlab + uharfbuzz: not installed (pip install uharfbuzz to compare)")
        return
    style = ParagraphStyle("x", fontName=register_fonts().regular, fontSize=9, shaping=1)

    def shaped() -> None:
        for _ in range(200):
            Paragraph(LINE, style).wrap(500, 100)

    print(f"  reportlab shaping (uharfbuzz), one line: {median_time(shaped) / 200 * 1e6:7.0f} us")


def main() -> None:
    """Print build times per language and the Arabic / English ratio."""
    with tempfile.TemporaryDirectory() as tmp:
        photos = make_photos(Path(tmp), 60)
        english = sample_report(photos, touchpoints=40, criteria_per=8)
        reports = {code: sample_in(english, code) for code in ("ar", "ru")}
        reports["en"] = english
        times, sizes = {}, {}
        for code in ("en", "ar", "ru"):
            data = reports[code]
            sizes[code] = len(build_audit_report(data))
            times[code] = median_time(lambda data=data: build_audit_report(data))
    print("Audit report, 40 touchpoints, 320 criteria, 60 photos (median of 5 builds):")
    for code in ("en", "ar", "ru"):
        ratio = times[code] / times["en"]
        print(f"  {code}: {times[code]:6.3f} s  {sizes[code] / 1e6:5.2f} MB  {ratio:4.2f}x English")
    verdict = "within" if times["ar"] <= TARGET_RATIO * times["en"] else "OVER"
    print(f"  Arabic {verdict} the {TARGET_RATIO}x target")
    print("Shaping one mixed Arabic/Latin line:")
    shaping_per_line()


if __name__ == "__main__":
    main()
