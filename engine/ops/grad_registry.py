"""Declaring gradients: TF's ``@ops.RegisterGradient("Mul")`` and ``ops.NotDifferentiable``.

Each family's gradient module (``math_grad``, ``array_grad``, ``nn_grad``) decorates its
functions here; the decorator stores the function in the op's registry entry
(``OpDef.gradient``), so an op's gradient sits with its op, one place per op, and
``gradients`` finds it there. A gradient function takes the forward op and one gradient per
output (None where no gradient reaches that output) and returns one gradient or None per
input, building ordinary ops with the builder API under the ``<op>_grad`` scope that
``gradients`` has opened.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from ..framework.indexed_slices import IndexedSlices
from ..framework.operation import Operation, Tensor
from ..framework.registry import NOT_DIFFERENTIABLE, Gradient, set_gradient


def register_gradient(*op_types: str) -> Callable[[Gradient], Gradient]:
    """``@register_gradient("Add", "AddV2")``: the decorated function is their gradient."""

    def register(fn: Gradient) -> Gradient:
        for op_type in op_types:
            set_gradient(op_type, fn)
        return fn

    return register


def not_differentiable(*op_types: str) -> None:
    """TF's ``ops.NotDifferentiable``: gradients do not flow through these ops (None)."""
    for op_type in op_types:
        set_gradient(op_type, NOT_DIFFERENTIABLE)


def no_gradient_error(op: Operation) -> LookupError:
    """TF's error for an op with no registered gradient (``Unique``)."""
    return LookupError(
        f"No gradient defined for operation'{op.name}' (op type: {op.type}). In "
        "general every operation must have an associated `@tf.RegisterGradient` "
        "for correct autodiff, which this op is lacking. If you want to pretend "
        "this operation is a constant in your program, you may insert "
        "`tf.stop_gradient`. This can be useful to silence the error in cases "
        "where you know gradients are not needed, e.g. the forward pass of "
        "tf.custom_gradient. Please see more details in "
        "https://www.tensorflow.org/api_docs/python/tf/custom_gradient.")


def control_dependencies_on(grad: Tensor | IndexedSlices | None
                            ) -> AbstractContextManager[Any]:
    """TF's ``with ops.control_dependencies([grad])`` inside a gradient function: the ops
    built in it wait for ``grad``. A graph without control dependencies builds them plainly
    (the data dependencies already order what runs)."""
    graph = grad.graph if grad is not None else None
    deps = getattr(graph, "control_dependencies", None)
    if deps is None or grad is None:
        return nullcontext()
    # TF's control_dependencies takes an IndexedSlices as its op
    manager: AbstractContextManager[Any] = deps([grad.op if isinstance(grad, IndexedSlices)
                                                else grad])
    return manager
