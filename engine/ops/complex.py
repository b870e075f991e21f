"""Ops of complex numbers: Conj (what ``adjoint_a`` of matmul inserts) and ComplexAbs (what
``tf.abs`` of a complex tensor builds: the magnitude, in the parts' real dtype)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..framework import dtypes as dt
from ..framework.errors import AttrError, KernelError
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ._common import COMPLEX_TYPES, CONJ_TYPES, check_allowed, derive_t
from .math import T_ATTR


def _conj_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    check_allowed(specs[0].dtype, CONJ_TYPES, "input")
    return [specs[0]]


register(
    OpDef(
        type="Conj",
        inputs=("input",),
        attrs=T_ATTR,
        infer=_conj_infer,
        kernel=lambda xp, x, **a: xp.conj(x),
        derive=derive_t,
        category="Elementwise",
        doc="The complex conjugate: the imaginary part negated.",
        default_name="Conj",
        input_types=("T",),
        allowed={"T": CONJ_TYPES},
    )
)

_TOUT = (dt.float32, dt.float64)


def _abs_normalize(attrs: dict[str, Any]) -> dict[str, Any]:
    try:
        return {"Tout": dt.as_dtype(attrs.get("Tout") or dt.float32)}
    except TypeError as e:
        raise AttrError(f"Tout: {e}") from None


def _abs_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    check_allowed(specs[0].dtype, COMPLEX_TYPES, "x")
    check_allowed(attrs["Tout"], _TOUT, "Tout")
    return [TensorSpec(specs[0].shape, attrs["Tout"])]


def _abs_check(attrs: Mapping[str, Any]) -> KernelError | None:
    """TF's two kernels: complex64 → float32 and complex128 → float64."""
    t, tout = attrs.get("T"), attrs["Tout"]
    if t is None or tout is t.real_dtype:
        return None
    return KernelError(f"Signature mismatch, have: {t.runtime_name}->{tout.runtime_name} "
                       f"expected: {t.runtime_name}->{t.real_dtype.runtime_name}")


register(
    OpDef(
        type="ComplexAbs",
        inputs=("x",),
        attrs=T_ATTR + (
            AttrDef("Tout", "type", default=dt.float32,
                    doc="the magnitude's dtype: float32 for complex64, float64 for complex128"),
        ),
        infer=_abs_infer,
        kernel=lambda xp, x, **a: xp.abs(x),
        derive=derive_t,
        normalize=_abs_normalize,
        kernel_check=_abs_check,
        category="Elementwise",
        doc="|x| of a complex number: its magnitude, a real number.",
        default_name="ComplexAbs",
        input_types=("T",),
        allowed={"T": COMPLEX_TYPES},
    )
)
