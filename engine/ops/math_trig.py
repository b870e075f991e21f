"""The trigonometric and hyperbolic functions and their inverses (Tan, Asin, Acos, Atan, Sinh,
Cosh, Asinh, Acosh, Atanh), Expm1, Atan2, and the error functions Erf and Erfc: what
``tf.compat.v1.tan`` … ``atan2``, ``erf``, ``erfc`` build.

Each kernel is the array namespace's function (numpy's own loop and libm), as Sin's and
Cos's are; none joins a fused group, so the value an op gives never depends on whether a
neighbour fused with it. Atan2's inputs are ``(y, x)``, in TF's order. Erf and Erfc are
computed in float64 (``erf_kernels.py``) and rounded to the input's dtype.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..framework.registry import OpDef, TensorSpec, register
from ..framework.shapes import broadcast_shapes
from . import _shape_fns as sf
from . import _tf_types as tt
from . import erf_kernels
from ._common import explain_broadcast
from ._shape_fns import type_attr
from .math_functions import unary

_UNARY: tuple[tuple[str, str, str], ...] = (
    ("Tan", "tan", "The tangent of x (radians)."),
    ("Asin", "asin", "The inverse sine of x, in [-pi/2, pi/2]; NaN outside [-1, 1]."),
    ("Acos", "acos", "The inverse cosine of x, in [0, pi]; NaN outside [-1, 1]."),
    ("Atan", "atan", "The inverse tangent of x, in (-pi/2, pi/2)."),
    ("Sinh", "sinh", "The hyperbolic sine of x."),
    ("Cosh", "cosh", "The hyperbolic cosine of x."),
    ("Asinh", "asinh", "The inverse hyperbolic sine of x."),
    ("Acosh", "acosh", "The inverse hyperbolic cosine of x; NaN below 1."),
    ("Atanh", "atanh", "The inverse hyperbolic tangent of x; +-inf at +-1, NaN beyond."),
    ("Expm1", "expm1", "exp(x) - 1, accurate for small x."),
)


def _kernel_of(function: str) -> Any:
    def kernel(xp: Any, x: Any, **attrs: Any) -> Any:
        return getattr(xp, function)(x)

    kernel.__name__ = f"_{function}_kernel"
    return kernel


for _type, _function, _doc in _UNARY:
    unary(_type, _kernel_of(_function), tt.FLOAT_COMPLEX, _doc)


def _atan2_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    t = sf.same_dtype("Atan2", specs, ("y", "x"), tt.FLOAT_ONLY)
    return [TensorSpec(broadcast_shapes(specs[0].shape, specs[1].shape), t)]


def _atan2_kernel(xp: Any, y: Any, x: Any, **attrs: Any) -> Any:
    return xp.atan2(y, x)


register(OpDef(
    type="Atan2", inputs=("y", "x"), infer=_atan2_infer, kernel=_atan2_kernel,
    attrs=(type_attr("T", tt.FLOAT_ONLY),),
    derive=lambda specs: {"T": specs[0].dtype}, category="Elementwise",
    doc="The angle of the point (x, y) from the x axis, in [-pi, pi], broadcasting.",
    explain=explain_broadcast, default_name="Atan2",
    extra={"arg_types": {"y": "T", "x": "T"}},
))


def _in_double(function: Any) -> Any:
    """A kernel computing ``function`` in float64 and rounding to the input's dtype."""
    def kernel(xp: Any, x: Any, **attrs: Any) -> Any:
        x = xp.asarray(x)
        wide = xp.reshape(xp.astype(x, xp.float64), (-1,))
        return xp.astype(xp.reshape(function(xp, wide), x.shape), x.dtype)

    kernel.__name__ = f"_{function.__name__}_kernel"
    return kernel


unary("Erf", _in_double(erf_kernels.erf), tt.FLOAT_ONLY,
      "The error function: the integral of exp(-t^2) from 0 to x, times 2 over the root of pi.")
unary("Erfc", _in_double(erf_kernels.erfc), tt.FLOAT_ONLY,
      "1 - erf(x), accurate where erf(x) is close to 1.")
