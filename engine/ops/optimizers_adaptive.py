"""TF1's Adagrad, Adadelta and proximal gradient descent optimizers
(``tf.compat.v1.train``), built as ``optimizers.py`` builds the others: the slots first
(``w/Adagrad`` starting at ``initial_accumulator_value``, ``w/Adadelta`` and
``w/Adadelta_1`` at zeros), then in the optimizer's scope its hyper-parameters as Consts and
one apply op per variable (``adaptive_apply.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from ..framework.graph import get_default_graph
from ..framework.operation import Operation, Tensor
from .builder import constant
from .math_api import cast
from .optimizers import Optimizer, _hyper
from .variables import Variable


class AdagradOptimizer(Optimizer):
    """Adagrad: each element's step is the learning rate over the root of the sum of its
    squared gradients so far (slot ``accumulator``)."""

    _APPLY_OPS = ("ApplyAdagrad", "SparseApplyAdagrad")

    def __init__(self, learning_rate: Any, initial_accumulator_value: float = 0.1,
                 use_locking: bool = False, name: str = "Adagrad") -> None:
        if initial_accumulator_value <= 0.0:
            raise ValueError("initial_accumulator_value must be positive: "
                             f"{initial_accumulator_value}")
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._initial_accumulator_value = initial_accumulator_value

    def _create_slots(self, var_list: Sequence[Variable]) -> None:
        for v in var_list:
            self._slot(v, "accumulator", partial(constant, self._initial_accumulator_value,
                                                 v.dtype.base_dtype, v.shape.as_list()))

    def _prepare(self) -> None:
        self._lr_t = _hyper(self._learning_rate, "learning_rate")

    def _apply(self, op_type: str, var: Variable, grad: list[Tensor]) -> Operation:
        tensors = [var._ref(), self._slots["accumulator"][var]._ref(),
                   cast(self._lr_t, var.dtype.base_dtype), *grad]
        return get_default_graph().create_op(op_type, tensors, {
            "use_locking": self._use_locking, "update_slots": True}, op_type)


class AdadeltaOptimizer(Optimizer):
    """Adadelta (Zeiler): steps scaled by the ratio of the running roots of past updates
    and past gradients (slots ``accum`` and ``accum_update``)."""

    _APPLY_OPS = ("ApplyAdadelta", "SparseApplyAdadelta")

    def __init__(self, learning_rate: Any = 0.001, rho: Any = 0.95, epsilon: Any = 1e-8,
                 use_locking: bool = False, name: str = "Adadelta") -> None:
        super().__init__(use_locking, name)
        self._lr, self._rho, self._epsilon = learning_rate, rho, epsilon

    def _create_slots(self, var_list: Sequence[Variable]) -> None:
        for v in var_list:
            self._zeros_slot(v, "accum")
            self._zeros_slot(v, "accum_update")

    def _prepare(self) -> None:
        self._lr_t = _hyper(self._lr, "lr")
        self._rho_t = _hyper(self._rho, "rho")
        self._epsilon_t = _hyper(self._epsilon, "epsilon")

    def _apply(self, op_type: str, var: Variable, grad: list[Tensor]) -> Operation:
        base = var.dtype.base_dtype
        tensors = [var._ref(), self._slots["accum"][var]._ref(),
                   self._slots["accum_update"][var]._ref()]
        tensors += [cast(x, base) for x in (self._lr_t, self._rho_t, self._epsilon_t)]
        return get_default_graph().create_op(op_type, [*tensors, *grad],
                                             {"use_locking": self._use_locking}, op_type)


class ProximalGradientDescentOptimizer(Optimizer):
    """Gradient descent followed by the proximal step of L1 and L2 regularization: L1
    pulls small weights to exactly zero."""

    _APPLY_OPS = ("ApplyProximalGradientDescent", "SparseApplyProximalGradientDescent")

    def __init__(self, learning_rate: Any, l1_regularization_strength: Any = 0.0,
                 l2_regularization_strength: Any = 0.0, use_locking: bool = False,
                 name: str = "ProximalGradientDescent") -> None:
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._l1, self._l2 = l1_regularization_strength, l2_regularization_strength

    def _prepare(self) -> None:
        self._lr_t = _hyper(self._learning_rate, "learning_rate")
        self._l1_t = _hyper(self._l1, "l1_regularization_strength")
        self._l2_t = _hyper(self._l2, "l2_regularization_strength")

    def _apply(self, op_type: str, var: Variable, grad: list[Tensor]) -> Operation:
        """TF passes the hyper-parameters uncast: a float64 variable needs float64 ones."""
        return get_default_graph().create_op(
            op_type, [var._ref(), self._lr_t, self._l1_t, self._l2_t, *grad],
            {"use_locking": self._use_locking}, op_type)
