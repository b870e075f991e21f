"""The benchmark entry point keeps working: `python -m benchmarks --quick` runs every case."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_quick_benchmark_runs_every_case_and_prints_ratios() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick"], cwd=ROOT, capture_output=True,
        text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for case in ("garbage collector on", "copy bandwidth", "the reference is the best",
                 "seed graph", "scalar chain", "(a + b) * c", "8 ops", "fed, results dropped",
                 "folded, results kept", "folded, results dropped", "largest live set",
                 "peak memory", "reduction tree", "matmul chain", "build a",
                 "re-run after one Const edit",
                 "MLP 784→256→10 forward", "train step MLP 784→256→10 Adam",
                 "conv2d 3×3×1→32", "reduce_sum over",
                 "reduce_max over", "reduce_sum(axis=0)", "first start: first run",
                 "later start, run at once: first run",
                 "later start, as the editor: numba started first: first run",
                 "GraphDef (.pb)"):
        assert case in out, f"missing case {case!r} in:\n{out}"
    assert "numpy loop" in out and "(×" in out


def test_the_gpu_section_s_cases_run_with_numpy_where_there_is_no_gpu() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--device-cases-on-cpu"], cwd=ROOT,
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for case in ("CPU copy bandwidth", "CPU seed graph", "CPU 100-op scalar chain",
                 "CPU (a + b) * c", "CPU 16-leaf reduction tree", "CPU 32×32 matmul chain",
                 "CPU re-run after one Const edit"):
        assert case in out, f"missing case {case!r} in:\n{out}"
    assert "eager" in out and "of CPU copy bandwidth" in out
