"""The window's document: its file, unsaved changes, New/Open/Save, recent files, autosave.

Why one object: the title's ``*``, the Save/Discard/Cancel question, the recent-files list
and the recovery copy all hang on two facts, "which file is this" and "is the undo stack
clean", and keeping them together keeps every way of opening (command line, Open, Recent,
a dropped file) on the one path ``open_path``.

Why the dialogs go through ``Prompts``: a modal dialog blocks a test run forever, so tests
swap in answers (``Document.prompts``) instead of clicking through real dialogs.

Autosave writes a recovery copy (never the user's file) a few seconds after each change, to
``recovery/<id>.json`` under the app's data directory, with ``<id>.info.json`` recording the
file it belongs to. A ``QLockFile`` marks the copy as owned by a running window; a copy whose
lock is stale (its process died) is offered for restoring at the next start.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QEvent, QLockFile, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QStyle, QWidget

import engine
from app.settings import (
    AUTOSAVE_INTERVAL_KEY,
    LAST_FILE_KEY,
    RECENT_FILES_KEY,
    data_dir,
    open_settings,
)
from app.shortcuts import standard_shortcuts

if TYPE_CHECKING:
    from app.main_window import MainWindow

UNTITLED = "Untitled"
MAX_RECENT = 10
DEFAULT_AUTOSAVE_MS = 3000
FILE_FILTER = "TensorCanvas graphs (*.json);;All files (*)"


def recovery_dir() -> Path:
    return data_dir() / "recovery"


# -- dialogs ---------------------------------------------------------------------------------


class Prompts:
    """The questions a document asks, as real dialogs. Tests replace the instance."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def unsaved_changes(self, name: str) -> str:
        """``"save"``, ``"discard"`` or ``"cancel"``."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Unsaved Changes",
            f"Do you want to save the changes to “{name}”?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            self.parent,
        )
        box.setInformativeText("Your changes will be lost if you don't save them.")
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        return {
            QMessageBox.StandardButton.Save: "save",
            QMessageBox.StandardButton.Discard: "discard",
        }.get(QMessageBox.StandardButton(answer), "cancel")

    def restore_recovery(self, entry: RecoveryEntry) -> bool:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(entry.saved_at))
        answer = QMessageBox.question(
            self.parent,
            "Restore Unsaved Changes",
            f"TensorCanvas did not close normally. Restore the unsaved changes to "
            f"“{entry.display_name}” (autosaved {when})?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes

    def open_file(self, start: str) -> str | None:
        chosen, _ = QFileDialog.getOpenFileName(self.parent, "Open Graph", start, FILE_FILTER)
        return chosen or None

    def save_file(self, suggested: str) -> str | None:
        chosen, _ = QFileDialog.getSaveFileName(
            self.parent, "Save Graph As", suggested, FILE_FILTER
        )
        return chosen or None

    def warn(self, title: str, text: str) -> None:
        """A warning that does not block: the window stays usable behind it."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                          self.parent)
        box.setObjectName("documentWarning")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()


# -- recovery files --------------------------------------------------------------------------


@dataclass
class RecoveryEntry:
    """A recovery copy left by a window that did not close."""

    ident: str
    graph_file: Path
    info_file: Path
    original: Path | None
    saved_at: float
    lock: QLockFile

    @property
    def display_name(self) -> str:
        return self.original.name if self.original else UNTITLED

    def discard(self) -> None:
        for file in (self.graph_file, self.info_file):
            file.unlink(missing_ok=True)
        self.lock.unlock()


def orphaned_recoveries(directory: Path | None = None) -> list[RecoveryEntry]:
    """Recovery copies whose window is gone (their lock is free or stale), newest first.
    Each returned entry holds its lock, so no other window takes it meanwhile."""
    directory = directory or recovery_dir()
    found = []
    for info_file in sorted(directory.glob("*.info.json")):
        ident = info_file.name.removesuffix(".info.json")
        graph_file = directory / f"{ident}.json"
        lock = QLockFile(str(directory / f"{ident}.lock"))
        lock.setStaleLockTime(0)  # stale only when its process is gone, however old it is
        if not lock.tryLock(0):
            continue  # a running window owns it
        try:
            info = json.loads(info_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            info = {}
        if not graph_file.is_file():
            info_file.unlink(missing_ok=True)
            lock.unlock()
            continue
        original = info.get("path") if isinstance(info, dict) else None
        saved_at = info.get("saved_at") if isinstance(info, dict) else None
        found.append(RecoveryEntry(
            ident, graph_file, info_file,
            Path(original) if isinstance(original, str) and original else None,
            float(saved_at) if isinstance(saved_at, (int, float)) else graph_file.stat().st_mtime,
            lock,
        ))
    found.sort(key=lambda e: e.saved_at, reverse=True)
    return found


class _Recovery:
    """This document's recovery copy: written on autosave, deleted when clean."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.ident = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        self.graph_file = directory / f"{self.ident}.json"
        self.info_file = directory / f"{self.ident}.info.json"
        self._lock: QLockFile | None = None

    def write(self, graph: engine.Graph, editor: dict[str, Any], original: Path | None) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        if self._lock is None:
            lock = QLockFile(str(self.directory / f"{self.ident}.lock"))
            lock.setStaleLockTime(0)  # only a dead process makes it stale, never its age
            if not lock.tryLock(0):
                raise OSError(f"cannot lock {self.directory / self.ident}.lock")
            self._lock = lock
        info = {"path": str(original) if original else None, "saved_at": time.time(),
                "pid": os.getpid()}
        tmp = self.info_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(info), encoding="utf-8")
        os.replace(tmp, self.info_file)
        engine.save_graph(self.graph_file, graph, editor=editor)

    @property
    def exists(self) -> bool:
        return self.graph_file.exists()

    def discard(self) -> None:
        for file in (self.graph_file, self.info_file):
            file.unlink(missing_ok=True)
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None


# -- file drops ------------------------------------------------------------------------------


def dropped_graph_path(event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> Path | None:
    """The first local ``.json`` file a drag carries, or None."""
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and url.toLocalFile().lower().endswith(".json"):
            return Path(url.toLocalFile())
    return None


class FileDropFilter(QObject):
    """Dropping a ``.json`` graph file on the window (canvas included) opens it."""

    def __init__(self, document: Document, *widgets: QWidget) -> None:
        super().__init__(document)
        self.document = document
        for widget in widgets:
            self.watch(widget)

    def watch(self, widget: QWidget) -> None:
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, (QDragEnterEvent, QDragMoveEvent))
            if dropped_graph_path(event) is not None:
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            path = dropped_graph_path(event)
            if path is not None:
                event.acceptProposedAction()
                # after the drop returns: the drag source must not wait on a question
                QTimer.singleShot(0, lambda: self.document.open_path(path))
                return True
        return super().eventFilter(watched, event)


# -- the document ----------------------------------------------------------------------------


class Document(QObject):
    """File handling for one ``MainWindow`` and its canvas."""

    def __init__(
        self,
        window: MainWindow,
        prompts: Prompts | None = None,
        recovery_directory: Path | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.canvas = window.canvas
        self.prompts = prompts or Prompts(window)
        self.path: Path | None = None
        self._recovery = _Recovery(recovery_directory or recovery_dir())

        settings = open_settings()
        interval = settings.value(AUTOSAVE_INTERVAL_KEY, DEFAULT_AUTOSAVE_MS, type=int)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setObjectName("autosaveTimer")
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(max(10, int(interval or DEFAULT_AUTOSAVE_MS)))
        self.autosave_timer.timeout.connect(self.autosave)

        self._create_actions()
        self.drops = FileDropFilter(self, window)
        self.drops.watch(self.canvas.view.viewport())

        stack = self.canvas.undo_stack
        stack.cleanChanged.connect(self._clean_changed)
        stack.indexChanged.connect(self._changed)
        self._update_title()

    # -- actions and menus ------------------------------------------------------------------

    def _action(self, text: str, name: str, key: QKeySequence.StandardKey | None,
                fallback: str, slot: Callable[[], Any], tip: str) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        if key is not None:
            action.setShortcuts(standard_shortcuts(key, fallback))
        action.setStatusTip(tip)
        action.triggered.connect(lambda _=False: slot())
        return action

    def _create_actions(self) -> None:
        window = self.window
        style = window.style()
        key = QKeySequence.StandardKey
        self.action_new = self._action("&New", "actionNew", key.New, "Ctrl+N", self.new,
                                       "Start a new, empty graph")
        self.action_new.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_FileIcon))
        self.action_save = self._action("&Save", "actionSave", key.Save, "Ctrl+S", self.save,
                                        "Save the graph")
        self.action_save.setIcon(
            style.standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton)
        )
        self.action_save_as = self._action("Save &As…", "actionSaveAs", key.SaveAs,
                                           "Ctrl+Shift+S", self.save_as,
                                           "Save the graph under a new name")
        self.action_close = self._action("&Close Window", "actionClose", key.Close, "Ctrl+W",
                                         window.close, "Close this window")

        self.menu_recent = QMenu("Open &Recent", window)
        self.menu_recent.setObjectName("menuRecent")
        self.menu_recent.aboutToShow.connect(self.rebuild_recent_menu)
        self.action_clear_recent = QAction("&Clear Recent", self.menu_recent)
        self.action_clear_recent.setObjectName("actionClearRecent")
        self.action_clear_recent.triggered.connect(self.clear_recent)

        menu = window.menu_file
        first = menu.actions()[0] if menu.actions() else None
        menu.insertAction(first, self.action_new)
        after_open = _action_after(menu, window.action_open)
        menu.insertMenu(after_open, self.menu_recent)
        menu.insertSeparator(after_open)
        menu.insertAction(after_open, self.action_save)
        menu.insertAction(after_open, self.action_save_as)
        menu.insertSeparator(after_open)
        menu.insertAction(after_open, self.action_close)

        bar = window.tool_bar
        bar.insertAction(window.action_open, self.action_new)
        bar.insertAction(_action_after(bar, window.action_open), self.action_save)
        self.rebuild_recent_menu()

    # -- state -------------------------------------------------------------------------------

    @property
    def is_modified(self) -> bool:
        return not self.canvas.undo_stack.isClean()

    @property
    def display_name(self) -> str:
        return self.path.name if self.path else UNTITLED

    def _update_title(self) -> None:
        window = self.window
        window.setWindowTitle(f"{self.display_name}[*] — TensorCanvas")
        window.setWindowFilePath(str(self.path) if self.path else "")
        window.setWindowModified(self.is_modified)
        window.file_label.setText(self.display_name)
        window.current_path = self.path

    def _alive(self) -> bool:
        """False while the window is being destroyed (the undo stack's clean-up still
        emits its signals then, after the window's wrapper is gone)."""
        return shiboken6.isValid(self.window) and shiboken6.isValid(self.canvas.undo_stack)

    def _clean_changed(self, clean: bool) -> None:
        if self._alive():
            self.window.setWindowModified(not clean)

    def _changed(self, *_: Any) -> None:
        if not self._alive():
            return
        if self.is_modified:
            self.autosave_timer.start()
        else:
            self.autosave_timer.stop()
            self._recovery.discard()

    def _status(self, text: str, ms: int = 5000) -> None:
        self.window.statusBar().showMessage(text, ms)

    def _set_path(self, path: Path | None) -> None:
        self.path = path.resolve() if path else None
        if self.path is not None:
            self.add_recent(self.path)
            open_settings().setValue(LAST_FILE_KEY, str(self.path))
        self._update_title()

    # -- asking about changes ----------------------------------------------------------------

    def maybe_save(self) -> bool:
        """Before the graph is replaced or the window closes: True to go on."""
        if not self.is_modified:
            return True
        answer = self.prompts.unsaved_changes(self.display_name)
        if answer == "save":
            return self.save()
        return answer == "discard"

    def close_requested(self) -> bool:
        """The window is closing: False keeps it open (the user cancelled)."""
        if not self.maybe_save():
            return False
        self.autosave_timer.stop()
        self._recovery.discard()
        return True

    # -- New / Open / Save ---------------------------------------------------------------------

    def new(self) -> bool:
        if not self.maybe_save():
            return False
        self.canvas.set_graph(engine.Graph(), None)
        self._after_replace(None)
        self._status("New graph")
        return True

    def ask_open(self) -> bool:
        start = str(self.path.parent) if self.path else ""
        chosen = self.prompts.open_file(start)
        return self.open_path(chosen) if chosen else False

    def open_path(self, path: str | os.PathLike[str]) -> bool:
        """Open a graph file: the single entry point for every way of opening one."""
        file = Path(path)
        if not file.is_file():
            message = f"Cannot open {file.name}: file not found"
            self.window.file_label.setText(message)
            self._status(message)
            return False
        if not self.maybe_save():
            return False
        try:
            graph, editor = engine.load_graph(file)
        except engine.GraphFileError as e:
            self.window.file_label.setText(f"Cannot open {file.name}")
            self.window.file_label.setToolTip(str(e))
            self._status(str(e), 15000)
            self.prompts.warn("Cannot Open Graph", str(e))
            return False
        self.canvas.set_graph(graph, editor)
        self.window.file_label.setToolTip("")
        self._after_replace(file)
        self._status(f"Opened {file.name}")
        return True

    def _after_replace(self, path: Path | None) -> None:
        self.autosave_timer.stop()
        self._recovery.discard()
        self.canvas.undo_stack.setClean()
        self._set_path(path)

    def save(self) -> bool:
        if self.path is None:
            return self.save_as()
        return self._write(self.path)

    def save_as(self) -> bool:
        suggested = str(self.path) if self.path else f"{UNTITLED.lower()}.json"
        chosen = self.prompts.save_file(suggested)
        if not chosen:
            return False
        target = Path(chosen)
        if not target.suffix:
            target = target.with_suffix(".json")
        return self._write(target)

    def _write(self, path: Path) -> bool:
        try:
            engine.save_graph(path, self.canvas.graph, editor=self.canvas.editor_section())
        except engine.GraphFileError as e:
            self.prompts.warn("Cannot Save Graph", str(e))
            self._status(str(e), 15000)
            return False
        self.autosave_timer.stop()
        self.canvas.undo_stack.setClean()
        self._recovery.discard()
        self._set_path(path)
        self._status(f"Saved {path.name}")
        return True

    # -- recent files --------------------------------------------------------------------------

    def recent_files(self) -> list[Path]:
        """The recent files that still exist, newest first (missing ones are pruned)."""
        settings = open_settings()
        raw = settings.value(RECENT_FILES_KEY, [])
        entries = [raw] if isinstance(raw, str) else list(raw or [])
        kept = [Path(p) for p in entries if isinstance(p, str) and p and Path(p).is_file()]
        if len(kept) != len(entries):
            settings.setValue(RECENT_FILES_KEY, [str(p) for p in kept])
        return kept[:MAX_RECENT]

    def add_recent(self, path: Path) -> None:
        entries = [p for p in self.recent_files() if p != path]
        open_settings().setValue(
            RECENT_FILES_KEY, [str(p) for p in [path, *entries][:MAX_RECENT]]
        )
        self.rebuild_recent_menu()

    def clear_recent(self) -> None:
        open_settings().setValue(RECENT_FILES_KEY, [])
        self.rebuild_recent_menu()

    def rebuild_recent_menu(self) -> None:
        menu = self.menu_recent
        for action in menu.actions():
            if action is not self.action_clear_recent:
                menu.removeAction(action)
                action.deleteLater()
        files = self.recent_files()
        for number, file in enumerate(files, start=1):
            prefix = f"&{number} " if number < 10 else "1&0 "
            action = QAction(prefix + file.name.replace("&", "&&"), menu)
            action.setData(str(file))
            action.setToolTip(str(file))
            action.setStatusTip(str(file))
            action.triggered.connect(lambda _=False, f=file: self.open_path(f))
            menu.addAction(action)
        if not files:
            empty = QAction("No Recent Files", menu)
            empty.setEnabled(False)
            menu.addAction(empty)
        menu.addSeparator()
        menu.addAction(self.action_clear_recent)
        self.action_clear_recent.setEnabled(bool(files))

    # -- autosave and recovery -----------------------------------------------------------------

    @property
    def recovery_file(self) -> Path:
        return self._recovery.graph_file

    def autosave(self) -> bool:
        """Write the recovery copy now (if there are unsaved changes)."""
        if not self.is_modified:
            return False
        try:
            self._recovery.write(self.canvas.graph, self.canvas.editor_section(), self.path)
        except (engine.GraphFileError, OSError) as e:
            self._status(f"Autosave failed: {e}", 15000)
            return False
        return True

    def offer_recovery(self) -> bool:
        """At start-up: offer the newest recovery copy a crashed window left. True when it
        was restored (then the window shows it, marked as unsaved)."""
        entries = orphaned_recoveries(self._recovery.directory)
        if not entries:
            return False
        entry, others = entries[0], entries[1:]
        for other in others:  # offered at a later start, one window each
            other.lock.unlock()
        if not self.prompts.restore_recovery(entry):
            entry.discard()
            return False
        try:
            graph, editor = engine.load_graph(entry.graph_file)
        except engine.GraphFileError as e:
            self.prompts.warn("Cannot Restore Graph", str(e))
            entry.lock.unlock()
            return False
        self.canvas.set_graph(graph, editor)
        self.path = entry.original.resolve() if entry.original else None
        self.canvas.undo_stack.resetClean()  # restored changes are unsaved changes
        self._update_title()
        self.autosave()  # our own copy first, then the old one goes
        entry.discard()
        self._status(f"Restored unsaved changes to {self.display_name}")
        return True


def _action_after(widget: QWidget, action: QAction) -> QAction | None:
    actions = widget.actions()
    index = actions.index(action) if action in actions else -1
    return actions[index + 1] if 0 <= index < len(actions) - 1 else None
