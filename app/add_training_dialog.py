"""Run → Add Training… (``actionAddTraining``): the optimizer, its parameters and the
variables to train, for the selected loss; one undo step adds what ``minimize`` builds.

Why through ``engine.train``: the gradient subgraph and the apply ops are TF1's, built by
the engine under TF's names (``gradients/…``, ``Adam``, ``w/Adam``, ``beta1_power``), so
what the canvas shows is what TF would run. The train op's and the loss's names then go
into the Train dock, in the same undo step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

import engine
from editor.i18n import tr
from engine import Graph, Tensor

#: optimizer → its parameters (name, default), in the constructor's order
OPTIMIZERS: dict[str, tuple[tuple[str, float], ...]] = {
    "GradientDescent": (("learning_rate", 0.01),),
    "Momentum": (("learning_rate", 0.01), ("momentum", 0.9)),
    "Adam": (("learning_rate", 0.001), ("beta1", 0.9), ("beta2", 0.999), ("epsilon", 1e-8)),
    "RMSProp": (("learning_rate", 0.001), ("decay", 0.9), ("momentum", 0.0),
                ("epsilon", 1e-10)),
    "Adagrad": (("learning_rate", 0.01), ("initial_accumulator_value", 0.1)),
    "Adadelta": (("learning_rate", 0.001), ("rho", 0.95), ("epsilon", 1e-8)),
    "ProximalGradientDescent": (("learning_rate", 0.01), ("l1_regularization_strength", 0.0),
                                ("l2_regularization_strength", 0.0)),
    "Ftrl": (("learning_rate", 0.01), ("learning_rate_power", -0.5),
             ("initial_accumulator_value", 0.1), ("l1_regularization_strength", 0.0),
             ("l2_regularization_strength", 0.0),
             ("l2_shrinkage_regularization_strength", 0.0), ("beta", 0.0)),
}


#: what a parameter may look like while it is typed: a sign, digits, a point, an exponent
_PARTIAL_NUMBER = re.compile(r"-?[0-9]*\.?[0-9]*([eE][-+]?[0-9]*)?")


class ParameterSpin(QDoubleSpinBox):
    """An optimizer parameter written as in code, ``0.001``, ``0.999``, ``1e-08``, and
    typed so too: a plain spin box shows a fixed number of decimals, ``0.0000000100``
    for Adam's epsilon, and cannot take ``1e-7``."""

    def textFromValue(self, value: float) -> str:  # noqa: N802 - Qt's name
        return f"{value:.10g}"

    def valueFromText(self, text: str) -> float:  # noqa: N802 - Qt's name
        try:
            return float(text)
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int) -> object:
        try:
            value = float(text)
        except ValueError:
            state = (QValidator.State.Intermediate if _PARTIAL_NUMBER.fullmatch(text)
                     else QValidator.State.Invalid)
        else:
            state = (QValidator.State.Acceptable if self.minimum() <= value <= self.maximum()
                     else QValidator.State.Intermediate)
        return state, text, pos


@dataclass
class TrainingChoice:
    """What the dialog asks: the optimizer, its parameters, the variables (by name)."""

    optimizer: str = "Adam"
    params: dict[str, float] = field(default_factory=dict)
    variables: list[str] = field(default_factory=list)


def trainable_names(graph: Graph) -> list[str]:
    """The graph's trainable variables (every variable, for a graph read from a file)."""
    with graph.as_default():
        return [v.op.name for v in engine.trainable_variables()]


def build_minimize(loss: Tensor, choice: TrainingChoice) -> Any:
    """``<Optimizer>(**params).minimize(loss, var_list)``: returns its train op."""
    graph = loss.graph
    cls = getattr(engine.train, f"{choice.optimizer}Optimizer")
    params = {name: choice.params.get(name, default)
              for name, default in OPTIMIZERS[choice.optimizer]}
    with graph.as_default():
        wanted = set(choice.variables)
        var_list = [v for v in engine.global_variables() if v.op.name in wanted]
        if not var_list:
            raise ValueError(tr("Choose at least one variable to train"))
        return cls(**params).minimize(loss, var_list=var_list)


class AddTrainingDialog(QDialog):
    """Optimizer, parameters and variables (all trainable ones ticked)."""

    def __init__(self, graph: Graph, loss: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addTrainingDialog")
        self.setWindowTitle(tr("Add Training"))
        box = QVBoxLayout(self)
        box.addWidget(QLabel(tr("Minimize {loss}").format(loss=loss)))
        form = QFormLayout()
        self.optimizer = QComboBox()
        self.optimizer.setObjectName("addTrainingOptimizer")
        self.optimizer.addItems(list(OPTIMIZERS))
        self.optimizer.setCurrentText("Adam")
        form.addRow(tr("Optimizer"), self.optimizer)
        box.addLayout(form)
        self.params_form = QFormLayout()
        box.addLayout(self.params_form)
        self.spins: dict[str, QDoubleSpinBox] = {}
        box.addWidget(QLabel(tr("Variables to train")))
        self.variables = QListWidget()
        self.variables.setObjectName("addTrainingVariables")
        trainable = set(trainable_names(graph))
        with graph.as_default():
            names = [v.op.name for v in engine.global_variables()]
        for name in names:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in trainable
                               else Qt.CheckState.Unchecked)
            self.variables.addItem(item)
        box.addWidget(self.variables)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        self.optimizer.currentTextChanged.connect(lambda _t: self._params())
        self._params()

    def _params(self) -> None:
        while self.params_form.rowCount():
            self.params_form.removeRow(0)
        self.spins = {}
        for name, default in OPTIMIZERS[self.optimizer.currentText()]:
            spin = ParameterSpin()
            spin.setObjectName(f"addTraining_{name}")
            spin.setDecimals(15)  # the value kept; ParameterSpin writes it shorter
            # a parameter whose default is negative (Ftrl's learning_rate_power) is at most 0
            spin.setRange(-1e6, 0.0) if default < 0 else spin.setRange(0.0, 1e6)
            spin.setSingleStep(default / 10 if default else 0.01)
            spin.setValue(default)
            self.spins[name] = spin
            self.params_form.addRow(name, spin)

    def choice(self) -> TrainingChoice:
        items = (self.variables.item(i) for i in range(self.variables.count()))
        return TrainingChoice(
            self.optimizer.currentText(),
            {name: spin.value() for name, spin in self.spins.items()},
            [i.text() for i in items if i.checkState() == Qt.CheckState.Checked])

    def answer(self) -> TrainingChoice | None:
        return self.choice() if self.exec() == QDialog.DialogCode.Accepted else None
