"""First runs in a fresh process: what a user waits for when the program starts again.

Each case starts a new Python process that builds a fused elementwise graph, times its first
``Session.run``, waits for the group's compiled kernel, then times warm runs; once with an
empty kernel cache (the first start ever) and twice more with the cache the first process left
(every later start): once running at once, as a script does, and once as the editor does:
numba started at start-up (``engine.warm_up_kernels``, which also loads the kernels the cache
lists as recent), the first run once it has (``jit.warmed``). The
first run of the group itself (the group's kernel or numpy path, from run metadata) is printed
beside the whole ``Session.run``, which also builds the session's plan. Timed as a user's
program runs: garbage collector on.

``python -m benchmarks.first_run`` runs them alone; ``python -m benchmarks`` prints them too.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def child(n_ops: int, size: int, repeat: int, settle: bool) -> dict[str, Any]:
    """In the fresh process: the first run (at once, or once numba has started when
    ``settle``), the wait for its kernel, the warm runs."""
    t0 = time.perf_counter()
    import numpy as np

    import engine
    from engine.compiler import jit, kernel_files

    from .elementwise_cases import elementwise

    imported = time.perf_counter() - t0
    g, inputs, y = elementwise(n_ops, size)
    rng = np.random.default_rng(1)
    feeds = dict(zip(inputs, [rng.random(size, dtype=np.float32) for _ in range(3)]))
    sess = engine.Session(graph=g, device="cpu")
    if settle:  # as the editor does at start-up
        engine.warm_up_kernels()
    warmed = jit.warmed(30) if settle else jit.warmed(0)
    started = time.perf_counter() - t0
    md = engine.RunMetadata()
    t0 = time.perf_counter()
    result = sess.run(y, feeds, run_metadata=md)
    first = time.perf_counter() - t0
    first_group = _group_time(md)
    t0 = time.perf_counter()
    jit.wait()
    ready = time.perf_counter() - t0
    sess.run(y, feeds)  # untimed: a long loop's first compiled run asks for its twin
    jit.wait()
    times, groups = [], []
    for _ in range(repeat):
        md = engine.RunMetadata()
        t0 = time.perf_counter()
        result = sess.run(y, feeds, run_metadata=md)
        times.append(time.perf_counter() - t0)
        groups.append(_group_time(md))
    del result
    return {"import": imported, "first": first, "ready": ready, "started": started,
            "warmed": warmed, "warm": statistics.median(times), "first_group": first_group,
            "warm_group": statistics.median(groups), **kernel_files.stats}


def _group_time(md: Any) -> float:
    """The fused group's own time in one run (the op that ran it, from run metadata)."""
    return max((s.time for s in md.ops.values()), default=0.0)


def fresh_process(n_ops: int, size: int, repeat: int, cache: str,
                  settle: bool = False) -> dict[str, Any]:
    env = dict(os.environ, TENSORCANVAS_KERNEL_CACHE=cache)
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.first_run", "--child", str(n_ops), str(size),
         str(repeat), str(int(settle))], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the fresh process failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


#: the starts each case is timed in: (label, whether the first run waits for numba)
STARTS = (("first start", False), ("later start, run at once", False),
          ("later start, as the editor: numba started first", True))


def run_first_run_cases(sizes: list[int], repeat: int) -> list[str]:
    """Per case, a cold start (empty cache) and two later starts (the cache it left); lines
    printed as they come, and returned."""
    from .timing import fmt

    lines = []
    for n_ops in (2, 8):
        for size in sizes:
            with tempfile.TemporaryDirectory(prefix="tensorcanvas-bench-kernels-") as cache:
                for start, settle in STARTS:
                    r = fresh_process(n_ops, size, repeat, cache, settle)
                    line = (f"{n_ops}-op chain × {size:.0e}, {start}: first run "
                            f"{fmt(r['first']).strip()} = {r['first'] / r['warm']:.1f}× a warm "
                            f"run ({fmt(r['warm']).strip()}), the group itself "
                            f"{r['first_group'] / r['warm_group']:.1f}× "
                            f"({fmt(r['first_group']).strip()} against "
                            f"{fmt(r['warm_group']).strip()}); kernel ready {r['ready']:.2f} s "
                            f"later ({r['loaded']} loaded from the cache, {r['compiled']} "
                            f"compiled); import engine {r['import']:.2f} s, first run "
                            f"{r['started']:.2f} s after start")
                    print(line, flush=True)
                    lines.append(line)
    return lines


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        n_ops, size, repeat, settle = (int(v) for v in argv[1:5])
        print(json.dumps(child(n_ops, size, repeat, bool(settle))), flush=True)
        return 0
    quick = "--quick" in argv
    print("first runs in a fresh process (gc on, as a user's program runs):", flush=True)
    run_first_run_cases([10**4] if quick else [10**6, 10**7], 3 if quick else 15)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
