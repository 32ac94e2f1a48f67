"""The audit report: cover, executive summary, touchpoints, appendix."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, NextPageTemplate, PageBreak

from .actions import actions_story
from .appendix import appendix_story
from .cover import COVER_TOP, cover_painter, cover_story, location_line
from .data import AuditReportData
from .document import MARGIN_X, PageChrome, render
from .language import ReportLanguage, report_language, use_language
from .styles import fmt_dt, make_theme
from .summary import summary_story
from .touchpoints import touchpoint_story

DETAIL_ROOM = 90 * mm


def build_audit_report(data: AuditReportData, lang: ReportLanguage | None = None) -> bytes:
    """Render one audit as a branded PDF in `lang` (else `data.language`); PDF bytes."""
    with use_language(lang or report_language(data.language)):
        return _build(data)


def _build(data: AuditReportData) -> bytes:
    theme = make_theme(data.branding, data.grades)
    width = theme.page_size[0] - 2 * MARGIN_X
    where = location_line(data.location_name, data.location_city, data.location_country)
    chrome = PageChrome(
        org_name=data.branding.org_name,
        subject=data.location_name,
        title=f"{data.title} – {where}",
        footer_text=data.branding.footer_text,
        author=data.branding.prepared_by or data.branding.org_name,
        draft=data.draft,
        running_title=" · ".join(
            p for p in (data.title, fmt_dt(data.visited_at, False) if data.visited_at else "") if p
        ),
    )
    story = [
        *cover_story(data, theme, width),
        NextPageTemplate("body"),
        PageBreak(),
        *summary_story(data, theme, width),
        # A new page only when little is left: the overview table often needs just the top
        # of a page, and the touchpoints start under it rather than after an empty page.
        CondPageBreak(DETAIL_ROOM),
        *touchpoint_story(data.touchpoints, theme, width),
        *actions_story(data, theme, width),
        PageBreak(),
        *appendix_story(data, theme, width),
    ]
    return render(story, theme, chrome, cover_painter(data, theme), COVER_TOP)
