"""Running on a dask cluster from the window: the device selector's "Dask cluster…" entry,
its dialog (local or a scheduler's address, the workers and the dashboard link), and a run
on the cluster with every node's state."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox, QDialogButtonBox
from pytestqt.qtbot import QtBot

import app.run_actions as run_actions
from app.dask_dialog import DaskClusterDialog
from app.main_window import MainWindow
from engine import DaskCluster
from tests.app.run_helpers import controller, run_and_wait

pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster_address() -> Iterator[str]:
    """A scheduler for the module's tests to connect to, as a user's cluster would be."""
    cluster = DaskCluster(None)
    yield cluster.address
    cluster.close()


def selector(window: MainWindow) -> QComboBox:
    found = window.findChild(QComboBox, "deviceSelector")
    assert found is not None
    return found


def test_the_device_selector_offers_a_dask_cluster(seed_window: MainWindow) -> None:
    combo = selector(seed_window)
    row = combo.findData("dask")
    assert combo.itemText(row) == "Dask cluster…"
    assert combo.model().item(row).isEnabled()  # type: ignore[attr-defined]


def test_the_dialog_connects_and_lists_the_workers_and_the_dashboard(
        qtbot: QtBot, cluster_address: str) -> None:
    dialog = DaskClusterDialog(cluster_address)
    qtbot.addWidget(dialog)
    assert dialog.remote.isChecked()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    assert dialog.connect_cluster()
    assert ok.isEnabled()
    assert dialog.workers.topLevelItemCount() == 1
    assert dialog.workers.topLevelItem(0).text(0).startswith("inproc://")
    assert 'href="http' in dialog.dashboard.text()
    assert "1 worker(s)" in dialog.status.text()
    dialog.reject()


def test_an_unreachable_scheduler_is_said_in_the_dialog_and_ok_stays_off(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.backends import dask_cluster

    monkeypatch.setattr(dask_cluster, "CONNECT_TIMEOUT_S", 1)
    dialog = DaskClusterDialog("tcp://127.0.0.1:9")
    qtbot.addWidget(dialog)
    assert not dialog.connect_cluster()
    assert "cannot connect to the dask scheduler at 'tcp://127.0.0.1:9'" in dialog.status.text()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_an_empty_address_asks_for_one(qtbot: QtBot) -> None:
    dialog = DaskClusterDialog("")
    qtbot.addWidget(dialog)
    dialog.remote.setChecked(True)
    assert not dialog.connect_cluster()
    assert "Type the scheduler's address" in dialog.status.text()


def test_choosing_dask_runs_the_graph_on_the_cluster(
        qtbot: QtBot, seed_window: MainWindow, monkeypatch: pytest.MonkeyPatch,
        cluster_address: str) -> None:
    monkeypatch.setattr(run_actions, "ask_dask_cluster",
                        lambda _w: DaskCluster(cluster_address))
    combo = selector(seed_window)
    combo.setCurrentIndex(combo.findData("dask"))
    assert controller(seed_window).device == "dask"
    assert "1 worker(s)" in combo.toolTip()
    run_and_wait(qtbot, seed_window)
    assert controller(seed_window).last_metadata.device == "dask"  # type: ignore[union-attr]
    mul = seed_window.canvas.run_node("mul")
    assert mul is not None and mul.result_text == "77" and mul.run_state == "done"


def test_cancelling_the_dialog_keeps_the_device_that_was_chosen(
        seed_window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[Any] = []

    def cancel(_w: Any) -> None:
        asked.append(True)

    monkeypatch.setattr(run_actions, "ask_dask_cluster", cancel)
    combo = selector(seed_window)
    combo.setCurrentIndex(combo.findData("cpu"))
    combo.setCurrentIndex(combo.findData("dask"))
    assert asked == [True]
    assert combo.currentData() == "cpu" and controller(seed_window).device == "cpu"


def test_a_placeholder_fed_from_a_file_runs_on_the_cluster_read_by_chunks(
        qtbot: QtBot, seed_window: MainWindow, cluster_address: str, tmp_path: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    from engine.backends import dask_array
    from tests.app.run_helpers import placeholder_graph

    path = tmp_path / "x.npy"
    np.save(path, np.array([1.0, 2.0, 3.0], np.float32))
    reads: list[Any] = []
    original = dask_array.NpyFile.__getitem__
    monkeypatch.setattr(dask_array.NpyFile, "__getitem__",
                        lambda self, key: reads.append(key) or original(self, key))
    run = controller(seed_window)
    run.set_device("dask", DaskCluster(cluster_address))
    run.ask_feeds = lambda requests: {"x": np.load(path, mmap_mode="r")}
    seed_window.canvas.set_graph(placeholder_graph())
    seed_window.canvas.select_names(["doubled"])
    run_and_wait(qtbot, seed_window, "actionRunSelected")
    np.testing.assert_array_equal(run.results["doubled"].value, [2.0, 4.0, 6.0])
    assert reads  # the tasks read the file themselves
