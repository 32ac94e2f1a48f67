"""Read a region of a page, so a test asserts on the results, not on a filter's options."""

from __future__ import annotations

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class _Finder(HTMLParser):
    """Finds the outer HTML span of the first element matching `tag.class` or `tag#id`."""

    def __init__(self, text: str, tag: str, cls: str | None, ident: str | None) -> None:
        super().__init__(convert_charrefs=False)
        self.text, self.tag, self.cls, self.ident = text, tag, cls, ident
        self.lines = [0]
        for line in text.splitlines(keepends=True):
            self.lines.append(self.lines[-1] + len(line))
        self.start: int | None = None
        self.end: int | None = None
        self.depth = 0

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag in VOID or self.end is not None:
            return
        if self.start is not None:
            self.depth += tag == self.tag
            return
        attributes = dict(attrs)
        if tag == self.tag and (
            (self.cls is None or self.cls in (attributes.get("class") or "").split())
            and (self.ident is None or attributes.get("id") == self.ident)
        ):
            self.start = self._offset()

    def handle_endtag(self, tag):
        if self.start is None or self.end is not None or tag != self.tag:
            return
        if self.depth:
            self.depth -= 1
            return
        self.end = self.text.index(">", self._offset()) + 1


def region(html: str, selector: str) -> str:
    """The outer HTML of the first `tag`, `tag.class` or `tag#id` (AssertionError if none)."""
    tag, _, ident = selector.partition("#")
    tag, _, cls = tag.partition(".")
    finder = _Finder(html, tag, cls or None, ident or None)
    finder.feed(html)
    finder.close()
    assert finder.start is not None and finder.end is not None, f"no {selector} in the page"
    return html[finder.start : finder.end]


def rows(html: str, selector: str) -> list[str]:
    """The body rows (`<tr>` of its `<tbody>`) of the table at `selector`, as outer HTML."""
    body = region(region(html, selector), "tbody")
    out = []
    while "<tr" in body:
        row = region(body, "tr")
        out.append(row)
        body = body[body.index(row) + len(row) :]
    return out
