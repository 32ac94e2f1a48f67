"""Checklists in several languages on the pages: auditor, review, client, editor.

The reader's language is Flask-Babel's locale for the request; the tests ask for it with
`?lang=` and set the app's default locale as well, so they hold whichever way the language
is chosen.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from audit.extensions import db
from audit.models import Audit
from audit.services.checklist_texts import checklist_in, translation_status
from tests.html import region

TRANSLATED = """\
id: desk-visit
languages: [en, ar, ru]
title: {en: Desk visit, ar: زيارة مكتب الاستقبال, ru: Визит к стойке}
grades:
  - {min: 50, label: {en: Good, ar: جيد, ru: Хорошо}}
  - {min: 0, label: {en: Poor, ar: ضعيف, ru: Плохо}}
touchpoints:
  - key: desk
    name: {en: Front desk, ar: مكتب الاستقبال, ru: Стойка администратора}
    criteria:
      - key: greeted
        pillar: people
        type: yes_no
        text:
          en: Was the shopper greeted within 30 seconds?
          ar: هل رحّب أحد الموظفين بالمتسوّق خلال 30 ثانية؟
          ru: Поприветствовал ли сотрудник покупателя в течение 30 секунд?
      - key: offer
        pillar: product
        type: choice
        text: {en: Which offer was made?, ar: ما العرض الذي قُدِّم؟, ru: Что предложили?}
        options:
          - {value: fitting, score: 1, label: {en: A fitting offer, ar: عرض مناسب, ru: Подходящее}}
          - {value: none, score: 0, label: {en: No offer, ar: لا عرض, ru: Ничего}}
      - key: wait
        pillar: process
        type: number
        text: {en: Minutes waited, ru: Сколько минут ждали}
        bands: [{max: 5, score: 1}, {max: 10, score: 0.5}]
"""
ANSWERS = {"a-greeted": "yes", "a-offer": "none", "a-wait": "7"}


@contextmanager
def reading_in(app, language: str):
    """Requests in `language`: the app's default locale (the selection the app has today)."""
    before = app.config["BABEL_DEFAULT_LOCALE"]
    app.config["BABEL_DEFAULT_LOCALE"] = language
    try:
        yield
    finally:
        app.config["BABEL_DEFAULT_LOCALE"] = before


@pytest.fixture
def version(factory):
    return factory.checklist(TRANSLATED)


def test_checklist_in_resolves_a_stored_version(app_ctx, version):
    assert checklist_in(version, "ar").touchpoints[0].name == "مكتب الاستقبال"
    assert checklist_in(version, "ru").criterion("wait").text == "Сколько минут ждали"
    assert checklist_in(version, "ar").criterion("wait").text == "Minutes waited"  # fallback
    assert checklist_in(version, "de") is version.definition
    assert checklist_in(version).title == "Desk visit"  # the reader's language: en here


@pytest.mark.parametrize(
    ("language", "question", "option", "touchpoint", "wait"),
    [
        # No Arabic text for `wait`: the default language's is shown.
        ("ar", "هل رحّب أحد الموظفين بالمتسوّق", "عرض مناسب", "مكتب الاستقبال", "Minutes waited"),
        ("ru", "Поприветствовал ли", "Подходящее", "Стойка администратора", "Сколько минут"),
    ],
)
def test_the_auditor_fills_the_audit_in_their_language(
    app, client, factory, auth, version, language, question, option, touchpoint, wait
):
    auditor = factory.user("auditor")
    audit = factory.audit(auditor=auditor, version=version)
    auth.login(auditor.email)
    with reading_in(app, language):
        page = client.get(f"/auditor/audits/{audit.id}?lang={language}").get_data(as_text=True)
    assert question in page and option in page and touchpoint in page and wait in page
    assert "Was the shopper greeted" not in page and "A fitting offer" not in page


def test_scores_are_the_same_whatever_language_the_audit_was_filled_in(
    app, client, factory, auth, version
):
    """Three auditors answer alike in English, Arabic and Russian: identical stored scores."""
    scores = []
    for language in ("en", "ar", "ru"):
        auditor = factory.user("auditor")
        audit = factory.audit(auditor=auditor, version=version)
        auth.login(auditor.email)
        with reading_in(app, language):
            response = client.post(
                f"/auditor/audits/{audit.id}?lang={language}",
                data={"touchpoint": "desk", **ANSWERS},
            )
        assert response.status_code == 302, response.get_data(as_text=True)
        auth.logout()
        db.session.expire_all()
        scores.append(db.session.get(Audit, audit.id).score)
    assert scores[0] == scores[1] == scores[2]
    assert scores[0]["overall"] is not None and scores[0]["grade"] == "Good"


def test_review_and_client_pages_show_the_readers_language(app, client, factory, auth, version):
    org = factory.organization("acme")
    audit = factory.audit(
        location=factory.location(org),
        version=version,
        status="published",
        answers={"greeted": "yes", "offer": "fitting", "wait": 3},
    )
    consultant = factory.user("consultant")
    client_user = factory.user("client", organization=org)
    auth.login(consultant.email)
    with reading_in(app, "ru"):
        review = client.get(f"/consultant/audits/{audit.id}?lang=ru").get_data(as_text=True)
    assert "Поприветствовал ли сотрудник покупателя" in review
    assert "Стойка администратора" in review and "Хорошо" in review
    auth.logout()
    auth.login(client_user.email)
    with reading_in(app, "ar"):
        page = client.get(f"/client/audits/{audit.id}?lang=ar").get_data(as_text=True)
        listing = client.get("/client/audits?lang=ar").get_data(as_text=True)
    assert "هل رحّب أحد الموظفين بالمتسوّق" in page and "عرض مناسب" in page
    assert "زيارة مكتب الاستقبال" in page and "جيد" in page
    assert "زيارة مكتب الاستقبال" in listing and "جيد" in listing


def test_the_checklist_page_says_which_texts_each_language_lacks(client, factory, auth, version):
    auth.login(factory.user("consultant").email)
    page = client.get("/consultant/checklists/desk-visit").get_data(as_text=True)
    status = region(page, "ul.translation-status")
    assert "Arabic" in status and "1 text missing" in status
    assert "Russian" in status and "every text translated" in status
    assert "touchpoints[0].criteria[2].text" in status and "Minutes waited" in status


def test_the_editor_preview_and_validation_show_missing_texts(client, factory, auth):
    auth.login(factory.user("consultant").email)
    source = TRANSLATED.replace(", ru: Ничего}", "}")
    checked = client.post("/consultant/checklists/validate", json={"source": source}).get_json()
    assert checked["ok"] is True
    assert [(w["line"], w["path"]) for w in checked["warnings"]] == [
        (24, "touchpoints[0].criteria[1].options[1].label"),
        (28, "touchpoints[0].criteria[2].text"),
    ]
    preview = client.post("/consultant/checklists/preview", json={"source": source})
    status = region(preview.get_data(as_text=True), "ul.translation-status")
    assert "Arabic" in status and "1 text missing" in status
    assert "Russian" in status and "1 text missing" in status and "No offer" in status


def test_translation_status_lists_languages_default_first(app_ctx, version):
    rows = translation_status(version.definition)
    assert [(r.code, r.default, len(r.missing)) for r in rows] == [
        ("en", True, 0),
        ("ar", False, 1),
        ("ru", False, 0),
    ]


def test_a_v1_checklist_shows_no_language_section(client, factory, auth):
    auth.login(factory.user("consultant").email)
    version = factory.checklist()
    page = client.get(f"/consultant/checklists/{version.slug}").get_data(as_text=True)
    assert "translation-status" not in page


def test_duplicating_a_translated_checklist_replaces_its_title_in_every_language(
    client, factory, auth, version
):
    from audit.scoring import load_checklist
    from audit.services.checklists import duplicate_source

    auth.login(factory.user("consultant").email)
    response = client.post(
        "/consultant/checklists/desk-visit/duplicate", data={"slug": "desk-2", "title": "Desk 2"}
    )
    assert response.status_code == 200
    copy = load_checklist(duplicate_source(version, "desk-2", "Desk 2"))
    assert (copy.id, copy.title, copy.in_language("ar").title) == ("desk-2", "Desk 2", "Desk 2")
    assert copy.in_language("ar").touchpoints[0].name == "مكتب الاستقبال"


def test_translation_problems_have_codes_and_the_readers_language(factory, api):
    """Section 8's problems (languages, default language, texts per language) are said in
    Russian and Arabic at the edge; their codes stay the same in every language."""
    consultant = api(factory.user("consultant"))
    source = TRANSLATED.replace(
        "languages: [en, ar, ru]", "languages: [en, ar, rus, zz]\ndefault_language: de"
    ).replace("title: {en: Desk visit, ", "title: {")
    v1 = "id: plain\ntitle: {en: Plain}\ntouchpoints: []\n"

    def details(text: str, language: str) -> dict[str, str]:
        headers = {"Accept-Language": language}
        sent = consultant.post(
            "/checklists", data=text, content_type="application/yaml", headers=headers
        )
        assert sent.status_code == 422
        return {d["code"]: d["message"] for d in sent.get_json()["error"]["details"] if "code" in d}

    russian = details(source, "ru") | details(v1, "ru")
    assert russian["unknown_language_close"] == (
        "неизвестный язык `rus` (может быть, `ru`?); допустимы: en, ar, ru"
    )
    assert russian["unknown_language"] == "неизвестный язык `zz`; допустимы: en, ar, ru"
    assert russian["default_language_undeclared"] == "`de` нет среди `languages` (en, ar)"
    assert russian["undeclared_language"] == (
        "неизвестный язык `ru`; в `languages` объявлены: en, ar"
    )
    assert russian["missing_default_language"] == "нет текста на языке по умолчанию `en`"
    assert russian["texts_need_languages"].startswith("должно быть текстом, а не словарём")
    arabic = details(source, "ar")
    assert arabic.keys() == {
        "unknown_language_close",
        "unknown_language",
        "default_language_undeclared",
        "undeclared_language",
        "missing_default_language",
    }
    assert arabic["missing_default_language"] == "نص اللغة الافتراضية `en` مفقود"


def test_a_missing_translation_warning_has_a_code_and_the_readers_language(
    app, client, factory, auth
):
    auth.login(factory.user("consultant").email)
    source = TRANSLATED.replace(", ru: Ничего}", "}")
    with reading_in(app, "ar"):
        checked = client.post("/consultant/checklists/validate?lang=ar", json={"source": source})
    warnings = checked.get_json()["warnings"]
    assert [w["code"] for w in warnings] == ["missing_translation", "missing_translation"]
    assert warnings[0]["message"] == "لا يوجد نص بـ `ru`؛ يُعرض نص `en` بدلًا منه"
