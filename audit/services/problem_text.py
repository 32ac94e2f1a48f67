"""The problems of the Flask-free packages in the reader's language (the edge of scoring
and photos): each stable code has a catalogue message with named placeholders; a problem
whose code has none keeps the package's English message."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated when shown (gettext)."""
    return message


ANSWER_MESSAGES = {
    "expected_yes_no": N_("expected yes or no, got %(got)s"),
    "expected_whole_number": N_("expected a whole number, got %(got)s"),
    "out_of_range": N_("must be between %(low)s and %(high)s, got %(got)s"),
    "expected_number": N_("expected a number, got %(got)s"),
    "expected_finite_number": N_("expected a finite number, got %(got)s"),
    "not_an_option": N_("%(got)s is not one of the options (%(options)s)"),
    "expected_text": N_("expected text, got %(got)s"),
    "na_not_allowed": N_("N/A is not allowed for this question"),
    "unknown_question": N_("unknown question `%(key)s`"),
    "not_a_mapping": N_("answers must be a mapping of key to value"),
}

CHECKLIST_MESSAGES = {
    "missing": N_("missing required field `%(name)s`"),
    "not_text": N_("must be text"),
    "empty": N_("must not be empty"),
    "bad_key": N_(
        "`%(value)s` is not a valid key: use lowercase letters, digits, `_` and `-`, "
        "starting with a letter or digit, at most 64 characters"
    ),
    "not_whole": N_("must be a whole number"),
    "not_boolean": N_("must be true or false"),
    # Translations (scoring-rules section 8)
    "unknown_language": N_("unknown language `%(language)s`; use one of: %(choices)s"),
    "unknown_language_close": N_(
        "unknown language `%(language)s` (did you mean `%(close)s`?); use one of: %(choices)s"
    ),
    "default_language_undeclared": N_("`%(language)s` is not one of `languages` (%(declared)s)"),
    "texts_need_languages": N_(
        "must be text, got a mapping (declare `languages` at the top of the file "
        "to give texts per language)"
    ),
    "undeclared_language": N_("unknown language `%(language)s`; `languages` declares %(declared)s"),
    "missing_default_language": N_("missing the default language `%(language)s`"),
    "missing_translation": N_("no %(languages)s text; the `%(language)s` text is shown instead"),
}

PHOTO_MESSAGES = {
    "empty": N_("file is empty"),
    "unsupported_type": N_("not a JPEG, PNG or WebP image"),
    "corrupt": N_("file is truncated or corrupt"),
    "too_large": N_("file is %(size)s MB; the limit is %(limit)s MB"),
    "too_many_pixels": N_("image is %(size)s megapixels; the limit is %(limit)s"),
}


def say(messages: Mapping[str, str], code: str, params: Mapping[str, Any], english: str) -> str:
    """The catalogue message of `code` with `params`, or `english` when it has none."""
    message = messages.get(code)
    if message is None:
        return english
    return gettext(message, **params)


def answer_problem(problem: Any) -> str:
    """An `AnswerProblem`'s message in the reader's language."""
    return say(ANSWER_MESSAGES, problem.code, problem.params, problem.message)


def checklist_problem(problem: Any) -> str:
    """A checklist `Problem`'s message in the reader's language."""
    return say(CHECKLIST_MESSAGES, problem.code, problem.params, problem.message)


def photo_refusal(error: Any) -> str:
    """A `PhotoRejected`'s message in the reader's language."""
    return say(PHOTO_MESSAGES, error.code, error.params, error.message)
