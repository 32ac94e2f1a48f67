"""Benchmark the audit PDF report: uncached build, cached fetch, reportlab defaults, WeasyPrint.

Run: .venv/bin/python bench/bench_reports.py  (prints figures; never asserts timings)
Data: 40 touchpoints, 320 criteria, 60 photos (800 px JPEG print copies in a temp dir).
"""

from __future__ import annotations

import html
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from audit.reports import ReportCache, build_audit_report, fingerprint
from audit.reports.sample import make_photos, sample_report

RUNS = 7
TARGET_UNCACHED, TARGET_CACHED = 0.4, 0.05


def median_time(fn: Callable[[], object], runs: int = RUNS) -> float:
    """Median wall time of `runs` calls after one warm-up call."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def baseline_in_subprocess(photo_dir: Path) -> float:
    """The same report with reportlab's defaults (useA85 on), in a fresh interpreter."""
    code = f"""
import statistics, time
from pathlib import Path
import audit.reports.styles  # registers fonts and sets useA85 = 0 ...
from reportlab import rl_config
rl_config.useA85 = 1          # ... which the baseline turns back on
from audit.reports import build_audit_report
from audit.reports.sample import sample_report
photos = sorted(Path({str(photo_dir)!r}).glob("*.jpg"))
data = sample_report(photos, touchpoints=40, criteria_per=8)
build_audit_report(data)
times = []
for _ in range({RUNS}):
    t = time.perf_counter(); build_audit_report(data); times.append(time.perf_counter() - t)
print(statistics.median(times))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def bare_reportlab(data) -> bytes:
    """The same content built with bare, tuned reportlab: no branding, cover, charts or
    page furniture; one table per touchpoint and the photos three to a row. What the
    report's own layout costs is the difference."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Table

    from audit.reports.styles import esc, register_fonts

    fonts = register_fonts()
    regular, bold = fonts.regular, fonts.bold
    body = ParagraphStyle("body", fontName=regular, fontSize=8, leading=10)
    heading = ParagraphStyle("heading", fontName=bold, fontSize=12, leading=15)
    width = A4[0] - 30 * mm
    story = [Paragraph(esc(data.title), heading), Paragraph(esc(data.location_name), body)]
    for tp in data.touchpoints:
        story.append(Paragraph(f"{esc(tp.name)} {tp.score or 0:.1f}", heading))
        rows = [
            [
                Paragraph(f"{esc(c.text)}<br/>{esc(c.comment)}", body),
                Paragraph(esc(c.answer_text), body),
                "FAIL" if c.failed else "PASS",
            ]
            for c in tp.criteria
        ]
        if rows:
            story.append(Table(rows, colWidths=[width * 0.6, width * 0.3, width * 0.1]))
        pictures = [
            Image(str(p.path), width / 3 - 2 * mm, (width / 3 - 2 * mm) * 0.75) for p in tp.photos
        ]
        for start in range(0, len(pictures), 3):
            story.append(Table([pictures[start : start + 3]]))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm).build(story)
    return out.getvalue()


def weasyprint_html(data) -> str:
    """An HTML rendering of the same content, for the WeasyPrint comparison."""
    e = html.escape
    parts = [
        "<html><head><style>body{font-family:'DejaVu Sans';font-size:8pt}"
        "table{width:100%;border-collapse:collapse}td{border-bottom:1px solid #ddd;padding:3px}"
        "img{width:32%;margin:0.5%}h2{color:#1f3a5f}</style></head><body>",
        f"<h1>{e(data.title)}</h1>",
        f"<p>{e(data.location_name)} {data.overall:.1f} {e(data.grade)}</p>",
    ]
    for tp in data.touchpoints:
        parts.append(f"<h2>{e(tp.name)} {tp.score or 0:.1f}</h2><table>")
        for c in tp.criteria:
            result = "FAIL" if c.failed else "PASS"
            parts.append(
                f"<tr><td>{e(c.text)}<br><small>{e(c.comment)}</small></td>"
                f"<td>{e(c.answer_text)}</td><td>{result}</td></tr>"
            )
        parts.append("</table>")
        parts += [f'<img src="{p.path.as_uri()}">' for p in tp.photos]
    return "".join(parts) + "</body></html>"


def main() -> None:
    """Print the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        photo_dir = Path(tmp) / "photos"
        photos = make_photos(photo_dir, 60)
        data = sample_report(photos, touchpoints=40, criteria_per=8)
        n_criteria = sum(len(tp.criteria) for tp in data.touchpoints)
        n_photos = sum(len(tp.photos) for tp in data.touchpoints)
        print(
            f"data: {len(data.touchpoints)} touchpoints, {n_criteria} criteria, "
            f"{n_photos} photos ({sum(p.stat().st_size for p in photos) / 1e6:.1f} MB JPEG)"
        )

        pdf = build_audit_report(data)
        uncached = median_time(lambda: build_audit_report(data))
        cpu_start = time.process_time()
        build_audit_report(data)
        cpu = time.process_time() - cpu_start
        ok = "ok" if uncached < TARGET_UNCACHED else "OVER TARGET"
        print(
            f"uncached build:        {uncached * 1000:7.1f} ms median of {RUNS} "
            f"(cpu {cpu * 1000:.0f} ms; target < {TARGET_UNCACHED * 1000:.0f} ms: {ok}), "
            f"{len(pdf) / 1e6:.2f} MB PDF"
        )

        cache = ReportCache(Path(tmp) / "cache")

        def cached() -> bytes:
            return cache.get_or_build(fingerprint(data), lambda: build_audit_report(data))

        cached()
        hit = median_time(cached)
        fp = median_time(lambda: fingerprint(data))
        ok = "ok" if hit < TARGET_CACHED else "OVER TARGET"
        print(
            f"cached fetch:          {hit * 1000:7.1f} ms median (fingerprint "
            f"{fp * 1000:.1f} ms + read; target < {TARGET_CACHED * 1000:.0f} ms: {ok})"
        )

        base = baseline_in_subprocess(photo_dir)
        print(
            f"reportlab defaults:    {base * 1000:7.1f} ms median (useA85 on) -> ours is "
            f"{base / uncached:.2f}x faster"
        )

        bare = median_time(lambda: bare_reportlab(data))
        ok = "ok" if uncached <= 1.5 * bare else "OVER TARGET"
        print(
            f"bare tuned reportlab:  {bare * 1000:7.1f} ms median (same content, no layout) "
            f"-> ours takes {uncached / bare:.2f}x (target <= 1.5x: {ok})"
        )

        try:
            import weasyprint
        except ImportError:
            print("weasyprint not installed: pip install weasyprint to compare")
            return
        source = weasyprint_html(data)
        weasy = median_time(lambda: weasyprint.HTML(string=source).write_pdf(), runs=3)
        print(
            f"weasyprint (same data): {weasy * 1000:7.1f} ms median of 3 -> reportlab is "
            f"{weasy / uncached:.1f}x faster"
        )


if __name__ == "__main__":
    main()
