"""Building a large graph, each library in a process of its own, as a user's script does.

The garbage collector's full collections walk every object the process holds, so a graph
built in the benchmark's own process, beside TF's and jax's heaps, pays for theirs too; a
script that builds a graph holds only its own library. Each library therefore builds the
same chain (a placeholder, then ``n`` additions of 1.0: a Const and an AddV2 each) once, in
a fresh process, with the collector on: the build a script does. Ours is the median of three
such processes; TF1's and jax's (several seconds each) one.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LIBRARIES = ("ours", "TF1", "jax.jit compile")


def build(library: str, n: int) -> float:
    """In the fresh process: the time to build the chain with ``library``."""
    if library == "ours":
        import engine

        def once() -> None:
            g = engine.Graph()
            with g.as_default():
                x = engine.placeholder(engine.float32, shape=[], name="p")
                for _ in range(n):
                    x = x + 1.0
    elif library == "TF1":
        import tensorflow as tf

        tf.compat.v1.disable_eager_execution()

        def once() -> None:
            tg = tf.Graph()
            with tg.as_default():
                tx = tf.compat.v1.placeholder(tf.float32, shape=[])
                for _ in range(n):
                    tx = tx + 1.0
    else:  # tracing and compiling: jax's graph construction
        import jax
        import numpy as np

        def chain(v: Any) -> Any:
            for _ in range(n):
                v = v + 1.0
            return v

        def once() -> None:
            jax.jit(chain).lower(np.float32(0.5)).compile()
    t0 = time.perf_counter()
    once()
    return time.perf_counter() - t0


def fresh_build(library: str, n: int) -> float | None:
    """One build in a fresh process, or None where the library is not installed."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.build_case", library, str(n)],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    if done.returncode != 0:
        if "ModuleNotFoundError" in done.stderr:
            return None
        raise RuntimeError(f"building with {library} failed:\n{done.stderr}")
    return float(json.loads(done.stdout.strip().splitlines()[-1]))


def figures(n: int) -> dict[str, float | None]:
    """Each library's build of ``n`` additions, ours first."""
    ours = [fresh_build("ours", n) for _ in range(3)]
    found: dict[str, float | None] = {"ours": statistics.median(t for t in ours if t)}
    for library in LIBRARIES[1:]:
        found[library] = fresh_build(library, n)
    return found


def main(argv: list[str]) -> int:
    library, n = argv[0], int(argv[1])
    print(json.dumps(build(library, n)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
