"""TF1's FTRL-proximal optimizer (``tf.compat.v1.train.FtrlOptimizer``, McMahan et al. 2013),
built as TF's ``ftrl.py`` builds it: the slots ``accum`` (``w/Ftrl``, starting at
``initial_accumulator_value``) and ``linear`` (``w/Ftrl_1``, zeros), then in the optimizer's
scope its hyper-parameters (the L2 strength adjusted by ``beta``: ``l2 + beta / (2 *
max(lr, 1e-36))``, as ops) and one apply op per variable: ``ApplyFtrl``, or ``ApplyFtrlV2``
when an L2 shrinkage is set; ``SparseApplyFtrl…`` for a gathered variable's rows
(``ftrl_apply.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from ..framework.graph import get_default_graph
from ..framework.indexed_slices import IndexedSlices
from ..framework.operation import Operation, Tensor
from .apply import convert_to_tensor
from .array_builders import ones
from .math_api import cast, maximum
from .optimizers import Optimizer, _hyper
from .variables import Variable


class FtrlOptimizer(Optimizer):
    """FTRL-proximal: per-coordinate learning rates from the accumulated squared gradients,
    with L1 (weights exactly zero) and L2 regularization; the choice for wide, sparse
    models such as click prediction."""

    def __init__(self, learning_rate: Any, learning_rate_power: float = -0.5,
                 initial_accumulator_value: float = 0.1,
                 l1_regularization_strength: float = 0.0,
                 l2_regularization_strength: float = 0.0, use_locking: bool = False,
                 name: str = "Ftrl", accum_name: str | None = None,
                 linear_name: str | None = None,
                 l2_shrinkage_regularization_strength: float = 0.0,
                 beta: float | None = None) -> None:
        super().__init__(use_locking, name)
        for label, value, bad, what in (
                ("initial_accumulator_value", initial_accumulator_value, _negative,
                 "positive or zero"),
                ("learning_rate_power", learning_rate_power, _positive,
                 "negative or zero"),
                ("l1_regularization_strength", l1_regularization_strength, _negative,
                 "positive or zero"),
                ("l2_regularization_strength", l2_regularization_strength, _negative,
                 "positive or zero"),
                ("l2_shrinkage_regularization_strength", l2_shrinkage_regularization_strength,
                 _negative, "positive or zero")):
            if bad(value):
                raise ValueError(f"{label} {value:f} needs to be {what}")
        self._learning_rate = learning_rate
        self._learning_rate_power = learning_rate_power
        self._initial_accumulator_value = initial_accumulator_value
        self._l1 = l1_regularization_strength
        self._l2 = l2_regularization_strength
        self._beta = 0.0 if beta is None else beta
        self._l2_shrinkage = l2_shrinkage_regularization_strength
        self._accum_name, self._linear_name = accum_name, linear_name

    def _create_slots(self, var_list: Sequence[Variable]) -> None:
        for v in var_list:
            self._slot(v, "accum", partial(self._accumulator, v),
                       self._accum_name or self._name)
            self._zeros_slot(v, "linear", self._linear_name or self._name)

    def _accumulator(self, var: Variable) -> Any:
        """TF's ``_accum_initializer``: ``ones * initial_accumulator_value``."""
        filled: Any = ones(var.shape.as_list(), var.dtype.base_dtype)
        return filled * self._initial_accumulator_value

    def _prepare(self) -> None:
        self._lr_t = _hyper(self._learning_rate, "learning_rate")
        self._l1_t = _hyper(self._l1, "l1_regularization_strength")
        floor: Any = maximum(self._learning_rate, 1e-36)
        adjusted: Any = self._l2 + self._beta / (2.0 * floor)
        self._l2_t = convert_to_tensor(adjusted, name="adjusted_l2_regularization_strength")
        self._beta_t = _hyper(self._beta, "beta")
        self._l2_shrinkage_t = _hyper(self._l2_shrinkage, "l2_shrinkage_regularization_strength")
        self._power_t = _hyper(self._learning_rate_power, "learning_rate_power")

    def _update(self, op_type: str, var: Variable, grad: list[Tensor]) -> Operation:
        """The apply op: the references, the gradient's tensors, then the hyper-parameters
        cast to the variable's dtype (V2: the shrinkage before the power)."""
        base = var.dtype.base_dtype
        hypers = [self._lr_t, self._l1_t, self._l2_t]
        if op_type.endswith("V2"):
            hypers.append(self._l2_shrinkage_t)
        hypers.append(self._power_t)
        tensors = [var._ref(), self._slots["accum"][var]._ref(),
                   self._slots["linear"][var]._ref(), *grad, *(cast(h, base) for h in hypers)]
        return get_default_graph().create_op(op_type, tensors, {
            "use_locking": self._use_locking, "multiply_linear_by_lr": False}, op_type)

    def _suffix(self) -> str:
        return "V2" if self._l2_shrinkage > 0.0 else ""

    def _apply_dense(self, grad: Tensor, var: Variable) -> Operation:
        return self._update("ApplyFtrl" + self._suffix(), var, [grad])

    def _apply_sparse(self, grad: IndexedSlices, var: Variable) -> Operation:
        return self._update("SparseApplyFtrl" + self._suffix(), var,
                            [grad.values, grad.indices])


def _negative(value: float) -> bool:
    return value < 0.0


def _positive(value: float) -> bool:
    return value > 0.0
