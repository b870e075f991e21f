"""``tf.complex``, ``tf.real``, ``tf.imag`` and ``tf.angle`` as ``tf.compat.v1``'s Python
functions build them: of a complex tensor the ops Real, Imag and Angle in its real dtype; of a
real tensor, as TF does, the tensor itself, ``zeros_like`` of it, and 0 or π chosen by
``where`` (no complex op at all), so a program that mixes real and complex inputs builds the
graph TF builds."""

from __future__ import annotations

import math
from typing import Any

from ..framework import dtypes as dt
from ..framework.operation import Tensor
from .apply import apply_op, convert_to_tensor, first_output, graph_of, scope
from .array_builders import ones_like, where, zeros_like

#: the complex dtype of each dtype tf.complex takes for its parts
_COMPLEX_OF = {dt.float32: dt.complex64, dt.float64: dt.complex128}


def complex(real: Any, imag: Any, name: str | None = None) -> Tensor:  # noqa: A001
    """``real + imag·i``: float32 parts make complex64, float64 parts complex128; the parts
    broadcast. The parts convert before the op's scope opens (TF's ``real``/``imag`` Consts)."""
    graph = graph_of(real, imag)
    real = convert_to_tensor(real, name="real", graph=graph)
    imag = convert_to_tensor(imag, name="imag", graph=graph)
    with scope(graph, name, "Complex") as op_name:
        tout = _COMPLEX_OF.get(real.dtype) if real.dtype is imag.dtype else None
        if tout is None:
            assert real.dtype is not None and imag.dtype is not None
            raise TypeError(
                f"The `real` and `imag` components have incorrect types: {real.dtype.name} "
                f"{imag.dtype.name}. They must be consistent, and one of "
                "[tf.float32, tf.float64]")
        return first_output(apply_op("Complex", (real, imag), {"Tout": tout}, op_name))


def _part(op_type: str, x: Tensor, op_name: str) -> Tensor:
    assert x.dtype is not None
    return first_output(apply_op(op_type, (x,), {"Tout": x.dtype.real_dtype}, op_name))


def real(input: Any, name: str | None = None) -> Tensor:  # noqa: A002
    """The real part; a real (numeric) tensor is returned as it is."""
    graph = graph_of(input)
    with scope(graph, name, "Real") as op_name:
        x = convert_to_tensor(input, name="input", graph=graph)
        assert x.dtype is not None
        if x.dtype.is_complex:
            return _part("Real", x, op_name)
        if x.dtype.is_numeric:
            return x
        raise TypeError(f"input must be a numeric tensor, but got tensor with dtype {x.dtype}")


def imag(input: Any, name: str | None = None) -> Tensor:  # noqa: A002
    """The imaginary part; of a real tensor, zeros of its shape and dtype."""
    graph = graph_of(input)
    with scope(graph, name, "Imag") as op_name:
        x = convert_to_tensor(input, name="input", graph=graph)
        if x.dtype is not None and x.dtype.is_complex:
            return _part("Imag", x, op_name)
        return zeros_like(x)


def angle(input: Any, name: str | None = None) -> Tensor:  # noqa: A002
    """The argument ``atan2(imag, real)``; of a real tensor π where it is negative, else 0."""
    graph = graph_of(input)
    with scope(graph, name, "Angle") as op_name:
        x: Any = convert_to_tensor(input, name="input", graph=graph)  # Tensor's operators
        if x.dtype is not None and x.dtype.is_complex:
            return _part("Angle", x, op_name)
        negative = x < 0  # built first, as TF's argument order builds it
        ones: Any = ones_like(x)
        return where(negative, math.pi * ones, zeros_like(x))
