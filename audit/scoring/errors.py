"""Problems found in a checklist file or in an audit's answers, and the errors carrying them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in a checklist file: line (0 for the whole file), document path, message.

    `message` is English (the CLI prints it); `code` and `params` let the web layer say it
    in the reader's language (a problem without a code is shown in English).
    """

    line: int
    path: str
    message: str
    code: str = field(default="", compare=False)
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        return f"{self.line}: {self.path}: {self.message}"


class ChecklistError(ValueError):
    """A checklist file is not valid; `.problems` lists every problem found, sorted by line."""

    def __init__(self, problems: list[Problem], name: str = "<string>") -> None:
        self.problems = sorted(problems, key=lambda p: p.line)
        self.name = name
        super().__init__("\n".join(f"{name}:{p}" for p in self.problems))


@dataclass(frozen=True)
class AnswerProblem:
    """One invalid answer: the criterion key (or the unknown key) and what is wrong.

    `message` is English; `code` and `params` are for a translation at the edge.
    """

    key: str
    message: str
    code: str = field(default="", compare=False)
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        return f"{self.key}: {self.message}"


class AnswerError(ValueError):
    """Some answers are invalid; `.problems` lists every bad key."""

    def __init__(self, problems: list[AnswerProblem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))
