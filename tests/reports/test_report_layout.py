"""Layout facts a reader sees: photos beside their touchpoint, no lonely headings, no text
drawn over other text, labels wrapped rather than cut, plurals in good English."""

from __future__ import annotations

from dataclasses import replace

from audit.reports import GradeBand, ScoreLine, build_audit_report, build_wave_summary
from audit.reports.sample import sample_report, sample_wave

BANDS = (
    GradeBand(90, "Excellent"),
    GradeBand(75, "Good"),
    GradeBand(60, "Needs improvement"),
    GradeBand(0, "Poor"),
)


def captioned(data):
    """The report with each photo captioned after its touchpoint, to find it in the text."""
    return replace(
        data,
        touchpoints=[
            replace(
                tp,
                photos=[
                    replace(p, caption=f"Evidence {tp.key} number {i}")
                    for i, p in enumerate(tp.photos, 1)
                ],
            )
            for tp in data.touchpoints
        ],
    )


def test_first_photo_is_on_the_page_of_its_touchpoint_heading(photos, branding, pdfs):
    data = captioned(sample_report(photos * 9, touchpoints=40, branding=branding))
    pages = pdfs.pages(build_audit_report(data))
    detail = pdfs.page_of(pages, "Touchpoints in detail")
    for i, tp in enumerate(data.touchpoints, 1):
        heading = pdfs.page_of(pages, f"TOUCHPOINT {i} ·")  # the section header's kicker
        assert heading >= detail, tp.name
        if tp.photos:
            assert pdfs.page_of(pages, f"Evidence {tp.key} number 1") == heading, tp.name


def test_touchpoints_at_a_glance_shares_its_page(report_data, pdfs):
    pages = pdfs.pages(build_audit_report(report_data))
    page = pdfs.page_of(pages, "Touchpoints at a glance")
    assert pdfs.page_of(pages, "Touchpoints in detail") == page


def test_grade_band_labels_never_run_into_their_scores(report_data, pdfs):
    data = replace(report_data, grades=BANDS, grade="Needs improvement")
    reader = pdfs.reader(build_audit_report(data))
    appendix = reader.pages[-1]
    runs = pdfs.runs(appendix)
    assert any(r.text.startswith("Needs") for r in runs)
    assert not pdfs.overlaps(runs)


def test_no_text_overlaps_on_any_page_of_a_long_report(photos, branding, pdfs):
    data = replace(
        sample_report(photos, touchpoints=12, branding=branding),
        grades=BANDS,
        grade="Needs improvement",
    )
    for page in pdfs.reader(build_audit_report(data)).pages:
        assert not pdfs.overlaps(pdfs.runs(page))


def test_wave_summary_wraps_long_labels_and_grades(branding, pdfs):
    data = sample_wave(["Paris", "Lyon"], branding)
    pillars = [ScoreLine("product", "Product and store experience", 71.5, 1.0)]
    data = replace(
        data,
        grades=BANDS,
        locations=[
            replace(loc, pillars=pillars, grade="Needs improvement") for loc in data.locations
        ],
    )
    pdf = build_wave_summary(data)
    text = pdfs.text(pdf)
    assert "Productandstoreexperience" in pdfs.squash(text)
    assert "…" not in text
    for page in pdfs.reader(pdf).pages:
        assert not pdfs.overlaps(pdfs.runs(page))


def test_plurals_read_as_english(report_data, pdfs):
    two = [c.key for tp in report_data.touchpoints for c in tp.criteria[:1]][:2]
    data = replace(report_data, critical_failures=two, cap_applied=True, overall=40.0)
    text = pdfs.text(build_audit_report(data))
    assert "criterions" not in text
    assert "2 critical criteria failed" in text
    one = replace(data, critical_failures=two[:1])
    text = pdfs.text(build_audit_report(one))
    assert "1 critical criterion failed" in text and "1 critical failure:" in text
