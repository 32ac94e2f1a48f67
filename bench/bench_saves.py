"""Load benchmark: tablets saving answers and uploading photos against `make serve`.

How to run (the PostgreSQL server at --pg-url must accept connections; its database is
dropped and created again):

    .venv/bin/python bench/bench_saves.py                       # SQLite, then PostgreSQL, 60 s each
    .venv/bin/python bench/bench_saves.py --backends postgres --seconds 30
    .venv/bin/python bench/bench_saves.py --devices 8 --seconds 10 --dev-server
    .venv/bin/python bench/bench_saves.py --pg-url postgresql://postgres:postgres@127.0.0.1:5432/load_bench

For each backend it builds a throwaway instance folder (SQLite file in WAL mode, or the
PostgreSQL database of --pg-url), then starts the production stack exactly as `make serve`
does, as subprocesses: `flask --app audit preflight`, then
`gunicorn -c python:audit.gunicorn_config audit.wsgi:app` (WEB_CONCURRENCY and WEB_THREADS
as given, else gunicorn_config's defaults). It seeds one organisation, the checklist
`scoring_rules/retail-store-visit.yaml`, and one in-progress audit per device, each with its
own auditor and bearer token, plus one audit shared by --racers devices of one auditor.

Then, for --seconds, every device loops without pause (or, with --rate R, each device
saves at its share of R saves/s, and a save's latency counts from when it was due, so
saves the server is late for show as slow): it answers a random criterion of its
audit with a valid random value (half the saves are the outbox envelope
`{answers, comments, edited_at}`, half the plain `{key: value}` body, a few remove the answer),
and every --photo-every saves uploads a photo (multipart, with a `client_uid`), deleting its
oldest photo first when the touchpoint is full. The racers do the same on the one shared
audit, so their saves of the same criteria overlap. Before the load, one device alone on the
same server gives the baseline; --dev-server repeats the load on Werkzeug's development
server (`flask --app audit serve`, what `make run` starts) for comparison.

Printed: saves/s, p50/p95/p99 latency per request kind, the count of each status, and
`uptime`'s load average (the machine is shared: read the figures with it). Then it
VERIFIES, reading the database after the server stopped, and exits 1 when any check fails:
- no 5xx answer and no "database is locked" reaching a client (or the server's log);
- per (audit, criterion), the stored value and comment are the last acknowledged ones: no
  acknowledged save is newer than what is stored (offline envelopes order by `edited_at`,
  plain saves by when they were answered) and what is stored was acknowledged (no lost or
  mixed answers, none landing on another audit);
- every audit's cached score equals a full rescore of its stored answers;
- every acknowledged photo that was not deleted has its row, and every row's files exist.

Targets (issue 11): on PostgreSQL with 20 devices, >= 300 saves/s with p99 < 100 ms.
"""

from __future__ import annotations

import argparse
import http.client
import io
import multiprocessing
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from collections import Counter
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.loadgen import (  # noqa: E402  (the repository root is on the path first)
    Device,
    check_stored,
    check_transport,
    criteria_of,
    run_devices,
)

BIN = Path(sys.executable).parent
CHECKLIST = ROOT / "scoring_rules" / "retail-store-visit.yaml"
DEFAULT_PG = "postgresql://postgres:postgres@127.0.0.1:5432/load_bench"


# --- the world the devices work in ---------------------------------------------------------


def seed_world(env: dict[str, str], devices: int, racers: int, photo_every: int) -> dict:
    """Create the organisation, checklist, auditors, audits and tokens; return the devices."""
    os.environ.update(env)
    from audit import create_app
    from audit.extensions import db
    from audit.models import Location, Organization
    from audit.services.accounts import create_user, issue_api_token
    from audit.services.checklists import save_checklist_version
    from audit.services.workflow import assign_audit, start_audit

    app = create_app()
    with app.app_context():
        org = Organization(slug="bench", name="Bench Retail")
        location = Location(organization=org, name="Bench store", city="Lyon")
        db.session.add_all([org, location])
        version = save_checklist_version(CHECKLIST.read_text(), None)
        definition = version.definition
        criteria = criteria_of(definition)
        touchpoints = {tp.key: tp.photos_max for tp in definition.touchpoints}

        def audit_for(email: str):
            auditor = create_user(email=email, name=email.split("@")[0], role="auditor")
            audit = assign_audit(
                version=version, location=location, auditor=auditor, assigned_by=None, wave="bench"
            )
            start_audit(audit, auditor)
            return auditor, audit

        made: dict[str, list] = {"load": [], "racers": [], "baseline": []}
        for i in range(devices):
            auditor, audit = audit_for(f"device{i}@bench.test")
            made["load"].append((f"d{i}", auditor, audit, photo_every))
        auditor, shared = audit_for("racer@bench.test")
        made["racers"] = [(f"r{i}", auditor, shared, 0) for i in range(racers)]
        auditor, audit = audit_for("baseline@bench.test")
        made["baseline"].append(("b0", auditor, audit, photo_every))
        db.session.flush()
        world: dict[str, list[Device]] = {}
        for group, rows in made.items():
            world[group] = [
                Device(
                    name,
                    issue_api_token(auditor),
                    audit.id,
                    criteria,
                    touchpoints,
                    seed=zlib.crc32(name.encode()),
                    photo_every=every,
                )
                for name, auditor, audit, every in rows
            ]
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return world


# --- the servers ---------------------------------------------------------------------------


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(port: int, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    """Wait for the server to answer, or fail with its log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped (exit {process.returncode}):\n{log.read_text()}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/login")
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer within {timeout:.0f} s:\n{log.read_text()}")


@contextmanager
def running(kind: str, env: dict[str, str], log: Path):
    """Start `make serve`'s commands (kind "gunicorn") or `make run`'s ("dev").

    Yields (port, pid): the server leads its own session, so its CPU can be read (cpu_seconds).
    """
    port = free_port()
    env = {**env, "PORT": str(port), "HOST": "127.0.0.1"}
    flask = [str(BIN / "flask"), "--app", "audit"]
    with log.open("ab") as out:
        if kind == "gunicorn":
            subprocess.run(
                [*flask, "preflight"],
                env=env,
                cwd=ROOT,
                check=True,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
            command = [
                str(BIN / "gunicorn"),
                "-c",
                "python:audit.gunicorn_config",
                "audit.wsgi:app",
            ]
        else:
            command = [*flask, "serve", "--port", str(port)]
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_until_up(port, process, log)
        yield port, process.pid
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# --- the devices ---------------------------------------------------------------------------


def load(
    port: int, devices: list[Device], photos: list[bytes], seconds: float, processes: int
) -> tuple[list[dict[str, Any]], float]:
    """Run the devices spread over driver processes (the GIL would skew latencies)."""
    processes = max(1, min(processes, len(devices)))
    groups = [devices[i::processes] for i in range(processes)]
    start = time.time() + 1.0
    deadline = start + seconds
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes) as pool:
        parts = pool.starmap(run_devices, [(port, g, photos, start, deadline) for g in groups])
    return [r for part in parts for r in part], seconds


# --- where the CPU goes --------------------------------------------------------------------


def cpu_seconds(server_sid: int, database: str = "") -> dict[str, float]:
    """CPU seconds used so far by the server's processes (its session, workers that ended
    included) and by PostgreSQL's backends serving `database`, read from /proc (Linux).

    PostgreSQL names each backend process after its user, database and client; other
    databases' backends (other work on a shared machine) are not counted.
    """
    tick = os.sysconf("SC_CLK_TCK")
    used = {"server": 0.0, **({"database": 0.0} if database else {})}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue  # it ended meanwhile
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        # utime, stime, and the same for children it waited for (ended workers, backends)
        seconds = sum(int(f) for f in fields[11:15]) / tick
        if int(fields[3]) == server_sid:
            used["server"] += seconds
        elif database and name.startswith("postgres") and f" {database} " in _title(pid):
            used["database"] += seconds
    return used


def _title(pid: str) -> str:
    """A process's command line as `ps` shows it ("" once it has ended)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_text()
    except OSError:
        return ""


def cpu_per_request(before: dict[str, float], after: dict[str, float], requests: int) -> str:
    """CPU per request between two cpu_seconds readings, and the save rate it allows.

    The ceiling is what this machine's cores could serve if the server and the database
    had them all (the load generator and the rest of the machine excluded): the figure to
    compare with a target, whatever else runs on the machine at the time.
    """
    per = {name: (after[name] - before[name]) / max(requests, 1) * 1000 for name in before}
    cores = os.cpu_count() or 1
    ceiling = cores * 1000 / max(sum(per.values()), 1e-6)
    return (
        ", ".join(f"{name} {ms:.1f} ms" for name, ms in per.items())
        + f" (CPU-bound ceiling on {cores} cores: {ceiling:.0f} requests/s)"
    )


# --- figures and checks --------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def report(title: str, records: list[dict[str, Any]], seconds: float) -> dict[str, float]:
    """Print throughput, latencies and statuses; return the save figures."""
    saves = [r for r in records if r["kind"] in ("plain", "envelope")]
    ok = [r for r in saves if r["status"] == 200]
    print(f"\n  {title}: {len(records)} requests in {seconds:.0f} s")
    figures = {"saves_per_s": len(ok) / seconds}
    print(f"    saves/s acknowledged: {figures['saves_per_s']:.1f}")
    kinds = [
        ("save", saves),
        ("photo upload", [r for r in records if r["kind"] == "photo"]),
        ("photo delete", [r for r in records if r["kind"] == "delete"]),
    ]
    for name, rs in kinds:
        if not rs:
            continue
        # From when a paced device meant to send it (= when it sent it, unpaced).
        ms = [(r["t1"] - r.get("due", r["t0"])) * 1000 for r in rs]
        p50, p95, p99 = (percentile(ms, p) for p in (50, 95, 99))
        if name == "save":
            figures |= {"p50": p50, "p95": p95, "p99": p99}
        statuses = Counter(r["status"] for r in rs)
        print(
            f"    {name:<13} n={len(rs):<6} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  "
            f"p99 {p99:6.1f} ms  max {max(ms):7.1f} ms  mean {statistics.fmean(ms):6.1f} ms  "
            f"statuses {dict(sorted(statuses.items()))}"
        )
    return figures


def check_database(env: dict[str, str], records: list[dict[str, Any]]) -> list[str]:
    """Read the database and the photo files after the run (tests/loadgen.check_stored)."""
    os.environ.update(env)
    from audit import create_app
    from audit.extensions import db

    app = create_app()
    with app.app_context():
        problems = check_stored(records)
        db.session.remove()
        db.engine.dispose()
    return problems


# --- one backend ---------------------------------------------------------------------------


def make_photos() -> list[bytes]:
    """A few tablet-sized JPEGs (the app downscales to 2048 px before upload)."""
    from PIL import Image, ImageDraw

    out = []
    for seed in range(4):
        rng = random.Random(seed)
        im = Image.new("RGB", (1280, 960), (rng.randrange(256), 120, 90))
        draw = ImageDraw.Draw(im)
        for _ in range(40):
            x, y = rng.randrange(1280), rng.randrange(960)
            draw.rectangle(
                [x, y, x + rng.randrange(200), y + rng.randrange(200)],
                fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)),
            )
        buffer = io.BytesIO()
        im.save(buffer, "JPEG", quality=85)
        out.append(buffer.getvalue())
    return out


def reset_postgres(url: str) -> str:
    """Drop and create the database of `url` (named load_*), return the app's URL for it."""
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    if not name.startswith("load_"):
        raise SystemExit(f"refusing to drop {name!r}: the bench's database must be named load_*")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url


def uptime() -> str:
    """The load average now (the machine is shared)."""
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def bench_backend(backend: str, args: argparse.Namespace, photos: list[bytes]) -> bool:
    """Seed, serve, load, verify one backend; True when every check passed."""
    instance = Path(tempfile.mkdtemp(prefix=f"bench-saves-{backend}-"))
    env = {
        **os.environ,
        "AUDIT_INSTANCE_PATH": str(instance),
        "SECRET_KEY": "bench-secret",
        "PYTHONPATH": str(ROOT),
        # Other gunicorns on this machine would share the default control socket's path.
        "GUNICORN_CMD_ARGS": "--no-control-socket",
    }
    if backend == "postgres":
        import psycopg

        try:
            env["DATABASE_URL"] = reset_postgres(args.pg_url)
        except psycopg.OperationalError as error:
            print(f"\n== postgres: skipped, {args.pg_url} is not reachable ({error})")
            return True
    else:
        env.pop("DATABASE_URL", None)
    for name in ("WEB_CONCURRENCY", "WEB_THREADS"):
        if getattr(args, name.lower()):
            env[name] = str(getattr(args, name.lower()))
    log = instance / "server.log"
    print(
        f"\n== {backend}: {args.devices} devices + {args.racers} racing on one audit, "
        f"{args.seconds:.0f} s; instance {instance}"
    )
    # The schema first (preflight), then the seed, then the server as `make serve` runs it.
    with log.open("ab") as out:
        subprocess.run(
            [str(BIN / "flask"), "--app", "audit", "preflight"],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    world = seed_world(env, args.devices, args.racers, args.photo_every)
    all_records: list[dict[str, Any]] = []
    figures: dict[str, dict[str, float]] = {}
    dbname = env["DATABASE_URL"].rsplit("/", 1)[1].split("?")[0] if backend == "postgres" else ""
    with running("gunicorn", env, log) as (port, pid):

        def cpu() -> dict[str, float]:
            return cpu_seconds(pid, dbname)

        print(f"  {uptime()}")
        before = cpu()
        records, secs = load(port, world["baseline"], photos, args.baseline_seconds, 1)
        figures["baseline"] = report("baseline: one device alone", records, secs)
        print(f"    CPU per request: {cpu_per_request(before, cpu(), len(records))}")
        all_records += records
        devices = world["load"] + world["racers"]
        title = f"load: {len(world['load'])} devices + {len(world['racers'])} racers"
        if args.rate:
            devices = [replace(d, interval=len(devices) / args.rate) for d in devices]
            title += f", {args.rate:.0f} saves/s offered (latency from when each was due)"
        before = cpu()
        records, secs = load(port, devices, photos, args.seconds, args.driver_processes)
        figures["load"] = report(title, records, secs)
        print(f"    CPU per request: {cpu_per_request(before, cpu(), len(records))}")
        racing = (
            [r for r in records if r["audit"] == world["racers"][0].audit_id]
            if world["racers"]
            else []
        )
        if racing:
            report("  of which the racers' shared audit", racing, secs)
        all_records += records
        print(f"  {uptime()}")
    if args.dev_server:
        with running("dev", env, log) as (port, _pid):
            records, secs = load(
                port, world["load"] + world["racers"], photos, args.seconds, args.driver_processes
            )
            figures["dev"] = report("same load on Werkzeug's dev server (make run)", records, secs)
            all_records += records
    problems = check_transport(all_records, log.read_text(errors="replace"))
    problems += check_database(env, all_records)
    load_fig = figures["load"]
    print(
        f"\n  {backend} summary: {load_fig['saves_per_s']:.0f} saves/s, "
        f"p99 {load_fig.get('p99', 0):.0f} ms (baseline alone: "
        f"{figures['baseline']['saves_per_s']:.0f} saves/s, "
        f"p99 {figures['baseline'].get('p99', 0):.0f} ms)"
    )
    if problems:
        print(f"  VERIFY FAILED ({len(problems)} problem(s)):")
        for p in problems[:40]:
            print(f"    - {p}")
    else:
        print(
            "  VERIFY OK: no 5xx, nothing locked, no lost or mixed answer, scores equal a "
            "full rescore, photos complete"
        )
    if not args.keep and not problems:
        shutil.rmtree(instance, ignore_errors=True)
    return not problems


def main() -> None:
    """Parse the options, run each backend, exit 1 when a verification failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--baseline-seconds", type=float, default=10)
    parser.add_argument("--devices", type=int, default=20)
    parser.add_argument("--racers", type=int, default=4)
    parser.add_argument(
        "--photo-every",
        type=int,
        default=40,
        help="a photo upload every N saves per device (0: none)",
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=0,
        help="saves/s offered by all devices together, each at its share (0: no pause)",
    )
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", DEFAULT_PG))
    parser.add_argument("--web-concurrency", type=int, help="gunicorn processes")
    parser.add_argument("--web-threads", type=int, help="threads per gunicorn process")
    parser.add_argument("--driver-processes", type=int, default=4)
    parser.add_argument(
        "--dev-server",
        action="store_true",
        help="also run the load on `make run`'s Werkzeug server",
    )
    parser.add_argument("--keep", action="store_true", help="keep the instance folders")
    args = parser.parse_args()
    photos = make_photos()
    results = [bench_backend(b.strip(), args, photos) for b in args.backends.split(",")]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
