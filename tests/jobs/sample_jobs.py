"""Jobs for the tests of the job machinery; each counts its tries in a file it is given."""

from __future__ import annotations

from pathlib import Path

from werkzeug.exceptions import NotFound

from audit.jobs import job, report_progress


def tries(counter: str) -> int:
    """How many times a job with this counter file has run."""
    path = Path(counter)
    return int(path.read_text()) if path.exists() else 0


def _count(counter: str) -> int:
    Path(counter).write_text(str(tries(counter) + 1))
    return tries(counter)


@job
def flaky(counter: str, failures: int) -> str:
    """Fails `failures` times as a dropped connection would, then succeeds."""
    report_progress(50, "building")
    if _count(counter) <= failures:
        raise ConnectionError("the database went away")
    return "made"


@job
def refused(counter: str) -> None:
    """Fails as a request that can never succeed (no such wave): no retry can help."""
    _count(counter)
    report_progress(30, "reading")
    raise NotFound("No audits in this wave.")


@job
def noted(counter: str) -> None:
    """Only counts that it ran."""
    _count(counter)
