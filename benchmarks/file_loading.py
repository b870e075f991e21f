"""`python -m benchmarks.file_loading [--quick]`: what loading a graph file costs, by size.

Why these figures: loading must stay proportional to the file (docs/FILE_FORMAT.md gives the
rates), so each kind of content is timed at two sizes ten times apart; the ratio printed
beside the larger one should be near 10. The kinds are the ones files are made of: many
small ops (a 1,000-op and a 10,000-op chain with an editor section), one tensor in base64,
one tensor in the JSON encoding (as other tools write them), and a refusal (a tensor over
the limit of JSON values one op may hold, refused before it is parsed).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import engine  # noqa: E402


def chain_file(path: Path, n: int) -> None:
    g = engine.Graph()
    with g.as_default():
        x = engine.constant(1.0)
        for _ in range(n):
            x = engine.negative(x)
    nodes = {op.name: {"x": i * 10, "y": 0} for i, op in enumerate(g.get_operations())}
    engine.save_graph(path, g, {"nodes": nodes})


def base64_file(path: Path, n: int) -> None:
    g = engine.Graph()
    with g.as_default():
        engine.constant(np.arange(n, dtype=np.float32))
    engine.save_graph(path, g)


def json_file(path: Path, n: int) -> None:
    path.write_text('{"format": "tensorcanvas-graph", "version": 1, "ops": [{"name": "c", '
                    '"type": "Const", "attrs": {"value": {"dtype": "float32", "shape": '
                    f'[{n}], "data": [' + "0.5, " * (n - 1) + '0.5]}}, "inputs": []}]}',
                    encoding="utf-8")


def seconds(path: Path) -> float:
    started = time.perf_counter()
    try:
        engine.load_graph(path)
    except engine.GraphFileError:
        pass
    return time.perf_counter() - started


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.file_loading")
    parser.add_argument("--quick", action="store_true", help="small sizes only")
    args = parser.parse_args(argv)
    scale = 10 if args.quick else 1
    cases: list[tuple[str, Callable[[Path, int], None], int]] = [
        ("ops (a chain, with positions)", chain_file, 10_000 // scale),
        ("float32 elements, base64", base64_file, 20_000_000 // scale),
        ("float32 elements, JSON numbers", json_file, 2_000_000 // scale),
        ("JSON numbers over the op limit", json_file, 50_000_000 // scale),
    ]
    with tempfile.TemporaryDirectory() as folder:
        for name, make, n in cases:
            times = []
            for size in (n // 10, n):
                path = Path(folder) / "g.json"
                make(path, size)
                mb = os.path.getsize(path) / 1e6
                times.append(seconds(path))
                print(f"{size:>12,} {name:34s} {mb:8.1f} MB {times[-1] * 1e3:9.1f} ms", end="")
                print(f"  (×{times[1] / times[0]:.1f} for ×10)" if len(times) == 2 else "")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
