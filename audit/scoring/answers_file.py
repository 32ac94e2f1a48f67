"""Reading an answers file (JSON or YAML) with the same safety rules as checklists."""

from __future__ import annotations

import json
import os
from typing import Any

from yaml.nodes import MappingNode

from audit.scoring.errors import ChecklistError, Problem
from audit.scoring.yaml_nodes import MAX_BYTES, ROOT, compose, decode, line_of, plain


def load_answers_file(path: str | os.PathLike[str]) -> tuple[dict[str, Any], dict[str, int]]:
    """Return (answers, line of each key; empty for JSON); raises ChecklistError if unusable."""
    name = str(path)
    try:
        with open(path, "rb") as f:
            source = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ChecklistError(
            [Problem(0, ROOT, f"cannot read the file: {exc.strerror}")], name
        ) from None
    if name.lower().endswith(".json"):
        return _json_answers(source, name), {}
    return _yaml_answers(source, name)


def _json_answers(source: bytes, name: str) -> dict[str, Any]:
    text, problems = decode(source)
    if text is None:
        raise ChecklistError(problems, name)
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                duplicates.append(key)
            result.setdefault(key, value)
        return result

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except (json.JSONDecodeError, RecursionError) as exc:
        line = getattr(exc, "lineno", 0)
        raise ChecklistError([Problem(line, ROOT, f"JSON syntax error: {exc}")], name) from None
    if duplicates:
        raise ChecklistError([Problem(0, k, "duplicate key") for k in duplicates], name)
    if not isinstance(data, dict):
        raise ChecklistError([Problem(0, ROOT, "answers must be a mapping of key to value")], name)
    return data


def _yaml_answers(source: bytes, name: str) -> tuple[dict[str, Any], dict[str, int]]:
    root, problems = compose(source)
    if problems:
        raise ChecklistError(problems, name)
    if root is None:
        return {}, {}
    if not isinstance(root, MappingNode):
        line = line_of(root)
        raise ChecklistError(
            [Problem(line, ROOT, "answers must be a mapping of key to value")], name
        )
    lines: dict[str, int] = {}
    for key, _ in root.value:
        if key.value in lines:
            message = f"duplicate key `{key.value}` (first on line {lines[key.value]})"
            problems.append(Problem(line_of(key), key.value, message))
        lines.setdefault(key.value, line_of(key))
    if problems:
        raise ChecklistError(problems, name)
    return plain(root), lines
