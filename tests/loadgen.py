"""Simulated tablets saving answers and photos over HTTP, and the checks that nothing was lost.

Shared by the load benchmark (bench/bench_saves.py, against `make serve`) and the reliability
test (tests/reliability/test_concurrent_saves.py, against a threaded in-process server).
Each device keeps one keep-alive connection, like a tablet, and records every request: what
it sent, when, and what came back. The checks read the database afterwards.
"""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

LOCKED = "database is locked"
SAVES = ("plain", "envelope")


@dataclass
class Device:
    """One simulated tablet: its token, its audit, and what it may answer."""

    name: str
    token: str
    audit_id: int
    criteria: list[dict[str, Any]]  # {key, type, min, max, options, na}
    touchpoints: dict[str, int]  # key -> photos.max
    seed: int
    photo_every: int = 0
    # Seconds between saves; 0 saves again as soon as the last one is answered.
    interval: float = 0.0


def criteria_of(definition) -> list[dict[str, Any]]:
    """The answerable criteria of a checklist, as plain data a device process can use."""
    return [
        {
            "key": c.key,
            "type": c.type,
            "min": c.min,
            "max": c.max,
            "options": [o.value for o in c.options],
            "na": c.na,
        }
        for tp in definition.touchpoints
        for c in tp.criteria
    ]


def random_value(rng: random.Random, criterion: dict[str, Any]) -> Any:
    """A valid answer, already in the stored (normalised) form."""
    if criterion["na"] and rng.random() < 0.05:
        return "N/A"
    kind = criterion["type"]
    if kind == "yes_no":
        return rng.choice(["yes", "no"])
    if kind == "scale":
        return rng.randint(criterion["min"], criterion["max"])
    if kind == "nps":
        return rng.randint(0, 10)
    if kind == "choice":
        return rng.choice(criterion["options"])
    if kind == "number":
        return float(rng.randint(0, 300))
    return f"note {rng.randint(0, 10**6)}"


def multipart(fields: dict[str, str], data: bytes) -> tuple[bytes, str]:
    """A multipart/form-data body with `fields` and the photo as `file`."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Tablet:
    """One device's keep-alive connection and the records of what it sent and got back."""

    def __init__(self, port: int, device: Device, photos: list[bytes]) -> None:
        self.port = port
        self.device = device
        self.photos = photos
        self.rng = random.Random(device.seed)
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.records: list[dict[str, Any]] = []
        self.my_photos: dict[str, list[int]] = defaultdict(list)
        self.seq = 0

    def call(self, method: str, path: str, body: bytes, content_type: str):
        """Send one request; (status, parsed JSON or text, t0, t1)."""
        headers = {"Authorization": f"Bearer {self.device.token}", "Content-Type": content_type}
        t0 = time.time()
        for attempt in range(2):
            try:
                self.conn.request(method, "/api/v1" + path, body=body, headers=headers)
                response = self.conn.getresponse()
                raw = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                # A keep-alive connection the server closed (worker recycled): reconnect.
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt:
                    return 0, "connection failed", t0, time.time()
        t1 = time.time()
        text = raw.decode("utf-8", "replace")
        try:
            payload: Any = json.loads(text) if text else None
        except ValueError:
            payload = text
        return response.status, payload, t0, t1

    def save(self, due: float | None = None) -> None:
        """Answer one criterion (sometimes with a comment, sometimes removing it).

        `due`: when a paced device meant to send it; its wait counts from then, so a save
        that is late because the server is behind shows as slow (no coordinated omission).
        """
        d, rng = self.device, self.rng
        self.seq += 1
        criterion = rng.choice(d.criteria)
        key = criterion["key"]
        value = None if rng.random() < 0.05 else random_value(rng, criterion)
        envelope = rng.random() < 0.5
        record: dict[str, Any] = {
            "kind": "envelope" if envelope else "plain",
            "audit": d.audit_id,
            "device": d.name,
            "key": key,
            "value": value,
        }
        if envelope:
            edited = datetime.now(UTC)
            body: dict[str, Any] = {"answers": {key: value}, "edited_at": edited.isoformat()}
            if rng.random() < 0.5:
                record["comment"] = f"{d.name}-{self.seq}"
                body["comments"] = {key: record["comment"]}
            record["edited_at"] = edited.timestamp()
        else:
            body = {key: value}
        status, payload, t0, t1 = self.call(
            "PATCH", f"/audits/{d.audit_id}/answers", json.dumps(body).encode(), "application/json"
        )
        record |= {"status": status, "t0": t0, "t1": t1, "locked": LOCKED in str(payload)}
        record["due"] = t0 if due is None else min(due, t0)
        if status == 200:
            record["acked"] = key in payload["saved"] if envelope else True
        self.records.append(record)

    def photo(self) -> None:
        """Upload a photo to a touchpoint, deleting this device's oldest there when full."""
        d, rng = self.device, self.rng
        touchpoint = rng.choice(list(d.touchpoints))
        mine = self.my_photos[touchpoint]
        if len(mine) >= d.touchpoints[touchpoint]:
            photo_id = mine.pop(0)
            status, payload, t0, t1 = self.call(
                "DELETE", f"/audits/{d.audit_id}/photos/{photo_id}", b"", "application/json"
            )
            self.records.append(
                {
                    "kind": "delete",
                    "audit": d.audit_id,
                    "photo": photo_id,
                    "status": status,
                    "t0": t0,
                    "t1": t1,
                    "locked": LOCKED in str(payload),
                }
            )
        uid = uuid.uuid4().hex
        body, content_type = multipart(
            {"touchpoint": touchpoint, "client_uid": uid, "caption": f"{d.name} {uid[:6]}"},
            rng.choice(self.photos),
        )
        status, payload, t0, t1 = self.call(
            "POST", f"/audits/{d.audit_id}/photos", body, content_type
        )
        record = {
            "kind": "photo",
            "audit": d.audit_id,
            "status": status,
            "t0": t0,
            "t1": t1,
            "locked": LOCKED in str(payload),
        }
        if status in (200, 201):
            record["photo"] = payload["id"]
            mine.append(payload["id"])
        self.records.append(record)

    def run(self, deadline: float) -> list[dict[str, Any]]:
        """Save (and upload) until the deadline: without pause, or every `interval` s."""
        saves = 0
        interval = self.device.interval
        due = time.time() + self.rng.random() * interval  # devices out of step
        while time.time() < deadline:
            if interval:
                time.sleep(max(0.0, due - time.time()))
                self.save(due)
                due += interval
            else:
                self.save()
            saves += 1
            if self.device.photo_every and saves % self.device.photo_every == 0:
                self.photo()
        self.conn.close()
        return self.records


def run_devices(
    port: int, devices: list[Device], photos: list[bytes], start: float, deadline: float
) -> list[dict[str, Any]]:
    """Run `devices` as threads from `start` to `deadline`; every request's record."""
    tablets = [Tablet(port, d, photos) for d in devices]
    time.sleep(max(0.0, start - time.time()))
    results: list[list[dict[str, Any]]] = [[] for _ in tablets]

    def work(i: int) -> None:
        results[i] = tablets[i].run(deadline)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(tablets))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [r for rs in results for r in rs]


def _near(a: float, b: float) -> bool:
    return abs(a - b) < 0.002  # microseconds survive; allow the float round trip


def check_answers(records: list[dict[str, Any]], stored: dict) -> list[str]:
    """Per (audit, criterion): what is stored is the newest acknowledged value and comment."""
    problems: list[str] = []
    by_key: dict[tuple[int, str], list[dict]] = defaultdict(list)
    for r in records:
        if r["kind"] in ("plain", "envelope") and r.get("acked"):
            lo = r.get("edited_at", r["t0"])
            hi = r.get("edited_at", r["t1"])
            by_key[(r["audit"], r["key"])].append(r | {"lo": lo, "hi": hi})
    unacked = {
        k
        for r in records
        if r["kind"] in ("plain", "envelope")
        for k in [(r["audit"], r["key"])]
        if r["status"] != 200
    }
    for where, row in stored.items():
        if where not in by_key and where not in unacked:
            problems.append(f"{where}: stored {row} but no save of it was sent")
    for where, saves in by_key.items():
        row = stored.get(where)
        if row is None:
            problems.append(f"{where}: {len(saves)} acknowledged save(s) but nothing stored")
            continue
        newest = max(s["lo"] for s in saves)
        value_ok = [s for s in saves if s["hi"] >= newest - 0.002 and s["value"] == row["value"]]
        if not value_ok:
            last = max(saves, key=lambda s: s["lo"])
            problems.append(
                f"{where}: stored value {row['value']!r}, newest acknowledged "
                f"{last['value']!r} ({last['kind']} from {last['device']})"
            )
        commented = [s for s in saves if "comment" in s]
        if commented:
            newest_c = max(s["lo"] for s in commented)
            if not any(
                s["hi"] >= newest_c - 0.002 and s["comment"] == row["comment"] for s in commented
            ):
                problems.append(
                    f"{where}: stored comment {row['comment']!r}, newest "
                    f"acknowledged {max(commented, key=lambda s: s['lo'])['comment']!r}"
                )
        elif row["comment"]:
            problems.append(f"{where}: comment {row['comment']!r} nobody acknowledged")
        if not any(
            s["kind"] == "plain" or _near(row["answered_at"], s["edited_at"]) for s in value_ok
        ):
            problems.append(f"{where}: stored edit time {row['answered_at']} is no acked save's")
    return problems


def check_transport(records: list[dict[str, Any]], server_log: str = "") -> list[str]:
    """No 5xx, no lost connection, no 'database is locked' to a client or in the log."""
    problems = []
    statuses = Counter(r["status"] for r in records if r["status"] >= 500 or r["status"] == 0)
    if statuses:
        problems.append(f"server errors / failed connections: {dict(statuses)}")
    locked = sum(r["locked"] for r in records)
    if locked:
        problems.append(f"{locked} answer(s) said '{LOCKED}'")
    for needle in (LOCKED, "Traceback"):
        if needle in server_log:
            problems.append(f"the server log says {needle!r} {server_log.count(needle)} time(s)")
    return problems


def check_stored(records: list[dict[str, Any]]) -> list[str]:
    """In an app context: answers are the newest acknowledged, scores a full rescore, photos
    acknowledged and not deleted have their row, and every row's files exist."""
    from sqlalchemy import select

    from audit.extensions import db
    from audit.models import Answer, Audit, Photo
    from audit.photos import SIZES
    from audit.services.photos import photo_storage
    from audit.services.scores import compute_score

    db.session.expire_all()
    stored = {
        (a.audit_id, a.criterion_key): {
            "value": a.value,
            "comment": a.comment,
            "answered_at": a.answered_at.timestamp(),
        }
        for a in db.session.scalars(select(Answer))
    }
    problems = check_answers(records, stored)
    for audit in db.session.scalars(select(Audit)):
        full = compute_score(audit).to_dict()
        if audit.score != full or audit.overall != full["overall"]:
            problems.append(
                f"audit {audit.id}: cached score {audit.overall} (missing "
                f"{(audit.score or {}).get('missing')}) is not a full rescore "
                f"{full['overall']} (missing {full.get('missing')})"
            )
    rows = {p.id: p for p in db.session.scalars(select(Photo))}
    deleted = {r["photo"] for r in records if r["kind"] == "delete" and r["status"] == 204}
    acked = {r["photo"] for r in records if r["kind"] == "photo" and "photo" in r}
    for photo_id in sorted(acked - deleted - set(rows)):
        problems.append(f"photo {photo_id}: acknowledged, never deleted, but no row")
    for photo_id in sorted(deleted & set(rows)):
        problems.append(f"photo {photo_id}: deleted (204) but its row is still there")
    storage = photo_storage()
    for photo in rows.values():
        missing = [s for s in SIZES if not storage.exists(photo.sha256, s)]
        if missing:
            problems.append(f"photo {photo.id}: files missing {missing}")
    return problems
