"""Ops of complex numbers: Conj (what ``adjoint_a`` of matmul inserts), ComplexAbs (what
``tf.abs`` of a complex tensor builds: the magnitude, in the parts' real dtype), Complex (a
complex number from its real and imaginary parts, broadcasting) and Real, Imag and Angle (the
parts and the argument, each in the parts' real dtype)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..framework import dtypes as dt
from ..framework.errors import AttrError, KernelError
from ..framework.kernels import cpu_kernels_paired
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import broadcast_shapes
from ._common import (
    COMPLEX_TYPES,
    CONJ_TYPES,
    check_allowed,
    derive_t,
    explain_broadcast,
    same_type,
)
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


def _tout_normalize(default: dt.DType) -> Any:
    """``Tout`` as a DType (``default`` when unset), or an AttrError naming the attr."""

    def normalize(attrs: dict[str, Any]) -> dict[str, Any]:
        try:
            return {**attrs, "Tout": dt.as_dtype(attrs.get("Tout") or default)}
        except TypeError as e:
            raise AttrError(f"Tout: {e}") from None

    return normalize


_abs_normalize = _tout_normalize(dt.float32)


def _tout_attrs(default: dt.DType, doc: str) -> tuple[AttrDef, ...]:
    """``T`` from the input and the result's dtype ``Tout``, as TF's op defs declare them."""
    return T_ATTR + (AttrDef("Tout", "type", default=default, doc=doc),)


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
        attrs=_tout_attrs(dt.float32, "the magnitude's dtype: float32 for complex64, "
                                      "float64 for complex128"),
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


# --- a complex number from its parts, and its parts back ---------------------------------------
_PARTS = (dt.float32, dt.float64)
_WHOLE = (dt.complex64, dt.complex128)
#: TF's CPU kernels: each part dtype with its complex dtype only
_COMPLEX_KERNELS = cpu_kernels_paired("T", "Tout", (dt.float64, dt.complex128),
                                      (dt.float32, dt.complex64))
_PART_KERNELS = cpu_kernels_paired("T", "Tout", (dt.complex128, dt.float64),
                                   (dt.complex64, dt.float32))


def _complex_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    same_type("Complex", ("real", "imag"), specs, _PARTS)
    check_allowed(attrs["Tout"], _WHOLE, "Tout")
    return [TensorSpec(broadcast_shapes(specs[0].shape, specs[1].shape), attrs["Tout"])]


def _complex_kernel(xp: Any, re: Any, im: Any, *, Tout: dt.DType, **a: Any) -> Any:  # noqa: N803
    """``re + im·i`` exactly as ``std::complex(re, im)``, signed zeros and infinities kept.

    The array API has no constructor, so the sum ``(re - 0i) + (-0 + im·i)`` is built: a part
    plus a signed zero is the part itself only when the zero is -0. ``im·1j`` has imaginary
    part ``im`` (but -0 becomes +0) and real part ``±0`` by ``im``'s sign, which conj and
    negation (both exact) turn into -0; an infinite ``im`` times 1j would give a NaN real part
    (∞·0), so it is made as ``sqrt(-∞ + 0i) = 0 + ∞i`` (C99's csqrt). A NaN ``im`` would make
    the real part NaN as well (NaN·0); C99's ``ctanh(0 + ∞i) = 0 + NaN·i`` puts it in the
    imaginary part only, negated so that its real part is -0."""
    c = getattr(xp, Tout.name)
    finite = xp.isfinite(im)
    t = xp.astype(xp.where(finite, im, xp.zeros_like(im)), c) * 1j
    negative = xp.signbit(im)
    tame = xp.where(negative, xp.where(im == 0, xp.conj(t), t), xp.conj(-t))
    root = -xp.sqrt(xp.astype(-xp.abs(im), c))  # -0 - ∞i for an infinite im
    wild = xp.where(negative, root, xp.conj(root))
    wild = xp.where(xp.isnan(im), -xp.tanh(xp.sqrt(xp.astype(xp.full_like(im, -xp.inf), c))),
                    wild)  # -0 + NaN·i
    return xp.conj(xp.astype(re, c)) + xp.where(finite, tame, wild)


register(
    OpDef(
        type="Complex",
        inputs=("real", "imag"),
        attrs=_tout_attrs(dt.complex64, "the result's dtype: complex64 for float32 parts, "
                                        "complex128 for float64"),
        infer=_complex_infer,
        kernel=_complex_kernel,
        derive=derive_t,
        normalize=_tout_normalize(dt.complex64),
        explain=explain_broadcast,
        category="Elementwise",
        doc="real + imag·i: a complex number from its two real parts, broadcasting.",
        default_name="Complex",
        input_types=("T", "T"),
        allowed={"T": _PARTS},
        kernels=_COMPLEX_KERNELS,
    )
)


def _part_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    check_allowed(specs[0].dtype, COMPLEX_TYPES, "input")
    check_allowed(attrs["Tout"], _PARTS, "Tout")
    return [TensorSpec(specs[0].shape, attrs["Tout"])]


def _part_op(op_type: str, kernel: Any, doc: str) -> None:
    register(
        OpDef(
            type=op_type,
            inputs=("input",),
            attrs=_tout_attrs(dt.float32, "the result's dtype: float32 for complex64, "
                                          "float64 for complex128"),
            infer=_part_infer,
            kernel=kernel,
            derive=derive_t,
            normalize=_abs_normalize,
            category="Elementwise",
            doc=doc,
            default_name=op_type,
            input_types=("T",),
            allowed={"T": COMPLEX_TYPES},
            kernels=_PART_KERNELS,
        )
    )


_part_op("Real", lambda xp, x, **a: xp.real(x), "The real part of a complex number.")
_part_op("Imag", lambda xp, x, **a: xp.imag(x), "The imaginary part of a complex number.")
_part_op("Angle", lambda xp, x, **a: xp.atan2(xp.imag(x), xp.real(x)),
         "The argument of a complex number: atan2(imag, real), in (-π, π].")
