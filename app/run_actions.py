"""The Run menu and tool bar: Run, Run Selected, Stop and the device selector.

Why its own module (not ``actions.py``): running is a feature of its own, with a
controller, a dock and a lock on editing; ``install_run`` wires all of it into a window
in one call, and ``main_window.py`` only calls it.

Why the editing lock lives here: the run controller makes the canvas read-only; the
window's other ways to change the graph (undo history, inspector, palette, the add-node
popup, drops) are switched off here for the length of the run, so nothing offers an edit
that would then be refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QStandardItemModel
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QMainWindow, QStyle, QWidget

from app.dask_dialog import DaskClusterDialog
from app.run_controller import RunController
from app.run_views import RunViews, install_run_views
from app.settings import open_settings
from app.window_protocols import RunWindow
from editor.i18n import (
    QT_TRANSLATE_NOOP,
    is_language_change,
    keep_translated,
    translate,
    translates_itself,
)
from engine import DaskCluster, devices

DEVICE_KEY = "run/device"
#: the last dask scheduler address typed in the Dask cluster dialog ("" for a local one)
DASK_ADDRESS_KEY = "run/dask_scheduler"
DEVICES = ((QT_TRANSLATE_NOOP("Run", "Auto"), "auto"), ("CPU", "cpu"), ("GPU", "gpu"))


@dataclass
class RunUi:
    controller: RunController
    run: QAction
    run_selected: QAction
    stop: QAction
    device_selector: DeviceSelector
    views: RunViews
    lock: EditLock


def _action(window: QWidget, text: str, name: str, keys: list[str], tip: str,
            icon: QStyle.StandardPixmap) -> QAction:
    """``text`` and ``tip``: source texts of the "Run" context."""
    action = QAction(window)
    action.setObjectName(name)
    action.setShortcuts([QKeySequence(k) for k in keys])
    action.setIcon(window.style().standardIcon(icon))

    def texts() -> None:
        shown = translate("Run", text)
        action.setText(shown)
        action.setStatusTip(translate("Run", tip))
        plain = shown.replace("&", "")
        key = QKeySequence(keys[0]).toString(QKeySequence.SequenceFormat.NativeText) if keys else ""
        action.setToolTip(f"{plain} ({key})" if key else plain)

    keep_translated(window, texts)
    return action


class DeviceSelector(QComboBox):
    """Auto / CPU / GPU / Dask cluster…. The GPU entry is disabled, with the engine's
    reason as its tooltip, when no GPU is usable (the engine probes once per process); the
    dask entry likewise when dask is not installed. Choosing the dask entry asks where the
    cluster is (``install_run`` opens the dialog)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deviceSelector")
        translates_itself(self)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        infos = {info.name: info for info in devices()}
        cpu, gpu, dask = infos["cpu"], infos["gpu"], infos["dask"]
        model = self.model()
        assert isinstance(model, QStandardItemModel)
        for text, device in DEVICES:
            self.addItem(text, device)
        self.addItem("", "dask")
        if not dask.usable:
            dask_item = model.item(self.count() - 1)
            dask_item.setFlags(dask_item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
        #: what the dask entry's tooltip says once connected (the cluster's description)
        self.dask_description = ""
        self._dask = dask
        for row, (_text, device) in enumerate(DEVICES):
            if device == "gpu" and not gpu.usable:
                item = model.item(row)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
        self._cpu, self._gpu = cpu, gpu
        self.gpu_usable = gpu.usable
        self.currentIndexChanged.connect(self._update_tooltip)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """The entries' names and tooltips in the interface's language (the devices'
        descriptions are the engine's)."""
        cpu, gpu = self._cpu, self._gpu
        model = self.model()
        assert isinstance(model, QStandardItemModel)
        now = gpu.description if gpu.usable else cpu.description
        tips = {
            "auto": translate("Run", "The GPU when usable, else the CPU (now: {device})")
            .format(device=now),
            "cpu": cpu.description,
            "gpu": gpu.description if gpu.usable else translate(
                "Run", "GPU not usable: {reason}").format(reason=gpu.reason),
        }
        for row, (text, device) in enumerate(DEVICES):
            item = model.item(row)
            item.setText(translate("Run", text))
            item.setToolTip(tips[device])
        dask, dask_item = self._dask, model.item(self.findData("dask"))
        dask_item.setText(translate("Run", "Dask cluster…"))
        dask_item.setToolTip(
            translate("Run", "Run on a dask cluster: a local one, or a scheduler's address "
                      "({device})").format(device=dask.description) if dask.usable else
            translate("Run", "Dask not usable: {reason}").format(reason=dask.reason))
        self._update_tooltip()

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def device(self) -> str:
        return str(self.currentData())

    def set_device(self, device: str) -> None:
        if device == "gpu" and not self.gpu_usable:
            device = "auto"
        if device == "dask" and not self.dask_description:  # not connected: ask first
            device = "auto"
        index = self.findData(device)
        self.setCurrentIndex(index if index >= 0 else 0)

    def item_tooltip(self, device: str) -> str:
        model = self.model()
        assert isinstance(model, QStandardItemModel)
        return model.item(self.findData(device)).toolTip()

    def item_enabled(self, device: str) -> bool:
        model = self.model()
        assert isinstance(model, QStandardItemModel)
        return bool(model.item(self.findData(device)).flags() & Qt.ItemFlag.ItemIsEnabled)

    def _update_tooltip(self) -> None:
        if self.device() == "dask" and self.dask_description:
            self.setToolTip(translate("Run", "Run on: {device}").format(
                device=self.dask_description))
            return
        self.setToolTip(translate("Run", "Run on: {device}").format(
            device=self.item_tooltip(self.device())))


class EditLock(QObject):
    """Switches the window's editing off while a run is in flight, and back on after.

    Also filters the canvas's own add-node gestures (Tab, double-click, the context menu,
    drops), which reach the canvas whether or not its items are interactive.
    """

    _SWALLOWED = frozenset({
        QEvent.Type.MouseButtonDblClick, QEvent.Type.ContextMenu, QEvent.Type.DragEnter,
        QEvent.Type.DragMove, QEvent.Type.Drop,
    })

    def __init__(self, window: RunWindow) -> None:
        assert isinstance(window, QMainWindow)  # its parent (see app.window_protocols)
        super().__init__(window)
        self.window: RunWindow = window
        self.locked = False
        self._saved: dict[QAction | QWidget, bool] = {}
        view = window.canvas.view
        view.installEventFilter(self)
        view.viewport().installEventFilter(self)

    def _targets(self) -> list[QAction | QWidget]:
        window = self.window
        actions = window.canvas_actions
        targets: list[QAction | QWidget] = [
            actions.undo, actions.redo, actions.cut, actions.paste, actions.duplicate,
            actions.delete, actions.auto_layout, window.undo_view,
        ]
        panels = getattr(window, "panels", None)
        if panels is not None:
            targets += [panels.inspector, panels.palette]
        return targets

    def set_locked(self, locked: bool) -> None:
        if locked == self.locked:
            return
        self.locked = locked
        if locked:
            focus = QApplication.focusWidget()
            if isinstance(focus, QLineEdit):  # a value typed but not yet committed
                focus.editingFinished.emit()
            self._saved = {t: t.isEnabled() for t in self._targets()}
            for target in self._saved:
                target.setEnabled(False)
        else:
            for target, enabled in self._saved.items():
                target.setEnabled(enabled)
            stack = self.window.canvas.undo_stack
            self.window.canvas_actions.undo.setEnabled(stack.canUndo())
            self.window.canvas_actions.redo.setEnabled(stack.canRedo())
            self._saved = {}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.locked:
            return False
        kind = event.type()
        if kind in self._SWALLOWED:
            event.ignore()
            return True
        if kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Tab:  # type: ignore[attr-defined]
            return True
        return False


def ask_dask_cluster(window: QWidget) -> DaskCluster | None:
    """The Dask cluster dialog, prefilled with the last address; the connected cluster, or
    None if cancelled."""
    settings = open_settings()
    address = settings.value(DASK_ADDRESS_KEY, "", type=str)
    dialog = DaskClusterDialog(address if isinstance(address, str) else "", window)
    if dialog.exec() != DaskClusterDialog.DialogCode.Accepted:
        return None
    settings.setValue(DASK_ADDRESS_KEY, dialog.scheduler() or "")
    return dialog.take_cluster()


def install_run(window: RunWindow) -> RunUi:
    """Create the run controller, its actions (Run menu, tool bar), the device selector,
    the results dock and the run notices, for ``window.canvas``."""
    assert isinstance(window, QMainWindow)  # their parent (see app.window_protocols)
    canvas = window.canvas
    controller = RunController(canvas, window)
    px = QStyle.StandardPixmap
    run = _action(window, QT_TRANSLATE_NOOP("Run", "&Run"), "actionRun", ["Ctrl+Return", "F5"],
                  QT_TRANSLATE_NOOP(
                      "Run", "Run the graph: compute every output (the nodes nothing consumes)"),
                  px.SP_MediaPlay)
    run_selected = _action(window, QT_TRANSLATE_NOOP("Run", "Run &Selected"),
                           "actionRunSelected", ["Ctrl+Shift+Return"],
                           QT_TRANSLATE_NOOP(
                               "Run", "Compute only the selected nodes and what they need"),
                           px.SP_MediaSeekForward)
    stop = _action(window, QT_TRANSLATE_NOOP("Run", "S&top"), "actionStop", ["Shift+F5"],
                   QT_TRANSLATE_NOOP("Run", "Stop the run after the op running now"),
                   px.SP_MediaStop)
    run.triggered.connect(lambda _checked=False: controller.run())
    run_selected.triggered.connect(lambda _checked=False: controller.run_selected())
    stop.triggered.connect(lambda _checked=False: controller.stop())

    selector = DeviceSelector(window)
    saved = open_settings().value(DEVICE_KEY, "auto", type=str)
    selector.set_device(saved if isinstance(saved, str) else "auto")
    controller.set_device(selector.device())
    previous = [selector.device()]

    def device_chosen(_index: int) -> None:
        device = selector.device()
        if device == "dask":
            cluster = ask_dask_cluster(window)
            if cluster is None:  # cancelled: back to where runs went before
                selector.blockSignals(True)
                selector.setCurrentIndex(selector.findData(previous[0]))
                selector.blockSignals(False)
                return
            selector.dask_description = cluster.describe()
            controller.set_device("dask", cluster)
            selector._update_tooltip()
        else:
            controller.set_device(device)
            open_settings().setValue(DEVICE_KEY, device)
        previous[0] = device

    selector.currentIndexChanged.connect(device_chosen)

    menu = window.menu_run
    menu.addActions([run, run_selected, stop])
    bar = window.tool_bar
    bar.addSeparator()
    bar.addActions([run, run_selected, stop])
    bar.addWidget(selector)

    lock = EditLock(window)

    def update_enabled() -> None:
        running = controller.running or bool(controller.held_by)
        has_selection = bool(canvas.selected_op_names())
        run.setEnabled(not running)
        run_selected.setEnabled(not running and has_selection)
        stop.setEnabled(running)
        selector.setEnabled(not running)

    def running_changed(running: bool) -> None:
        lock.set_locked(running)
        update_enabled()

    controller.runningChanged.connect(running_changed)
    canvas.selectionChanged.connect(update_enabled)
    canvas.graphReplaced.connect(update_enabled)
    update_enabled()

    views = install_run_views(window, controller)
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(controller.shutdown)
    return RunUi(controller, run, run_selected, stop, selector, views, lock)
