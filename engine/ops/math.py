"""Elementwise math: arithmetic, unary functions, comparisons and Cast.

Every kernel is written once against the array namespace ``xp``. Where TF and numpy differ
(integer ``RealDiv`` truncates toward zero in TF), the kernel does what TF does.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from typing import Any

from ..framework import dtypes as dt
from ..framework.errors import AttrError
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ._common import (
    ADD_TYPES,
    ALL,
    FLOATING,
    MUL_TYPES,
    NUMBER,
    REAL_NUMBER,
    SIGNED,
    binary_infer,
    check_allowed,
    derive_t,
    dtypes_named,
    explain_broadcast,
    unary_infer,
)

T_ATTR = (AttrDef("T", "type", derived=True, doc="element type, taken from the inputs"),)


def _binary(
    op_type: str,
    kernel: Any,
    allowed: Sequence[dt.DType],
    doc: str,
    *,
    category: str = "Arithmetic",
    fusion: str | None = None,
    default_name: str = "",
    out: dt.DType | None = None,
    operator_name: str = "",
    py: Any = None,
    ufunc: str = "",
) -> None:
    register(
        OpDef(
            type=op_type,
            inputs=("x", "y"),
            attrs=T_ATTR,
            infer=binary_infer(op_type, allowed, out),
            kernel=kernel,
            derive=derive_t,
            category=category,
            doc=doc,
            fusion=fusion,
            explain=explain_broadcast,
            default_name=default_name or op_type,
            operator_name=operator_name,
            extra={"operator": py, "ufunc": ufunc} if py is not None else {},
        )
    )


def _unary(
    op_type: str,
    kernel: Any,
    allowed: Sequence[dt.DType],
    doc: str,
    fusion: str | None = None,
    py: Any = None,
    ufunc: str = "",
) -> None:
    register(
        OpDef(
            type=op_type,
            inputs=("x",),
            attrs=T_ATTR,
            infer=unary_infer(op_type, allowed),
            kernel=kernel,
            derive=derive_t,
            category="Elementwise",
            doc=doc,
            fusion=fusion,
            default_name=op_type,
            extra={"operator": py, "ufunc": ufunc} if py is not None else {},
        )
    )


def _add(xp: Any, x: Any, y: Any, **attrs: Any) -> Any:
    if attrs.get("T") is dt.string:  # string concatenation has no array-API form
        import numpy as np

        return np.asarray(np.asarray(x, dtype=object) + np.asarray(y, dtype=object), dtype=object)
    return xp.add(x, y)


def _real_div(xp: Any, x: Any, y: Any, **attrs: Any) -> Any:
    t = attrs.get("T")
    if t is not None and t.is_integer:
        # TF's RealDiv on integers is C division: the quotient truncated toward zero
        q = xp.floor_divide(x, y)
        r = xp.subtract(x, xp.multiply(q, y))
        fix = xp.logical_and(r != 0, xp.logical_xor(x < 0, y < 0))
        return xp.where(fix, q + 1, q)
    return xp.divide(x, y)


_binary("AddV2", lambda xp, x, y, **a: xp.add(x, y), NUMBER, "x + y, broadcasting.",
        fusion="({0} + {1})", default_name="Add", operator_name="add", py=operator.add,
        ufunc="add")
_binary("Add", _add, ADD_TYPES, "x + y; also concatenates strings (TF's older Add).")
_binary("Sub", lambda xp, x, y, **a: xp.subtract(x, y), MUL_TYPES, "x - y, broadcasting.",
        fusion="({0} - {1})", operator_name="sub", py=operator.sub,
        ufunc="subtract")
_binary("Mul", lambda xp, x, y, **a: xp.multiply(x, y), MUL_TYPES, "x * y, broadcasting.",
        fusion="({0} * {1})", operator_name="mul", py=operator.mul,
        ufunc="multiply")
_binary("RealDiv", _real_div, MUL_TYPES,
        "x / y. On integers it truncates toward zero, as TF's RealDiv does.",
        fusion="({0} / {1})", default_name="truediv", operator_name="truediv",
        py=operator.truediv, ufunc="divide")
_binary("FloorDiv", lambda xp, x, y, **a: xp.floor_divide(x, y), MUL_TYPES,
        "x // y, rounding toward negative infinity.", default_name="floordiv",
        operator_name="floordiv")
_binary("FloorMod", lambda xp, x, y, **a: xp.remainder(x, y), REAL_NUMBER,
        "x % y with the sign of y.", operator_name="mod")
_binary("Pow", lambda xp, x, y, **a: xp.pow(x, y), SIGNED, "x ** y.", operator_name="pow")
_binary("Maximum", lambda xp, x, y, **a: xp.maximum(x, y), REAL_NUMBER,
        "The larger of x and y, elementwise.")
_binary("Minimum", lambda xp, x, y, **a: xp.minimum(x, y), REAL_NUMBER,
        "The smaller of x and y, elementwise.")

_CMP = "Comparison"
_binary("Less", lambda xp, x, y, **a: xp.less(x, y), REAL_NUMBER, "x < y.",
        category=_CMP, out=dt.bool_)
_binary("LessEqual", lambda xp, x, y, **a: xp.less_equal(x, y), REAL_NUMBER, "x <= y.",
        category=_CMP, out=dt.bool_)
_binary("Greater", lambda xp, x, y, **a: xp.greater(x, y), REAL_NUMBER, "x > y.",
        category=_CMP, out=dt.bool_)
_binary("GreaterEqual", lambda xp, x, y, **a: xp.greater_equal(x, y), REAL_NUMBER, "x >= y.",
        category=_CMP, out=dt.bool_)
_binary("Equal", lambda xp, x, y, **a: xp.equal(x, y), ALL, "x == y, elementwise.",
        category=_CMP, out=dt.bool_)
_binary("NotEqual", lambda xp, x, y, **a: xp.not_equal(x, y), ALL, "x != y, elementwise.",
        category=_CMP, out=dt.bool_)

_unary("Neg", lambda xp, x, **a: xp.negative(x), SIGNED, "-x.", fusion="(-{0})",
       py=operator.neg, ufunc="negative")
_unary("Abs", lambda xp, x, **a: xp.abs(x),
       dtypes_named("bfloat16", "float16", "float32", "float64", "int8", "int16", "int32",
                    "int64"), "|x|.")
_unary("Square", lambda xp, x, **a: xp.multiply(x, x), NUMBER, "x * x.",
       fusion="({0} * {0})", py=lambda x: x * x,
       ufunc="square")
_unary("Sqrt", lambda xp, x, **a: xp.sqrt(x), FLOATING, "The square root of x.")
_unary("Exp", lambda xp, x, **a: xp.exp(x), FLOATING, "e to the power x.")
_unary("Log", lambda xp, x, **a: xp.log(x), FLOATING, "The natural logarithm of x.")


# --- Cast ---------------------------------------------------------------------------------
def _cast_normalize(attrs: dict[str, Any]) -> dict[str, Any]:
    out = dict(attrs)
    try:
        out["DstT"] = dt.as_dtype(attrs.get("DstT", dt.float32))
    except TypeError as e:
        raise AttrError(f"DstT: {e}") from None
    out["Truncate"] = bool(attrs.get("Truncate", False))
    return out


def _cast_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    check_allowed(specs[0].dtype, ALL, "x")
    dst = attrs["DstT"]
    if specs[0].dtype.is_string != dst.is_string:
        raise AttrError(f"Cast string to {dst.name} is not supported" if specs[0].dtype.is_string
                        else f"Cast {specs[0].dtype.name} to string is not supported")
    return [TensorSpec(specs[0].shape, dst)]


def _cast_kernel(xp: Any, x: Any, **attrs: Any) -> Any:
    dst = attrs["DstT"]
    if dst.is_string:  # string to string, the only string cast inference lets through
        return x
    # numpy has no bfloat16 attribute (ml_dtypes provides it): use the DType's numpy dtype
    target = getattr(xp, dst.name if dst is not dt.bool_ else "bool", None)
    if target is None:
        target = dst.np_dtype
    if x.dtype == target:
        return x
    src = attrs.get("SrcT")
    if src is not None and src.is_complex and not dst.is_complex:
        x = xp.real(x)  # TF keeps the real part; the array API refuses complex -> real
    return xp.astype(x, target)


register(
    OpDef(
        type="Cast",
        inputs=("x",),
        attrs=(
            AttrDef("SrcT", "type", derived=True, doc="the input's dtype"),
            AttrDef("DstT", "type", default=dt.float32, doc="the dtype to convert to"),
            AttrDef("Truncate", "bool", default=False, hidden=True),
        ),
        infer=_cast_infer,
        kernel=_cast_kernel,
        derive=lambda specs: {"SrcT": specs[0].dtype},
        normalize=_cast_normalize,
        category="Array",
        doc="Converts x to another dtype (floats to integers truncate toward zero).",
        default_name="Cast",
        # fusion (to a float dtype, see fusion.fusible): a C cast, and as a Python
        # operator the target's numpy scalar type (which converts arrays too)
        fusion="(({DstT})({0}))",
        extra={"operator_for": lambda attrs: attrs["DstT"].np_dtype.type},
    )
)
