"""Duplicate-photo lookup time at 10,000 and 1,000,000 stored perceptual hashes.

Run with `.venv/bin/python bench/bench_duplicates.py [--sizes 10000,1000000] [--queries 300]
[--backends sqlite,postgres] [--pg-url postgresql://postgres:postgres@127.0.0.1:5432/load_dups]`;
prints figures, asserts nothing (but says when a planted near-duplicate was missed).

For each backend it builds the schema with the app's migrations on a throwaway database
(a SQLite file, or the `load_*` PostgreSQL database of --pg-url, dropped and created
again), stores photo rows with random 64-bit hashes and their bands in bulk (executemany
on SQLite, COPY on PostgreSQL; the four band indexes dropped before and built after), then
times `services.duplicates.similar_photos` (the call
the submit makes per photo: four indexed band probes of 17 values each, then Hamming
distances in Python) for random hashes and for planted near-duplicates (1-6 bits flipped).
Target (issue 14): under 20 ms per lookup at a million photos. On a shared machine read the
wall-clock figures with the load average printed beside them; "CPU per lookup" is this
process's own CPU time (on SQLite the whole lookup, engine included; on PostgreSQL the
client's part only), which the machine's load does not inflate.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_saves import reset_postgres, uptime  # noqa: E402

COLUMNS = (
    "audit_id", "touchpoint_key", "caption", "sha256", "content_type", "width", "height",
    "byte_size", "phash", "phash_0", "phash_1", "phash_2", "phash_3", "created_at",
)  # fmt: skip
CHUNK = 50_000


def build(backend: str, pg_url: str):
    """The app on an empty database of `backend`, with one audit; (app, audit id)."""
    os.environ["AUDIT_INSTANCE_PATH"] = tempfile.mkdtemp(prefix=f"bench-dups-{backend}-")
    if backend == "postgres":
        os.environ["DATABASE_URL"] = reset_postgres(pg_url)
    else:
        os.environ.pop("DATABASE_URL", None)
    from audit import create_app
    from audit.database import upgrade_schema
    from audit.extensions import db
    from audit.models import Location, Organization
    from audit.services.accounts import create_user
    from audit.services.checklists import save_checklist_version
    from audit.services.workflow import assign_audit
    from tests.factories import SMALL_CHECKLIST

    app = create_app({"SECRET_KEY": "bench"})
    upgrade_schema(app)
    with app.app_context():
        org = Organization(slug="bench", name="Bench")
        location = Location(organization=org, name="Store", city="Lyon")
        db.session.add_all([org, location])
        version = save_checklist_version(SMALL_CHECKLIST.format(slug="small"), None)
        auditor = create_user(email="a@bench.test", name="A", role="auditor")
        audit = assign_audit(version=version, location=location, auditor=auditor, assigned_by=None)
        db.session.commit()
        return app, audit.id


def rows(rng: random.Random, count: int, audit_id: int, now: datetime):
    """`count` photo rows with random hashes (tuples in COLUMNS order)."""
    from audit.integrity import bands, to_signed

    for _ in range(count):
        value = rng.getrandbits(64)
        yield (audit_id, "greeting", "", "0" * 64, "image/jpeg", 2048, 1536, 900_000,
               to_signed(value), *bands(value), now)  # fmt: skip


def store(app, backend: str, rng: random.Random, count: int, audit_id: int) -> float:
    """Insert `count` photo rows in bulk; the seconds it took."""
    from sqlalchemy import insert

    from audit.extensions import db
    from audit.models import Photo

    started = time.perf_counter()
    now = datetime.now(UTC)
    with app.app_context():
        # Rows first, then the band indexes in one pass each: far faster than keeping four
        # indexes up to date row by row.
        lookup = [i for i in Photo.__table__.indexes if i.name.endswith("_lookup")]
        for index in lookup:
            index.drop(db.engine)
        if backend == "postgres":
            raw = db.engine.raw_connection()
            try:
                with raw.cursor() as cursor:
                    copy_sql = f"COPY photos ({', '.join(COLUMNS)}) FROM STDIN"
                    with cursor.copy(copy_sql) as copy:
                        for row in rows(rng, count, audit_id, now):
                            copy.write_row(row)
                raw.commit()
            finally:
                raw.close()
        else:
            batch: list[dict] = []
            for row in rows(rng, count, audit_id, now):
                batch.append(dict(zip(COLUMNS, row, strict=True)))
                if len(batch) == CHUNK:
                    db.session.execute(insert(Photo), batch)
                    batch = []
            if batch:
                db.session.execute(insert(Photo), batch)
            db.session.commit()
        for index in lookup:
            index.create(db.engine)
        db.session.execute(db.text("ANALYZE photos" if backend == "postgres" else "ANALYZE"))
        db.session.commit()
    return time.perf_counter() - started


def flipped(value: int, bits: int, rng: random.Random) -> int:
    """`value` with `bits` random bits flipped."""
    for bit in rng.sample(range(64), bits):
        value ^= 1 << bit
    return value


def lookups(app, rng: random.Random, queries: int) -> dict:
    """Time random and planted lookups; figures in milliseconds."""
    from sqlalchemy import func, select

    from audit.extensions import db
    from audit.integrity import from_signed
    from audit.models import Photo
    from audit.services.duplicates import similar_photos

    with app.app_context():
        total = db.session.scalar(select(func.count(Photo.id)))
        stored = [
            from_signed(v)
            for v in db.session.scalars(
                select(Photo.phash).offset(rng.randrange(max(1, total - 50))).limit(50)
            )
        ]
        similar_photos(rng.getrandbits(64), 6)  # warm the connection and caches
        times, cpu, found, missed = [], [], 0, 0
        for i in range(queries):
            planted = i % 2 == 1
            query = flipped(rng.choice(stored), rng.randint(1, 6), rng) if planted else None
            query = query if query is not None else rng.getrandbits(64)
            started, started_cpu = time.perf_counter(), time.process_time()
            matches = similar_photos(query, 6, exclude_audit_id=-1)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            if planted:
                found += bool(matches)
                missed += not matches
        times.sort()
        cpu.sort()
        return {
            "stored": total,
            "cpu_p50": cpu[len(cpu) // 2],
            "cpu_mean": statistics.fmean(cpu),
            "mean": statistics.fmean(times),
            "p50": times[len(times) // 2],
            "p95": times[int(len(times) * 0.95)],
            "max": times[-1],
            "planted_found": found,
            "planted_missed": missed,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument(
        "--pg-url", default="postgresql://postgres:postgres@127.0.0.1:5432/load_dups"
    )
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    print(uptime())
    for backend in args.backends.split(","):
        try:
            app, audit_id = build(backend, args.pg_url)
        except Exception as error:  # an unreachable PostgreSQL: say so, go on
            print(f"\n== {backend}: skipped ({error})")
            continue
        print(f"\n== {backend}")
        rng, have = random.Random(14), 0
        for size in sizes:
            seconds = store(app, backend, rng, size - have, audit_id)
            have = size
            figures = lookups(app, rng, args.queries)
            print(
                f"{figures['stored']:>9,} hashes (stored in {seconds:6.1f} s): lookup "
                f"mean {figures['mean']:.2f} ms, p50 {figures['p50']:.2f}, "
                f"p95 {figures['p95']:.2f}, max {figures['max']:.2f}; this process's CPU per "
                f"lookup p50 {figures['cpu_p50']:.2f} ms, mean {figures['cpu_mean']:.2f}; "
                f"planted near-duplicates found {figures['planted_found']}, "
                f"missed {figures['planted_missed']}"
            )
            print(f"   {uptime()}")
        from audit.extensions import db

        with app.app_context():
            db.engine.dispose()
    print(uptime())


if __name__ == "__main__":
    main()
