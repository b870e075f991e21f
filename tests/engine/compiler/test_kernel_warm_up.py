"""A later start of the editor runs compiled from its first run: when the kernel cache holds
kernels, numba starts at start-up and the recent group kernels are loaded before a run asks
for them (``jit.warm_up``, ``kernel_records``); their records are data, checked field by
field. Importing the engine alone starts nothing (numba's import beside a script's first run
slows that run)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from engine.compiler import jit, kernel_files, kernel_records
from tests.engine.compiler.test_kernel_cache import run_child

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.skipif(not jit.ENABLED, reason="numba is not installed (or "
                                "TENSORCANVAS_JIT=0): fused groups run on the numpy path")

#: a fresh process, kernels compiled in the background as a user's program has them: it
#: waits for numba's start (or not), runs one fused group once and says how it ran
_CHILD = """
import json, sys, numpy as np, engine
from engine.compiler import fusion, jit, kernel_files
fusion.JIT_MIN_WORK = 1 << 16
engine.warm_up_kernels()  # as the editor does at start-up
started = jit.warmed(120)
g = engine.Graph()
with g.as_default():
    a, b = (engine.placeholder(engine.float32, shape=[300000], name=k) for k in "ab")
    y = (a + b) * a - b
feeds = {a: np.linspace(-1, 1, 300000, dtype=np.float32), b: np.full(300000, 0.5, np.float32)}
md = engine.RunMetadata()
sess = engine.Session(graph=g, device="cpu")
out = sess.run(y, feeds, run_metadata=md)
jit.wait()
sess.run(y, feeds)  # compiled, if it was not: it asks for its twin (compiler/together.py)
jit.wait()
print(json.dumps({**kernel_files.stats, "started": started,
                  "kernels": [s.kernel for s in md.ops.values() if s.kernel],
                  "sum": float(out.astype(np.float64).sum())}))
"""


def _fresh_process(cache: Path) -> dict[str, Any]:
    return run_child(_CHILD, cache)


def test_a_later_start_runs_its_first_run_compiled(tmp_path: Path) -> None:
    first = _fresh_process(tmp_path)
    assert not first["started"]  # an empty cache: numba is not started at import
    assert first["kernels"] == ["numpy, in chunks"]
    assert first["compiled"] == 2  # the loop, then its twin that shares it over the cores
    later = _fresh_process(tmp_path)
    assert later["started"]
    assert later["kernels"] == ["compiled loop"]
    assert (later["compiled"], later["loaded"]) == (0, 2)  # both, before the first run
    assert later["sum"] == first["sum"]


def test_the_cache_keeps_the_recent_kernel_s_description(tmp_path: Path) -> None:
    _fresh_process(tmp_path)
    (record,) = json.loads((tmp_path / kernel_files.RECENT).read_text(encoding="utf-8"))
    assert (tmp_path / f"{record['name']}.py").is_file()
    assert record["expression"] == "(((v0 + v1) * v0) - v1)"
    assert record["dtype"] == "<f4" and record["flat"] is True
    assert record["args"] == [[-1, -2], [0, -1], [1, -2]]


def test_a_tampered_list_of_recent_kernels_is_not_used(tmp_path: Path) -> None:
    _fresh_process(tmp_path)
    path = tmp_path / kernel_files.RECENT
    (record,) = json.loads(path.read_text(encoding="utf-8"))
    record["expression"] = 'v0"""\nimport os\n"""'
    path.write_text(json.dumps([record, "not a record", {"name": "x"}]), encoding="utf-8")
    later = _fresh_process(tmp_path)
    assert later["kernels"] == ["numpy, in chunks"]  # no preload: compiled or loaded later
    assert later["compiled"] + later["loaded"] == 2  # the loop and its twin
    modules = [p.read_text(encoding="utf-8") for p in tmp_path.glob("k*.py")]
    assert not any("import os" in text for text in modules)


def test_importing_the_engine_does_not_start_numba(tmp_path: Path) -> None:
    _fresh_process(tmp_path)  # the cache now holds a kernel
    env = dict(os.environ, TENSORCANVAS_KERNEL_CACHE=str(tmp_path), PYTHONPATH=str(ROOT))
    code = ("import sys, time, engine; time.sleep(1.0); "
            "print('numba' in sys.modules, engine.compiler.jit.warmed(0))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.stdout.split() == ["False", "False"], done.stderr


def _record() -> dict[str, Any]:
    ins = ((np.empty(1, np.float32), np.empty(1, np.float32)), (), (), ())
    return kernel_records.describe("k" + "0" * 32, "(v0 + v1)", np.dtype(np.float32),
                                   ((0, 0), (0, 1)), ins, True, [(-1, -2)])


def test_a_record_rebuilds_the_key_its_group_asks_with() -> None:
    rebuilt = kernel_records.rebuild(_record())
    assert rebuilt is not None
    name, expression, dtype, layout, ins, flat, args = rebuilt
    want = ((np.empty(3, np.float32), np.empty(3, np.float32)), (), (), ())
    assert jit.kernel_key(expression, dtype, layout, ins, flat) == jit.kernel_key(
        "(v0 + v1)", np.dtype(np.float32), ((0, 0), (0, 1)), want, True)
    assert args == [(-1, -2)]


@pytest.mark.parametrize("field, value", [
    ("name", "../../etc/passwd"), ("expression", "v0 '''"), ("dtype", "|O"),
    ("layout", [[0, 0]]), ("args", [[-1, 5]]), ("arrays", [[1, "<f4", True]]),
    ("flat", "yes"),
])
def test_a_record_with_a_field_out_of_place_is_refused(field: str, value: Any) -> None:
    record = _record()
    record[field] = value
    assert kernel_records.rebuild(record) is None


def test_a_cached_kernel_is_loaded_at_once_only_when_the_numpy_path_costs_more(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jit, "_warm", type("Set", (), {"is_set": lambda self: True})())
    monkeypatch.setattr(jit, "_busy", False)
    monkeypatch.setattr(jit, "_load_seconds", 0.005)
    monkeypatch.setattr(kernel_files, "holds", lambda name: True)
    assert jit.load_now("k", work=10**8)  # 50 ms of numpy against a 5 ms load
    assert not jit.load_now("k", work=10**6)  # 0.5 ms of numpy
    monkeypatch.setattr(jit, "_busy", True)
    assert not jit.load_now("k", work=10**8)  # the compiler thread holds numba's lock
