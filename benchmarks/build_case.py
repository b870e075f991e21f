"""Building a large graph, each library in a process of its own, as a user's script does.

The garbage collector's full collections walk every object the process holds, so a graph
built in the benchmark's own process, beside TF's and jax's heaps, pays for theirs too; a
script that builds a graph holds only its own library. Each library therefore builds the
same chain (a placeholder, then ``n`` additions of 1.0: a Const and an AddV2 each) once, in
a fresh process, with the collector on: the build a script does. Ours and TF1's processes
alternate, three of each, so that other jobs on the machine slow both alike; the figures
are their medians, with each pair's ratio as a range, of wall-clock and of CPU time (on a
shared machine the two part: a build of 40 ms that loses the CPU for 40 ms looks twice as
slow, the CPU time does not). jax's (seconds) runs once.
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


def build(library: str, n: int) -> tuple[float, float]:
    """In the fresh process: the wall-clock and CPU time to build the chain with
    ``library``."""
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
    t0, c0 = time.perf_counter(), time.process_time()
    once()
    return time.perf_counter() - t0, time.process_time() - c0


def fresh_build(library: str, n: int) -> tuple[float, float] | None:
    """One build in a fresh process: its wall-clock and CPU seconds, or None where the
    library is not installed."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.build_case", library, str(n)],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    if done.returncode != 0:
        if "ModuleNotFoundError" in done.stderr:
            return None
        raise RuntimeError(f"building with {library} failed:\n{done.stderr}")
    wall, cpu = json.loads(done.stdout.strip().splitlines()[-1])
    return float(wall), float(cpu)


def _ms(times: list[float]) -> str:
    return f"{min(times) * 1e3:.0f}–{max(times) * 1e3:.0f} ms"


def figures(n: int, repeat: int = 3) -> tuple[dict[str, float | None], str]:
    """Each library's build of ``n`` additions (medians of wall-clock time, ours first)
    and a note of the spread: ranges, each pair's ratio, CPU times."""
    ours: list[tuple[float, float]] = []
    tf: list[tuple[float, float]] = []
    for _ in range(repeat):
        ours.append(fresh_build("ours", n) or (float("nan"),) * 2)
        found_tf = fresh_build("TF1", n)
        if found_tf is not None:
            tf.append(found_tf)
    found: dict[str, float | None] = {"ours": statistics.median(w for w, _ in ours)}
    note = (f"ours {_ms([w for w, _ in ours])} (CPU {_ms([c for _, c in ours])})")
    if tf:
        found["TF1"] = statistics.median(w for w, _ in tf)
        pairs = [t[0] / o[0] for o, t in zip(ours, tf)]
        cpu_pairs = [t[1] / o[1] for o, t in zip(ours, tf)]
        cpu = statistics.median(c for _, c in tf) / statistics.median(c for _, c in ours)
        note += (f", TF1 {_ms([w for w, _ in tf])} (CPU {_ms([c for _, c in tf])}); per "
                 f"pair ×{min(pairs):.1f}–×{max(pairs):.1f} (CPU ×{min(cpu_pairs):.1f}–"
                 f"×{max(cpu_pairs):.1f}), CPU time ×{cpu:.1f}")
    jax = fresh_build(LIBRARIES[2], n)
    found[LIBRARIES[2]] = None if jax is None else jax[0]
    return found, note


def main(argv: list[str]) -> int:
    library, n = argv[0], int(argv[1])
    print(json.dumps(list(build(library, n))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
