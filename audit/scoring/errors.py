"""Problems found in a checklist file or in an audit's answers, and the errors carrying them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in a checklist file: line (0 for the whole file), document path, message."""

    line: int
    path: str
    message: str

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
    """One invalid answer: the criterion key (or the unknown key) and what is wrong."""

    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.key}: {self.message}"


class AnswerError(ValueError):
    """Some answers are invalid; `.problems` lists every bad key."""

    def __init__(self, problems: list[AnswerProblem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))
