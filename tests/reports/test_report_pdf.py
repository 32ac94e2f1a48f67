"""The audit report PDF, parsed back with pypdf."""

from __future__ import annotations

import unicodedata
from dataclasses import replace

import pytest
from reportlab.lib.pagesizes import A4, LETTER

from audit.reports import ReportPhoto, build_audit_report


@pytest.fixture
def pdf(report_data) -> bytes:
    """The sample report, rendered once per test."""
    return build_audit_report(report_data)


def test_text_has_client_location_touchpoints_score_and_grade(pdf, report_data, pdfs):
    text = pdfs.text(pdf)
    assert "Acme Retail" in text
    assert report_data.location_name in text
    for tp in report_data.touchpoints:
        assert tp.name in text
    assert f"{report_data.overall:.1f}" in text
    assert report_data.grade in text
    assert "Retail store visit (version 3)" in text


def test_every_criterion_shows_its_result_as_a_word(pdf, report_data, pdfs):
    text = pdfs.text(pdf)
    assert "PASS" in text and "FAIL" in text
    failed = [c for tp in report_data.touchpoints for c in tp.criteria if c.failed]
    assert text.count("FAIL") >= len(failed)


def test_metadata_title_and_author(pdf, pdfs):
    meta = pdfs.reader(pdf).metadata
    assert meta.title == "Store visit audit – Flagship Store — London, United Kingdom"
    assert meta.author == "Northstar Audits"


def test_outline_has_each_section_and_touchpoint(pdf, report_data, pdfs):
    titles = pdfs.outline(pdf)
    for section in (
        "Cover",
        "Executive summary",
        "Touchpoints in detail",
        "Appendix",
        "Methodology",
        "Auditor's timings",
        "Audit trail",
    ):
        assert section in titles
    assert [t for t in titles if t.startswith("Touchpoint ")] == [
        tp.name for tp in report_data.touchpoints
    ]


def test_pages_are_numbered_with_the_total(pdf, pdfs):
    reader = pdfs.reader(pdf)
    text = pdfs.squash(reader.pages[1].extract_text())
    assert f"Page2of{len(reader.pages)}" in text  # the total is a form drawn at the end


@pytest.mark.parametrize(("size", "expected"), [("A4", A4), ("Letter", LETTER), ("", A4)])
def test_page_size(report_data, pdfs, size, expected):
    data = replace(report_data, branding=replace(report_data.branding, page_size=size))
    box = pdfs.reader(build_audit_report(data)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == tuple(map(round, expected))


def test_each_photo_embedded_once_even_when_shown_twice(report_data, photos, pdfs):
    assert len(pdfs.images(build_audit_report(report_data))) == len(photos) + 1  # + logo
    again = ReportPhoto(photos[0], "Same photo again")
    tp = report_data.touchpoints[-1]
    data = replace(
        report_data,
        touchpoints=[*report_data.touchpoints[:-1], replace(tp, photos=[*tp.photos, again])],
    )
    pdf = build_audit_report(data)
    assert "Same photo again" in pdfs.text(pdf)
    assert len(pdfs.images(pdf)) == len(photos) + 1


def test_hostile_markup_comes_out_literally(report_data, hostile, pdfs):
    data = pdfs.with_comment(report_data, hostile)
    tp = data.touchpoints[0]
    photo = replace(tp.photos[0], caption=hostile)
    data = replace(
        data,
        location_name=hostile,
        scenario=hostile,
        auditor_name=hostile,
        touchpoints=[replace(tp, name=hostile, photos=[photo]), *data.touchpoints[1:]],
    )
    text = pdfs.squash(pdfs.text(build_audit_report(data)))
    assert text.count(pdfs.squash(hostile)) >= 6


@pytest.mark.parametrize("name", ["Москва Центральный", "دبي مول"])
def test_cyrillic_and_arabic_names_extract(report_data, pdfs, name):
    text = pdfs.text(build_audit_report(replace(report_data, location_name=name)))
    if name.isascii() or "Москва" in name:
        assert name in text
    else:  # Arabic is drawn shaped and in visual order: pypdf reads it back in logical order
        assert name in unicodedata.normalize("NFKC", text)


def test_critical_banner_only_with_critical_failures(report_data, pdfs):
    capped = replace(
        report_data,
        critical_failures=["c0_0"],
        cap_applied=True,
        overall=40.0,
        overall_uncapped=81.2,
        critical_failure_cap=40,
    )
    first_page = pdfs.reader(build_audit_report(capped)).pages[0].extract_text()
    assert "CRITICAL FAILURE" in first_page
    assert "capped at 40.0" in first_page and "81.2" in first_page
    clean = replace(report_data, critical_failures=[], cap_applied=False)
    assert "CRITICAL FAILURE" not in pdfs.text(build_audit_report(clean))


def test_missing_photo_and_logo_give_placeholders_not_errors(report_data, tmp_path, pdfs, caplog):
    gone = tmp_path / "gone.jpg"
    tp = report_data.touchpoints[0]
    data = replace(
        report_data,
        branding=replace(report_data.branding, logo_path=tmp_path / "nologo.png"),
        touchpoints=[replace(tp, photos=[ReportPhoto(gone, "Lost")]), *report_data.touchpoints[1:]],
    )
    text = pdfs.text(build_audit_report(data))
    assert "Photo not available" in text
    assert "photo not available" in caplog.text


def test_bad_colours_fall_back_to_defaults(report_data, pdfs):
    branding = replace(report_data.branding, primary_color="red;<x>", accent_color="")
    assert pdfs.text(build_audit_report(replace(report_data, branding=branding)))


def test_draft_watermark(report_data, pdfs):
    assert "DRAFT" in pdfs.text(build_audit_report(replace(report_data, draft=True)))
    assert "DRAFT" not in pdfs.text(build_audit_report(report_data))


def test_empty_audit_still_renders(branding, pdfs):
    from audit.reports import AuditReportData

    data = AuditReportData(branding, "Audit", "Nowhere", "Checklist")
    text = pdfs.text(build_audit_report(data))
    assert "Nowhere" in text and "No events recorded." in text
