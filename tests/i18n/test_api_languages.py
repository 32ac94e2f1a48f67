"""API errors and validation problems in the request's language; the Flask-free packages'
problems carry codes translated at the edge; numbers and dates follow the page's locale."""

from __future__ import annotations

import ast
import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import render_template_string

from audit.photos import PhotoRejected
from audit.scoring import AnswerError, validate_answer
from tests.factories import PASSWORD

PACKAGES = Path(__file__).resolve().parents[2] / "audit"
SCORING, PHOTOS = PACKAGES / "scoring", PACKAGES / "photos"
AR = {"Accept-Language": "ar"}
RU = {"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"}


def error_of(response) -> dict:
    """The API's `error` object."""
    return response.get_json()["error"]


def test_required_fields_in_arabic_and_russian(factory, api):
    consultant = factory.user("consultant")
    arabic = error_of(api(consultant).post("/users", json={}, headers=AR))
    assert arabic["code"] == "validation_failed"
    assert arabic["message"] == "بعض الحقول غير صالحة."
    assert {d["message"] for d in arabic["details"]} == {"مطلوب"}
    russian = error_of(api(consultant).post("/users", json={}, headers=RU))
    assert russian["message"] == "Некоторые поля заполнены неверно."
    english = error_of(api(consultant).post("/users", json={}))
    assert english["message"] == "Some fields are not valid."


def test_werkzeugs_stock_errors_are_translated(factory, api, client):
    consultant = factory.user("consultant")
    missing = api(consultant).get("/audits/424242", headers=RU)
    assert missing.status_code == 404
    assert error_of(missing) == {"code": "not_found", "message": "Не найдено.", "details": []}
    anonymous = client.get("/api/v1/audits", headers=AR)
    assert anonymous.status_code == 401
    assert error_of(anonymous)["message"] == "سجّل الدخول أو أرسل رمز Bearer صالحًا."
    assert error_of(client.get("/api/v1/audits"))["message"].startswith("Sign in or send")


def test_the_users_language_answers_the_api(factory, api):
    consultant = factory.user("consultant", language="ru")
    body = error_of(api(consultant).post("/users", json={}))
    assert body["message"] == "Некоторые поля заполнены неверно."


def test_an_answer_problem_is_translated_at_the_edge(factory, api):
    auditor = factory.user("auditor")
    audit = factory.audit(auditor=auditor, status="in_progress")
    response = api(auditor).patch(
        f"/audits/{audit.id}/answers", json={"greeted": "maybe", "warmth": 9}, headers=RU
    )
    assert response.status_code == 422
    details = {d["field"]: d for d in error_of(response)["details"]}
    assert details["greeted"]["code"] == "expected_yes_no"
    assert details["greeted"]["message"] == "ожидается yes или no, получено `maybe`"
    assert details["warmth"]["code"] == "out_of_range"
    assert details["warmth"]["message"] == "должно быть от 1 до 5, получено 9"
    arabic = api(auditor).patch(f"/audits/{audit.id}/answers", json={"greeted": 3}, headers=AR)
    assert error_of(arabic)["details"][0]["message"] == "المتوقع yes أو no، والمُدخل `3`"


def test_a_checklist_problem_is_translated_at_the_edge(factory, api):
    consultant = factory.user("consultant")
    response = api(consultant).post(
        "/checklists",
        data="id: bad\ntouchpoints: []\n",
        content_type="application/yaml",
        headers=RU,
    )
    assert response.status_code == 422
    missing = [d for d in error_of(response)["details"] if d.get("code") == "missing"]
    assert missing and missing[0]["message"] == "нет обязательного поля `title`"


def test_a_photo_refusal_is_translated_at_the_edge(factory, api):
    auditor = factory.user("auditor")
    audit = factory.audit(auditor=auditor, status="in_progress")
    response = api(auditor).post(
        f"/audits/{audit.id}/photos",
        data={"file": (io.BytesIO(b"not a picture at all"), "x.jpg"), "touchpoint": "greeting"},
        content_type="multipart/form-data",
        headers=AR,
    )
    assert response.status_code == 422
    detail = error_of(response)["details"][0]
    assert detail == {
        "field": "file",
        "code": "unsupported_type",
        "message": "ليست صورة JPEG أو PNG أو WebP",
    }
    assert error_of(response)["message"] == "رُفضت الصورة: ليست صورة JPEG أو PNG أو WebP."


def test_pure_packages_keep_english_and_give_codes_and_parameters(factory, app_ctx):
    version = factory.checklist()
    with pytest.raises(AnswerError) as caught:
        validate_answer(version.definition, "warmth", 7)
    problem = caught.value.problems[0]
    assert problem.message == "must be between 1 and 5, got 7"  # the CLI's words
    assert (problem.code, problem.params) == ("out_of_range", {"low": 1, "high": 5, "got": 7})
    refused = PhotoRejected.too_large(30 * 1024 * 1024, 20 * 1024 * 1024)
    assert (refused.code, refused.params) == ("too_large", {"size": "30", "limit": "20"})
    assert refused.message == "file is 30 MB; the limit is 20 MB"


def test_scoring_and_photos_still_never_import_flask():
    for path in [*SCORING.rglob("*.py"), *PHOTOS.rglob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not [n for n in names if n.split(".")[0].startswith("flask")], path


@pytest.mark.parametrize(
    ("lang", "score", "when", "percent"),
    [
        ("en", "87.5", "Mar 13, 2025, 01:30 +04", "87%"),
        ("ru", "87,5", "13 мар. 2025\u202fг., 01:30 +04", "87\xa0%"),
        # Right to left: each value is a left-to-right island (FSI ... PDI), so "-17" or a
        # date never comes out reordered among Arabic words.
        (
            "ar",
            "\u206887.5\u2069",
            "\u206813\u200f/03\u200f/2025، 01:30 +04\u2069",
            "\u206887%\u2069",
        ),
    ],
)
def test_numbers_and_times_follow_the_locale_in_the_locations_zone(app, lang, score, when, percent):
    visit = datetime(2025, 3, 12, 21, 30, tzinfo=UTC)
    with app.test_request_context(f"/?lang={lang}"):
        shown = render_template_string(
            "{{ s|score }}|{{ v|when(zone='Asia/Dubai') }}|{{ p|percent }}",
            s=87.46,
            v=visit,
            p=0.871,
        )
    assert shown.split("|") == [score, when, percent]


def test_client_audit_page_in_russian_writes_numbers_the_russian_way(factory, client):
    client_user = factory.user("client")
    location = factory.location(client_user.organization, timezone="Europe/Moscow")
    audit = factory.audit(
        location=location,
        status="published",
        answers={"greeted": "yes", "warmth": 4, "wait": 7, "notes": "ok"},
        visited_at=datetime(2025, 3, 12, 21, 30, tzinfo=UTC),
    )
    client.post("/login", data={"email": client_user.email, "password": PASSWORD})
    page = client.get(f"/client/audits/{audit.id}?lang=ru").get_data(as_text=True)
    assert "13 мар. 2025\u202fг., 00:30 MSK" in page
    kpis = re.findall(r'<span class="score score-(?:good|fair|poor)">([^<]+)<', page)
    assert kpis and all(re.fullmatch(r"\d+,\d", k) for k in kpis), kpis
