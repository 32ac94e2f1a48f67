"""The language of a request and what pages need to show it (docs/platform.md, Languages).

The choice, first that applies: `?lang=xx` (remembered in the session), the signed-in
user's `language`, the browser's Accept-Language, English.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, has_request_context, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from audit.catalogues import LANGUAGES

DEFAULT = "en"
RIGHT_TO_LEFT = frozenset({"ar"})
SESSION_KEY = "lang"
# Each language named in itself: a reader finds their own whatever the page's language.
NAMES = {"en": "English", "ar": "العربية", "ru": "Русский"}

# Words that pages translate from data (`_(audit.status)`, `_(user.role)`, an event's
# action with "_" as " "): listed so that `make catalogues` extracts them.
DATA_WORDS = (
    _l("assigned"),
    _l("in progress"),
    _l("submitted"),
    _l("approved"),
    _l("published"),
    _l("consultant"),
    _l("auditor"),
    _l("client"),
    _l("started"),
    _l("returned"),
    _l("answer corrected"),
    _l("photo captioned"),
    _l("photo deleted"),
    _l("sync conflict"),
)


def asked_language() -> str | None:
    """`?lang=xx` when xx is one of ours (anything else is ignored, never an error)."""
    value = request.args.get("lang")
    return value if value in LANGUAGES else None


def user_language() -> str | None:
    """The signed-in user's setting, when they made one."""
    try:
        language = current_user.language if current_user.is_authenticated else None
    except AttributeError:  # outside a request Flask-Login has no user
        return None
    return language if language in LANGUAGES else None


def select_locale() -> str:
    """Flask-Babel's locale selector: the request's language by the contract's order."""
    if not has_request_context():
        return DEFAULT
    asked = asked_language()
    if asked:
        return asked
    remembered = session.get(SESSION_KEY)
    if remembered in LANGUAGES:
        return remembered
    return (
        user_language() or request.accept_languages.best_match(LANGUAGES, default=None) or DEFAULT
    )


def remember_asked_language() -> None:
    """Keep a page's `?lang=xx` in the session for the next pages (before the request)."""
    asked = asked_language()
    if asked and not request.path.startswith("/api/") and session.get(SESSION_KEY) != asked:
        session[SESSION_KEY] = asked


def forget_remembered_language() -> None:
    """After the user saves a language setting, that setting decides from then on."""
    session.pop(SESSION_KEY, None)


def current_language() -> str:
    """The language this request is answered in."""
    from flask_babel import get_locale

    locale = get_locale()
    return locale.language if locale is not None else DEFAULT


def text_direction(language: str | None = None) -> str:
    """`rtl` or `ltr`, for `<html dir>`."""
    return "rtl" if (language or current_language()) in RIGHT_TO_LEFT else "ltr"


def language_links() -> list[dict[str, str | bool]]:
    """The switcher: this page in each language (a plain link, so it works without JS)."""
    here = current_language()
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    links = []
    for code in LANGUAGES:
        query = urlencode([*args, ("lang", code)])
        links.append(
            {
                "code": code,
                "name": NAMES[code],
                "url": f"{request.path}?{query}",
                "current": code == here,
                "dir": text_direction(code),
            }
        )
    return links


def _page_language() -> dict[str, object]:
    """Template values: `lang_code`, `lang_dir` and the switcher's `language_links`."""
    code = current_language()
    return {"lang_code": code, "lang_dir": text_direction(code), "language_links": language_links}


def init_app(app: Flask) -> None:
    """Remember `?lang=` and give templates the page's language and direction."""
    app.before_request(remember_asked_language)
    app.context_processor(_page_language)
