"""The inspector's Variable section: its initializer, edited as one undo step, and its
current value in the session.

Why the initializer is the initial-value Const: TF1's ``Variable(initial_value)`` builds
``<name>/initial_value`` (a Const) feeding ``<name>/Assign``; choosing an initializer here
computes its numbers (``editor.initializers``) and sets that Const's value through
``canvas.set_attrs`` — the engine's editing API, one undo step — so the graph file holds
exactly what the initializer runs. A Variable whose initial value is computed by other ops
(a script's ``random_normal`` subgraph) is shown, not rewired.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from editor.i18n import tr
from editor.initializers import KINDS, Initializer, guess, initial_value
from engine import EngineError, Operation, format_value

#: a variable's value in the session now (None when it has none)
ValueOf = Callable[[str], "np.ndarray | None"]



def kind_labels() -> dict[str, str]:
    """Each initializer's name in the interface's language; written out here, one ``tr``
    call each, because lupdate finds only texts written at the call."""
    return {
        "zeros": tr("Zeros"), "ones": tr("Ones"), "constant": tr("Constant value"),
        "random_normal": tr("Random normal"), "truncated_normal": tr("Truncated normal"),
        "random_uniform": tr("Random uniform"), "glorot_uniform": tr("Glorot uniform"),
    }


def initial_value_op(op: Operation) -> Operation | None:
    """The op that computes ``op``'s initial value (what ``<name>/Assign`` assigns)."""
    graph = op.graph
    name = f"{op.name}/Assign"
    if name not in graph:
        return None
    assign = graph.get_operation_by_name(name)
    source = assign.inputs[1] if len(assign.inputs) > 1 else None
    return source.op if source is not None else None


class VariablePanel(QGroupBox):
    """Initializer choice (kind, seed, scale, constant) with Apply, and the session value."""

    def __init__(self, op: Operation, set_attrs: Callable[[str, dict[str, Any]], None],
                 value_of: ValueOf, parent: QWidget | None = None) -> None:
        super().__init__(tr("Variable"), parent)
        self.setObjectName("variablePanel")
        self.op = op
        self.set_attrs = set_attrs
        self.value_of = value_of
        form = QFormLayout(self)
        note = QLabel(tr("Its value belongs to the session; the graph holds its initial "
                          "value."))
        note.setWordWrap(True)
        form.addRow(note)
        self.kind = QComboBox()
        self.kind.setObjectName("variableInitKind")
        labels = kind_labels()
        for kind in KINDS:
            self.kind.addItem(labels[kind], kind)
        self.seed = QSpinBox()
        self.seed.setObjectName("variableInitSeed")
        self.seed.setRange(0, 2**31 - 1)
        self.scale = QDoubleSpinBox()
        self.scale.setObjectName("variableInitScale")
        self.scale.setDecimals(4)
        self.scale.setRange(0.0, 1e6)
        self.constant = QDoubleSpinBox()
        self.constant.setObjectName("variableInitValue")
        self.constant.setDecimals(6)
        self.constant.setRange(-1e30, 1e30)
        form.addRow(tr("Initializer"), self.kind)
        form.addRow(tr("Seed"), self.seed)
        form.addRow(tr("Scale"), self.scale)
        form.addRow(tr("Value"), self.constant)
        self.apply_button = QPushButton(tr("Apply Initializer"))
        self.apply_button.setObjectName("variableInitApply")
        self.apply_button.clicked.connect(self.apply)
        form.addRow(self.apply_button)
        self.message = QLabel()
        self.message.setObjectName("variableInitMessage")
        self.message.setWordWrap(True)
        form.addRow(self.message)
        self.session_value = QLabel()
        self.session_value.setObjectName("variableSessionValue")
        self.session_value.setWordWrap(True)
        form.addRow(tr("Session value"), self.session_value)
        self.kind.currentIndexChanged.connect(lambda _i: self._enable())
        self._load()
        self.refresh_value()

    def _load(self) -> None:
        source = initial_value_op(self.op)
        if source is None or source.type != "Const":
            what = source.name if source is not None else tr("nothing")
            self.message.setText(tr("Its initial value is computed by {op}; edit that op "
                                     "instead.").format(op=what))
            for widget in (self.kind, self.seed, self.scale, self.constant, self.apply_button):
                widget.setEnabled(False)
            return
        init = guess(np.asarray(source.get_attr("value")))
        self.kind.setCurrentIndex(KINDS.index(init.kind))
        self.scale.setValue(init.scale)
        self.constant.setValue(init.value)
        self._enable()

    def _enable(self) -> None:
        kind = self.kind.currentData()
        self.seed.setEnabled(kind not in ("zeros", "ones", "constant"))
        self.scale.setEnabled(kind not in ("zeros", "ones", "constant"))
        self.constant.setEnabled(kind == "constant")

    def initializer(self) -> Initializer:
        return Initializer(str(self.kind.currentData()), self.seed.value(), self.scale.value(),
                           self.constant.value())

    def apply(self) -> bool:
        """Set the initial value from the chosen initializer (one undo step)."""
        source = initial_value_op(self.op)
        if source is None or source.type != "Const":
            return False
        shape = tuple(self.op.get_attr("shape").as_list())
        dtype = self.op.get_attr("dtype")
        try:
            value = initial_value(self.initializer(), shape, dtype)
            self.set_attrs(source.name, {"value": value})
        except (EngineError, ValueError, TypeError) as e:
            self.message.setText(str(e))
            return False
        self.message.setText(tr("Initial value set: {label}. Training starts from it once "
                                 "the variable is initialized again.").format(
                                     label=self.kind.currentText()))
        return True

    def refresh_value(self) -> None:
        value = self.value_of(self.op.name)
        self.session_value.setText(
            format_value(value, 200) if value is not None
            else tr("none yet (the session has not initialized it)"))
