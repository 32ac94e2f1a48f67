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

from audit.services.errors import BadRequest

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
