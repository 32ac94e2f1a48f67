"""Any text of any length renders: long answers, comments and captions flow across pages.

Each text ends with its own marker, so the tests see that the END of every text is in the
PDF (nothing cut, nothing lost), whatever the script, with or without spaces.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace

import pytest

from audit.reports import EventLine, build_audit_report, build_wave_summary
from audit.reports.sample import sample_report, sample_wave

SCRIPTS = {
    "latin": "lorem ipsum dolor sit amet ",
    "url": "https://example.com/a-very-long-path-without-any-space/",  # one long word
    "cyrillic": "Съешь же ещё этих мягких французских булок ",
    "arabic": "نص عربي طويل جدا للاختبار ",
}


def long_text(script: str, length: int, marker: str) -> str:
    """`length` characters of the script's text, ending with the marker."""
    unit = SCRIPTS[script]
    body = unit + "x" * length if script == "url" else unit * (length // len(unit) + 1)
    return body[: length - len(marker)] + marker


def with_long_texts(data, script: str, length: int):
    """The report with a long answer, comment and caption, and 200-character names."""
    tp = data.touchpoints[0]
    criteria = list(tp.criteria)
    note = next(i for i, c in enumerate(criteria) if c.type == "text")
    criteria[note] = replace(criteria[note], answer_text=long_text(script, length, "ANSEND"))
    criteria[0] = replace(criteria[0], comment=long_text(script, length, "COMEND"))
    photo = replace(tp.photos[0], caption=long_text(script, length, "CAPEND"))
    tp = replace(tp, criteria=criteria, photos=[photo, *tp.photos[1:]])
    branding = replace(data.branding, org_name=long_text(script, 200, "ORGEND"))
    return replace(
        data,
        touchpoints=[tp, *data.touchpoints[1:]],
        location_name=long_text(script, 200, "LOCEND"),
        branding=branding,
    )


@pytest.mark.parametrize("length", [1300, 5000, 20000])
@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_long_answer_comment_caption_and_names_render_in_full(photos, pdfs, script, length):
    data = with_long_texts(sample_report(photos[:2], touchpoints=2), script, length)
    pdf = build_audit_report(data)
    reader = pdfs.reader(pdf)
    text = pdfs.squash(pdfs.text(pdf))
    for marker in ("ANSEND", "COMEND", "CAPEND", "LOCEND", "ORGEND"):
        assert marker in text, marker
    # Sane: the three long texts take about the pages they need, no page per line.
    assert len(reader.pages) <= 8 + 3 * length // 1500
    if script != "url":  # every glyph is there (Arabic shaped: NFKC gives the letters back)
        word = SCRIPTS[script].split()[1]
        assert word in unicodedata.normalize("NFKC", text)


def test_long_question_splits_across_pages(photos, pdfs):
    data = sample_report(photos[:1], touchpoints=1)
    tp = data.touchpoints[0]
    question = replace(tp.criteria[0], text=long_text("latin", 8000, "QEND"))
    data = replace(data, touchpoints=[replace(tp, criteria=[question, *tp.criteria[1:]])])
    assert "QEND" in pdfs.squash(pdfs.text(build_audit_report(data)))


def test_long_comment_in_the_audit_trail(report_data, pdfs):
    event = EventLine(
        report_data.visited_at, "Consultant", "returned", long_text("latin", 5000, "EVEND")
    )
    data = replace(report_data, events=[*report_data.events, event])
    assert "EVEND" in pdfs.squash(pdfs.text(build_audit_report(data)))


def test_wave_summary_with_long_names_and_answers(branding, pdfs):
    data = sample_wave(["Paris", "Lyon"], branding)
    first = data.locations[0]
    fail = replace(first.top_fails[0], answer_text=long_text("cyrillic", 20000, "WAVEND"))
    data = replace(
        data,
        locations=[
            replace(
                first,
                location_name=long_text("arabic", 200, "LOCEND"),
                top_fails=[fail, *first.top_fails[1:]],
            ),
            *data.locations[1:],
        ],
    )
    text = pdfs.squash(pdfs.text(build_wave_summary(data)))
    assert "LOCEND" in text
