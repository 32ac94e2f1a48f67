"""The UI's message catalogues: extract, update and compile (`make catalogues`, install, start).

Flask-free so that the Makefile, the app factory and the tests share one implementation.
The .po files are written sorted by msgid with file names but no line numbers and with a
fixed header date, so that two branches adding strings rarely touch the same lines.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = Path(__file__).resolve().parent / "translations"
LANGUAGES = ("en", "ar", "ru")
# Keywords beyond Babel's defaults (_, gettext, ngettext, ...): lazy strings of forms.
KEYWORDS = {"_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}
# The header date never changes, or every `make catalogues` would conflict with every other.
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)
PROJECT = "audit"


def po_path(language: str) -> Path:
    """Where a language's catalogue lives."""
    return TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"


def extract() -> Catalog:
    """Every message of the Python code and the templates, as babel.cfg maps them."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    from babel.messages.extract import DEFAULT_KEYWORDS

    keywords = {**DEFAULT_KEYWORDS, **KEYWORDS}
    template = Catalog(project=PROJECT, creation_date=FIXED_DATE, fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords, strip_comment_tags=True
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def read(language: str) -> Catalog:
    """A language's catalogue as it is on disk."""
    with open(po_path(language), "rb") as fileobj:
        return read_po(fileobj, locale=language)


def write(catalog: Catalog, path: Path) -> None:
    """Write a .po the merge-friendly way (sorted, file names only, no wrapping)."""
    catalog.creation_date = FIXED_DATE
    catalog.revision_date = FIXED_DATE
    catalog.fuzzy = False
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fileobj:
        write_po(
            fileobj,
            catalog,
            width=0,
            sort_output=True,
            ignore_obsolete=True,
            include_lineno=False,
        )


def update(languages: Iterable[str] = LANGUAGES) -> None:
    """Bring each catalogue in step with the code, keeping every existing translation."""
    template = extract()
    for language in languages:
        path = po_path(language)
        if path.exists():
            catalog = read(language)
        else:
            catalog = Catalog(locale=language, project=PROJECT, fuzzy=False)
        catalog.update(template, no_fuzzy_matching=False, update_creation_date=False)
        write(catalog, path)
        untranslated = [m.id for m in catalog if m.id and not is_translated(m)]
        fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
        if language != "en":
            print(
                f"{language}: {len(untranslated)} to translate, {len(fuzzy)} fuzzy", file=sys.stderr
            )


def is_translated(message: object) -> bool:
    """True when every form of the message has a translation."""
    strings = message.string  # type: ignore[attr-defined]
    if isinstance(strings, (list, tuple)):
        return all(strings)
    return bool(strings)


def compile_all(only_stale: bool = False) -> list[str]:
    """Write each .mo next to its .po (atomically: several workers may start at once)."""
    done = []
    for language in LANGUAGES:
        po = po_path(language)
        if not po.exists():
            continue
        mo = po.with_suffix(".mo")
        if only_stale and mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        catalog = read(language)
        fd, tmp = tempfile.mkstemp(dir=mo.parent, prefix=".messages-", suffix=".mo")
        try:
            with os.fdopen(fd, "wb") as fileobj:
                write_mo(fileobj, catalog, use_fuzzy=False)
            os.replace(tmp, mo)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        done.append(language)
    return done


def ensure_compiled() -> None:
    """Compile the catalogues whose .mo is missing or older than the .po (app start)."""
    try:
        compile_all(only_stale=True)
    except OSError as exc:  # a read-only install keeps the .mo files it was built with
        print(f"audit: could not compile the catalogues: {exc}", file=sys.stderr)


def main(argv: list[str]) -> int:
    """`python -m audit.catalogues update|compile`."""
    command = argv[1] if len(argv) > 1 else ""
    if command == "update":
        update()
        compile_all()
        return 0
    if command == "compile":
        compile_all()
        return 0
    print("usage: python -m audit.catalogues update|compile", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
