"""What people see of a job: its status, progress, stage, and who may read it.

With Redis the record is the RQ job itself (its status, plus our fields in `job.meta`);
inline, it is a small JSON file per job under the instance folder, so every web process
of the machine reads the same one. Only jobs a user started (and may poll) are recorded
inline; the others leave their trace in the log.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

#: Job ids are uuid4 hex: unguessable, and checked before they reach a path or Redis.
JOB_ID = re.compile(r"[0-9a-f]{32}")
STATUSES = ("queued", "running", "done", "failed")
# RQ's statuses as people see them: waiting, working, finished, or given up.
RQ_STATUS = {
    "created": "queued",
    "queued": "queued",
    "deferred": "queued",
    "scheduled": "queued",
    "rate_limited": "queued",
    "ready_to_enqueue": "queued",
    "started": "running",
    "finished": "done",
    "failed": "failed",
    "stopped": "failed",
    "canceled": "failed",
}


@dataclass(frozen=True)
class JobRecord:
    """A job as its owner polls it; `stage` is a code the web layer turns into words."""

    id: str
    kind: str
    owner_id: int | None = None
    status: str = "queued"
    progress: int = 0
    stage: str = "queued"
    detail: str = ""  # a user-facing reason when it failed (already in words)
    result_url: str | None = None

    def meta(self) -> dict[str, Any]:
        """The fields kept beside RQ's own (everything but the id and RQ's status)."""
        data = asdict(self)
        del data["id"]
        return data

    @classmethod
    def from_meta(cls, job_id: str, meta: dict[str, Any], status: str | None = None) -> JobRecord:
        """Rebuild a record from stored fields; unknown keys are ignored."""
        known = {k: v for k, v in meta.items() if k in cls.__dataclass_fields__ and k != "id"}
        record = cls(id=job_id, **known)
        return replace(record, status=status) if status else record


def rq_record(job: Any) -> JobRecord:
    """The record of an RQ job: our fields from its meta, its status from RQ."""
    status = job.get_status(refresh=False)
    status = RQ_STATUS.get(getattr(status, "value", status) or "queued", "queued")
    return JobRecord.from_meta(job.id, job.meta or {}, status=status)


class FileRecords:
    """Job records as JSON files in one folder (inline jobs: one machine, many processes)."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def _path(self, job_id: str) -> Path:
        if not JOB_ID.fullmatch(job_id):
            raise ValueError("not a job id")
        return self.root / f"{job_id}.json"

    def save(self, record: JobRecord) -> None:
        """Write the record atomically (a poll never reads half a file)."""
        path = self._path(record.id)
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.root, suffix=".tmp")
        try:
            with os.fdopen(fd, "w") as out:
                json.dump(asdict(record), out)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def load(self, job_id: str) -> JobRecord | None:
        """The record, or None when there is none (or the id is not a job id)."""
        try:
            data = json.loads(self._path(job_id).read_text())
        except (ValueError, FileNotFoundError):
            return None
        return JobRecord.from_meta(job_id, data, status=data.get("status"))

    def update(self, job_id: str, **changes: Any) -> None:
        """Change some fields of a record (a missing record stays missing)."""
        record = self.load(job_id)
        if record is not None:
            self.save(replace(record, **changes))

    def prune(self, older_than: float) -> int:
        """Delete records untouched for `older_than` seconds; returns how many."""
        limit = time.time() - older_than
        removed = 0
        for path in self.root.glob("*.json"):
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                continue
        return removed
