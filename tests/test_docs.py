"""The docs in docs/ cannot drift: their examples are run and their numbers checked.

Fenced blocks carry a role after the language (```yaml criterion): see BLOCK_ROLES.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from audit.api_reference import render
from audit.scoring import load_checklist, score_audit
from audit.scoring.cli import validate_files
from audit.scoring.loader import CRITERION_FIELDS, ROOT_FIELDS, TOUCHPOINT_FIELDS
from audit.scoring.model import TYPES

DOCS = Path(__file__).resolve().parent.parent / "docs"
FORMAT = DOCS / "checklist-format.md"
SCORING = DOCS / "scoring.md"
# What each ```yaml block of the docs is, and so how it is checked.
BLOCK_ROLES = {
    "": "a complete checklist that validates",
    "criterion": "a list of criteria that validates inside a one-touchpoint checklist",
    "invalid": "a checklist whose `validate` output is the next ```text validate-output block",
}
SKELETON = """\
id: doc-example
title: Doc example
touchpoints:
  - key: tp
    name: Touchpoint
    criteria:
"""


@dataclass(frozen=True)
class Block:
    """A fenced code block: language, role (the rest of the info string), text, line."""

    language: str
    role: str
    text: str
    line: int


def blocks(path: Path) -> list[Block]:
    """Every fenced code block of a Markdown file, in order."""
    found: list[Block] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        fence = re.match(r"```(\w*)\s*(.*)$", lines[i])
        if fence:
            end = lines.index("```", i + 1)
            text = "\n".join(lines[i + 1 : end]) + "\n"
            found.append(Block(fence.group(1), fence.group(2).strip(), text, i + 1))
            i = end
        i += 1
    return found


def yaml_blocks(role: str) -> list[Block]:
    """The ```yaml blocks of every doc with this role."""
    return [
        b
        for path in sorted(DOCS.glob("*.md"))
        for b in blocks(path)
        if b.language == "yaml" and b.role == role
    ]


def table_after(path: Path, marker: str) -> list[list[str]]:
    """The body rows of the Markdown table that follows `<!-- marker -->`."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"<!-- {marker} -->")
    rows = []
    for line in text[start:].splitlines()[1:]:
        if not line.startswith("|"):
            if rows:
                break
            continue
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if not set("".join(cells)) <= set("-: "):
            rows.append(cells)
    return rows[1:]  # without the header


def test_every_yaml_block_has_a_known_role():
    for path in DOCS.glob("*.md"):
        for b in blocks(path):
            if b.language == "yaml":
                assert b.role in BLOCK_ROLES, f"{path.name}:{b.line}: unknown role `{b.role}`"


@pytest.mark.parametrize("block", yaml_blocks(""), ids=lambda b: f"line{b.line}")
def test_complete_checklists_validate(block):
    load_checklist(block.text, f"line {block.line}")


@pytest.mark.parametrize("block", yaml_blocks("criterion"), ids=lambda b: f"line{b.line}")
def test_criterion_examples_validate(block):
    load_checklist(SKELETON + textwrap.indent(block.text, " " * 6), f"line {block.line}")


def test_there_is_a_criterion_example_per_type_and_for_show_if():
    examples = [
        load_checklist(SKELETON + textwrap.indent(b.text, " " * 6))
        for b in yaml_blocks("criterion")
    ]
    criteria = [c for checklist in examples for c in checklist.criteria]
    assert {c.type for c in criteria} == set(TYPES)
    assert any(c.show_if and c.show_if.operator == "equals" for c in criteria)
    assert any(c.show_if and c.show_if.operator == "in" for c in criteria)


def test_invalid_example_prints_the_documented_problems(tmp_path, monkeypatch):
    found = blocks(FORMAT)
    for i, b in enumerate(found):
        if b.language == "yaml" and b.role == "invalid":
            expected = next(o for o in found[i + 1 :] if o.role == "validate-output")
            break
    else:
        pytest.fail("no ```yaml invalid block")
    monkeypatch.chdir(tmp_path)
    Path("store-visit.yaml").write_text(b.text, encoding="utf-8")
    out = io.StringIO()
    assert validate_files(["store-visit.yaml"], out) == 2
    assert out.getvalue() == expected.text


def test_translated_example_prints_the_documented_warnings(tmp_path, monkeypatch):
    found = blocks(FORMAT)
    start = next(i for i, b in enumerate(found) if "\nlanguages: [" in b.text)
    expected = next(o for o in found[start + 1 :] if o.role == "validate-output")
    monkeypatch.chdir(tmp_path)
    Path("greeting-check.yaml").write_text(found[start].text, encoding="utf-8")
    out = io.StringIO()
    assert validate_files(["greeting-check.yaml"], out) == 0
    assert out.getvalue() == expected.text


def test_every_field_the_loader_accepts_is_documented():
    rows = [line for line in FORMAT.read_text(encoding="utf-8").splitlines() if line[:1] == "|"]
    documented = set(re.findall(r"`([a-z_]+)`", "\n".join(rows)))
    accepted = set(ROOT_FIELDS + TOUCHPOINT_FIELDS + CRITERION_FIELDS)
    assert accepted - documented == set()


def _worked_example() -> tuple[str, dict, dict]:
    """The worked example of docs/scoring.md: checklist, answers, printed output."""
    found = blocks(SCORING)
    checklist = next(b for b in found if b.language == "yaml" and "worked-example" in b.text)
    answers = next(b for b in found if b.role == "answers")
    output = next(b for b in found if b.role == "output")
    return checklist.text, json.loads(answers.text), json.loads(output.text)


def test_worked_example_through_the_cli_prints_what_the_doc_shows(tmp_path):
    source, answers, output = _worked_example()
    (tmp_path / "worked-example.yaml").write_text(source, encoding="utf-8")
    (tmp_path / "answers.json").write_text(json.dumps(answers), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "audit.scoring", "score", "worked-example.yaml", "answers.json"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == output


def test_worked_example_tables_match_the_engine():
    source, answers, output = _worked_example()
    result = score_audit(load_checklist(source), answers)
    criteria = table_after(SCORING, "check: criteria")
    assert [row[0] for row in criteria] == list(answers)
    for key, _answer, fraction, weight in criteria:
        detail = result.criteria[key]
        assert detail.fraction == pytest.approx(float(fraction)), key
        assert detail.weight == pytest.approx(float(weight)), key
    rows = table_after(SCORING, "check: scores")
    assert rows
    for name, _how, value in rows:
        got: object = output
        for part in name.split("."):
            got = got[part]
        assert (got if isinstance(got, str) else json.dumps(got)) == value, name


def test_api_reference_is_what_the_openapi_document_gives(client):
    """docs/api-reference.md is generated: after an API change, run `make docs`."""
    document = client.get("/api/v1/openapi.json").get_json()
    committed = (DOCS / "api-reference.md").read_text(encoding="utf-8")
    assert committed == render(document), "docs/api-reference.md is out of date: run `make docs`"


def test_api_reference_shows_every_operation_and_schema(client):
    document = client.get("/api/v1/openapi.json").get_json()
    text = render(document)
    for path, item in document["paths"].items():
        for method in item:
            assert f"### {method.upper()} /api/v1{path}\n" in text
    for name in document["components"]["schemas"]:
        assert f"### {name}\n" in text


def gfm_cells(row: str) -> list[str]:
    """A table row's cells as GitHub (cmark-gfm) splits them: a backslash escapes the next
    character, any other pipe ends a cell."""
    cells, cell, chars = [], "", iter(row.strip().removeprefix("|").removesuffix("|"))
    for char in chars:
        if char == "|":
            cells, cell = [*cells, cell], ""
        else:
            cell += char + (next(chars, "") if char == "\\" else "")
    return [*cells, cell]


def test_api_reference_tables_keep_their_columns_and_show_no_backslash(client):
    """Every row of a table has its header's cells, and a cell reads `a | b`, never `a \\| b`."""
    text = render(client.get("/api/v1/openapi.json").get_json())
    columns = 0
    for line in text.splitlines():
        if not line.startswith("|"):
            columns = 0
            continue
        cells = gfm_cells(line)
        columns = columns or len(cells)
        assert len(cells) == columns, line
        for cell in cells:
            shown = cell.replace("\\|", "|")  # GFM unescapes a cell's pipes, even in code
            assert "\\" not in shown, line


def test_api_docs_command_checks_and_writes_the_file(app, tmp_path):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["api-docs", "--check"]).exit_code == 0
    target = tmp_path / "reference.md"
    assert runner.invoke(args=["api-docs", "--check", "--output", str(target)]).exit_code == 1
    assert runner.invoke(args=["api-docs", "--output", str(target)]).exit_code == 0
    assert target.read_text(encoding="utf-8") == (DOCS / "api-reference.md").read_text("utf-8")
