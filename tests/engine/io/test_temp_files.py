"""Temporary files of interrupted saves: the next save to the folder (and the app at start-up,
through ``remove_stale_temp_files``) removes ours whose writer is gone, and nothing else.
The ``slow`` kill test kills saving processes at random moments."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

import engine
from engine.io import atomic_write
from engine.io.graph_files import load_graph, save_graph

REPO_ROOT = Path(__file__).resolve().parents[3]
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX processes and signals")


def seed_graph(value: float = 1.0) -> engine.Graph:
    g = engine.Graph()
    with g.as_default():
        engine.constant(value, name="c")
    return g


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def temp_name(target: str, pid: int) -> str:
    return f".{target}.{pid}.0123abcd.tmp"


def ours(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_the_next_save_removes_a_temp_file_a_killed_save_left(tmp_path: Path) -> None:
    stale = tmp_path / temp_name("g.json", dead_pid())
    stale.write_bytes(b"half a file")
    save_graph(tmp_path / "g.json", seed_graph())
    assert not stale.exists()


def test_the_next_save_removes_stale_temp_files_of_other_targets_in_the_folder(
    tmp_path: Path,
) -> None:
    stale = tmp_path / temp_name("other.json", dead_pid())
    stale.write_bytes(b"")
    save_graph(tmp_path / "g.json", seed_graph())
    assert ours(tmp_path) == []


@posix_only
def test_a_temp_file_of_a_running_process_is_kept(tmp_path: Path) -> None:
    writer = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = tmp_path / temp_name("g.json", writer.pid)
        live.write_bytes(b"being written")
        save_graph(tmp_path / "g.json", seed_graph())
        assert live.read_bytes() == b"being written"
    finally:
        writer.kill()
        writer.wait()


@posix_only
def test_a_temp_file_of_a_running_process_untouched_for_a_day_is_stale(tmp_path: Path) -> None:
    writer = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        old = tmp_path / temp_name("g.json", writer.pid)
        old.write_bytes(b"")
        long_ago = time.time() - atomic_write.STALE_AFTER_S - 60
        os.utime(old, (long_ago, long_ago))
        assert engine.remove_stale_temp_files(tmp_path) == [str(old)]
    finally:
        writer.kill()
        writer.wait()


def test_this_process_keeps_the_temp_file_a_save_of_its_own_is_writing(tmp_path: Path) -> None:
    mine = tmp_path / temp_name("g.json", os.getpid())
    mine.write_bytes(b"")
    atomic_write._writing.add(str(mine))
    try:
        assert engine.remove_stale_temp_files(tmp_path) == []
    finally:
        atomic_write._writing.discard(str(mine))
    assert engine.remove_stale_temp_files(tmp_path) == [str(mine)]  # a previous life's


@posix_only
def test_files_not_named_or_made_as_ours_are_never_touched(tmp_path: Path) -> None:
    pid = dead_pid()
    keep = ["g.json.tmp", "notes.tmp", f".g.json.{pid}.0123ABCD.tmp",
            f".g.json.{pid}.0123abc.tmp", f"g.json.{pid}.0123abcd.tmp",
            f".g.json.{pid}.0123abcd.tmp.bak", ".g.json.x.0123abcd.tmp"]
    for name in keep:
        (tmp_path / name).write_bytes(b"theirs")
    (tmp_path / temp_name("dir", pid)).mkdir()
    target = tmp_path / "precious.json"
    target.write_bytes(b"precious")
    (tmp_path / temp_name("link", pid)).symlink_to(target)
    save_graph(tmp_path / "g.json", seed_graph())
    assert all((tmp_path / name).read_bytes() == b"theirs" for name in keep)
    assert (tmp_path / temp_name("dir", pid)).is_dir()
    assert (tmp_path / temp_name("link", pid)).is_symlink()
    assert target.read_bytes() == b"precious"


def test_cleaning_a_folder_that_does_not_exist_removes_nothing(tmp_path: Path) -> None:
    assert engine.remove_stale_temp_files(tmp_path / "missing") == []


def test_a_recovery_folder_is_cleaned_without_saving_into_it(tmp_path: Path) -> None:
    recovery = tmp_path / "recovery"
    recovery.mkdir()
    stale = recovery / temp_name("1234-abc.json", dead_pid())
    stale.write_bytes(b"")
    (recovery / "1234-abc.json").write_bytes(b"the recovery copy")
    assert engine.remove_stale_temp_files(recovery) == [str(stale)]
    assert ours(recovery) == []
    assert (recovery / "1234-abc.json").read_bytes() == b"the recovery copy"


# --- the kill test ------------------------------------------------------------------------------
SAVER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    import numpy as np
    import engine

    k = 0
    rng = np.random.default_rng({seed})
    while True:
        k += 1
        g = engine.Graph()
        with g.as_default():
            engine.constant(np.full(int(rng.integers(1, 3_000_000)), float(k)), name="c")
        engine.save_graph({path!r}, g, {{"k": k}})
        print(k, flush=True)
    """
)


def kill_saves(directory: Path, trials: int, seed: int) -> tuple[int, int]:
    """Kill a process that saves ``directory/g.json`` over and over, ``trials`` times at
    random moments; after each kill the file must be one whole version. Returns the temp
    files found right after the kills, and those left after one more save."""
    rng = random.Random(seed)
    path = directory / "g.json"
    save_graph(path, seed_graph(0.0), {"k": 0})
    left_by_kills = 0
    for trial in range(trials):
        script = SAVER.format(root=str(REPO_ROOT), path=str(path), seed=seed * 1000 + trial)
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 2.5))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        left_by_kills += len(ours(directory))
        graph, editor = load_graph(path)  # the old version or the new one, never a mix
        value = graph.get_operation_by_name("c").get_attr("value")
        assert editor is not None
        assert np.all(value == float(editor["k"]))
    save_graph(path, seed_graph(), {"k": -1})
    return left_by_kills, len(ours(directory))


@posix_only
@pytest.mark.slow
def test_saves_killed_at_random_moments_leave_the_old_or_the_new_file_and_no_temp_file(
    tmp_path: Path,
) -> None:
    left_by_kills, left_after_save = kill_saves(tmp_path, trials=40, seed=7)
    assert left_after_save == 0
    assert left_by_kills > 0  # the kills did land mid-save
