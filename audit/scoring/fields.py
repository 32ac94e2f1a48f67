"""Reading typed fields from YAML nodes while collecting problems with line and path."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from audit.scoring.errors import Problem
from audit.scoring.yaml_nodes import NULL_TAG, child_path, is_number, line_of, scalar

SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to `word`, if any is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def suggest(word: str, choices: Iterable[str]) -> str:
    """' (did you mean `x`?)' for the closest choice, or ''."""
    close = closest(word, choices)
    return f" (did you mean `{close}`?)" if close else ""


def is_null(node: Node | None) -> bool:
    """Absent or an explicit YAML null."""
    return node is None or (isinstance(node, ScalarNode) and node.tag == NULL_TAG)


def describe(node: Node) -> str:
    """What a node holds, in words: 'text `abc`', 'the number `2`', 'a list', ..."""
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, MappingNode):
        return "a mapping"
    value = scalar(node)
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the yes/no value `{node.value}`"
    if isinstance(value, int | float):
        return f"the number `{node.value}`"
    return f"the text `{node.value}`"


class Fields:
    """The fields of one mapping node: duplicates and unknown names are reported on creation."""

    def __init__(self, reader: Reader, node: MappingNode, path: str, allowed: tuple[str, ...]):
        self.reader, self.node, self.path = reader, node, path
        self.entries: dict[str, tuple[Node, Node]] = {}
        for key, value in node.value:
            name = key.value
            if name in self.entries:
                first = line_of(self.entries[name][0])
                reader.add(
                    key, child_path(path, name), f"duplicate field `{name}` (first on line {first})"
                )
                continue
            self.entries[name] = (key, value)
            if allowed and name not in allowed:
                hint = suggest(name, allowed)
                reader.add(key, child_path(path, name), f"unknown field `{name}`{hint}")

    def get(self, name: str) -> Node | None:
        """The value node of a field; None when absent or null."""
        entry = self.entries.get(name)
        return None if entry is None or is_null(entry[1]) else entry[1]

    def key_node(self, name: str) -> Node | None:
        """The key node of a present, non-null field."""
        entry = self.entries.get(name)
        return None if entry is None or is_null(entry[1]) else entry[0]

    def sub(self, name: str) -> str:
        """The document path of a field."""
        return child_path(self.path, name)

    def require(self, name: str) -> Node | None:
        """The value node of a required field, reporting it missing when absent or null."""
        node = self.get(name)
        if node is None:
            self.reader.add(
                self.node, self.sub(name), f"missing required field `{name}`", "missing", name=name
            )
        return node


class Reader:
    """Collects problems; typed readers return the value, or None after reporting a problem."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(
        self, where: Node | int, path: str, message: str, code: str = "", **params: Any
    ) -> None:
        """Record a problem: English `message`, and `code`/`params` to translate it by."""
        line = where if isinstance(where, int) else line_of(where)
        self.problems.append(Problem(line, path, message, code, params))

    def unique(
        self, value: str, node: Node | None, path: str, seen: dict[str, int], what: str
    ) -> None:
        """Report `value` when `seen` already has it (keys and option values are unique)."""
        if value in seen:
            self.add(node, path, f"duplicate {what} `{value}` (first on line {seen[value]})")
        seen.setdefault(value, line_of(node))

    def fields(self, node: Node, path: str, allowed: tuple[str, ...], what: str) -> Fields | None:
        if not isinstance(node, MappingNode):
            self.add(node, path, f"{what} must be a mapping of fields, got {describe(node)}")
            return None
        return Fields(self, node, path, allowed)

    def text(self, node: Node | None, path: str, nonempty: bool = False) -> str | None:
        if node is None:
            return None
        value = scalar(node) if isinstance(node, ScalarNode) else None
        if not isinstance(value, str):
            hint = " (put it in quotes)" if isinstance(node, ScalarNode) else ""
            self.add(node, path, f"must be text, got {describe(node)}{hint}", "not_text")
            return None
        if nonempty and not value.strip():
            self.add(node, path, "must not be empty", "empty")
            return None
        return value

    def slug(self, node: Node | None, path: str) -> str | None:
        value = self.text(node, path, nonempty=True)
        if value is not None and (not SLUG.match(value) or len(value) > 64):
            self.add(
                node,
                path,
                f"`{value}` is not a valid key: use lowercase letters, digits, `_` and `-`, "
                "starting with a letter or digit, at most 64 characters",
                "bad_key",
                value=value,
            )
            return None
        return value

    def number(
        self, node: Node | None, path: str, low: float | None = None, high: float | None = None
    ) -> float | None:
        if node is None:
            return None
        value = scalar(node) if isinstance(node, ScalarNode) else None
        if not is_number(value):
            hint = ""
            if isinstance(value, str) and node.style in ("'", '"'):
                hint = " (remove the quotes)"
            self.add(node, path, f"must be a number{_range(low, high)}, got {describe(node)}{hint}")
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            self.add(node, path, f"must be a number{_range(low, high)}, got {node.value}")
            return None
        return float(value)

    def integer(self, node: Node | None, path: str, low: int | None = None) -> int | None:
        if node is None:
            return None
        value = scalar(node) if isinstance(node, ScalarNode) else None
        if not isinstance(value, int) or isinstance(value, bool):
            self.add(node, path, f"must be a whole number, got {describe(node)}", "not_whole")
            return None
        if low is not None and value < low:
            self.add(node, path, f"must be a whole number >= {low}, got {value}")
            return None
        return value

    def boolean(self, node: Node | None, path: str) -> bool | None:
        if node is None:
            return None
        value = scalar(node) if isinstance(node, ScalarNode) else None
        if not isinstance(value, bool):
            self.add(node, path, f"must be true or false, got {describe(node)}", "not_boolean")
            return None
        return value

    def items(self, node: Node | None, path: str, at_least: int, what: str) -> list[Node] | None:
        if node is None:
            return None
        if not isinstance(node, SequenceNode):
            self.add(node, path, f"must be a list of {what}, got {describe(node)}")
            return None
        if len(node.value) < at_least:
            self.add(node, path, f"must list at least {_COUNT.get(at_least, at_least)} {what}")
        return list(node.value)


_COUNT = {1: "one", 2: "two"}


def _range(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f" from {low:g} to {high:g}"
    if low is not None:
        return f" >= {low:g}"
    return ""
