"""Which language a page or an API answer is in: ?lang= (remembered), the user's setting,
Accept-Language, English; the switcher on every page; the account's and the API's setting."""

from __future__ import annotations

import re

import pytest

from audit.extensions import db
from audit.models import User

HTML_TAG = re.compile(r'<html lang="(\w+)" dir="(\w+)">')


def html_lang(response) -> tuple[str, str]:
    """The page's `<html lang dir>`."""
    match = HTML_TAG.search(response.get_data(as_text=True))
    assert match, "no <html lang dir>"
    return match.group(1), match.group(2)


@pytest.mark.parametrize(
    ("lang", "direction", "word"),
    [("en", "ltr", "Sign in"), ("ar", "rtl", "تسجيل الدخول"), ("ru", "ltr", "Войти")],
)
def test_sign_in_page_in_each_language(client, lang, direction, word):
    response = client.get(f"/login?lang={lang}")
    assert response.status_code == 200
    assert html_lang(response) == (lang, direction)
    assert word in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("role", "path", "word_ar", "word_ru"),
    [
        ("consultant", "/consultant/", "التقييمات", "Аудиты"),
        ("auditor", "/auditor/", "تقييماتي", "Мои аудиты"),
        ("client", "/client/", "لوحة المعلومات", "Сводка"),
    ],
)
def test_each_roles_home_in_arabic_and_russian(factory, client, auth, role, path, word_ar, word_ru):
    user = factory.user(role)
    auth.login(user.email)
    arabic = client.get(path + "?lang=ar", follow_redirects=True)
    assert html_lang(arabic) == ("ar", "rtl")
    assert word_ar in arabic.get_data(as_text=True)
    russian = client.get(path + "?lang=ru", follow_redirects=True)
    assert html_lang(russian) == ("ru", "ltr")
    assert word_ru in russian.get_data(as_text=True)


def test_accept_language_when_nothing_else_decides(client):
    assert html_lang(client.get("/login", headers={"Accept-Language": "ru-RU,ru;q=0.9"}))[0] == "ru"
    assert html_lang(client.get("/login", headers={"Accept-Language": "ar-AE"})) == ("ar", "rtl")
    assert html_lang(client.get("/login", headers={"Accept-Language": "de, fr;q=0.5"}))[0] == "en"
    assert html_lang(client.get("/login"))[0] == "en"


def test_the_users_setting_beats_the_browser(factory, client, auth):
    user = factory.user("consultant", language="ar")
    auth.login(user.email)
    page = client.get("/account", headers={"Accept-Language": "ru"})
    assert html_lang(page) == ("ar", "rtl")


def test_lang_is_remembered_and_beats_the_users_setting(factory, client, auth):
    user = factory.user("consultant", language="ar")
    auth.login(user.email)
    assert html_lang(client.get("/account?lang=ru"))[0] == "ru"
    # Remembered in the session: the next page without ?lang= is still in Russian.
    assert html_lang(client.get("/account", headers={"Accept-Language": "en"}))[0] == "ru"


def test_an_unknown_lang_is_ignored(client):
    response = client.get("/login?lang=xx", headers={"Accept-Language": "ru"})
    assert response.status_code == 200
    assert html_lang(response)[0] == "ru"


def test_remembered_before_signing_in_and_kept_after(factory, client, auth):
    user = factory.user("auditor")
    client.get("/login?lang=ru")
    auth.login(user.email)
    assert html_lang(client.get("/auditor/"))[0] == "ru"


def test_switcher_on_every_page_keeps_the_page_and_its_arguments(factory, client, auth):
    user = factory.user("consultant")
    auth.login(user.email)
    body = client.get("/consultant/audits?status=submitted&lang=ar").get_data(as_text=True)
    switcher = body[body.index('class="lang-switch"') :]
    switcher = switcher[: switcher.index("</nav>")]
    assert 'href="/consultant/audits?status=submitted&amp;lang=en"' in switcher
    assert 'href="/consultant/audits?status=submitted&amp;lang=ru"' in switcher
    assert 'aria-current="true"' in switcher and "العربية" in switcher
    assert 'lang="ru"' in switcher  # each name is marked up in its own language
    # Error pages have it too.
    missing = client.get("/no-such-page?lang=ru")
    assert missing.status_code == 404
    assert 'class="lang-switch"' in missing.get_data(as_text=True)
    assert html_lang(missing)[0] == "ru"


def test_account_page_sets_the_language(factory, client, auth):
    user = factory.user("client")
    auth.login(user.email)
    response = client.post("/account/language", data={"language": "ru"}, follow_redirects=True)
    assert html_lang(response)[0] == "ru"
    assert "Язык сохранён." in response.get_data(as_text=True)
    assert db.session.get(User, user.id).language == "ru"
    client.post("/account/language", data={"language": ""})
    assert db.session.get(User, user.id).language is None
    refused = client.post("/account/language", data={"language": "xx"})
    assert refused.status_code == 422
    assert db.session.get(User, user.id).language is None


def test_saving_a_language_replaces_a_remembered_lang(factory, client, auth):
    user = factory.user("consultant")
    auth.login(user.email)
    client.get("/account?lang=ru")
    client.post("/account/language", data={"language": "ar"})
    assert html_lang(client.get("/account")) == ("ar", "rtl")


def test_get_and_patch_users_me(factory, api):
    user = factory.user("auditor")
    me = api(user)
    got = me.get("/users/me")
    assert got.status_code == 200
    assert got.get_json()["language"] is None and got.get_json()["email"] == user.email
    patched = me.patch("/users/me", json={"language": "ar"})
    assert patched.status_code == 200
    assert patched.get_json()["language"] == "ar"
    assert db.session.get(User, user.id).language == "ar"
    # The user's setting now answers the API in Arabic too.
    bad = me.patch("/users/me", json={"language": "xx"})
    assert bad.status_code == 422
    error = bad.get_json()["error"]
    assert error["details"][0]["field"] == "language"
    assert error["details"][0]["code"] == "unknown_language"
    assert error["message"] == "لم تتغير اللغة."
    assert me.patch("/users/me", json={"language": None}).get_json()["language"] is None


@pytest.mark.parametrize(
    "body", [{"language": 3}, {"language": ["ar"]}, {"name": "x"}, {"language": "AR"}]
)
def test_patch_users_me_refuses_bad_bodies(factory, api, body):
    user = factory.user("consultant")
    response = api(user).patch("/users/me", json=body)
    assert response.status_code == 422
    assert db.session.get(User, user.id).language is None


def test_users_me_needs_a_user(api):
    assert api().get("/users/me").status_code == 401
    assert api().patch("/users/me", json={"language": "ar"}).status_code == 401


@pytest.mark.parametrize("path", ["/consultant/audits", "/consultant/review"])
def test_list_sort_options_follow_each_requests_language(factory, client, auth, path):
    """The sort labels live in an imported template: each page says them in its reader's
    language, whichever language the first page after the start was in."""
    auth.login(factory.user("consultant").email)
    sort_option = re.compile(r'<option value="created"[^>]*>([^<]+)</option>')
    seen = {}
    for lang in ("ar", "en", "ru", "ar"):
        page = client.get(f"{path}?lang={lang}").get_data(as_text=True)
        seen[lang] = sort_option.search(page).group(1)
    assert seen == {"ar": "مُسند", "en": "Assigned", "ru": "Назначен"}
