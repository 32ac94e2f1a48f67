"""Translated checklist texts (docs/checklist-format.md, "Translations"): rules, lines, scores."""

from __future__ import annotations

import io
import re
import textwrap

import pytest

from audit.scoring import ChecklistError, load_checklist, score_audit
from audit.scoring.cli import validate_files

# Every kind of text field given per language; line numbers matter to the tests below.
THREE = textwrap.dedent(
    """\
    id: greeting-check
    languages: [en, ar, ru]
    default_language: en
    title: {en: Greeting check, ar: فحص الترحيب, ru: Проверка приветствия}
    description: {en: One visit, ar: زيارة واحدة, ru: Один визит}
    pillars:
      people: {weight: 2, title: {en: People, ar: الموظفون, ru: Персонал}}
      product: {}
    grades:
      - {min: 50, label: {en: Good, ar: جيد, ru: Хорошо}}
      - {min: 0, label: {en: Poor, ar: ضعيف, ru: Плохо}}
    critical_failure_cap: 40
    touchpoints:
      - key: greeting
        name: {en: Greeting, ar: الترحيب, ru: Приветствие}
        criteria:
          - key: greeted
            pillar: people
            type: yes_no
            critical: true
            text:
              en: Was the shopper greeted within 30 seconds?
              ar: هل رحّب الموظف بالمتسوق خلال 30 ثانية؟
              ru: Поприветствовали ли покупателя в течение 30 секунд?
            guidance: {en: Time it from the door., ar: من الباب., ru: От входа.}
          - key: offer
            pillar: product
            type: choice
            text: {en: Offer made, ar: العرض المقدم, ru: Предложение}
            options:
              - {value: good, score: 0.8, label: {en: Fitting, ar: مناسب, ru: Подходит}}
              - {value: none, score: 0, label: {en: No offer, ar: لا عرض, ru: Нет предложения}}
          - key: minutes
            pillar: product
            type: number
            text: Minutes waited
            bands: [{max: 5, score: 1}, {max: 10, score: 0.5}]
    """
)


def problems_of(source: str) -> list[tuple[int, str, str]]:
    with pytest.raises(ChecklistError) as caught:
        load_checklist(source, "x.yaml")
    return [(p.line, p.path, p.message) for p in caught.value.problems]


def test_a_three_language_file_loads_with_its_default_texts():
    checklist = load_checklist(THREE)
    assert checklist.languages == ("en", "ar", "ru")
    assert checklist.default_language == "en"
    assert checklist.title == "Greeting check"
    assert checklist.criterion("greeted").text == "Was the shopper greeted within 30 seconds?"
    assert checklist.warnings == []


@pytest.mark.parametrize(
    ("language", "title", "pillar", "grade", "name", "text", "guidance", "label", "plain"),
    [
        (
            "en",
            "Greeting check",
            "People",
            "Good",
            "Greeting",
            "Was the shopper greeted within 30 seconds?",
            "Time it from the door.",
            "Fitting",
            "Minutes waited",
        ),  # noqa: E501
        (
            "ar",
            "فحص الترحيب",
            "الموظفون",
            "جيد",
            "الترحيب",
            "هل رحّب الموظف بالمتسوق خلال 30 ثانية؟",
            "من الباب.",
            "مناسب",
            "Minutes waited",
        ),  # noqa: E501
        (
            "ru",
            "Проверка приветствия",
            "Персонал",
            "Хорошо",
            "Приветствие",
            "Поприветствовали ли покупателя в течение 30 секунд?",
            "От входа.",
            "Подходит",
            "Minutes waited",
        ),  # noqa: E501
    ],
)
def test_in_language_resolves_every_text(
    language, title, pillar, grade, name, text, guidance, label, plain
):
    shown = load_checklist(THREE).in_language(language)
    assert shown.language == language
    assert shown.title == title
    assert shown.pillars["people"].title == pillar
    # The format's default title, which the file does not give, in the language too.
    assert (
        shown.pillars["product"].title
        == {"en": "Product", "ar": "المنتج", "ru": "Продукт"}[language]
    )
    assert shown.grades[0].label == grade
    assert shown.touchpoints[0].name == name
    greeted = shown.criterion("greeted")
    assert (greeted.text, greeted.guidance) == (text, guidance)
    assert shown.criterion("offer").options[0].label == label
    assert shown.criterion("minutes").text == plain  # a plain text serves every language


def test_an_undeclared_language_falls_back_to_the_default():
    checklist = load_checklist(THREE)
    assert checklist.in_language("de") is checklist
    assert checklist.in_language(None) is checklist
    only_english = load_checklist("languages: [en]\n" + _english_only(THREE))
    assert only_english.in_language("ar") is only_english


def test_a_missing_translation_falls_back_to_the_default_text():
    source = THREE.replace("ru: Приветствие}", "ru: null}")
    assert load_checklist(source).in_language("ru").touchpoints[0].name == "Greeting"


def test_another_default_language_gives_its_texts_by_default():
    source = THREE.replace("default_language: en", "default_language: ru")
    checklist = load_checklist(source)
    assert checklist.title == "Проверка приветствия"
    assert checklist.in_language("en").title == "Greeting check"
    assert checklist.in_language("ru") is checklist


def test_copies_are_made_once_and_know_their_base():
    checklist = load_checklist(THREE)
    arabic = checklist.in_language("ar")
    assert arabic is checklist.in_language("ar") is arabic.in_language("ar")
    assert arabic.base is checklist
    assert arabic.in_language("en") is checklist


ANSWER_SETS = [
    {"greeted": "yes", "offer": "good", "minutes": 3},
    {"greeted": "no", "offer": "good", "minutes": 7},
    {"greeted": True, "offer": "none", "minutes": 12},
    {"greeted": "yes"},
    {},
]


@pytest.mark.parametrize("answers", ANSWER_SETS)
def test_scores_are_identical_in_every_language(answers):
    """The same answers score the same whatever the language the checklist is shown in."""
    checklist = load_checklist(THREE)
    results = [
        score_audit(checklist.in_language(language), answers).to_dict()
        for language in ("en", "ar", "ru")
    ]
    assert results[0] == results[1] == results[2]
    english_only = load_checklist(_english_only(THREE))
    assert score_audit(english_only, answers).to_dict() == results[0]


def _english_only(source: str) -> str:
    """The v1 file with the same English texts: no `languages`, every text plain."""
    source = source.replace("languages: [en, ar, ru]\n", "").replace("default_language: en\n", "")
    source = re.sub(r"\{en: ([^,]*), ar: [^,]*, ru: [^}]*\}", r"\1", source)
    return re.sub(r"text:\n\s+en: (.*)\n\s+ar: .*\n\s+ru: .*\n", r"text: \1\n", source)


def test_a_file_without_languages_is_exactly_v1():
    checklist = load_checklist(_english_only(THREE))
    assert (checklist.languages, checklist.default_language) == (("en",), "en")
    assert checklist.warnings == []
    problems = problems_of(_english_only(THREE).replace("text: Minutes waited", "text: {en: M}"))
    assert problems == [
        (
            31,
            "touchpoints[0].criteria[2].text",
            "must be text, got a mapping (declare `languages` at the top of the file to give "
            "texts per language)",
        )
    ]


# (replace this, with that) in THREE -> the one problem expected, as (line, path, message).
RULES = [
    (
        "name: {en: Greeting, ar: الترحيب, ru: Приветствие}",
        "name: {ar: الترحيب, ru: Приветствие}",
        (15, "touchpoints[0].name", "missing the default language `en`"),
    ),
    (
        "label: {en: Good, ar: جيد, ru: Хорошо}",
        "label: {en: Good, ar: جيد, de: Gut}",
        (10, "grades[0].label.de", "unknown language `de`; `languages` declares en, ar, ru"),
    ),
    (
        "languages: [en, ar, ru]",
        "languages: [en, ar]",
        (4, "title.ru", "unknown language `ru`; `languages` declares en, ar"),
    ),
    (
        "languages: [en, ar, ru]",
        "languages: [en, ar, ru, de]",
        (2, "languages[3]", "unknown language `de`; use one of: en, ar, ru"),
    ),
    (
        "languages: [en, ar, ru]",
        "languages: [en, ar, ru, ar]",
        (2, "languages[3]", "duplicate language `ar` (first on line 2)"),
    ),
    ("languages: [en, ar, ru]", "languages: []", (2, "languages", "must list at least one")),
    ("languages: [en, ar, ru]", "languages: en", (2, "languages", "must be a list")),
    (
        "default_language: en",
        "default_language: de",
        (3, "default_language", "`de` is not one of `languages` (en, ar, ru)"),
    ),
    (
        "ru: Поприветствовали ли покупателя в течение 30 секунд?",
        "ru: 30",
        (24, "touchpoints[0].criteria[0].text.ru", "must be text, got the number `30`"),
    ),
    (
        "ar: هل رحّب الموظف بالمتسوق خلال 30 ثانية؟",
        "ar: ' '",
        (23, "touchpoints[0].criteria[0].text.ar", "must not be empty"),
    ),
    (
        "ar: هل رحّب الموظف بالمتسوق خلال 30 ثانية؟",
        "en: Again",
        (23, "touchpoints[0].criteria[0].text.en", "duplicate field `en` (first on line 22)"),
    ),
    (
        "description: {en: One visit, ar: زيارة واحدة, ru: Один визит}",
        "description: {}",
        (5, "description", "missing the default language `en`"),
    ),
]


@pytest.mark.parametrize(("this", "that", "expected"), RULES, ids=[r[2][1] for r in RULES])
def test_each_translation_rule_is_reported_with_its_line(this, that, expected):
    assert this in THREE
    found = problems_of(THREE.replace(this, that, 1))
    line, path, message = expected
    assert any(p[:2] == (line, path) and message in p[2] for p in found), found


def test_a_default_language_without_languages_must_be_english():
    source = _english_only(THREE).replace("id: greeting-check\n", "id: g\ndefault_language: ar\n")
    assert problems_of(source) == [(2, "default_language", "`ar` is not one of `languages` (en)")]


def test_missing_languages_are_warnings_with_their_lines():
    source = THREE.replace(", ru: Приветствие}", "}").replace(
        "label: {en: Poor, ar: ضعيف, ru: Плохо}", "label: {en: Poor}"
    )
    checklist = load_checklist(source)
    assert [(w.line, w.path, w.message) for w in checklist.warnings] == [
        (11, "grades[1].label", "no `ar`, `ru` text; the `en` text is shown instead"),
        (15, "touchpoints[0].name", "no `ru` text; the `en` text is shown instead"),
    ]
    missing = checklist.missing_texts[1]
    assert (missing.languages, missing.text) == (("ru",), "Greeting")


def test_validate_lists_warnings_and_still_says_ok(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text(THREE.replace(", ar: الترحيب", ""), encoding="utf-8")
    out = io.StringIO()
    assert validate_files([str(path)], out) == 0
    assert out.getvalue().splitlines() == [
        f"{path}:15: touchpoints[0].name: warning: no `ar` text; the `en` text is shown instead",
        f"{path}: ok",
    ]


def test_a_scores_grade_is_shown_in_the_copys_language():
    checklist = load_checklist(THREE)
    grade = score_audit(checklist, ANSWER_SETS[0]).grade
    assert grade == "Good"
    assert checklist.in_language("ar").grade_label(grade) == "جيد"
    assert checklist.in_language("ru").grade_label(grade) == "Хорошо"
    assert checklist.grade_label(grade) == "Good"
    assert checklist.in_language("ru").grade_label(None) is None


def test_the_formats_default_titles_and_grades_come_in_every_declared_language():
    source = "languages: [ru, en]\n" + _english_only(THREE).replace("title: Greeting check", "")
    source = re.sub(r"pillars:\n(  .*\n)+", "", source)
    source = re.sub(r"grades:\n(  .*\n)+", "", source).replace(
        "id: greeting-check", "id: g\ntitle: G"
    )
    checklist = load_checklist(source)
    assert checklist.pillars["people"].title == "Персонал"  # ru is the default language
    assert [g.label for g in checklist.grades] == [
        "Отлично",
        "Хорошо",
        "Удовлетворительно",
        "Плохо",
    ]
    english = checklist.in_language("en")
    assert english.pillars["people"].title == "People"
    assert english.grades[0].label == "Excellent"
    assert load_checklist(_english_only(THREE)).in_language("ar").grades[0].label == "Good"
