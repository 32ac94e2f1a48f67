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
    if isinstance(data, str):
        return data
    if len(data) > MAX_BYTES:
        raise rows_failed([problem(0, _("the file is larger than 2 MB"))])
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise rows_failed([problem(0, _("the file is not UTF-8 text"))])  # pragma: no cover


def read_rows(
    data: bytes | str, *, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> list[CsvRow]:
    """Parse CSV text with a header row; ValidationFailed lists every shape problem by line.

    Column names are case-insensitive; `required` columns must be present and filled on every
    row, unknown columns are an error (a typo must not silently drop data), blank lines are
    skipped. Separators `,` and `;` are both understood (spreadsheets in Europe use `;`).
    """
    text = _decode(data)
    if not text.strip():
        raise rows_failed([problem(0, _("the file is empty"))])
    first_line = text.lstrip("\ufeff").splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except csv.Error as error:
        raise rows_failed([problem(1, str(error))]) from error
    known = set(required) | set(optional)
    problems: list[dict] = []
    for name in header:
        if name not in known:
            expected = ", ".join((*required, *optional))
            problems.append(
                problem(
                    1,
                    _(
                        "unknown column “%(name)s” (expected: %(expected)s)",
                        name=name,
                        expected=expected,
                    ),
                )
            )
    seen = set()
    for name in header:
        if name in seen:
            problems.append(problem(1, _("column “%(name)s” appears twice", name=name)))
        seen.add(name)
    for name in required:
        if name not in header:
            problems.append(problem(1, _("missing column “%(name)s”", name=name), name))
    if problems:
        raise rows_failed(problems)
    rows: list[CsvRow] = []
    try:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                problems.append(
                    problem(
                        line,
                        _(
                            "%(got)d cells, the header has %(want)d",
                            got=len(cells),
                            want=len(header),
                        ),
                    )
                )
                continue
            row = CsvRow(line, dict(zip(header, cells, strict=True)))
            for name in required:
                if not row.get(name):
                    problems.append(problem(line, _("“%(name)s” is empty", name=name), name))
            rows.append(row)
            if len(rows) > MAX_ROWS:
                raise rows_failed([problem(line, _("more than %(n)d rows", n=MAX_ROWS))])
    except csv.Error as error:
        problems.append(problem(reader.line_num, str(error)))
    if problems:
        raise rows_failed(problems)
    if not rows:
        raise rows_failed([problem(1, _("the file has a header but no rows"))])
    return rows
