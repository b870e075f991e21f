"""`python -m benchmarks.dask_bench [--elements N] [--dir DIR]`: the dask backend on data
larger than it holds at once, against the same computation written by hand in dask.array,
and at a size that fits, against the numpy session.

The graph is an elementwise-and-reduce over two float32 vectors memory-mapped from ``.npy``
files on disk: ``reduce_sum(square(x - y) * 0.5 + x)`` (the elementwise part is one fused
group, run chunk by chunk; the sum is dask's tree reduction). Both runs use the same local
cluster (one worker, a thread per core, in this process), so the process's resident memory
is the cluster's too: a sampling thread records its peak during each run. Each case runs
``--repeat`` times, gc on, timed as a user's program runs it; the median and the range are
printed, and the ratios are taken in this one process, so a busy machine slows both alike.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

import engine

#: elements written per block when the input files are made
WRITE_BLOCK = 1 << 24


def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@contextmanager
def peak_rss() -> Iterator[list[int]]:
    """The process's peak resident bytes while the block runs (sampled every 5 ms)."""
    peak = [_rss()]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], _rss())
            stop.wait(0.005)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield peak
    finally:
        stop.set()
        thread.join()
        peak[0] = max(peak[0], _rss())


def make_inputs(directory: Path, n: int) -> tuple[Path, Path]:
    """Two float32 .npy files of ``n`` elements, written block by block."""
    paths = (directory / f"x_{n}.npy", directory / f"y_{n}.npy")
    for seed, path in enumerate(paths):
        if path.exists() and np.load(path, mmap_mode="r").shape == (n,):
            continue
        out = np.lib.format.open_memmap(path, mode="w+", dtype=np.float32, shape=(n,))
        rng = np.random.default_rng(seed)
        for start in range(0, n, WRITE_BLOCK):
            stop = min(n, start + WRITE_BLOCK)
            out[start:stop] = rng.random(stop - start, dtype=np.float32)
        out.flush()
        del out
    return paths


def graph() -> tuple[engine.Graph, Any, Any, Any]:
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, shape=(None,), name="x")
        y = engine.placeholder(engine.float32, shape=(None,), name="y")
        total = engine.reduce_sum(engine.square(x - y) * 0.5 + x)
    return g, x, y, total


def timed(fn: Callable[[], Any], repeat: int) -> tuple[list[float], int, Any]:
    """Times of ``repeat`` calls (gc on), the peak RSS over them, the last result."""
    times: list[float] = []
    result = None
    with peak_rss() as peak:
        for _ in range(repeat):
            t0 = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - t0)
    return times, peak[0], result


def _line(label: str, n: int, times: list[float], peak: int, base: float | None = None
          ) -> str:
    med = statistics.median(times)
    text = (f"{label:<34} {med:7.3f} s  (range {min(times):.3f}–{max(times):.3f})  "
            f"{n / med / 1e6:8.1f} M elements/s  peak RSS {peak / 2**30:5.2f} GiB")
    if base is not None:
        text += f"  (×{med / base:.2f} of hand-written dask)"
    return text


def _read_chunk(path: str, block_info: Any = None) -> np.ndarray:
    """The hand-written baseline's loader: this block's region of the file, by mmap."""
    (start, stop), = block_info[None]["array-location"]
    return np.array(np.load(path, mmap_mode="r")[start:stop])


def hand_written(client: Any, paths: tuple[Path, Path], n: int, chunks: Any) -> Any:
    """The computation as a dask user writes it: each chunk read from its file by its own
    task (``da.from_array`` of a memmap would pickle the whole file into the graph)."""
    import dask.array as da

    size = da.core.normalize_chunks(chunks, (n,), dtype=np.float32)
    a, b = (da.map_blocks(_read_chunk, str(p), chunks=size, dtype=np.float32,
                          meta=np.empty(0, np.float32)) for p in paths)
    return client.compute(((a - b) ** 2 * np.float32(0.5) + a).sum(), sync=True)


def tensorcanvas(client: Any, paths: tuple[Path, Path], chunks: Any) -> Callable[[], Any]:
    g, x, y, total = graph()
    sess = engine.Session(graph=g, device="dask", scheduler=client, chunks=chunks)
    xs, ys = (np.load(p, mmap_mode="r") for p in paths)
    return lambda: sess.run(total, {x: xs, y: ys})


def run_large(client: Any, paths: tuple[Path, Path], n: int, repeat: int, chunks: Any) -> None:
    ours = tensorcanvas(client, paths, chunks)
    print(f"{n:.3g} float32 elements × 2 inputs ({2 * n * 4 / 2**30:.2f} GiB on disk), "
          f"chunks={chunks}", flush=True)
    hand_t: list[float] = []
    ours_t: list[float] = []
    hand = value = None
    for _ in range(repeat):  # interleaved: a busy moment slows both
        t, _, hand = timed(lambda: hand_written(client, paths, n, chunks), 1)
        hand_t += t
        t, _, value = timed(ours, 1)
        ours_t += t
    hand_peak, ours_peak = (_peak_in_fresh_process(case, paths, n, chunks)
                            for case in ("hand", "ours"))
    print(_line("hand-written dask.array", n, hand_t, hand_peak), flush=True)
    print(_line("TensorCanvas Session(device='dask')", n, ours_t, ours_peak,
                statistics.median(hand_t)), flush=True)
    rel = abs(float(value) - float(hand)) / max(abs(float(hand)), 1e-30)  # type: ignore[arg-type]
    print(f"  same value to {rel:.1e} (float32 sums in dask's tree order); peak RSS "
          "measured in a fresh process each", flush=True)


def _peak_in_fresh_process(case: str, paths: tuple[Path, Path], n: int, chunks: Any) -> int:
    """One run of ``case`` in a new process: its peak resident memory, cluster included."""
    import json
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.dask_bench", "--peak-of", case, "--elements",
         str(n), "--chunks", str(chunks), "--files", str(paths[0]), str(paths[1])],
        capture_output=True, text=True, check=True)
    return int(json.loads(done.stdout.strip().splitlines()[-1])["peak"])


def _peak_case(case: str, paths: tuple[Path, Path], n: int, chunks: Any) -> None:
    import json

    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=os.cpu_count() or 1, processes=False,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        fn = tensorcanvas(client, paths, chunks) if case == "ours" else (
            lambda: hand_written(client, paths, n, chunks))
        _, peak, _ = timed(fn, 1)
    print(json.dumps({"peak": peak}))


def run_fits(client: Any, n: int, repeat: int) -> None:
    """The graph at a size that fits, in-memory inputs: the numpy session vs dask."""
    g, x, y, total = graph()
    rng = np.random.default_rng(2)
    xs, ys = rng.random(n, dtype=np.float32), rng.random(n, dtype=np.float32)
    cpu = engine.Session(graph=g, device="cpu")
    dask_sess = engine.Session(graph=g, device="dask", scheduler=client)
    cpu.run(total, {x: xs, y: ys})  # compiles the fused group's kernel
    cpu_t, cpu_peak, _ = timed(lambda: cpu.run(total, {x: xs, y: ys}), repeat)
    dask_t, dask_peak, _ = timed(lambda: dask_sess.run(total, {x: xs, y: ys}), repeat)
    base = statistics.median(cpu_t)
    print(f"{n:.3g} float32 elements × 2 inputs in memory", flush=True)
    print(_line("numpy session (device='cpu')", n, cpu_t, cpu_peak), flush=True)
    print(_line("dask session", n, dask_t, dask_peak)
          + f"  (×{statistics.median(dask_t) / base:.2f} of the numpy session)", flush=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.dask_bench", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--elements", type=float, default=2e8,
                   help="elements per memory-mapped input (2e9: 16 GB of input)")
    p.add_argument("--fits", type=float, default=1e8,
                   help="elements of the in-memory comparison with the numpy session")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--chunks", default="auto", help="dask chunks (elements, or auto)")
    p.add_argument("--dir", default=None, help="where the input files go (default: a "
                                               "temporary folder, removed after)")
    p.add_argument("--peak-of", choices=("ours", "hand"), help=argparse.SUPPRESS)
    p.add_argument("--files", nargs=2, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    from distributed import Client, LocalCluster

    chunks: Any = args.chunks if args.chunks == "auto" else int(float(args.chunks))
    if args.peak_of:
        _peak_case(args.peak_of, (Path(args.files[0]), Path(args.files[1])),
                   int(args.elements), chunks)
        return 0
    cluster = LocalCluster(n_workers=1, threads_per_worker=os.cpu_count() or 1,
                           processes=False, dashboard_address=":0")
    client = Client(cluster, set_as_default=False)
    try:
        if args.fits > 0:
            run_fits(client, int(args.fits), args.repeat)
        if args.elements > 0:
            with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
                folder = Path(args.dir) if args.dir else Path(tmp)
                t0 = time.perf_counter()
                paths = make_inputs(folder, int(args.elements))
                print(f"inputs ready in {time.perf_counter() - t0:.1f} s", flush=True)
                run_large(client, paths, int(args.elements), args.repeat, chunks)
    finally:
        client.close()
        cluster.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
