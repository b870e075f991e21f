"""Elementwise math functions TF1 models use: Tanh, Sigmoid, Rsqrt, Reciprocal, Sign, Floor,
Ceil, Round, Log1p, Sin, Cos, and SquaredDifference.

Tanh, Sigmoid, Reciprocal and SquaredDifference fuse (``compiler/fusion.py``). What each
fused path runs is given here, beside the kernel, so the paths compute what the kernel does:
``operator`` (numpy on arrays and scalars: the op-by-op path), ``ufunc`` (into a buffer: the
chunked path), ``jit_operator_for`` (one element, for the compiled loop) and a C helper for
the GPU kernel. ``jit: False`` keeps an op out of the compiled loop where numba's libm could
round differently from numpy's own loops (tanh, exp).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework.kernels import cpu_kernels
from ..framework.registry import OpDef, TensorSpec, register
from ..framework.shapes import broadcast_shapes
from . import _shape_fns as sf
from . import _tf_types as tt
from ._common import dtypes_named, explain_broadcast
from ._shape_fns import type_attr

CATEGORY = "Elementwise"


def unary(op_type: str, kernel: Any, allowed: Sequence[str], doc: str, *,
          category: str = CATEGORY, param: str = "x", fusion: str | None = None,
          **extra: Any) -> None:
    """Register a unary elementwise op (also used by ``nn.py`` for the activations)."""
    def infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
        sf.check_dtype(specs[0], allowed, param)
        return [TensorSpec(specs[0].shape, specs[0].dtype)]

    attrs = extra.pop("attrs", ())
    kernels = extra.pop("kernels", None)
    register(OpDef(
        kernels=kernels,
        type=op_type, inputs=(param,), infer=infer, kernel=kernel,
        attrs=(*attrs, type_attr("T", tuple(allowed))),
        derive=lambda specs: {"T": specs[0].dtype}, category=category, doc=doc,
        fusion=fusion, default_name=op_type, normalize=extra.pop("normalize", None),
        extra={"arg_types": {param: "T"}, **extra},
    ))


# --- fusible functions: what every path runs --------------------------------------------------
def _sigmoid_np(x: Any) -> Any:
    return 1 / (1 + np.exp(-x))


def _sigmoid_into(x: Any, out: np.ndarray) -> None:
    np.negative(x, out=out)
    np.exp(out, out=out)
    np.add(out, 1, out=out)
    np.divide(1, out, out=out)


def _sigmoid_kernel(xp: Any, x: Any, **attrs: Any) -> Any:
    if xp is np:
        return _sigmoid_np(x)
    return 1 / (1 + xp.exp(-x))


def _reciprocal_kernel(xp: Any, x: Any, **attrs: Any) -> Any:
    return 1 / x


def _reciprocal_into(x: Any, out: np.ndarray) -> None:
    np.divide(1, x, out=out)


def _sqdiff(x: Any, y: Any) -> Any:
    d = x - y
    return d * d


def _sqdiff_kernel(xp: Any, x: Any, y: Any, **attrs: Any) -> Any:
    d = xp.subtract(x, y)
    if attrs["T"].is_complex:
        return xp.multiply(d, xp.conj(d))
    return xp.multiply(d, d)


def _sqdiff_into(x: Any, y: Any, out: np.ndarray) -> None:
    np.subtract(x, y, out=out)
    np.multiply(out, out, out=out)


_NOT_NUMEXPR: dict[str, Any] = {"numexpr": False}

unary("Tanh", lambda xp, x, **a: xp.tanh(x), tt.FLOAT_COMPLEX, "The hyperbolic tangent of x.",
      fusion="tanh({0})", operator=np.tanh, ufunc="tanh", jit=False, **_NOT_NUMEXPR)
unary("Sigmoid", _sigmoid_kernel, tt.FLOAT_COMPLEX, "1 / (1 + exp(-x)), the logistic function.",
      fusion="tc_sigmoid({0})", operator=_sigmoid_np, ufunc=_sigmoid_into, jit=False,
      c_helpers="template <typename T> __device__ T tc_sigmoid(T x) "
                "{ return T(1) / (T(1) + exp(-x)); }", **_NOT_NUMEXPR)
unary("Rsqrt", lambda xp, x, **a: 1 / xp.sqrt(x), tt.FLOAT_COMPLEX,
      "1 / sqrt(x): one over the root of x.")
unary("Reciprocal", _reciprocal_kernel, tt.SIGNED_COMPLEX, "1 / x.", fusion="(1 / {0})",
      operator=lambda x: 1 / x, ufunc=_reciprocal_into,
      jit_operator_for=lambda t: (lambda x: t(1) / x),  # TF's CPU has none for integers
      kernels=cpu_kernels("T", *dtypes_named("complex128", "complex64", "float64", "bfloat16",
                                             "float16", "float32")), **_NOT_NUMEXPR)
unary("Sign", lambda xp, x, **a: xp.sign(x), tt.SIGNED_COMPLEX,
      "-1, 0 or 1 by the sign of x (x / |x| for complex x).")
unary("Floor", lambda xp, x, **a: xp.floor(x), tt.FLOAT_ONLY, "The largest integer <= x.")
unary("Ceil", lambda xp, x, **a: xp.ceil(x), tt.FLOAT_ONLY, "The smallest integer >= x.")
unary("Round", lambda xp, x, **a: xp.round(x), tt.SIGNED_COMPLEX,
      "x rounded to the nearest integer, halves to even (banker's rounding).",
      kernels=cpu_kernels("T", *dtypes_named("int64", "int32", "bfloat16", "float64",
                                             "float32", "float16")))  # none for complex
unary("Rint", lambda xp, x, **a: xp.round(x), tt.FLOAT_ONLY,
      "x rounded to the nearest integer, halves to even (floats only).",
      kernels=cpu_kernels("T", *dtypes_named("float64", "float32")))  # none for half
unary("Log1p", lambda xp, x, **a: xp.log1p(x), tt.FLOAT_COMPLEX,
      "log(1 + x), accurate for small x.")
unary("Sin", lambda xp, x, **a: xp.sin(x), tt.FLOAT_COMPLEX, "The sine of x (radians).")
unary("Cos", lambda xp, x, **a: xp.cos(x), tt.FLOAT_COMPLEX, "The cosine of x (radians).")


def _sqdiff_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    t = sf.same_dtype("SquaredDifference", specs, ("x", "y"), tt.SQUARED_DIFFERENCE)
    return [TensorSpec(broadcast_shapes(specs[0].shape, specs[1].shape), t)]


register(OpDef(
    type="SquaredDifference", inputs=("x", "y"), infer=_sqdiff_infer, kernel=_sqdiff_kernel,
    attrs=(type_attr("T", tt.SQUARED_DIFFERENCE),),
    derive=lambda specs: {"T": specs[0].dtype}, category=CATEGORY,
    doc="(x - y) squared, broadcasting.", fusion="tc_sqdiff({0}, {1})",
    explain=explain_broadcast, default_name="SquaredDifference",
    extra={"arg_types": {"x": "T", "y": "T"}, "operator": _sqdiff, "ufunc": _sqdiff_into,
           "c_helpers": "template <typename T> __device__ T tc_sqdiff(T a, T b) "
                        "{ T d = a - b; return d * d; }", **_NOT_NUMEXPR},
))

