"""Peak memory growth of one photo upload, and of four at once, against the naive decode.

Each measurement runs in a fresh child process (ru_maxrss is a high-water mark), on PNGs
made in the parent: a few kB on the wire, millions of pixels once decoded. The baseline,
measured in the same run, is the naive pipeline (full decode, convert to RGB, thumbnails).
Target: under 150 MB per upload.

Run: .venv/bin/python bench/bench_photo_memory.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

CHILD = r"""
import resource, sys, tempfile, threading
from pathlib import Path
paths, how = sys.argv[1:-1], sys.argv[-1]
uploads = [Path(p).read_bytes() for p in paths]
from PIL import Image
import io
from audit.photos import FilesystemPhotoStorage, ingest_photo, PhotoRejected, SIZES
storage = FilesystemPhotoStorage(tempfile.mkdtemp(), fsync=False)

def naive(data):
    im = Image.open(io.BytesIO(data)).convert("RGB")
    for longest in SIZES.values():
        copy = im.copy()
        copy.thumbnail((longest, longest))

refused = set()

def ours(data):
    try:
        ingest_photo(data, storage)
    except PhotoRejected as error:
        refused.add(error.message)

run = naive if how == "naive" else ours
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
threads = [threading.Thread(target=run, args=(data,)) for data in uploads]
for t in threads: t.start()
for t in threads: t.join()
grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
print(f"{grown:.0f}" + "".join(f" (refused: {m})" for m in refused))
"""

CASES = [
    ("RGBA", 3600, 1),
    ("RGBA", 3600, 4),
    ("P", 3600, 1),
    ("RGB", 4600, 1),
    ("RGBA", 7000, 1),
    ("RGBA", 7000, 4),
]


def make_png(folder: Path, mode: str, side: int, copy: int) -> Path:
    colour = {"RGB": (200, 30, 30), "RGBA": (200, 30, 30, 128), "P": 5}[mode]
    path = folder / f"{mode}-{side}-{copy}.png"
    im = Image.new(mode, (side, side), colour)
    im.putpixel((copy, 0), colour if mode != "RGBA" else (copy, 0, 0, 255))  # distinct bytes
    im.save(path, "PNG", **({"transparency": 5} if mode == "P" else {}))
    return path


def peak(paths: list[Path], how: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, *map(str, paths), how],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    ).stdout.strip()
    return out


def main() -> None:
    """Print peak growth (MB) of the naive decode and of ingest_photo for each case."""
    print(f"{'upload':<28} {'naive MB':>9} {'ours MB':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for mode, side, count in CASES:
            paths = [make_png(folder, mode, side, i) for i in range(count)]
            size_kb = sum(p.stat().st_size for p in paths) / 1024 / count
            label = f"{count} x {mode} {side}x{side} ({size_kb:.0f} kB)"
            print(f"{label:<28} {peak(paths, 'naive'):>9} {peak(paths, 'ours'):>9}")


if __name__ == "__main__":
    main()
