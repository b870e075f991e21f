"""Elementwise math: arithmetic, unary functions, comparisons and Cast (the divisions are in
``division.py``, logical and bitwise ops in ``logical.py``, complex ones in ``complex.py``).

Every kernel is written once against the array namespace ``xp``. Each op declares its inputs'
type attr and TF's allowed dtypes, in TF's order, so the builder converts literal operands
and words its errors as TF's ``op_def_library`` does.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.errors import AttrError, KernelError, UnimplementedError
from ..framework.input_values import RefusedPartial, plain_partial
from ..framework.kernels import KernelSet
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ._common import (
    ABS_TYPES,
    ADD_TYPES,
    ALL,
    COMPARE_TYPES,
    FLOATING,
    MAXMIN_TYPES,
    MUL_TYPES,
    NUMBER,
    POW_TYPES,
    SIGNED,
    SQUARE_TYPES,
    SUB_TYPES,
    binary_infer,
    check_allowed,
    derive_t,
    explain_broadcast,
    unary_infer,
)
from .equality import SHAPE_ERROR_ATTR, equality_infer, equality_kernel

T_ATTR = (AttrDef("T", "type", derived=True, doc="element type, taken from the inputs"),)


def binary_op(
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
    kernels: KernelSet | None = None,
    attrs: tuple[AttrDef, ...] = (),
    infer: Any = None,
) -> None:
    """Register a broadcasting op ``(x, y)`` whose inputs share the type ``T``."""
    register(
        OpDef(
            type=op_type,
            inputs=("x", "y"),
            attrs=T_ATTR + attrs,
            infer=infer or binary_infer(op_type, allowed, out),
            kernel=kernel,
            derive=derive_t,
            category=category,
            doc=doc,
            fusion=fusion,
            explain=explain_broadcast,
            default_name=default_name or op_type,
            operator_name=operator_name,
            extra={"operator": py, "ufunc": ufunc} if py is not None else {},
            input_types=("T", "T"),
            allowed={"T": tuple(allowed)},
            kernels=kernels,
        )
    )


def unary_op(
    op_type: str,
    kernel: Any,
    allowed: Sequence[dt.DType],
    doc: str,
    fusion: str | None = None,
    py: Any = None,
    ufunc: str = "",
    category: str = "Elementwise",
) -> None:
    register(
        OpDef(
            type=op_type,
            inputs=("x",),
            attrs=T_ATTR,
            infer=unary_infer(op_type, allowed),
            kernel=kernel,
            derive=derive_t,
            category=category,
            doc=doc,
            fusion=fusion,
            default_name=op_type,
            extra={"operator": py, "ufunc": ufunc} if py is not None else {},
            input_types=("T",),
            allowed={"T": tuple(allowed)},
        )
    )


def _add(xp: Any, x: Any, y: Any, **attrs: Any) -> Any:
    if attrs.get("T") is dt.string:  # string concatenation has no array-API form
        import numpy as np

        return np.asarray(np.asarray(x, dtype=object) + np.asarray(y, dtype=object), dtype=object)
    return xp.add(x, y)


binary_op("AddV2", lambda xp, x, y, **a: xp.add(x, y), NUMBER, "x + y, broadcasting.",
          fusion="({0} + {1})", default_name="Add", operator_name="add", py=operator.add,
          ufunc="add")
binary_op("Add", _add, ADD_TYPES, "x + y; also concatenates strings (TF's older Add).")
binary_op("Sub", lambda xp, x, y, **a: xp.subtract(x, y), SUB_TYPES, "x - y, broadcasting.",
          fusion="({0} - {1})", operator_name="sub", py=operator.sub, ufunc="subtract")
binary_op("Mul", lambda xp, x, y, **a: xp.multiply(x, y), MUL_TYPES, "x * y, broadcasting.",
          fusion="({0} * {1})", operator_name="mul", py=operator.mul, ufunc="multiply")
def _pow(xp: Any, x: Any, y: Any, **attrs: Any) -> Any:
    t = attrs.get("T")
    if t is not None and t.is_integer:
        # TF checks each element it computes: an empty result has none to refuse
        if bool(xp.any(y < 0)) and 0 not in np.broadcast_shapes(x.shape, y.shape):
            raise KernelError("Integers to negative integer powers are not allowed")
        return xp.pow(x, y)
    if t is not None and t.is_complex:
        # TF's std::pow of complex numbers is exp(y * log(x)) (so (1+1j)**2 is not exactly 2j)
        return xp.exp(xp.multiply(y, xp.log(x)))
    return xp.pow(x, y)


binary_op("Pow", _pow, POW_TYPES, "x ** y.", operator_name="pow")
def _half(attrs: Mapping[str, Any]) -> bool:
    return attrs.get("T") in (dt.float16, dt.bfloat16)


def _max(xp: Any, x: Any, y: Any, **attrs: Any) -> Any:
    if _half(attrs):
        # TF's half-precision max: NaN from either side, x where x and y are equal (the sign
        # of max(-0.0, 0.0)); for float32/float64 numpy's maximum agrees with TF's
        return xp.where(xp.isnan(y), y, xp.where(x < y, y, x))
    return xp.maximum(x, y)


def _min(xp: Any, x: Any, y: Any, **attrs: Any) -> Any:
    if _half(attrs):
        return xp.where(xp.isnan(y), y, xp.where(y < x, y, x))
    return xp.minimum(x, y)


binary_op("Maximum", _max, MAXMIN_TYPES, "The larger of x and y, elementwise.")
binary_op("Minimum", _min, MAXMIN_TYPES, "The smaller of x and y, elementwise.")

_CMP = "Comparison"
binary_op("Less", lambda xp, x, y, **a: xp.less(x, y), COMPARE_TYPES, "x < y.",
          category=_CMP, out=dt.bool_)
binary_op("LessEqual", lambda xp, x, y, **a: xp.less_equal(x, y), COMPARE_TYPES, "x <= y.",
          category=_CMP, out=dt.bool_)
binary_op("Greater", lambda xp, x, y, **a: xp.greater(x, y), COMPARE_TYPES, "x > y.",
          category=_CMP, out=dt.bool_)
binary_op("GreaterEqual", lambda xp, x, y, **a: xp.greater_equal(x, y), COMPARE_TYPES,
          "x >= y.", category=_CMP, out=dt.bool_)
binary_op("Equal", equality_kernel("equal"), ALL, "x == y, elementwise.", category=_CMP,
          out=dt.bool_, attrs=(SHAPE_ERROR_ATTR,), infer=equality_infer("Equal"))
binary_op("NotEqual", equality_kernel("not_equal"), ALL, "x != y, elementwise.",
          category=_CMP, out=dt.bool_, attrs=(SHAPE_ERROR_ATTR,),
          infer=equality_infer("NotEqual"))

unary_op("Neg", lambda xp, x, **a: xp.negative(x), SIGNED, "-x.", fusion="(-{0})",
         py=operator.neg, ufunc="negative")
unary_op("Abs", lambda xp, x, **a: xp.abs(x), ABS_TYPES,
         "|x| of a real number (tf.abs of a complex number builds ComplexAbs).")
unary_op("Square", lambda xp, x, **a: xp.multiply(x, x), SQUARE_TYPES, "x * x.",
         fusion="({0} * {0})", py=lambda x: x * x, ufunc="square")
unary_op("Sqrt", lambda xp, x, **a: xp.sqrt(x), FLOATING, "The square root of x.",
         fusion="sqrt({0})", py=np.sqrt, ufunc="sqrt")  # correctly rounded on every path
unary_op("Exp", lambda xp, x, **a: xp.exp(x), FLOATING, "e to the power x.")
unary_op("Log", lambda xp, x, **a: xp.log(x), FLOATING, "The natural logarithm of x.")


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
    # TF's refiner reads a shape vector through an int cast (but its evaluator no entry)
    partial = plain_partial(specs[0].partial)
    if partial is not None and (attrs["DstT"] not in (dt.int32, dt.int64)
                                or isinstance(partial, RefusedPartial)):
        partial = None
    return [TensorSpec(specs[0].shape, attrs["DstT"], partial=partial)]


def _cast_check(attrs: Mapping[str, Any]) -> KernelError | None:
    """TF builds a Cast between a string and a number; its kernel refuses it when made."""
    src, dst = attrs.get("SrcT"), attrs["DstT"]
    if src is None or src.is_string == dst.is_string:
        return None
    return KernelError(f"Cast {src.runtime_name} to {dst.runtime_name} is not supported",
                       UnimplementedError)


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
        src = src.real_dtype
    if src is not None and src.is_floating and dst is dt.uint32:
        # TF's CPU converts a float to uint32 through int64 (-3e9 wraps to 1294967296);
        # numpy's direct cast gives another answer out of range
        x = xp.astype(x, xp.int64)
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
        kernel_check=_cast_check,
        input_types=("SrcT",),
        category="Array",
        doc="Converts x to another dtype (floats to integers truncate toward zero).",
        default_name="Cast",
        # fusion (to a float dtype, see fusion.fusible): a C cast, and as a Python
        # operator the target's numpy scalar type (which converts arrays too)
        fusion="(({DstT})({0}))",
        extra={"operator_for": lambda attrs: attrs["DstT"].np_dtype.type},
    )
)
