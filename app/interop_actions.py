"""File → Import… and File → Export…: graphs in other formats, chosen by extension.

Import reads a TensorFlow GraphDef (``.pbtxt``, ``.pb``) or a graph file and opens it as a new
untitled document (the open one is offered for saving first); nodes of op types TensorCanvas
has not come in as opaque nodes, and the status bar says how many. Export writes the graph as
a GraphDef, an ONNX model, a Python script (``tf.compat.v1``) or a graph file; what cannot be
exported (an op with no ONNX mapping, an unwired input) is a message naming the op, and the
file on disk is left as it was. The file dialogs go through ``ask_import``/``ask_export`` so
tests call ``import_path``/``export_path`` directly.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow

import engine
from app import load_progress
from app.failures import failure_message

#: the extension a format's entry in the dialog adds to a name typed without one
_PATTERNS = {ext: f"*{ext}" for ext in engine.EXPORT_FORMATS}


def _filters(formats: dict[str, str], all_label: str) -> str:
    """``"TensorFlow GraphDef (text) (*.pbtxt);;…;;All supported (*.pbtxt *.pb …)"``."""
    entries = [f"{label} ({_PATTERNS[ext]})" for ext, label in formats.items()]
    every = " ".join(_PATTERNS[ext] for ext in formats)
    return ";;".join([f"{all_label} ({every})", *entries])


class InteropActions(QObject):
    """The Import… and Export… actions of one main window."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.document = window.document  # type: ignore[attr-defined]
        self.canvas = window.canvas  # type: ignore[attr-defined]
        self.last_report: engine.ImportReport | None = None
        self.action_import = QAction(self.tr("&Import…"), window)
        self.action_import.setObjectName("actionImport")
        self.action_import.setStatusTip(
            self.tr("Open a TensorFlow GraphDef (.pbtxt, .pb) as a new untitled graph"))
        self.action_import.triggered.connect(lambda _=False: self.ask_import())
        self.action_export = QAction(self.tr("&Export…"), window)
        self.action_export.setObjectName("actionExport")
        self.action_export.setStatusTip(self.tr(
            "Write the graph as a TensorFlow GraphDef, an ONNX model (of the selected nodes, "
            "if any) or a Python script"))
        self.action_export.triggered.connect(lambda _=False: self.ask_export())
        menu = window.menu_file  # type: ignore[attr-defined]
        save_as = self.document.action_save_as
        actions = menu.actions()
        after = actions[actions.index(save_as) + 1] if save_as in actions[:-1] else None
        menu.insertSeparator(after)
        menu.insertAction(after, self.action_import)
        menu.insertAction(after, self.action_export)

    # -- dialogs ---------------------------------------------------------------------------
    def ask_import(self) -> bool:
        imports = {k: v for k, v in engine.IMPORT_FORMATS.items() if k != ".json"}
        chosen, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Import Graph"), "",
            _filters(imports, self.tr("TensorFlow GraphDefs")))
        return self.import_path(chosen) if chosen else False

    def ask_export(self) -> bool:
        start = self.document.path.with_suffix(".pbtxt") if self.document.path else \
            Path("graph.pbtxt")
        chosen, selected = QFileDialog.getSaveFileName(
            self.window, self.tr("Export Graph"), str(start),
            _filters(engine.EXPORT_FORMATS, self.tr("All supported formats")))
        if not chosen:
            return False
        target = Path(chosen)
        if not target.suffix:  # the format the dialog's filter names
            for ext, pattern in _PATTERNS.items():
                if f"({pattern})" in selected:
                    target = target.with_suffix(ext)
                    break
        return self.export_path(target)

    # -- the work ----------------------------------------------------------------------------
    def import_path(self, path: str | os.PathLike[str]) -> bool:
        """Open ``path`` as a new untitled document; a failure is a message and the open
        graph stays as it was."""
        file = Path(path)
        if not self.document.maybe_save():
            return False
        progress = load_progress.progress_for(self.window, file)  # a large file: a dialog
        try:
            graph, editor, report = engine.import_graph(file, progress=progress)
            self.last_report = report
            self.document.adopt(graph, editor, self._imported_note(file, graph, report),
                                file.name)
        except load_progress.LoadCancelled:
            self.window.statusBar().showMessage(
                self.tr("Importing {0} cancelled: the open graph is as it was").format(
                    file.name), 5000)
            return False
        except Exception as e:  # noqa: BLE001 — whatever the file holds, it is a message
            message = failure_message(self.tr("Cannot import {0}").format(file.name), e)
            self.document.prompts.warn(self.tr("Cannot Import Graph"), message)
            self.window.statusBar().showMessage(message, 15000)
            return False
        finally:
            if progress is not None:
                progress.close()
        return True

    def _imported_note(self, file: Path, graph: engine.Graph,
                       report: engine.ImportReport) -> str:
        note = self.tr("Imported {0} as an untitled graph ({1} ops)").format(
            file.name, len(graph))
        if report.opaque:
            types = ", ".join(sorted({op_type for _, op_type, _ in report.opaque}))
            note += self.tr("; {0} opaque node(s) of op types TensorCanvas has not: {1}").format(
                len(report.opaque), types)
        if report.warnings:
            note += self.tr("; {0} warning(s): {1}").format(len(report.warnings),
                                                           report.warnings[0])
        return note

    def _run_session(self) -> engine.Session | None:
        """The window's session when it is idle and holds this graph: an ONNX model's
        variables are written with the values the runs gave them (after ``init``)."""
        runs = getattr(getattr(self.window, "run", None), "controller", None)
        session = getattr(runs, "session", None)
        if runs is None or runs.running or session is None or session.graph is not \
                self.canvas.graph:
            return None
        return session

    def _onnx_fetches(self) -> list[str] | None:
        """What an ONNX model computes: the selected nodes when there are any (as Run
        Selected runs them: a training graph's model without its training ops), else
        every output of the ops nothing uses (None)."""
        return self.canvas.selected_op_names() or None

    def export_path(self, path: str | os.PathLike[str]) -> bool:
        target = Path(path)
        onnx = target.suffix.lower() == ".onnx"
        session = self._run_session() if onnx else None
        fetches = self._onnx_fetches() if onnx else None
        try:
            engine.export_graph(target, self.canvas.graph, fetches=fetches,
                                editor=self.canvas.editor_section(), session=session)
        except Exception as e:  # noqa: BLE001 — the old file stays; the graph is unchanged
            message = failure_message(self.tr("Cannot export {0}").format(target.name), e)
            self.document.prompts.warn(self.tr("Cannot Export Graph"), message)
            self.window.statusBar().showMessage(message, 15000)
            return False
        if fetches:
            done = self.tr("Exported {0}, computing {1}").format(target.name, ", ".join(fetches))
        else:
            done = self.tr("Exported {0}").format(target.name)
        self.window.statusBar().showMessage(done, 5000)
        return True


def install_interop(window: QMainWindow) -> InteropActions:
    return InteropActions(window)
