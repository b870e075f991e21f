"""The dialog that asks for the values of the placeholders a run needs.

Why values are typed like Const values: one syntax everywhere (``5``, ``[1, 2, 3]``,
``[[1, 2], [3, 4]]``), read by ``engine.parse_value``. Why each value is checked
with ``engine.convert_feed``: that is exactly the conversion the run does, so a
value the dialog accepts cannot fail to feed, and a refused one gets TF's own message
(``Cannot feed value of shape (2,) for Tensor x:0, which has shape (3,)``), shown next to
its field while the dialog stays open; the dialog grows to show the whole message.

Why a value the conversion would change is refused first: TF converts a feed without a
word (``1.5`` into an int32 placeholder is ``1``, ``"False"`` into a bool is ``True``,
``70000.0`` into float16 is ``inf``). The dialog says what the value would become
(``editor.lossy``); pressing Run again with the same text feeds it all the same.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
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

from editor.attr_values import MAX_TYPED_CHARS, REFUSED, too_long, value_text
from editor.i18n import translate
from editor.labels import shape_label
from editor.lossy import describe_change
from engine import Tensor, check_file_feed, convert_feed, open_npy, parse_value

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
        self.setWindowTitle(translate("FeedDialog", "Placeholder Values"))
        self.requests = list(requests)
        self.fields: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self._values: dict[str, Any] = {}
        #: the text of each field whose conversion warning was shown: Run again feeds it
        self._warned: dict[str, str] = {}

        layout = QVBoxLayout(self)
        intro = QLabel(translate(
            "FeedDialog", "This run needs values for these placeholders. Type them like a "
            "Const's value: <code>5</code>, <code>[1, 2, 3]</code>, <code>[[1, 2], [3, 4]]</code>, "
            "or <code>@path.npy</code> for a NumPy file (read as the run needs it: on a dask "
            "cluster, chunk by chunk)."
        ))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        for request in self.requests:
            name = request.name
            field = QLineEdit()
            field.setObjectName(f"feedField_{name}")
            # one over the limit: a longer paste is refused with a reason, never cut
            field.setMaxLength(MAX_TYPED_CHARS + 1)
            field.setPlaceholderText(request.spec_text())
            if isinstance(request.remembered, np.memmap):  # a file: its name, not its values
                field.setText(f"@{request.remembered.filename}")
            elif request.remembered is not None:
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
            field.textEdited.connect(lambda _text, label=error: label.hide())
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            translate("FeedDialog", "Run"))
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
            text = self.fields[name].text()
            try:
                problem = self._problem(request, text)
            except REFUSED as e:
                problem = str(e)
            if problem is not None:
                self.errors[name].setText(problem)
                self.errors[name].show()
                ok = False
                continue
            self.errors[name].hide()
            values[name] = _file(text) if _is_file(text) else parse_value(text)
        if ok:
            self._values = values
        self._fit_messages()
        return ok

    def _problem(self, request: FeedRequest, text: str) -> str | None:
        """Why ``text`` cannot be fed to ``request``'s placeholder (None: it can); raises
        the parser's or the engine's refusal."""
        reason = too_long(text)
        if reason is not None:
            return reason
        if _is_file(text):  # @path.npy: memory-mapped, read only where the run reads it
            try:
                check_file_feed(request.tensor, _file(text), text.strip()[1:])
            except ValueError as e:
                return str(e)
            return None
        value = parse_value(text)
        with warnings.catch_warnings():  # numpy's "overflow encountered in cast": we say it
            warnings.simplefilter("ignore", RuntimeWarning)
            converted = convert_feed(request.tensor, value)
        dtype = request.tensor.dtype
        if dtype is None:
            return None
        change = describe_change(value, converted, dtype.name, dtype.kind)
        name = request.name
        if change is None or self._warned.get(name) == text:
            return None
        self._warned[name] = text
        return translate("FeedDialog", "{change}. Press Run again to feed it all the same, or "
                         "change it.").format(change=change)

    def _fit_messages(self) -> None:
        """Grow (never shrink) to show every message in full: a wrapped label needs more
        height than the dialog had when it was hidden."""
        layout = self.layout()
        layout.activate()
        width = self.width()
        height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else (
            self.sizeHint().height()
        )
        if height > self.height():
            self.resize(width, height)

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


def _is_file(text: str) -> bool:
    return text.strip().startswith("@")


def _file(text: str) -> np.ndarray:
    """The ``.npy`` file ``@path`` names, memory-mapped (``ValueError`` naming it)."""
    return open_npy(text.strip()[1:].strip())


def ask_feed_values(parent: QWidget | None, requests: list[FeedRequest]) -> dict[str, Any] | None:
    """Show the dialog (modal); the values, or ``None`` when cancelled."""
    dialog = FeedDialog(requests, parent.window() if parent is not None else None)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.values()
        return None
    finally:
        dialog.deleteLater()
