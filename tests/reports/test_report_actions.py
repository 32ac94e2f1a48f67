"""The corrective-action section of the audit report (plain data in, PDF out)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from audit.reports import ActionLine, build_audit_report


def test_section_lists_opened_and_rechecked_actions(report_data, pdfs, hostile):
    lines = [
        ActionLine("Second till", "Minutes waited", "in progress", date(2026, 5, 31), "Ann"),
        ActionLine(hostile, "Greeted?", "done", passed=True),
        ActionLine("Price tags " * 40, "Прайсы на месте?", "verified", passed=False),
    ]
    pdf = build_audit_report(replace(report_data, actions=lines))
    assert "Corrective actions" in pdfs.outline(pdf)
    text = pdfs.squash(pdfs.text(pdf))
    for words in (
        "OPENED FROM THIS VISIT",
        "due 31 May 2026 · Ann",
        "EARLIER ACTIONS RECHECKED IN THIS VISIT",
        "Passes now",
        "Still failing",
        "Прайсы на месте?",
        hostile,
    ):
        assert pdfs.squash(words) in text


def test_no_section_without_actions(report_data, pdfs):
    assert "Corrective actions" not in pdfs.outline(build_audit_report(report_data))
