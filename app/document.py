"""The window's document: its file, unsaved changes, New/Open/Save, recent files, autosave.

Why one object: the title's ``*``, the Save/Discard/Cancel question, the recent-files list
and the recovery copy all hang on two facts, "which file is this" and "is the undo stack
clean", and keeping them together keeps every way of opening (command line, Open, Recent,
a dropped file) on the one path ``open_path``.

Its helpers live next to it: the dialogs it asks through (``app.document_prompts``, which
tests answer instead of a user), the recovery copies autosave writes (``app.recovery``) and
file drops (``app.file_drops``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QStyle, QWidget

import engine
from app import load_progress
from app.document_prompts import Prompts
from app.document_texts import file_label, opened_message, untitled
from app.examples import is_example
from app.failures import failure_message, failure_reason
from app.file_drops import FileDropFilter
from app.recovery import (
    UNTITLED,
    RecoveryCopy,
    orphaned_recoveries,
    recovery_dir,
    remove_stale_temp_files,
)
from app.settings import (
    AUTOSAVE_INTERVAL_KEY,
    LAST_FILE_KEY,
    OPENING_FILE_KEY,
    RECENT_FILES_KEY,
    open_settings,
)
from app.shortcuts import standard_shortcuts
from app.window_protocols import DocumentWindow
from editor.i18n import QT_TRANSLATE_NOOP, keep_translated, translate

MAX_RECENT = 10
DEFAULT_AUTOSAVE_MS = 3000


# -- the document ----------------------------------------------------------------------------


class Document(QObject):
    """File handling for one main window and its canvas."""

    def __init__(
        self,
        window: DocumentWindow,
        prompts: Prompts | None = None,
        recovery_directory: Path | None = None,
    ) -> None:
        assert isinstance(window, QMainWindow)  # its parent (see app.window_protocols)
        super().__init__(window)
        self.window = window
        self.canvas = window.canvas
        self.prompts = prompts or Prompts(window)
        self.path: Path | None = None
        #: a file opened but not yet shown: recorded as the last file once it is
        self._not_yet_shown: Path | None = None
        self._recovery = RecoveryCopy(recovery_directory or recovery_dir())
        self._origin: tuple[str, str] | None = None  # ("example" | "import", its file's name)

        settings = open_settings()
        interval = settings.value(AUTOSAVE_INTERVAL_KEY, DEFAULT_AUTOSAVE_MS, type=int)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setObjectName("autosaveTimer")
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(max(10, int(interval or DEFAULT_AUTOSAVE_MS)))
        self.autosave_timer.timeout.connect(self.autosave)

        self._create_actions()
        self.drops = FileDropFilter(self, lambda path: self.open_path(path), window)
        self.drops.watch(self.canvas.view.viewport())

        window.installEventFilter(self)  # its Show event: the opened file is on screen
        stack = self.canvas.undo_stack
        stack.cleanChanged.connect(self._clean_changed)
        stack.indexChanged.connect(self._changed)
        keep_translated(window, self._update_title)  # the title names "Untitled" in words

    # -- actions and menus ------------------------------------------------------------------

    def _action(self, text: str, name: str, key: QKeySequence.StandardKey | None,
                fallback: str, slot: Callable[[], Any], tip: str) -> QAction:
        action = QAction(self.window)
        action.setObjectName(name)
        if key is not None:
            action.setShortcuts(standard_shortcuts(key, fallback))
        keep_translated(self.window, lambda: (
            action.setText(translate("Document", text)),
            action.setStatusTip(translate("Document", tip)),
        ))
        action.triggered.connect(lambda _=False: slot())
        return action

    def _create_actions(self) -> None:
        window = self.window
        style = window.style()
        key = QKeySequence.StandardKey
        self.action_new = self._action(
            QT_TRANSLATE_NOOP("Document", "&New"), "actionNew", key.New, "Ctrl+N", self.new,
            QT_TRANSLATE_NOOP("Document", "Start a new, empty graph"))
        self.action_new.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_FileIcon))
        self.action_save = self._action(
            QT_TRANSLATE_NOOP("Document", "&Save"), "actionSave", key.Save, "Ctrl+S", self.save,
            QT_TRANSLATE_NOOP("Document", "Save the graph"))
        self.action_save.setIcon(
            style.standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton)
        )
        self.action_save_as = self._action(
            QT_TRANSLATE_NOOP("Document", "Save &As…"), "actionSaveAs", key.SaveAs,
            "Ctrl+Shift+S", self.save_as,
            QT_TRANSLATE_NOOP("Document", "Save the graph under a new name"))
        self.action_close = self._action(
            QT_TRANSLATE_NOOP("Document", "&Close Window"), "actionClose", key.Close, "Ctrl+W",
            window.close, QT_TRANSLATE_NOOP("Document", "Close this window"))

        self.menu_recent = QMenu(window)
        self.menu_recent.setObjectName("menuRecent")
        self.menu_recent.aboutToShow.connect(self.rebuild_recent_menu)
        self.action_clear_recent = QAction(self.menu_recent)
        keep_translated(window, lambda: (
            self.menu_recent.setTitle(translate("Document", "Open &Recent")),
            self.action_clear_recent.setText(translate("Document", "&Clear Recent")),
            self.rebuild_recent_menu(),
        ))
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
        return self.path.name if self.path else untitled()

    def _update_title(self) -> None:
        window = self.window
        window.setWindowTitle(f"{self.display_name}[*] — TensorCanvas")
        window.setWindowFilePath(str(self.path) if self.path else "")
        window.setWindowModified(self.is_modified)
        window.file_label.setText(file_label(self.path, self._origin))
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
        self._not_yet_shown = self.path
        if self.path is not None:
            self.add_recent(self.path)
            if self.window.isVisible():
                QTimer.singleShot(0, self, self._shown)
        self._update_title()

    # -- the last file, once shown -------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self._not_yet_shown is not None:
            QTimer.singleShot(0, self, self._shown)  # after the show and its first layout
        return False

    def _shown(self) -> None:
        """The window has shown the file (its view applied, the event queue drained): now
        it is the last file, and no longer one whose opening did not finish."""
        path = self._not_yet_shown
        if path is None or not self._alive() or not self.window.isVisible():
            return
        self._not_yet_shown = None
        settings = open_settings()
        settings.setValue(LAST_FILE_KEY, str(path))
        if settings.value(OPENING_FILE_KEY, "", type=str) == str(path):
            settings.remove(OPENING_FILE_KEY)

    def _opening(self, file: Path, opening: bool = True) -> None:
        """Mark ``file`` as being opened (or no longer), on disk at once: if the process
        dies before the window shows it, the next start asks before trying it again."""
        settings = open_settings()
        if opening:
            settings.setValue(OPENING_FILE_KEY, str(file.resolve()))
        elif settings.value(OPENING_FILE_KEY, "", type=str) == str(file.resolve()):
            settings.remove(OPENING_FILE_KEY)  # only our own mark
        settings.sync()

    def may_reopen(self, path: str | os.PathLike[str]) -> bool:
        """At start-up, before opening ``path``: False when the last start ended while
        opening this very file (it may be what stopped it) and the user chose not to try it
        again; then it is no longer the last file either."""
        settings = open_settings()
        unfinished = settings.value(OPENING_FILE_KEY, "", type=str)
        if not isinstance(unfinished, str) or not unfinished:
            return True
        if not _same_file(unfinished, path) or self.prompts.reopen_unfinished(Path(path)):
            return True
        settings.remove(OPENING_FILE_KEY)
        if _same_file(settings.value(LAST_FILE_KEY, "", type=str), path):
            settings.remove(LAST_FILE_KEY)
        self._status(translate(
            "Document", "Did not reopen {file}: TensorCanvas stopped while opening it the "
            "last time").format(file=Path(path).name), 15000)
        return False

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
        if self._not_yet_shown is not None:  # never shown, so it did not crash the window
            self._opening(self._not_yet_shown, opening=False)
        return True

    # -- New / Open / Save ---------------------------------------------------------------------

    def new(self) -> bool:
        if not self.maybe_save():
            return False
        self.canvas.set_graph(engine.Graph(), None)
        self._origin = None
        self._after_replace(None)
        self._status(translate("Document", "New graph"))
        return True

    def ask_open(self) -> bool:
        start = str(self.path.parent) if self.path else ""
        chosen = self.prompts.open_file(start)
        return self.open_path(chosen) if chosen else False

    def open_path(self, path: str | os.PathLike[str]) -> bool:
        """Open a graph file: the single entry point for every way of opening one. Nothing
        escapes it: a file that cannot be opened, for whatever reason, is reported and the
        open graph stays as it was."""
        file = Path(path)
        try:
            return self._open(file)
        except Exception as e:  # noqa: BLE001 — whatever the file holds, it is a message
            cannot = translate("Document", "Cannot open {file}").format(file=file.name)
            message = failure_message(cannot, e)
            self.window.file_label.setText(cannot)
            self.window.file_label.setToolTip(message)
            self._status(message, 15000)
            self.prompts.warn(translate("Document", "Cannot Open Graph"), message)
            return False

    def _open(self, file: Path) -> bool:
        if file.suffix.lower() in (".pbtxt", ".pb") and file.is_file():  # a TF GraphDef
            return bool(self.window.interop.import_path(file))  # type: ignore[attr-defined]
        if not file.is_file():
            message = translate("Document", "Cannot open {file}: file not found").format(
                file=file.name)
            self.window.file_label.setText(message)
            self._status(message)
            return False
        if not self.maybe_save():
            return False
        try:
            graph, editor = load_progress.load_graph(self.window, file)
        except load_progress.LoadCancelled:
            self._status(translate(
                "Document", "Opening {file} cancelled: the open graph is as it was",
            ).format(file=file.name))
            return False
        self._opening(file)
        self.canvas.sections.origin_dir = str(file.parent.resolve())  # its data files' folder
        try:
            moved = self.canvas.set_graph(graph, editor)  # keeps the old graph if it fails
        except BaseException:
            self._opening(file, opening=False)
            raise
        self.window.file_label.setToolTip("")
        example = is_example(file)  # the program's file: an untitled copy (app.examples)
        self._origin = ("example", file.name) if example else None
        self._after_replace(None if example else file)
        if example:
            self._opening(file, opening=False)  # no last file to guard: it is an untitled copy
        self._status(opened_message(file.name, example, moved))
        return True

    def adopt(self, graph: engine.Graph, editor: Any, note: str, source: str) -> list[str]:
        """Show ``graph`` as a new untitled document imported from the file ``source``: the
        old one was offered for saving first by the caller; ``note`` goes to the status bar."""
        moved = self.canvas.set_graph(graph, editor)  # keeps the old graph if it fails
        self._origin = ("import", source)
        self._after_replace(None)
        self._status(note, 10000)
        return moved

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
            engine.save_graph(path, self.canvas.graph,
                             editor=self.canvas.editor_section(str(path.parent.resolve())))
        except Exception as e:  # noqa: BLE001 — the old file stays, the edits stay unsaved
            message = failure_message(
                translate("Document", "Cannot save {file}").format(file=path.name), e)
            self.prompts.warn(translate("Document", "Cannot Save Graph"), message)
            self._status(message, 15000)
            return False
        self.autosave_timer.stop()
        self.canvas.undo_stack.setClean()
        self._recovery.discard()
        self._origin = None
        self._set_path(path)
        self._status(translate("Document", "Saved {file}").format(file=path.name))
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
            empty = QAction(translate("Document", "No Recent Files"), menu)
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
        except Exception as e:  # noqa: BLE001 — a timer's slot: nobody else would catch it
            self._status(translate("Document", "Autosave failed: {reason}").format(
                reason=failure_reason(e)), 15000)
            return False
        return True

    def offer_recovery(self) -> bool:
        """At start-up: offer the newest recovery copy a crashed window left. True when it
        was restored (then the window shows it, marked as unsaved)."""
        remove_stale_temp_files(self._recovery.directory)
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
            self.canvas.set_graph(graph, editor)
        except Exception as e:  # noqa: BLE001 — the copy stays, for a later try
            self.prompts.warn(translate("Document", "Cannot Restore Graph"), failure_message(
                translate("Document", "Cannot restore {file}").format(file=entry.display_name),
                e))
            entry.lock.unlock()
            return False
        self.path = entry.original.resolve() if entry.original else None
        self._origin = None
        self.canvas.undo_stack.resetClean()  # restored changes are unsaved changes
        self._update_title()
        self.autosave()  # our own copy first, then the old one goes
        entry.discard()
        self._status(translate("Document", "Restored unsaved changes to {file}").format(
            file=self.display_name))
        return True


def _action_after(widget: QWidget, action: QAction) -> QAction | None:
    actions = widget.actions()
    index = actions.index(action) if action in actions else -1
    return actions[index + 1] if 0 <= index < len(actions) - 1 else None


def _same_file(first: object, second: str | os.PathLike[str]) -> bool:
    if not isinstance(first, str) or not first:
        return False
    try:
        return Path(first).resolve() == Path(second).resolve()
    except (OSError, ValueError, RuntimeError):
        return False

