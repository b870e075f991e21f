"""Predict: choose an output and, for each placeholder it needs, a data file or a typed
value; the run's result goes to the Results dock (which exports it to .npy or .csv).

Why a dialog of its own rather than Run Selected: prediction is on *new* data — a file the
model has not been trained on — so every input is chosen here, starting from the training
binding, without changing the bindings the document keeps.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.bind_dialog import FILE_FILTER, source_for_file
from editor.i18n import tr
from engine import (
    DataFileError,
    DataSource,
    Graph,
    Operation,
    format_shape,
    load_feeds,
    parse_value,
)

#: how a placeholder is fed: a file, or a value as typed
Input = DataSource | str



def needed_placeholders(graph: Graph, output: Operation) -> list[Operation]:
    """The placeholders without a default that ``output`` depends on."""
    return [op for op in graph.upstream([output])
            if op.type == "Placeholder" and op.get_attr("default_value") is None]


class PredictDialog(QDialog):
    """The output, and one input row per placeholder it needs."""

    def __init__(self, graph: Graph, output: str, bindings: dict[str, DataSource],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("predictDialog")
        self.setWindowTitle(tr("Predict"))
        self.graph = graph
        self.bindings = bindings
        self.inputs: dict[str, Input] = {}
        box = QVBoxLayout(self)
        form = QFormLayout()
        self.output = QComboBox()
        self.output.setObjectName("predictOutput")
        names = [op.name for op in graph.get_operations() if op.outputs]
        self.output.addItems(names)
        if output in names:
            self.output.setCurrentIndex(names.index(output))
        self.output.currentIndexChanged.connect(lambda _i: self._rebuild())
        form.addRow(tr("Output"), self.output)
        box.addLayout(form)
        self.rows = QFormLayout()
        box.addLayout(self.rows)
        self.error = QLabel()
        self.error.setObjectName("predictError")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        self.error.hide()
        box.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        self._rebuild()

    def _rebuild(self) -> None:
        while self.rows.rowCount():
            self.rows.removeRow(0)
        name = self.output.currentText()
        if not name:
            return
        for op in needed_placeholders(self.graph, self.graph.get_operation_by_name(name)):
            bound = self.bindings.get(op.name)
            self.inputs.setdefault(op.name, bound if bound is not None else "")
            spec = op.outputs[0].spec
            shape = f"{format_shape(spec.shape)} {spec.dtype.name}" if spec else "?"
            row = QHBoxLayout()
            edit = QLineEdit()
            edit.setObjectName(f"predictValue_{op.name}")
            current = self.inputs[op.name]
            edit.setPlaceholderText(tr("a value such as [[1.0, 2.0]], or a file"))
            edit.setText(tr("file: {f}").format(f=current.describe())
                         if isinstance(current, DataSource) else current)
            edit.textEdited.connect(lambda text, n=op.name: self.inputs.__setitem__(n, text))
            button = QPushButton(tr("File…"))
            button.clicked.connect(lambda _c=False, n=op.name, e=edit: self._choose(n, e))
            row.addWidget(edit, 1)
            row.addWidget(button)
            self.rows.addRow(f"{op.name} ({shape})", row)

    def _choose(self, name: str, edit: QLineEdit) -> None:
        current = self.inputs.get(name)
        start = os.path.dirname(current.path) if isinstance(current, DataSource) else ""
        path, _ = QFileDialog.getOpenFileName(self, tr("Data for '{n}'").format(n=name),
                                              start, FILE_FILTER)
        if not path:
            return
        try:
            source = source_for_file(self, path, name)
        except DataFileError as e:
            self.error.setText(str(e))
            self.error.show()
            return
        if source is not None:
            self.inputs[name] = source
            edit.setText(tr("file: {f}").format(f=source.describe()))

    def answer(self) -> tuple[str, dict[str, Input]] | None:
        """Ask; the output and each input, or None when cancelled."""
        if self.exec() != QDialog.DialogCode.Accepted:
            return None
        return self.chosen()

    def chosen(self) -> tuple[str, dict[str, Input]]:
        name = self.output.currentText()
        needed = {op.name for op in needed_placeholders(
            self.graph, self.graph.get_operation_by_name(name))}
        return name, {k: v for k, v in self.inputs.items() if k in needed}


def feed_values(graph: Graph, inputs: dict[str, Input]) -> dict[str, Any]:
    """The values to feed: files read and checked (``DataFileError``), typed values parsed
    (``ValueParseError``)."""
    files = {k: v for k, v in inputs.items() if isinstance(v, DataSource)}
    values: dict[str, Any] = {t.op.name: v for t, v in load_feeds(graph, files).items()}
    for name, text in inputs.items():
        if isinstance(text, str):
            if not text.strip():
                raise DataFileError(tr("Give placeholder '{n}' a value or a file").format(
                    n=name))
            values[name] = parse_value(text)
    return values
