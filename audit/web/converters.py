"""URL converters: every `<int:...>` in a route is a database id."""

from __future__ import annotations

from flask import Flask
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

from audit.services.limits import as_id


class IdConverter(IntegerConverter):
    """A database id (ASCII digits, 1 to ID_MAX); anything else is a 404."""

    regex = r"[0-9]+"  # `\d` would also take Arabic-Indic and other Unicode digits

    def to_python(self, value: str) -> int:
        """The id, or NotFound for a number no row can have."""
        number = as_id(value)
        if number is None:
            # NotFound, not ValidationError: Werkzeug turns a failed conversion into a 405
            # when the same path has a rule for another method.
            raise NotFound()
        return number


def init_app(app: Flask) -> None:
    """Make `int` the id converter, before any blueprint adds its routes."""
    # Replacing `int` itself covers every route, present and future: none takes a number
    # that is not an id, and a number past 64 bits made SQLite raise OverflowError (500).
    app.url_map.converters["int"] = IdConverter
