"""Branded PDF reports with reportlab: plain data in (see `data`), PDF bytes out.

No Flask, no database: the report service fills the dataclasses of `audit.reports.data`.
"""

from .cache import ReportCache, fingerprint
from .data import (
    DEFAULT_GRADES,
    STAGE_ORDER,
    ActionLine,
    AuditReportData,
    AuditTimings,
    CriterionLine,
    EventLine,
    GradeBand,
    ReportBranding,
    ReportPhoto,
    ReportRecording,
    ScoreLine,
    TouchpointSection,
    WaveAudit,
    WaveFail,
    WaveLocation,
    WaveSummaryData,
)
from .language import LANGUAGES, ReportLanguage, report_language
from .report import build_audit_report
from .wave import build_wave_summary

__all__ = [
    "ActionLine",
    "DEFAULT_GRADES",
    "STAGE_ORDER",
    "AuditReportData",
    "AuditTimings",
    "CriterionLine",
    "EventLine",
    "GradeBand",
    "LANGUAGES",
    "ReportBranding",
    "ReportCache",
    "ReportLanguage",
    "ReportPhoto",
    "ReportRecording",
    "ScoreLine",
    "TouchpointSection",
    "WaveAudit",
    "WaveFail",
    "WaveLocation",
    "WaveSummaryData",
    "build_audit_report",
    "build_wave_summary",
    "fingerprint",
    "report_language",
]
