"""The dialog that asks for the values of the placeholders a run needs.

Why values are typed like Const values: one syntax everywhere (``5``, ``[1, 2, 3]``,
``[[1, 2], [3, 4]]``), read by ``engine.parse_value``. Why each value is checked
with ``engine.convert_feed``: that is exactly the conversion the run does, so a
value the dialog accepts cannot fail to feed, and a refused one gets TF's own message
(``Cannot feed value of shape (2,) for Tensor x:0, which has shape (3,)``), shown next to
its field while the dialog stays open.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from editor.attr_values import value_text
from editor.labels import shape_label
from engine import Tensor, convert_feed, parse_value

ERROR_STYLE = "color: #c0392b;"


@dataclass(frozen=True)
class FeedRequest:
    """One placeholder to ask about, and the value given last time (if any)."""

    tensor: Tensor
    remembered: Any = None

    @property
    def name(self) -> str:
        return self.tensor.op.name

    def spec_text(self) -> str:
        """``3×? float32``: what the value must fit."""
        dtype = self.tensor.dtype
        return f"{shape_label(self.tensor.shape)} {dtype.name if dtype else '?'}"


class FeedDialog(QDialog):
    """One field per placeholder; OK checks every value and stays open on an error."""

    def __init__(self, requests: list[FeedRequest], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feedDialog")
        self.setWindowTitle("Placeholder Values")
        self.requests = list(requests)
        self.fields: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self._values: dict[str, Any] = {}

        layout = QVBoxLayout(self)
        intro = QLabel(
            "This run needs values for these placeholders. Type them like a Const's value: "
            "<code>5</code>, <code>[1, 2, 3]</code>, <code>[[1, 2], [3, 4]]</code>."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        for request in self.requests:
            name = request.name
            field = QLineEdit()
            field.setObjectName(f"feedField_{name}")
            field.setPlaceholderText(request.spec_text())
            if request.remembered is not None:
                field.setText(value_text(request.remembered))
            error = QLabel()
            error.setObjectName(f"feedError_{name}")
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.setTextFormat(Qt.TextFormat.PlainText)
            error.hide()
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(field)
            column.addWidget(error)
            label = QLabel(f"<b>{name}</b> <span style='color:#6b7080'>"
                           f"{request.spec_text()}</span>")
            form.addRow(label, column)
            self.fields[name] = field
            self.errors[name] = error
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Run")
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def check(self) -> bool:
        """Parse and convert every field; show each one's error. True when all fit."""
        ok = True
        values: dict[str, Any] = {}
        for request in self.requests:
            name = request.name
            try:
                value = parse_value(self.fields[name].text())
                convert_feed(request.tensor, value)
            except (TypeError, ValueError) as e:
                self.errors[name].setText(str(e))
                self.errors[name].show()
                ok = False
                continue
            self.errors[name].hide()
            values[name] = value
        if ok:
            self._values = values
        return ok

    def try_accept(self) -> None:
        """OK: accept only when every value fits; otherwise stay open showing why."""
        if self.check():
            self.accept()
        else:
            first = next(n for n, e in self.errors.items() if not e.isHidden())
            self.fields[first].setFocus()
            self.fields[first].selectAll()

    def values(self) -> dict[str, Any]:
        """``{placeholder name: value}`` once accepted."""
        return dict(self._values)

    def error_text(self, name: str) -> str:
        label = self.errors[name]
        return "" if label.isHidden() else label.text()


def ask_feed_values(parent: QWidget | None, requests: list[FeedRequest]) -> dict[str, Any] | None:
    """Show the dialog (modal); the values, or ``None`` when cancelled."""
    dialog = FeedDialog(requests, parent.window() if parent is not None else None)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.values()
        return None
    finally:
        dialog.deleteLater()
