"""Search, sort and filter flags of a list page: one parser for `?q=&sort=&dir=` and flags.

Each list declares a `ListSpec`: the columns it may be sorted by (a whitelist: the name in
the URL maps to an SQL expression, so nothing from the URL reaches SQL as text), the
columns its search looks in, and its yes/no filters (such as `overdue=1`). A bad `sort`,
`dir` or flag value is ignored: the list shows in its default order, and the problem comes
back as data so the page can say which argument was ignored. An old bookmark still opens.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from audit.extensions import db

SEARCH_MAX = 100
DIRECTIONS = ("asc", "desc")
FLAG_ON = ("1", "true", "on", "yes")
FLAG_OFF = ("", "0", "false", "off", "no")


@dataclass(frozen=True)
class ListArgs:
    """What a list was asked for, once checked; `problems` name what was ignored."""

    q: str = ""
    sort: str = ""
    descending: bool = False
    flags: frozenset[str] = frozenset()
    problems: tuple[dict[str, str], ...] = ()

    @property
    def direction(self) -> str:
        """`asc` or `desc`, as in the URL."""
        return "desc" if self.descending else "asc"


@dataclass(frozen=True)
class ListSpec:
    """What a list may be sorted by, searched in and filtered on."""

    sortable: Mapping[str, ColumnElement[Any]]
    default_sort: str
    default_descending: bool = False
    searched: tuple[ColumnElement[Any], ...] = ()
    # Yes/no filters by URL name; each is a WHERE clause on the list's rows.
    flags: Mapping[str, ColumnElement[bool]] = field(default_factory=dict)
    # A unique column last in ORDER BY, so rows with equal keys keep their page.
    tiebreak: ColumnElement[Any] | None = None
    # A word's clause when the searched columns are better matched another way (same rows).
    search: Callable[[str], ColumnElement[bool]] | None = None

    def parse(self, args: Mapping[str, str]) -> ListArgs:
        """Read `q`, `sort`, `dir` and the flags; bad values are ignored and named."""
        problems: list[dict[str, str]] = []
        q = " ".join((args.get("q") or "").split())
        if len(q) > SEARCH_MAX:
            q = q[:SEARCH_MAX]
            problems.append(
                {
                    "field": "q",
                    "message": _("Search text is cut to %(n)d characters.", n=SEARCH_MAX),
                }
            )
        sort = (args.get("sort") or "").strip() or self.default_sort
        if sort not in self.sortable:
            problems.append(
                {
                    "field": "sort",
                    "message": _(
                        "This list cannot be sorted by “%(value)s”; it is in its usual order.",
                        value=sort[:40],
                    ),
                }
            )
            sort = self.default_sort
        direction = (args.get("dir") or "").strip().lower()
        descending = self.default_descending if sort == self.default_sort else False
        if direction in DIRECTIONS:
            descending = direction == "desc"
        elif direction:
            problems.append(
                {"field": "dir", "message": _("The sort direction is asc or desc; ignored.")}
            )
        return ListArgs(q, sort, descending, self._flags(args, problems), tuple(problems))

    def _flags(self, args: Mapping[str, str], problems: list[dict[str, str]]) -> frozenset[str]:
        on = set()
        for name in self.flags:
            value = (args.get(name) or "").strip().lower()
            if value in FLAG_ON:
                on.add(name)
            elif value not in FLAG_OFF:
                problems.append(
                    {
                        "field": name,
                        "message": _("“%(name)s” is 1 or nothing; ignored.", name=name),
                    }
                )
        return frozenset(on)

    def apply(self, stmt: Select, chosen: ListArgs) -> Select:
        """`stmt` narrowed by the search and flags, in the chosen order."""
        if chosen.q and (self.searched or self.search):
            matches = self.search or self._matches
            stmt = stmt.where(and_(*(matches(word) for word in chosen.q.split())))
        for name in sorted(chosen.flags):
            stmt = stmt.where(self.flags[name])
        column = self.sortable[chosen.sort]
        key = column.desc() if chosen.descending else column.asc()
        order = [key.nulls_last()]
        if self.tiebreak is not None:
            order.append(self.tiebreak.desc() if chosen.descending else self.tiebreak.asc())
        return stmt.order_by(None).order_by(*order)

    def _matches(self, word: str) -> ColumnElement[bool]:
        """Any searched column contains `word`."""
        return contains(self.searched, word)


def contains(columns: Sequence[ColumnElement[Any]], word: str) -> ColumnElement[bool]:
    """Any of `columns` contains `word` (case-insensitive; % and _ are literal)."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return or_(*(c.ilike(f"%{escaped}%", escape="\\") for c in columns))


def count_rows(stmt: Select) -> int:
    """How many rows `stmt` gives (a page's total; its ORDER BY plays no part)."""
    return db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0


def page_rows(
    stmt: Select,
    limit: int,
    offset: int,
    key: ColumnElement[Any] | None = None,
    keyed: Select | None = None,
) -> Select:
    """`stmt`'s rows `offset` to `offset + limit`. With `key` (the listed rows' unique id),
    the page's keys are found first in `keyed` (default `stmt`: the same rows in the same
    order, cheaper to read), then only those rows are read: the rows a deep page skips come
    from an index alone, and a sort without an index sorts keys, not whole rows."""
    if key is None:
        return stmt.limit(limit).offset(offset)
    keys = (stmt if keyed is None else keyed).with_only_columns(key).limit(limit).offset(offset)
    return stmt.where(key.in_(keys.scalar_subquery()))
