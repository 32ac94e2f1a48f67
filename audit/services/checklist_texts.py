"""A checklist's texts in a reader's language (docs/checklist-format.md, "Translations").

The one place pages, the API and the PDF reports get translated checklist texts from:

    checklist = checklist_in(audit.checklist_version, "ar")
    checklist.touchpoints[0].name            # Arabic, or the default language's text
    checklist.grade_label(audit.score["grade"])

`language` None means the request's language (Flask-Babel's locale). Scores never change:
the stored score was computed on the checklist as loaded, and a translated copy scores the
same; only texts (and so a score's grade label, through `grade_label`) are translated.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale
from flask_babel import get_locale

from audit.models import ChecklistVersion
from audit.scoring import Checklist
from audit.scoring.model import MissingText


def reader_language() -> str:
    """The language code of the request (its Babel locale); "en" without one."""
    locale = get_locale()
    return locale.language if locale is not None else "en"


def checklist_in(version: ChecklistVersion, language: str | None = None) -> Checklist:
    """The version's parsed checklist with every text in `language` (default: the reader's).

    Each text falls back to the checklist's default language where it has no text in
    `language` (or the checklist does not declare that language at all). Copies are built
    once per version and language and shared: treat them as read-only.
    """
    return version.definition.in_language(language or reader_language())


def checklist_title(version: ChecklistVersion, language: str | None = None) -> str:
    """The version's title in `language` (default: the reader's), for lists and cards."""
    return checklist_in(version, language).title


@dataclass(frozen=True)
class LanguageStatus:
    """How complete one of a checklist's languages is, for the checklist editor."""

    code: str
    name: str  # in the reader's language
    default: bool
    missing: tuple[MissingText, ...]  # texts shown in the default language instead


def translation_status(checklist: Checklist) -> list[LanguageStatus]:
    """Each declared language with the texts it lacks, in file order (the default first)."""
    reader = get_locale()
    base = checklist.base
    ordered = sorted(base.languages, key=lambda code: code != base.default_language)
    return [
        LanguageStatus(
            code=code,
            name=_capitalised(Locale.parse(code).get_display_name(reader) or code),
            default=code == base.default_language,
            missing=tuple(m for m in base.missing_texts if code in m.languages),
        )
        for code in ordered
    ]


def _capitalised(name: str) -> str:
    """'русский' -> 'Русский': a language's name opening a line."""
    return name[:1].upper() + name[1:]
