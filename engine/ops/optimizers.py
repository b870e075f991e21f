"""TF1's optimizers (``tf.compat.v1.train``), building the ops TF builds, with TF's names.

``minimize`` is ``compute_gradients`` (the gradient subgraph under ``gradients/``, gated per op
as TF's ``GATE_OP`` does) then ``apply_gradients``: the slot variables first, made outside any
control-dependency block (``Variable/Adam``, ``Variable/Adam_1``, ``beta1_power`` …), then,
in the optimizer's scope (``Adam``), its hyper-parameters as Consts (``Adam/learning_rate``),
one apply op per variable (``Adam/update_Variable/ApplyAdam``, with ``Cast``s where the
variable is not float32) and the NoOp that groups them, named after the scope. The train op
joins the graph's ``train_op`` collection.

A variable whose gradient is an ``IndexedSlices`` (one gathered from) is updated on its
gathered rows only, as TF does for a ref variable: gradient descent subtracts the scaled
rows (``ScatterSub``); the others first sum the rows of repeated indices (``Unique``,
``UnsortedSegmentSum``), then apply ``SparseApplyMomentum``, ``SparseApplyRMSProp`` or
Adam's assignments and ``ScatterAdd``s (``optimizers_sparse.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any

from ..framework import dtypes as dt
from ..framework.graph import Graph, get_default_graph
from ..framework.indexed_slices import IndexedSlices
from ..framework.operation import Operation, Tensor
from .apply import convert_to_tensor
from .array_builders import ones, zeros
from .gradients import _tuple, gradients
from .math_api import cast
from .optimizers_sparse import adam_sparse, deduplicate, gradient_descent_sparse
from .variables import Variable, assign, assign_add, group, trainable_variables

_VALID = (dt.float32, dt.float64, dt.float16, dt.bfloat16)
GradsAndVars = list[tuple[Tensor | None, Variable]]


class Optimizer:
    """The base class: gradients, slots, the update ops and their group."""

    GATE_NONE = 0
    GATE_OP = 1
    GATE_GRAPH = 2

    def __init__(self, use_locking: bool, name: str) -> None:
        if not name:
            raise ValueError("Must specify the optimizer name")
        self._use_locking = use_locking
        self._name = name
        self._slots: dict[str, dict[Variable, Variable]] = {}
        self._non_slot: dict[tuple[str, Graph], Variable] = {}

    def get_name(self) -> str:
        return self._name

    # --- the public steps ------------------------------------------------------------------
    def minimize(self, loss: Tensor, global_step: Any = None, var_list: Any = None,
                 gate_gradients: int = GATE_OP, aggregation_method: int | None = None,
                 colocate_gradients_with_ops: bool = False, name: str | None = None,
                 grad_loss: Any = None) -> Operation:
        """One training step: gradients of ``loss`` for ``var_list`` (the trainable
        variables by default), then their updates; returns the step's op."""
        grads_and_vars = self.compute_gradients(
            loss, var_list=var_list, gate_gradients=gate_gradients,
            aggregation_method=aggregation_method, grad_loss=grad_loss)
        if not [v for g, v in grads_and_vars if g is not None]:
            raise ValueError(
                "No gradients provided for any variable, check your graph for ops that do not "
                f"support gradients, between variables {[str(v) for _, v in grads_and_vars]} "
                f"and loss {loss}.")
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def compute_gradients(self, loss: Tensor, var_list: Any = None,
                          gate_gradients: int = GATE_OP, aggregation_method: int | None = None,
                          colocate_gradients_with_ops: bool = False, grad_loss: Any = None
                          ) -> GradsAndVars:
        """``[(gradient or None, variable)]`` for every variable of ``var_list``."""
        if callable(loss):
            raise TypeError("loss must be a tensor: a callable loss is for eager execution")
        if gate_gradients not in (self.GATE_NONE, self.GATE_OP, self.GATE_GRAPH):
            raise ValueError("gate_gradients must be one of: Optimizer.GATE_NONE, "
                             f"Optimizer.GATE_OP, Optimizer.GATE_GRAPH.  Not {gate_gradients}")
        self._assert_valid_dtypes([loss])
        if grad_loss is not None:
            self._assert_valid_dtypes([grad_loss])
        variables = trainable_variables() if var_list is None else list(_flatten(var_list))
        if not variables:
            raise ValueError("No variables to optimize.")
        for v in variables:  # a tensor is differentiated, and refused by apply_gradients
            _check_optimizable(v)
        grads = gradients(loss, [v._ref() if isinstance(v, Variable) else v
                                 for v in variables],
                          grad_ys=None if grad_loss is None else [grad_loss],
                          gate_gradients=gate_gradients == self.GATE_OP,
                          aggregation_method=aggregation_method)
        if gate_gradients == self.GATE_GRAPH:
            graph = loss.graph
            assert isinstance(graph, Graph)
            grads = _tuple(graph, grads)
        pairs = list(zip(grads, variables))
        self._assert_valid_dtypes([v for g, v in pairs if g is not None])
        return pairs

    def apply_gradients(self, grads_and_vars: Iterable[tuple[Any, Variable]],
                        global_step: Any = None, name: str | None = None) -> Operation:
        """The update ops of ``grads_and_vars`` and the op that groups them."""
        pairs = tuple(grads_and_vars)
        if not pairs:
            raise ValueError("No variables provided.")
        converted: list[tuple[Any, Variable]] = []
        for g, v in pairs:
            if g is not None and not isinstance(g, IndexedSlices):
                try:
                    g = convert_to_tensor(g)
                except (TypeError, ValueError):
                    raise TypeError("Gradient must be convertible to a Tensor or "
                                    f"IndexedSlices, or None: {g}") from None
            _check_optimizable(v)
            converted.append((g, v))
        var_list = [v for g, v in converted if g is not None]
        if not var_list:
            raise ValueError("No gradients provided for any variable: "
                             f"{[str(v) for _, v in converted]}.")
        graph = var_list[0].graph
        with graph.as_default():
            with graph.control_dependencies(None):  # TF's init_scope
                self._create_slots(var_list)
            updates: list[Operation] = []
            with graph.name_scope(name or self._name) as scope:
                self._prepare()
                for grad, var in converted:
                    if grad is None:
                        continue
                    with graph.name_scope("update_" + var.op.name):
                        if isinstance(var, Tensor):  # TF's _TensorProcessor.update_op
                            raise NotImplementedError(
                                f"('Trying to update a Tensor ', {var.tf_repr()})")
                        if isinstance(grad, IndexedSlices):
                            updates.append(self._apply_sparse_duplicate_indices(grad, var))
                        else:
                            updates.append(self._apply_dense(grad, var))
                if global_step is None:
                    step: Any = self._finish(updates, scope)
                else:
                    with graph.control_dependencies([self._finish(updates, "update")]):
                        step = assign_add(global_step, 1, name=scope)
            op = step.op if isinstance(step, Tensor) else step
            train_ops = graph.collections.setdefault("train_op", [])
            if op not in train_ops:
                train_ops.append(op)
            return op

    # --- slots -----------------------------------------------------------------------------
    def get_slot_names(self) -> list[str]:
        return sorted(self._slots)

    def get_slot(self, var: Variable, name: str) -> Variable | None:
        return self._slots.get(name, {}).get(var)

    def variables(self) -> list[Variable]:
        """The optimizer's own variables in the default graph (one optimizer may train
        several graphs): its slots and accumulators, in name order."""
        found = [v for named in self._slots.values() for v in named.values()]
        found += list(self._non_slot.values())
        graph = get_default_graph()
        return sorted([v for v in found if v.graph is graph], key=lambda v: v.name)

    def _slot(self, var: Variable, slot_name: str, make: Callable[[], Any],
              op_name: str | None = None) -> Variable:
        """The slot ``slot_name`` of ``var`` (``Variable/Adam``: ``op_name``, by default the
        optimizer's name, after the variable's), made on first use with ``make`` building
        its initial value under ``…/Initializer``."""
        named = self._slots.setdefault(slot_name, {})
        if var not in named:
            graph = var.graph
            suffix = op_name or self._name
            # TF's slot_creator names slots by variable scope: the current name scope
            # (``with name_scope("train")``) does not show in ``w/Adam``
            with graph.name_scope(None), graph.name_scope(f"{var.op.name}/{suffix}") as scope:
                named[var] = Variable(make, name=scope, trainable=False)
        return named[var]

    def _zeros_slot(self, var: Variable, slot_name: str, op_name: str | None = None
                    ) -> Variable:
        base = var.dtype.base_dtype
        return self._slot(var, slot_name, lambda: zeros(var.shape.as_list(), base), op_name)

    def _non_slot_variable(self, initial_value: Any, name: str, graph: Graph) -> Variable:
        key = (name, graph)
        if key not in self._non_slot:
            self._non_slot[key] = Variable(initial_value, name=name, trainable=False)
        return self._non_slot[key]

    # --- what each optimizer defines -------------------------------------------------------
    def _create_slots(self, var_list: Sequence[Variable]) -> None:
        pass

    def _prepare(self) -> None:
        pass

    #: (dense, sparse) apply op types, for an optimizer whose ``_apply(op_type, var, grad)``
    #: builds either from the gradient's tensors (a dense one, or a sparse one's values and
    #: indices); one with other forms overrides ``_apply_dense``/``_apply_sparse`` instead
    _APPLY_OPS: tuple[str, str] | None = None

    def _apply(self, op_type: str, var: Variable, grad: list[Tensor]) -> Operation:
        raise NotImplementedError

    def _apply_dense(self, grad: Tensor, var: Variable) -> Operation:
        if self._APPLY_OPS is None:
            raise NotImplementedError
        return self._apply(self._APPLY_OPS[0], var, [grad])

    def _apply_sparse_duplicate_indices(self, grad: IndexedSlices, var: Variable
                                        ) -> Operation:
        """TF's default: the rows of repeated indices summed first, then ``_apply_sparse``."""
        return self._apply_sparse(deduplicate(grad), var)

    def _apply_sparse(self, grad: IndexedSlices, var: Variable) -> Operation:
        if self._APPLY_OPS is None:
            raise NotImplementedError(f"{type(self).__name__} has no sparse update")
        return self._apply(self._APPLY_OPS[1], var, [grad.values, grad.indices])

    def _finish(self, update_ops: list[Operation], name: str) -> Operation:
        return group(*update_ops, name=name)

    def _assert_valid_dtypes(self, tensors: Sequence[Any]) -> None:
        for t in tensors:
            dtype = t.dtype.base_dtype if t.dtype is not None else None
            if dtype not in _VALID:
                valid = ", ".join(d.tf_repr for d in _VALID)  # TF prints its set's order
                raise ValueError(f"Invalid type {dtype.tf_repr if dtype else None} for "
                                 f"{t.name}, expected: [{valid}].")


def _hyper(value: Any, name: str) -> Tensor:
    """A hyper-parameter as TF's ``_prepare`` makes it: ``convert_to_tensor(value, name)``
    (a callable is called first)."""
    return convert_to_tensor(value() if callable(value) else value, name=name)


def _check_optimizable(v: Any) -> None:
    """TF's ``_get_processor``: it reads ``v.op`` first (an ``AttributeError`` for a number),
    then takes only Variables and tensors."""
    if isinstance(v, (Variable, Tensor)):
        return
    if not hasattr(v, "op"):
        raise AttributeError(f"'{type(v).__name__}' object has no attribute 'op'")
    raise NotImplementedError(f"('Trying to optimize unsupported type ', {v!r})")


def _flatten(values: Any) -> Iterable[Any]:
    if isinstance(values, (list, tuple)):
        for v in values:
            yield from _flatten(v)
    else:
        yield values


# --- the optimizers ------------------------------------------------------------------------
class GradientDescentOptimizer(Optimizer):
    """``var -= learning_rate * grad``."""

    def __init__(self, learning_rate: Any, use_locking: bool = False,
                 name: str = "GradientDescent") -> None:
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate

    def _prepare(self) -> None:
        self._lr_t = _hyper(self._learning_rate, "learning_rate")

    def _apply_dense(self, grad: Tensor, var: Variable) -> Operation:
        base = var.dtype.base_dtype
        graph = get_default_graph()
        tensors = [var._ref(), cast(self._lr_t, base), grad]
        return graph.create_op("ApplyGradientDescent", tensors,
                               {"use_locking": self._use_locking}, "ApplyGradientDescent")

    def _apply_sparse_duplicate_indices(self, grad: IndexedSlices, var: Variable
                                        ) -> Operation:
        """Repeated indices need no summing: ``ScatterSub`` subtracts each row."""
        return gradient_descent_sparse(grad, var, self._lr_t, self._use_locking)


class MomentumOptimizer(Optimizer):
    """``accum = accum * momentum + grad; var -= learning_rate * accum`` (or Nesterov's)."""

    _APPLY_OPS = ("ApplyMomentum", "SparseApplyMomentum")

    def __init__(self, learning_rate: Any, momentum: Any, use_locking: bool = False,
                 name: str = "Momentum", use_nesterov: bool = False) -> None:
        super().__init__(use_locking, name)
        self._learning_rate, self._momentum = learning_rate, momentum
        self._use_nesterov = use_nesterov

    def _create_slots(self, var_list: Sequence[Variable]) -> None:
        for v in var_list:
            self._zeros_slot(v, "momentum")

    def _prepare(self) -> None:
        self._lr_t = _hyper(self._learning_rate, "learning_rate")
        self._momentum_t = _hyper(self._momentum, "momentum")

    def _apply(self, op_type: str, var: Variable, grad: list[Tensor]) -> Operation:
        """The dense or sparse apply op: the gradient's tensors sit between the learning
        rate and the momentum, as in TF's op signatures."""
        base = var.dtype.base_dtype
        mom = self._slots["momentum"][var]
        tensors = [var._ref(), mom._ref(), cast(self._lr_t, base), *grad,
                   cast(self._momentum_t, base)]
        return get_default_graph().create_op(op_type, tensors, {
            "use_locking": self._use_locking, "use_nesterov": self._use_nesterov}, op_type)


class AdamOptimizer(Optimizer):
    """Adam (Kingma and Ba): moving averages of the gradient and its square, corrected by
    the powers of the betas (``beta1_power``, ``beta2_power``), updated after each step."""

    def __init__(self, learning_rate: Any = 0.001, beta1: Any = 0.9, beta2: Any = 0.999,
                 epsilon: Any = 1e-08, use_locking: bool = False, name: str = "Adam") -> None:
        super().__init__(use_locking, name)
        self._lr, self._beta1, self._beta2, self._epsilon = learning_rate, beta1, beta2, epsilon

    def _create_slots(self, var_list: Sequence[Variable]) -> None:
        graph = var_list[0].graph
        self._non_slot_variable(self._beta1, "beta1_power", graph)
        self._non_slot_variable(self._beta2, "beta2_power", graph)
        for v in var_list:
            self._zeros_slot(v, "m")
            self._zeros_slot(v, "v")

    def _powers(self) -> tuple[Variable, Variable]:
        graph = get_default_graph()
        return self._non_slot[("beta1_power", graph)], self._non_slot[("beta2_power", graph)]

    def _prepare(self) -> None:
        self._lr_t = _hyper(self._lr, "learning_rate")
        self._beta1_t = _hyper(self._beta1, "beta1")
        self._beta2_t = _hyper(self._beta2, "beta2")
        self._epsilon_t = _hyper(self._epsilon, "epsilon")

    def _apply_dense(self, grad: Tensor, var: Variable) -> Operation:
        base = var.dtype.base_dtype
        b1p, b2p = self._powers()
        graph = get_default_graph()
        tensors = [var._ref(), self._slots["m"][var]._ref(), self._slots["v"][var]._ref()]
        tensors += [cast(x, base) for x in (b1p, b2p, self._lr_t, self._beta1_t,
                                            self._beta2_t, self._epsilon_t)]
        return graph.create_op("ApplyAdam", [*tensors, grad], {
            "use_locking": self._use_locking, "use_nesterov": False}, "ApplyAdam")

    def _apply_sparse(self, grad: IndexedSlices, var: Variable) -> Operation:
        b1p, b2p = self._powers()
        return adam_sparse(grad, var, (self._slots["m"][var], self._slots["v"][var]),
                           (b1p, b2p), (self._lr_t, self._beta1_t, self._beta2_t,
                                        self._epsilon_t), self._use_locking)

    def _finish(self, update_ops: list[Operation], name: str) -> Operation:
        graph = get_default_graph()
        with graph.control_dependencies(update_ops):
            b1p, b2p = self._powers()
            update1 = assign(b1p, b1p.value() * self._beta1_t,  # type: ignore[operator]
                             use_locking=self._use_locking)
            update2 = assign(b2p, b2p.value() * self._beta2_t,  # type: ignore[operator]
                             use_locking=self._use_locking)
        return group(*update_ops, update1, update2, name=name)


class RMSPropOptimizer(Optimizer):
    """RMSProp: a moving average of the squared gradient (slot ``rms``, starting at ones)
    scales each step; ``momentum`` accumulates the steps."""

    def __init__(self, learning_rate: Any, decay: Any = 0.9, momentum: Any = 0.0,
                 epsilon: Any = 1e-10, use_locking: bool = False, centered: bool = False,
                 name: str = "RMSProp") -> None:
        super().__init__(use_locking, name)
        self._centered = centered
        self._lr, self._decay, self._momentum, self._epsilon = (
            learning_rate, decay, momentum, epsilon)

    def _create_slots(self, var_list: Sequence[Variable]) -> None:
        for v in var_list:
            self._slot(v, "rms", partial(ones, v.shape.as_list(), v.dtype.base_dtype))
            if self._centered:  # the gradient's moving mean, between rms and momentum
                self._zeros_slot(v, "mg")
            self._zeros_slot(v, "momentum")

    def _prepare(self) -> None:
        self._lr_t = _hyper(self._lr, "learning_rate")
        self._decay_t = _hyper(self._decay, "decay")
        self._momentum_t = _hyper(self._momentum, "momentum")
        self._epsilon_t = _hyper(self._epsilon, "epsilon")

    def _apply_dense(self, grad: Tensor, var: Variable) -> Operation:
        return self._apply("ApplyCenteredRMSProp" if self._centered else "ApplyRMSProp",
                           var, [grad])

    def _apply_sparse(self, grad: IndexedSlices, var: Variable) -> Operation:
        op_type = "SparseApplyCenteredRMSProp" if self._centered else "SparseApplyRMSProp"
        return self._apply(op_type, var, [grad.values, grad.indices])

    def _apply(self, op_type: str, var: Variable, grad: list[Tensor]) -> Operation:
        """The dense or sparse apply op: the slots (centered: ``mg`` first) and
        hyper-parameters, then the gradient's tensors."""
        base = var.dtype.base_dtype
        slots = (["mg"] if self._centered else []) + ["rms", "momentum"]
        tensors = [var._ref(), *(self._slots[s][var]._ref() for s in slots)]
        tensors += [cast(x, base) for x in (self._lr_t, self._decay_t, self._momentum_t,
                                            self._epsilon_t)]
        return get_default_graph().create_op(op_type, [*tensors, *grad],
                                             {"use_locking": self._use_locking}, op_type)
