"""Logical ops on bools (LogicalAnd, LogicalOr, LogicalNot) and bitwise ops on integers
(BitwiseAnd, BitwiseOr, BitwiseXor, Invert): what Python's ``&``, ``|``, ``^`` and ``~``
build on a tensor, as TF dispatches them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..framework import dtypes as dt
from ..framework.registry import OpDef, TensorSpec, register
from ..framework.shapes import broadcast_shapes
from ._common import INTEGER_TYPES, explain_broadcast, fixed_type
from .math import binary_op, unary_op


def _logical_infer(op_type: str, params: Sequence[str]) -> Any:
    def infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
        fixed_type(op_type, params, specs, dt.bool_)
        shape = specs[0].shape
        if len(specs) == 2:
            shape = broadcast_shapes(specs[0].shape, specs[1].shape)
        return [TensorSpec(shape, dt.bool_)]

    return infer


def _logical(op_type: str, inputs: tuple[str, ...], kernel: Any, doc: str) -> None:
    register(
        OpDef(
            type=op_type,
            inputs=inputs,
            infer=_logical_infer(op_type, inputs),
            kernel=kernel,
            category="Logical",
            doc=doc,
            explain=explain_broadcast if len(inputs) == 2 else None,
            default_name=op_type,
            input_types=(dt.bool_,) * len(inputs),
        )
    )


_logical("LogicalAnd", ("x", "y"), lambda xp, x, y, **a: xp.logical_and(x, y),
         "x and y, elementwise, of bools (x & y).")
_logical("LogicalOr", ("x", "y"), lambda xp, x, y, **a: xp.logical_or(x, y),
         "x or y, elementwise, of bools (x | y).")
_logical("LogicalNot", ("x",), lambda xp, x, **a: xp.logical_not(x),
         "not x, elementwise, of bools (~x).")

binary_op("BitwiseAnd", lambda xp, x, y, **a: xp.bitwise_and(x, y), INTEGER_TYPES,
          "x & y of integers, bit by bit.", category="Logical")
binary_op("BitwiseOr", lambda xp, x, y, **a: xp.bitwise_or(x, y), INTEGER_TYPES,
          "x | y of integers, bit by bit.", category="Logical")
binary_op("BitwiseXor", lambda xp, x, y, **a: xp.bitwise_xor(x, y), INTEGER_TYPES,
          "x ^ y of integers, bit by bit.", category="Logical")


def _invert(xp: Any, x: Any, **attrs: Any) -> Any:
    return xp.bitwise_invert(x) if hasattr(xp, "bitwise_invert") else xp.invert(x)


unary_op("Invert", _invert, INTEGER_TYPES, "~x of integers: every bit flipped.",
         category="Logical")
