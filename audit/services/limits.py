"""Every limit on what users may send, in one place: ids, page numbers, text lengths.

Ids are the database's `integer` primary keys (32-bit on PostgreSQL); a bigger number can
never name a row, and SQLite cannot even bind one past 64 bits, so it is refused before
any query (404 in a path, 400 naming the argument in a query string).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _

from audit.services.errors import BadRequest, ValidationFailed

ID_MAX = 2**31 - 1
PAGE_MAX = 100_000
# Signed, ASCII digits only (str.isdigit() also takes '²', which int() refuses), and short.
WHOLE_NUMBER = re.compile(r"-?[0-9]{1,12}")
ID_LIKE = re.compile(r"-?[0-9]+")


def as_id(raw: Any) -> int | None:
    """`raw` (text or int) as a database id, or None when it cannot be one."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= 10:
        value = int(raw)
    else:
        return None
    return value if 1 <= value <= ID_MAX else None


def looks_like_id(raw: str) -> bool:
    """True for a whole number in ASCII digits (an id, valid or not, rather than a slug)."""
    return ID_LIKE.fullmatch(raw) is not None


def int_arg(
    args: Mapping[str, str],
    name: str,
    default: int | None,
    minimum: int = 1,
    maximum: int = ID_MAX,
) -> int | None:
    """A whole-number query argument in [minimum, maximum], or BadRequest (400) naming it."""
    raw = (args.get(name) or "").strip()
    if not raw:
        return default
    value = int(raw) if WHOLE_NUMBER.fullmatch(raw) else None
    if value is None or not minimum <= value <= maximum:
        message = _(
            "`%(name)s` must be a whole number from %(minimum)s to %(maximum)s.",
            name=name,
            minimum=minimum,
            maximum=maximum,
        )
        raise BadRequest(message, [{"field": name, "message": message}])
    return value


# Text lengths, in characters, after trimming. Each is at most its VARCHAR column, so a
# longer value is a 422 naming the limit and never a database error on PostgreSQL.
TEXT_ANSWER_MAX = 5_000
COMMENT_MAX = 5_000  # answer comments, review comments (return, approve, publish), reasons
CAPTION_MAX = 500
NAME_MAX = 200  # organisation, location and user names, checklist titles
REPORT_FOOTER_MAX = 500
WAVE_MAX = 100
SCENARIO_MAX = 5_000
EMAIL_MAX = 254
SLUG_MAX = 64
LOCATION_FIELDS = {
    "name": NAME_MAX,
    "code": 64,
    "address": 300,
    "city": 120,
    "country": 120,
    "region": 120,
    "timezone": 64,
}


def length_problem(field: str, value: object, limit: int) -> dict[str, str] | None:
    """A problem naming `field` and `limit` when `value` is text longer than `limit`."""
    if isinstance(value, str) and len(value.strip()) > limit:
        return {
            "field": field,
            "message": _("%(field)s: at most %(n)d characters", field=field, n=limit),
        }
    return None


def check_length(field: str, value: object, limit: int, message: str) -> None:
    """ValidationFailed (422) with `message` when `value` is longer than `limit`."""
    problem = length_problem(field, value, limit)
    if problem is not None:
        raise ValidationFailed(message, [problem])
