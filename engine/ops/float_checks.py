"""IsFinite: whether each element of a float tensor is neither infinite nor NaN.

TF's ``reduce_logsumexp`` builds it (a max that is infinite is replaced by 0 before it is
subtracted), and ``tf.math.is_finite`` builds it directly. Its output is bool, so no
gradient flows through it (TF's ``NotDifferentiable``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..framework import dtypes as dt
from ..framework.registry import OpDef, TensorSpec, register
from . import _shape_fns as sf
from ._shape_fns import type_attr
from .grad_registry import not_differentiable

_FLOATS = ("bfloat16", "float16", "float32", "float64")


def _is_finite_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    sf.check_dtype(specs[0], _FLOATS, "x")
    return [TensorSpec(specs[0].shape, dt.bool_)]


register(OpDef(
    type="IsFinite", inputs=("x",), infer=_is_finite_infer,
    kernel=lambda xp, x, **a: xp.isfinite(x), attrs=(type_attr("T", _FLOATS),),
    derive=lambda s: {"T": s[0].dtype}, category="Elementwise", default_name="IsFinite",
    doc="True where an element is neither infinite nor NaN.", extra={"arg_types": {"x": "T"}},
))
not_differentiable("IsFinite")
