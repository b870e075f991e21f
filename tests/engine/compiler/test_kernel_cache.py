"""Compiled kernels persist across processes (``engine/compiler/kernel_files.py``): a later
process loads what an earlier one compiled, a change of anything the code depends on makes
another file, and only text the engine generated is ever imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import engine
from engine.compiler import fusion, jit, kernel_files

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.skipif(not jit.ENABLED, reason="numba is not installed (or "
                                "TENSORCANVAS_JIT=0): fused groups run on the numpy path")

#: a fresh process: one fused group, its kernel compiled in the foreground; prints the
#: cache's counts and the result's checksum
_CHILD = """
import json, numpy as np, engine
from engine.compiler import fusion, jit, kernel_files
fusion.JIT_MIN_WORK = 1 << 16
jit.BACKGROUND = False
g = engine.Graph()
with g.as_default():
    a, b = (engine.placeholder(engine.float32, shape=[40000], name=k) for k in "ab")
    y = engine.square((a + b) * a - b)
feeds = {a: np.linspace(-1, 1, 40000, dtype=np.float32), b: np.full(40000, 0.5, np.float32)}
out = engine.Session(graph=g, device="cpu").run(y, feeds)
print(json.dumps({**kernel_files.stats, "compiled_kernels": jit.compiled(),
                  "sum": float(out.astype(np.float64).sum())}))
"""


def run_child(source: str, cache: Path) -> dict[str, Any]:
    """What a fresh Python process running ``source`` with kernel cache ``cache`` prints
    last, as JSON."""
    env = dict(os.environ, TENSORCANVAS_KERNEL_CACHE=str(cache), PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", source], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _fresh_process(cache: Path) -> dict[str, Any]:
    return run_child(_CHILD, cache)


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """This process's kernels go to a directory of the test's own, compiled in the
    foreground; kernels already loaded are forgotten before and after."""
    jit.clear()
    monkeypatch.setenv("TENSORCANVAS_KERNEL_CACHE", str(tmp_path))
    kernel_files.reset()
    monkeypatch.setattr(jit, "BACKGROUND", False)
    monkeypatch.setattr(fusion, "JIT_MIN_WORK", 1 << 16)
    yield tmp_path
    jit.clear()
    kernel_files.reset()


def test_a_second_process_loads_the_kernel_the_first_compiled(tmp_path: Path) -> None:
    first = _fresh_process(tmp_path)
    second = _fresh_process(tmp_path)
    assert (first["compiled"], first["loaded"]) == (1, 0)
    assert (second["compiled"], second["loaded"]) == (0, 1)
    assert second["compiled_kernels"] == 1
    assert second["sum"] == first["sum"]


def test_the_cache_holds_one_module_and_numba_s_code_beside_it(tmp_path: Path) -> None:
    _fresh_process(tmp_path)
    modules = list(tmp_path.glob("k*.py"))
    assert len(modules) == 1
    assert "def kernel(out, f0, f1, lo, hi)" in modules[0].read_text(encoding="utf-8")
    cached = [p.suffix for p in (tmp_path / "__pycache__").iterdir()]
    assert ".nbi" in cached and ".nbc" in cached


def test_a_kernel_forgotten_in_process_comes_back_from_the_disk(cache_dir: Path) -> None:
    g = engine.Graph()
    with g.as_default():
        a = engine.placeholder(engine.float64, shape=[70_000], name="a")
        y = (a * a + 1.0) * a
    feeds = {a: np.linspace(-3, 3, 70_000)}
    want = engine.Session(graph=g, device="cpu").run(y, feeds)
    before = dict(kernel_files.stats)
    jit.clear()
    got = engine.Session(graph=g, device="cpu").run(y, feeds)
    assert kernel_files.stats["loaded"] == before["loaded"] + 1
    assert kernel_files.stats["compiled"] == before["compiled"]
    np.testing.assert_array_equal(got, want)


def test_a_changed_module_file_is_rewritten_before_it_is_imported(cache_dir: Path) -> None:
    g = engine.Graph()
    with g.as_default():
        a = engine.placeholder(engine.float32, shape=[70_000], name="a")
        y = (a + 2.0) * a
    feeds = {a: np.linspace(-3, 3, 70_000, dtype=np.float32)}
    engine.Session(graph=g, device="cpu").run(y, feeds)
    (module,) = cache_dir.glob("k*.py")
    text = module.read_text(encoding="utf-8")
    module.write_text("raise SystemExit('not the engine's text')\n", encoding="utf-8")
    jit.clear()
    got = engine.Session(graph=g, device="cpu").run(y, feeds)
    assert module.read_text(encoding="utf-8") == text
    np.testing.assert_array_equal(got, (feeds[a] + np.float32(2)) * feeds[a])


def test_the_module_name_changes_with_numba_s_version(monkeypatch: pytest.MonkeyPatch) -> None:
    before = kernel_files.name_for(("group", "x"))
    real = kernel_files.versions
    monkeypatch.setattr(kernel_files, "versions", lambda: (*real()[:1], "0.0.0", *real()[2:]))
    assert kernel_files.name_for(("group", "x")) != before


def test_an_operator_s_code_and_closed_over_constants_are_in_its_fingerprint() -> None:
    def make(zero: object) -> object:
        def relu(x: float) -> object:
            return zero if x < 0 else x

        return relu

    assert kernel_files.fingerprint(make(np.float32(0))) == kernel_files.fingerprint(
        make(np.float32(0)))
    assert kernel_files.fingerprint(make(np.float32(0))) != kernel_files.fingerprint(
        make(np.float64(0)))
    assert kernel_files.fingerprint(lambda x: x * x) != kernel_files.fingerprint(
        lambda x: x * x * x)


def test_a_zero_setting_turns_the_persistent_cache_off(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TENSORCANVAS_KERNEL_CACHE", "0")
    kernel_files.reset()
    try:
        where, persistent = kernel_files.directory()
        assert not persistent and where.name.startswith("tensorcanvas-kernels-")
    finally:
        kernel_files.reset()


def test_an_unwritable_cache_directory_falls_back_to_a_private_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the directory would go", encoding="utf-8")
    monkeypatch.setenv("TENSORCANVAS_KERNEL_CACHE", str(blocked / "kernels"))
    kernel_files.reset()
    try:
        where, persistent = kernel_files.directory()
        assert not persistent and not str(where).startswith(str(blocked))
    finally:
        kernel_files.reset()


def test_without_a_setting_kernels_go_under_the_platform_cache_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TENSORCANVAS_KERNEL_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(sys, "platform", "linux")
    kernel_files.reset()
    try:
        assert kernel_files.directory() == (tmp_path / "tensorcanvas" / "kernels", True)
    finally:
        kernel_files.reset()
