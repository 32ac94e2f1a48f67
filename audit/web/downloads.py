"""Content-Disposition for every download: an ASCII `filename` and an RFC 5987 `filename*`.

Werkzeug writes headers as latin-1: a Cyrillic or Arabic file name in a plain `filename=`
made the server fail while sending the headers, and the download hung. Browsers use
`filename*` (UTF-8, percent-encoded) when they know it and the ASCII name otherwise.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from flask import Response

# Russian and Ukrainian letters, transliterated (lower case; capitals follow).
LATIN = "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya i yi ye g"
CYRILLIC = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ", LATIN.split(" "), strict=True))
UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,10}\Z")
# RFC 5987 attr-char besides letters and digits (quote() never escapes "_.-~").
ATTR_CHARS = "!#$&+^`|"


def _transliterate(char: str) -> str:
    latin = CYRILLIC.get(char.lower())
    if latin is None:
        return char
    latin = "" if latin == "-" else latin  # the hard and soft signs have no sound
    return latin.capitalize() if char.isupper() else latin


def ascii_filename(name: str, default: str = "download") -> str:
    """An ASCII stand-in for `name`: transliterated, accents dropped, the rest as `_`."""
    match = EXTENSION.search(name)
    stem, extension = (name[: match.start()], match.group()) if match else (name, "")
    latin = "".join(_transliterate(ch) for ch in stem)
    latin = unicodedata.normalize("NFKD", latin)
    latin = "".join(ch for ch in latin if not unicodedata.combining(ch))
    latin = UNSAFE.sub("_", latin).strip(".")
    if not latin.strip("_"):
        latin = default
    return latin + extension.lower()


def content_disposition(name: str, disposition: str = "attachment") -> str:
    """The header value naming the download `name` in any script."""
    return (
        f'{disposition}; filename="{ascii_filename(name)}"; '
        f"filename*=UTF-8''{quote(name, safe=ATTR_CHARS)}"
    )


def as_download(response: Response, name: str) -> Response:
    """Mark `response` as a file download called `name`."""
    response.headers["Content-Disposition"] = content_disposition(name)
    return response
