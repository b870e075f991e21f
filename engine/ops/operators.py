"""Tensor's Python operators, dispatched as TF 2.21 dispatches them.

``x + y`` opens a scope named for the operator (``add``) and calls TF's function for it; when
that fails and ``y`` has the reflected operator (a tensor does), TF tries ``y.__radd__(x)``
inside the same scope before raising the first error — so a failed ``a / b`` consumes the
names TF's does. A literal on the left (``3 - a``) is converted to the tensor's dtype as
``sub/x``. On bools, ``&``, ``|``, ``^`` and ``~`` are logical ops, ``*`` multiplies through
int32 casts; on integers ``&``, ``|``, ``^`` and ``~`` are bitwise ops. ``==`` compares the
tensors themselves (TF1's graph-mode rule), and ``<``, ``>``, ``-x``, ``abs(x)`` call TF's
functions directly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..framework import dtypes as dt
from ..framework.graph import Graph
from ..framework.operation import Tensor
from . import math_api as m
from . import one_step_operators
from .apply import apply_op, convert_to_tensor, first_output, graph_of
from .matmul_api import matmul

Func = Callable[[Any, Any, str], Tensor]
_NUMBERS = frozenset({float, int, bool, complex})


def _gen(op_type: str, *inputs: Any, name: str | None = None, **attrs: Any) -> Tensor:
    return first_output(apply_op(op_type, inputs, attrs or None, name))


def _mul(x: Any, y: Any, name: str) -> Tensor:
    if (isinstance(x, Tensor) and x.dtype is dt.bool_) or (
        isinstance(y, Tensor) and y.dtype is dt.bool_
    ):
        product = m.multiply(_gen("Cast", x, DstT=dt.int32), _gen("Cast", y, DstT=dt.int32),
                             name=name)
        return _gen("Cast", product, DstT=dt.bool_)
    return m.multiply(x, y, name=name)


def _and(x: Tensor, y: Any, name: str) -> Tensor:
    if x.dtype is dt.bool_:
        return m.logical_and(x, y, name=name)
    return _gen("BitwiseAnd", x, y)


def _or(x: Tensor, y: Any, name: str) -> Tensor:
    if x.dtype is dt.bool_:
        return m.logical_or(x, y, name=name)
    return _gen("BitwiseOr", x, y)


def _xor(x: Tensor, y: Any, name: str) -> Tensor:
    if x.dtype is dt.bool_:
        return m.logical_xor(x, y, name=name)
    return _gen("BitwiseXor", x, y)


_FUNCS: dict[str, Func] = {
    "add": m.add_dispatch,
    "sub": m.subtract,
    "mul": _mul,
    "truediv": m.truediv,
    "floordiv": m.floordiv,
    "mod": m.mod_operator,
    "pow": m.pow,
    "and": _and,
    "or": _or,
    "xor": _xor,
    "matmul": lambda a, b, name: matmul(a, b, name=name),
}


def _forward(op_name: str, func: Func) -> Callable[[Tensor, Any], Tensor]:
    one_step = one_step_operators.builds(op_name)

    def binary_op_wrapper(x: Tensor, y: Any) -> Tensor:
        graph: Graph
        if type(y) in _NUMBERS and type(x) is Tensor:
            out = one_step_operators.build(op_name, x, y, False)  # x + 1.0, in one step
            if out is not None:
                return out
            # a Python number has no graph: x's is the one (graph_of's answer)
            graph = x._op._graph  # type: ignore[assignment]  # (the one kind of graph)
        else:
            if one_step and type(y) is Tensor and type(x) is Tensor:
                out = one_step_operators.build_pair(op_name, x, y)  # x + y, in one step
                if out is not None:
                    return out
            graph = graph_of(x, y)
        with graph.name_scope(op_name) as name:
            try:
                return func(x, y, name)
            except (TypeError, ValueError) as e:
                reflected = getattr(type(y), f"__r{op_name}__", None)
                if reflected is None:
                    raise
                try:
                    out = reflected(y, x)
                except (TypeError, ValueError):
                    raise e from None
                if out is NotImplemented:
                    raise
                return out

    binary_op_wrapper.__name__ = f"__{op_name}__"
    return binary_op_wrapper


def _reflected(op_name: str, func: Func) -> Callable[[Tensor, Any], Tensor]:
    def r_binary_op_wrapper(y: Tensor, x: Any) -> Tensor:
        if type(x) in _NUMBERS and type(y) is Tensor:
            out = one_step_operators.build(op_name, y, x, True)  # 1.0 - y, in one step
            if out is not None:
                return out
        graph = graph_of(x, y)
        with graph.name_scope(op_name) as name:
            x = convert_to_tensor(x, dtype=y.dtype, name="x", graph=graph)
            return func(x, y, name)

    r_binary_op_wrapper.__name__ = f"__r{op_name}__"
    return r_binary_op_wrapper


def _invert(x: Tensor) -> Tensor:
    if x.dtype is dt.bool_:
        return m.logical_not(x)
    return _gen("Invert", x)


def _install() -> None:
    for op_name, func in _FUNCS.items():
        setattr(Tensor, f"__{op_name}__", _forward(op_name, func))
        setattr(Tensor, f"__r{op_name}__", _reflected(op_name, func))
    extras: dict[str, Any] = {
        "__lt__": m.less, "__le__": m.less_equal, "__gt__": m.greater,
        "__ge__": m.greater_equal,
        "__neg__": lambda self: m.negative(self),
        "__abs__": lambda self: m.abs(self),
        "__invert__": _invert,
    }
    for dunder, method in extras.items():
        setattr(Tensor, dunder, method)


_install()
