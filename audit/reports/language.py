"""The language a report is written in: its words, number and date formats, and direction.

The report service picks the language (the organisation's `report_language`, or `?lang=`)
and passes it in; the builder sets it for the time of one build (`use_language`), and the
report code takes every fixed text from `gettext`/`ngettext` here. Those calls are what
pybabel extracts (babel.cfg) into the app's catalogues, and `report_language` loads the
same catalogues with Babel (never Flask-Babel, which needs a request).
"""

from __future__ import annotations

import functools
import gettext as stdlib_gettext
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_decimal
from babel.support import Translations

from . import bidi

LANGUAGES = ("en", "ar", "ru")
RIGHT_TO_LEFT = frozenset({"ar"})
CATALOGUES = Path(__file__).resolve().parent.parent / "translations"
# English reports keep the British formats they always had (12 Mar 2025, 14:05).
_FORMAT_LOCALES = {"en": "en_GB"}


@dataclass(frozen=True)
class ReportLanguage:
    """A language with its catalogue: texts, formats and the direction of the page."""

    code: str
    translations: stdlib_gettext.NullTranslations
    locale: Locale
    catalogue: str = ""  # sha256 of the compiled catalogue read ("" without one): cache keys

    @property
    def rtl(self) -> bool:
        """True for Arabic: pages are laid out right to left."""
        return self.code in RIGHT_TO_LEFT


def compiled_catalogue(code: str, catalogues: Path) -> Path:
    """Where the compiled catalogue (.mo) of `code` lives."""
    return catalogues / code / "LC_MESSAGES" / "messages.mo"


def report_language(code: str | None, catalogues: Path | None = None) -> ReportLanguage:
    """The language `code` (en, ar, ru) with its compiled catalogue; English otherwise.

    A missing catalogue (not compiled yet) leaves the texts in English, never fails. A
    catalogue compiled again is read again (its size or time changed), so the texts and
    the cache keys of reports follow it without a restart.
    """
    code = code if code in LANGUAGES else "en"
    folder = catalogues or CATALOGUES
    try:
        stat = compiled_catalogue(code, folder).stat()
        version = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        version = None
    return _load(code, folder, version)


@functools.cache
def _load(code: str, catalogues: Path, version: tuple[int, int] | None) -> ReportLanguage:
    """Read the catalogue of `code` (English needs none: its texts are the msgids)."""
    translations: stdlib_gettext.NullTranslations = stdlib_gettext.NullTranslations()
    catalogue = ""
    if code != "en" and version is not None:
        loaded = Translations.load(str(catalogues), [code])
        if isinstance(loaded, Translations):
            translations = loaded
            compiled = compiled_catalogue(code, catalogues).read_bytes()
            catalogue = hashlib.sha256(compiled).hexdigest()
    locale = Locale.parse(_FORMAT_LOCALES.get(code, code))
    return ReportLanguage(code, translations, locale, catalogue)


ENGLISH = report_language("en")
_current: ContextVar[ReportLanguage] = ContextVar("report_language", default=ENGLISH)


@contextmanager
def use_language(language: ReportLanguage) -> Iterator[ReportLanguage]:
    """Write everything built inside the block in `language`."""
    token = _current.set(language)
    try:
        yield language
    finally:
        _current.reset(token)


def current() -> ReportLanguage:
    """The language of the report being built (English outside a build)."""
    return _current.get()


def is_rtl() -> bool:
    """True while building a right-to-left (Arabic) report."""
    return _current.get().rtl


def gettext(message: str) -> str:
    """A fixed text of the report in its language."""
    return _current.get().translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """A fixed text with a count, in its language's plural form for `n`."""
    return _current.get().translations.ngettext(singular, plural, n)


def number(value: float, digits: int = 1) -> str:
    """A number with exactly `digits` decimals in the report's locale ('87.5', '87,5')."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=_current.get().locale)


def plain_number(value: float) -> str:
    """A number with the decimals it has, up to three ('2', '1.5'; '1,5' in Russian)."""
    return format_decimal(value, format="#,##0.###", locale=_current.get().locale)


def when(value: datetime, with_time: bool = True) -> str:
    """'12 Mar 2025, 14:05 +04' (Russian '12 мар. 2025 г.'...) as the time was given."""
    locale = _current.get().locale
    text = format_date(value, "d MMM y", locale=locale)
    if with_time:
        clock = format_time(value, "HH:mm", locale=locale)
        zone = value.tzname() if value.tzinfo is not None else None
        if zone:
            clock += f" {zone}"
        text = locale.datetime_formats["medium"].format(clock, text)
    return text


def text(value: str) -> str:
    """Text to be broken into lines (Paragraph markup, wrapped text): Arabic shaped."""
    return bidi.shape(value)


def line(value: str) -> str:
    """One line as it is drawn: shaped and in visual order (right to left in Arabic)."""
    return bidi.visual(value, _current.get().rtl)
