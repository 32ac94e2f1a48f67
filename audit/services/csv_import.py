"""One CSV reader for every import (locations, audits): rows with their line numbers.

The rule of every import: report each bad row by its line and import nothing when any row is
bad. This module reads and checks the shape (encoding, header, columns, required cells);
each import then checks meaning (does the location exist?) and raises `rows_failed`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from flask_babel import gettext as _

from audit.services.errors import ValidationFailed

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000


@dataclass(frozen=True)
class CsvRow:
    """One data row: its line number in the file (the header is line 1) and its cells."""

    line: int
    values: dict[str, str]

    def get(self, name: str) -> str:
        """A cell, trimmed ('' when absent or empty)."""
        return (self.values.get(name) or "").strip()


def problem(line: int, message: str, column: str | None = None) -> dict:
    """A problem as the pages and the API show it: line, column (if any), message."""
    found: dict = {"line": line, "message": message}
    if column is not None:
        found["field"] = column
    return found


def rows_failed(problems: list[dict]) -> ValidationFailed:
    """The error an import raises when any row is bad (nothing is imported)."""
    return ValidationFailed(
        _("%(count)d problem(s) in the CSV file; nothing was imported.", count=len(problems)),
        sorted(problems, key=lambda p: p["line"]),
    )


def _decode(data: bytes | str) -> str:
    text = data if isinstance(data, str) else _decode_bytes(data)
    if "\x00" in text:
        raise rows_failed([problem(0, _("this is not a CSV text file"))])
    return text


def _decode_bytes(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise rows_failed([problem(0, _("the file is larger than 2 MB"))])
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise rows_failed([problem(0, _("the file is not UTF-8 text"))])  # pragma: no cover


@dataclass
class CsvFile:
    """The well-formed rows of a file, and the problems of the others (by line)."""

    rows: list[CsvRow]
    problems: list[dict]


def read_rows(
    data: bytes | str, *, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> CsvFile:
    """Parse CSV text with a header row; file-level problems raise ValidationFailed at once.

    Column names are case-insensitive; `required` columns must be present and filled on every
    row, unknown columns are an error (a typo must not silently drop data), blank lines are
    skipped. Separators `,` and `;` are both understood (spreadsheets in Europe use `;`).
    Rows with the wrong number of cells or an empty required cell are left out of `rows` and
    reported in `problems`, so the import can add its own checks of the others and report
    everything at once.
    """
    text = _decode(data)
    if not text.strip():
        raise rows_failed([problem(0, _("the file is empty"))])
    text = text.lstrip("\ufeff")
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except csv.Error as error:
        raise rows_failed([problem(1, str(error))]) from error
    _check_header(header, required, optional)
    rows: list[CsvRow] = []
    problems: list[dict] = []
    try:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                message = _(
                    "%(got)d cells, the header has %(want)d", got=len(cells), want=len(header)
                )
                problems.append(problem(line, message))
                continue
            row = CsvRow(line, dict(zip(header, cells, strict=True)))
            empty = [name for name in required if not row.get(name)]
            problems.extend(problem(line, _("“%(name)s” is empty", name=n), n) for n in empty)
            if not empty:
                rows.append(row)
            if len(rows) + len(problems) > MAX_ROWS:
                raise rows_failed([problem(line, _("more than %(n)d rows", n=MAX_ROWS))])
    except csv.Error as error:
        problems.append(problem(reader.line_num, str(error)))
    if not rows and not problems:
        raise rows_failed([problem(1, _("the file has a header but no rows"))])
    return CsvFile(rows, problems)


def _check_header(header: list[str], required: tuple[str, ...], optional: tuple[str, ...]):
    known = set(required) | set(optional)
    expected = ", ".join((*required, *optional))
    problems: list[dict] = []
    seen: set[str] = set()
    for name in header:
        if name not in known:
            message = _(
                "unknown column “%(name)s” (expected: %(expected)s)", name=name, expected=expected
            )
            problems.append(problem(1, message))
        elif name in seen:
            problems.append(problem(1, _("column “%(name)s” appears twice", name=name)))
        seen.add(name)
    for name in required:
        if name not in header:
            problems.append(problem(1, _("missing column “%(name)s”", name=name), name))
    if problems:
        raise rows_failed(problems)
