"""TF1's learning-rate schedules (``tf.compat.v1.train.exponential_decay`` …): a scalar
tensor of the global step, to hand an optimizer as its learning rate. Each is built as TF's
``learning_rate_schedule.py`` builds it (``ExponentialDecay/Pow``, ``PolynomialDecay/Minimum``,
the result named after the scope), so values and names are TF's.

``piecewise_constant`` is the one exception in structure: TF picks the value with
``tf.case`` (Switch and Merge ops the engine does not have); here the same predicates choose
it through a chain of ``SelectV2`` under ``PiecewiseConstant/case``. Its value at every step
is TF's.
"""

from __future__ import annotations

from typing import Any

from ..framework import dtypes as dt
from ..framework.operation import Tensor
from .apply import convert_to_tensor, graph_of, scope
from .array_builders import where_v2
from .builder import cast, constant, equal, minimum
from .math_api import add, divide, multiply, pow
from .math_builders import ceil, floor


def _step(global_step: Any, dtype: Any) -> Any:
    """The global step as ``dtype``; ``None`` fails as TF's conversion of it does."""
    if global_step is None:
        raise ValueError("None values not supported.")
    return cast(global_step, dtype)


def _dtype(d: Any) -> str:
    return f"<dtype: '{d.name}'>"  # TF's str(dtype)


def _start(graph: Any, learning_rate: Any) -> Tensor:
    return convert_to_tensor(learning_rate, name="initial_learning_rate", graph=graph)


def _rate_and_ratio(graph: Any, learning_rate: Any, global_step: Any, decay_steps: Any,
                    decay_rate: Any, staircase: bool) -> tuple[Tensor, Tensor, Any]:
    """What exponential and inverse-time decay share, built in TF's order: the initial rate,
    the decay rate and ``global_step / decay_steps`` (floored with ``staircase``)."""
    initial = _start(graph, learning_rate)
    dtype = initial.dtype
    steps = cast(decay_steps, dtype)
    rate = cast(decay_rate, dtype)
    p: Any = _step(global_step, dtype) / steps
    return initial, rate, floor(p) if staircase else p


def exponential_decay(learning_rate: Any, global_step: Any, decay_steps: Any, decay_rate: Any,
                      staircase: bool = False, name: str | None = None) -> Tensor:
    """``learning_rate * decay_rate ** (global_step / decay_steps)`` (the exponent floored
    with ``staircase``: a step down every ``decay_steps``)."""
    graph = graph_of(global_step, learning_rate)
    with scope(graph, name, "ExponentialDecay") as op_name:
        initial, rate, p = _rate_and_ratio(graph, learning_rate, global_step, decay_steps,
                                           decay_rate, staircase)
        return multiply(initial, pow(rate, p), name=op_name)


def inverse_time_decay(learning_rate: Any, global_step: Any, decay_steps: Any,
                       decay_rate: Any, staircase: bool = False,
                       name: str | None = None) -> Tensor:
    """``learning_rate / (1 + decay_rate * global_step / decay_steps)`` (floored ratio with
    ``staircase``)."""
    graph = graph_of(global_step, learning_rate)
    with scope(graph, name, "InverseTimeDecay") as op_name:
        initial, rate, p = _rate_and_ratio(graph, learning_rate, global_step, decay_steps,
                                           decay_rate, staircase)
        one = cast(constant(1), initial.dtype)
        denominator = add(one, multiply(rate, p))
        return divide(initial, denominator, name=op_name)


def polynomial_decay(learning_rate: Any, global_step: Any, decay_steps: Any,
                     end_learning_rate: Any = 0.0001, power: Any = 1.0, cycle: bool = False,
                     name: str | None = None) -> Tensor:
    """From ``learning_rate`` to ``end_learning_rate`` over ``decay_steps`` along
    ``(1 - t) ** power``; then ``end_learning_rate`` (or, with ``cycle``, again from the
    top over the next multiple of ``decay_steps``)."""
    graph = graph_of(global_step, learning_rate)
    with scope(graph, name, "PolynomialDecay") as op_name:
        initial: Any = _start(graph, learning_rate)
        dtype = initial.dtype
        end = cast(end_learning_rate, dtype)
        exponent = cast(power, dtype)
        step: Any = _step(global_step, dtype)
        steps: Any = cast(decay_steps, dtype)
        if cycle:
            multiplier = where_v2(equal(step, 0), 1.0, ceil(step / decay_steps))
            steps = multiply(steps, multiplier)
        else:
            step = minimum(step, steps)
        p: Any = divide(step, steps)
        return add(multiply(initial - end, pow(1 - p, exponent)), end, name=op_name)


def piecewise_constant(x: Any, boundaries: Any, values: Any, name: str | None = None) -> Tensor:
    """``values[0]`` while ``x <= boundaries[0]``, ``values[i]`` while ``boundaries[i-1] <
    x <= boundaries[i]``, ``values[-1]`` past the last boundary."""
    graph = graph_of(x)
    bounds: list[Any] = [convert_to_tensor(b, graph=graph) for b in _flat(boundaries)]
    picks: list[Any] = [convert_to_tensor(v, graph=graph) for v in _flat(values)]
    x_t: Any = convert_to_tensor(x, graph=graph)
    x_type = x_t.dtype.base_dtype
    for i, b in enumerate(bounds):
        b_type = b.dtype.base_dtype
        if b_type is not x_type:
            if b_type is dt.int32 and x_type is dt.int64:
                bounds[i] = cast(b, x_type)
            else:
                raise ValueError(f"Boundaries ({_dtype(b_type)}) must have the same "
                                 f"dtype as x ({_dtype(x_type)}).")
    first = picks[0].dtype.base_dtype
    for v in picks[1:]:
        if v.dtype.base_dtype is not first:
            raise ValueError("Values must have elements all with the same dtype "
                             f"({_dtype(first)} vs {_dtype(v.dtype.base_dtype)}).")
    if len(bounds) != len(picks) - 1:
        raise ValueError("The length of boundaries should be 1 less than the length of values")
    with scope(graph, name, "PiecewiseConstant"):
        pairs = [(x_t <= bounds[0], picks[0]), (x_t > bounds[-1], picks[-1])]
        for low, high, v in zip(bounds[:-1], bounds[1:], picks[1:-1]):
            pairs.append(((x_t > low) & (x_t <= high), v))
        with scope(graph, None, "case"):
            chosen: Tensor = picks[0]  # TF's default: reached only when no predicate holds
            for pred, v in reversed(pairs):
                chosen = where_v2(pred, v, chosen)
            return chosen


def _flat(items: Any) -> list[Any]:
    if isinstance(items, (list, tuple)):
        return [x for item in items for x in _flat(item)]
    return [items]
