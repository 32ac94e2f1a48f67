"""`python -m audit.scoring validate FILE...` and `score CHECKLIST ANSWERS` (docs/scoring.md)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from audit.scoring.answers_file import load_answers_file
from audit.scoring.engine import score_audit
from audit.scoring.errors import AnswerError, ChecklistError
from audit.scoring.loader import load_checklist_file


def validate_files(paths: Sequence[str], out: TextIO) -> int:
    """Print `FILE: ok` or one line per problem for each file; 0 if all valid, else 2.

    A valid file's warnings (texts missing a declared language) come before its `ok` line as
    `FILE:LINE: PATH: warning: MESSAGE`; they never change the exit status.
    """
    status = 0
    for path in paths:
        try:
            checklist = load_checklist_file(path)
        except ChecklistError as exc:
            status = 2
            for problem in exc.problems:
                print(f"{path}:{problem}", file=out)
        else:
            for warning in checklist.warnings:
                print(
                    f"{path}:{warning.line}: {warning.path}: warning: {warning.message}", file=out
                )
            print(f"{path}: ok", file=out)
    return status


def score_files(checklist_path: str, answers_path: str, out: TextIO, err: TextIO) -> int:
    """Print the score JSON of an answers file; problems go to `err` with exit status 2."""
    try:
        checklist = load_checklist_file(checklist_path)
    except ChecklistError as exc:
        for problem in exc.problems:
            print(f"{checklist_path}:{problem}", file=err)
        return 2
    try:
        answers, lines = load_answers_file(answers_path)
        result = score_audit(checklist, answers)
    except ChecklistError as exc:  # the answers file itself is unreadable or unsafe
        for problem in exc.problems:
            print(f"{answers_path}:{problem}", file=err)
        return 2
    except AnswerError as exc:
        for problem in exc.problems:
            line = lines.get(problem.key, 0)
            print(f"{answers_path}:{line}: {problem.key}: {problem.message}", file=err)
        return 2
    json.dump(result.to_dict(), out, indent=2, ensure_ascii=False)
    print(file=out)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run `validate` or `score`."""
    parser = argparse.ArgumentParser(prog="python -m audit.scoring")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check checklist files")
    validate.add_argument("files", nargs="+", metavar="FILE")
    score = commands.add_parser("score", help="score an answers file (JSON or YAML)")
    score.add_argument("checklist", metavar="CHECKLIST")
    score.add_argument("answers", metavar="ANSWERS")
    args: Any = parser.parse_args(argv)
    if args.command == "validate":
        return validate_files(args.files, sys.stdout)
    return score_files(args.checklist, args.answers, sys.stdout, sys.stderr)
