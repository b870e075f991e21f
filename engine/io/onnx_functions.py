"""The ONNX converters of the trigonometric, hyperbolic and error functions. ONNX has most as
one node of the same name; Expm1, Erfc and Atan2 it has not, so they are composed (as tf2onnx
composes Atan2: the arc tangent of ``y / x``, moved by pi where ``x < 0``)."""

from __future__ import annotations

import math

from ..framework.operation import Operation
from .onnx_nodes import Context, Converter, out, same, scalar, x


def _expm1(ctx: Context, op: Operation) -> None:
    """``exp(x) - 1``, and where ``|x| < 0.5`` (where that subtraction cancels) Kahan's
    ``(u - 1) * x / log(u)`` of ``u = exp(x)``, which keeps the digits (``x`` where u is 1)."""
    u = ctx.node("Exp", [x(op, 0)])
    d = ctx.node("Sub", [u, scalar(ctx, op, 1)])
    kahan = ctx.node("Div", [ctx.node("Mul", [d, x(op, 0)]), ctx.node("Log", [u])])
    near = ctx.node("Where", [ctx.node("Equal", [u, scalar(ctx, op, 1)]), x(op, 0), kahan])
    small = ctx.node("Less", [ctx.node("Abs", [x(op, 0)]), scalar(ctx, op, 0.5)])
    ctx.node("Where", [small, near, d], out(op))


def _erfc(ctx: Context, op: Operation) -> None:
    ctx.node("Sub", [scalar(ctx, op, 1), ctx.node("Erf", [x(op, 0)])], out(op))


def _atan2(ctx: Context, op: Operation) -> None:
    """``atan(y / x)``, plus pi (y >= 0) or minus pi (y < 0) where ``x < 0``."""
    y, xx = x(op, 0), x(op, 1)
    angle = ctx.node("Atan", [ctx.node("Div", [y, xx])])
    turn = ctx.node("Where", [ctx.node("Less", [y, scalar(ctx, op, 0)]),
                              scalar(ctx, op, -math.pi), scalar(ctx, op, math.pi)])
    behind = ctx.node("Less", [xx, scalar(ctx, op, 0, 1)])
    ctx.node("Where", [behind, ctx.node("Add", [angle, turn]), angle], out(op))


#: registry op type -> its converter
TRIG_OPS: dict[str, Converter] = {
    **{name: same(name) for name in ("Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Asinh",
                                     "Acosh", "Atanh", "Erf")},
    "Expm1": _expm1, "Erfc": _erfc, "Atan2": _atan2,
}

#: what the composed converters write, for docs/INTEROP.md
TRIG_NOTES: dict[str, str] = {
    "Expm1": "Exp, Sub; below |x| = 0.5 Kahan's (u - 1) * x / Log(u), which keeps the digits",
    "Erfc": "1 - Erf(x): it loses the relative accuracy of the tail (0 where erfc(x) is "
            "below the dtype's epsilon)",
    "Atan2": "Atan(y / x), plus or minus pi where x < 0 (as tf2onnx); at x = -0 and at "
             "(0, 0) the angle can differ from TF's",
}
