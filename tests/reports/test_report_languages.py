"""Reports in Arabic and Russian: shaped, right to left, translated, locale formats."""

from __future__ import annotations

import gettext
import re
import unicodedata

import pytest
from babel import Locale

from audit.reports import ReportLanguage, build_audit_report, build_wave_summary
from audit.reports.bidi import visual
from audit.reports.sample import sample_in, sample_report, sample_wave

from .conftest import pdf_reader, text_runs

BASE_ARABIC = re.compile("[\u0621-\u063a\u0641-\u064a]")  # letters before shaping


class Catalogue(gettext.NullTranslations):
    """A translations object as the app's catalogues give (here a few words)."""

    def __init__(self, words: dict[str, str]) -> None:
        super().__init__()
        self.words = words

    def gettext(self, message: str) -> str:
        return self.words.get(message, message)


ARABIC_WORDS = {"Executive summary": "الملخص التنفيذي", "Auditor": "المدقق"}


def nfkc(text: str) -> str:
    """Presentation forms back to letters (pypdf reads right-to-left runs in logical order)."""
    return unicodedata.normalize("NFKC", text)


@pytest.fixture
def arabic_pdf(photos) -> bytes:
    data = sample_in(sample_report(photos[:3], touchpoints=3), "ar")
    lang = ReportLanguage("ar", Catalogue(ARABIC_WORDS), Locale.parse("ar"))
    return build_audit_report(data, lang)


def test_arabic_is_shaped_and_in_reading_order(arabic_pdf, pdfs):
    text = pdfs.text(arabic_pdf)
    # Shaped: not one Arabic letter is left in its bare form (all are joined forms).
    assert not BASE_ARABIC.search(text)
    # In order: drawn left to right as they must be seen, the words read back right.
    logical = nfkc(text)
    assert "دبي مول" in logical
    assert "صف الأجواء في المتجر" in logical
    assert "الملخص التنفيذي" in logical  # the fixed text from the translations passed in


def test_arabic_tables_and_cover_are_mirrored(arabic_pdf):
    cover = text_runs(pdf_reader(arabic_pdf).pages[0])
    label = next(r for r in cover if nfkc(r.text) == "المدقق")
    value = next(r for r in cover if "7" in r.text and r.y == pytest.approx(label.y, abs=2))
    assert value.x < label.x  # the label column is on the right, its value to its left


def test_mixed_arabic_latin_and_numbers_keep_their_order():
    shown = nfkc(visual("تقرير Acme Retail لشهر مارس", rtl=True))
    assert shown == "سرام رهشل Acme Retail ريرقت"
    assert nfkc(visual("حصل على 87.5 من 100", rtl=True)) == "100 نم 87.5 ىلع لصح"
    assert nfkc(visual("(مارس)", rtl=True)) == "(سرام)"  # brackets mirrored
    assert visual("Page 3 of", rtl=False) == "Page 3 of"
    # Numbers and codes read left to right inside Arabic, and alone in an Arabic report.
    assert nfkc(visual("الموجة 2025-Q1", rtl=True)) == "2025-Q1 ةجوملا"
    assert visual("+3.0", rtl=True) == "+3.0" and visual("3 / 5", rtl=True) == "3 / 5"


def test_russian_report_has_cyrillic_and_russian_formats(photos, pdfs):
    data = sample_in(sample_report(photos[:2], touchpoints=2), "ru")
    text = pdfs.text(build_audit_report(data))
    assert "Москва Тверская" in text
    assert "мар. 2025" in text  # dates in Russian (Babel's CLDR data)
    assert re.search(r"\d+,\d%", text)  # decimal comma


def test_fixed_texts_come_from_the_app_catalogues(photos, pdfs):
    data = sample_report(photos[:2], touchpoints=2)
    arabic = nfkc(pdfs.text(build_audit_report(sample_in(data, "ar"))))
    assert "الملخص التنفيذي" in arabic and "نقاط التواصل بالتفصيل" in arabic
    russian = pdfs.text(build_audit_report(sample_in(data, "ru")))
    assert "Краткое резюме" in russian and "Страница 2 из" in russian


def test_english_report_is_unchanged_by_the_language_machinery(photos, pdfs):
    text = pdfs.text(build_audit_report(sample_report(photos[:2], touchpoints=2)))
    assert "12 Mar 2025, 14:05 UTC" in text and "Executive summary" in text


def test_wave_summary_in_arabic_is_shaped(pdfs):
    data = sample_wave(["دبي مول", "Москва Тверская", "Dubai Mall"])
    from dataclasses import replace

    text = pdfs.text(build_wave_summary(replace(data, language="ar")))
    assert not BASE_ARABIC.search(text)
    assert "دبي مول" in nfkc(text) and "Москва Тверская" in text


def evidence_report(photos, code: str):
    """A receipt photo, a photo of a question, a recording and two actions, in `code`."""
    from dataclasses import replace
    from datetime import date

    from audit.reports import ActionLine, ReportPhoto, ReportRecording

    data = sample_in(sample_report(photos[:2], touchpoints=1, criteria_per=2), code)
    tp = data.touchpoints[0]
    first = replace(tp.criteria[0], photos=[ReportPhoto(photos[1])])
    tp = replace(
        tp,
        photos=[ReportPhoto(photos[0], receipt=True)],
        criteria=[first, *tp.criteria[1:]],
        recordings=[ReportRecording(75, "", tp.criteria[0].text)],
    )
    actions = [
        ActionLine("Second till", "Minutes waited", "open", date(2026, 5, 31)),
        ActionLine("Greeting", "Greeted?", "done", passed=True),
    ]
    return build_audit_report(replace(data, touchpoints=[tp], actions=actions))


def test_evidence_labels_are_in_the_report_language(photos, pdfs):
    russian = pdfs.squash(pdfs.text(evidence_report(photos, "ru")))
    for words in (
        *("Чек", "ФОТО К КРИТЕРИЮ 1", "АУДИОЗАПИСИ", "Запись 1 · 1:15", "о вопросе:"),
        *("ОТКРЫТЫ ПО ИТОГАМ ЭТОГО ВИЗИТА", "СРОК · ОТВЕТСТВЕННЫЙ", "Теперь выполнено"),
    ):
        assert pdfs.squash(words) in russian, words
    arabic = nfkc(pdfs.text(evidence_report(photos, "ar")))
    assert not BASE_ARABIC.search(pdfs.text(evidence_report(photos, "ar")))
    for words in ("الإيصال", "التسجيل", "التسجيلات الصوتية", "صور المعيار", "ناجح الآن"):
        assert words in arabic, words
    for english in (
        *("Receipt", "RECORDINGS", "Recording", "PHOTOS OF CRITERION", "about:"),
        *("OPENED FROM", "DUE", "Passes now", "RESULT NOW"),
    ):
        assert english not in arabic and english not in russian, english
