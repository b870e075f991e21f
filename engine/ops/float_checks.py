"""IsFinite, IsNan, IsInf: whether each element of a float tensor is neither infinite nor
NaN, is NaN, is infinite (``tf.math.is_finite``, ``is_nan``, ``is_inf``).

TF's ``reduce_logsumexp`` builds it (a max that is infinite is replaced by 0 before it is
subtracted), and ``tf.math.is_finite`` builds it directly. Its output is bool, so no
gradient flows through it (TF's ``NotDifferentiable``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..framework import dtypes as dt
from ..framework.operation import Tensor
from ..framework.registry import OpDef, TensorSpec, register
from . import _shape_fns as sf
from ._shape_fns import type_attr
from .grad_registry import not_differentiable
from .list_apply import apply_op

_FLOATS = ("bfloat16", "float16", "float32", "float64")


def _is_finite_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    sf.check_dtype(specs[0], _FLOATS, "x")
    return [TensorSpec(specs[0].shape, dt.bool_)]


for _type, _test, _doc in (
        ("IsFinite", "isfinite", "True where an element is neither infinite nor NaN."),
        ("IsNan", "isnan", "True where an element is NaN."),
        ("IsInf", "isinf", "True where an element is infinite (either sign).")):
    register(OpDef(
        type=_type, inputs=("x",), infer=_is_finite_infer,
        kernel=lambda xp, x, _test=_test, **a: getattr(xp, _test)(x),
        attrs=(type_attr("T", _FLOATS),), derive=lambda s: {"T": s[0].dtype},
        category="Elementwise", default_name=_type, doc=_doc,
        extra={"arg_types": {"x": "T"}},
    ))
not_differentiable("IsFinite", "IsNan", "IsInf")


def _check(op_type: str, x: Any, name: str | None) -> Tensor:
    out = apply_op(op_type, name, x=x)
    assert isinstance(out, Tensor)
    return out


def is_nan(x: Any, name: str | None = None) -> Tensor:
    """``tf.math.is_nan``: True where x is NaN."""
    return _check("IsNan", x, name)


def is_inf(x: Any, name: str | None = None) -> Tensor:
    """``tf.math.is_inf``: True where x is infinite."""
    return _check("IsInf", x, name)
