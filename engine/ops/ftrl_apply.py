"""The apply ops of FTRL-proximal (TF's training ops ``ApplyFtrl``, ``ApplyFtrlV2`` with the
L2 shrinkage penalty, and their ``SparseApply…`` forms for gathered rows), registered as
``adaptive_apply.py`` registers Adagrad's: the variable and its two slots (``accum``, the sum
of squared gradients, and ``linear``) are references, the hyper-parameters scalars.

Each kernel computes what TF's CPU functor computes, in its order of operations and in the
variable's dtype: the dense ops as ``ApplyFtrl<CPUDevice>`` (the L1 threshold through a
select), the sparse ones as ``SparseApplyFtrl<CPUDevice>`` (through a clip; a variable of one
element per row on TF's scalar path, whose powers are ``pow`` even for ``lr_power = -0.5``).
The dense update with ``lr_power = -0.5`` (the default) runs as one compiled pass where
numba is there (``compiler/update_kernels.py``); the expression below is what that pass
computes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework.errors import KernelError
from ..framework.registry import AttrDef, OpDef, register
from .grad_registry import not_differentiable
from .sparse_updates import _INDICES, _sparse_apply_infer, _sparse_kernel
from .state import (
    _LOCK,
    _T,
    _apply_infer,
    _debug_shape,
    _derive_ref_t,
    _same_shape,
    _store,
    _values,
)
from .update_buffers import fused_update

_BY_LR = AttrDef("multiply_linear_by_lr", "bool", default=False,
                 doc="linear accumulates lr·grad (the learning rate may then be 0)")
#: the scalar inputs' names in TF's kernel messages
_SCALAR_NAMES = {"lr": "lr", "l1": "l1 regularization strength",
                 "l2": "l2 regularization strength",
                 "l2_shrinkage": "l2 shrinkage regularization strength",
                 "lr_power": "lr_power"}
_DENSE: tuple[str, ...] = ("grad", "lr", "l1", "l2", "lr_power")
_DENSE_V2: tuple[str, ...] = ("grad", "lr", "l1", "l2", "l2_shrinkage", "lr_power")
_SPARSE: tuple[str, ...] = ("grad", "indices", "lr", "l1", "l2", "lr_power")
_SPARSE_V2: tuple[str, ...] = ("grad", "indices", "lr", "l1", "l2", "l2_shrinkage", "lr_power")


def _powers(xp: Any, new_accum: Any, accum: Any, neg_power: Any, square_root: bool
            ) -> tuple[Any, Any]:
    """``accum^(-lr_power)`` after and before the step (``sqrt`` for ``-0.5``, as TF)."""
    if square_root:
        return xp.sqrt(new_accum), xp.sqrt(accum)
    return new_accum ** neg_power, accum ** neg_power


def _check_scalars(named: Mapping[str, Any]) -> None:
    """The dense kernels' run-time check: each hyper-parameter is a scalar."""
    for name, value in named.items():
        if len(getattr(value, "shape", ())) != 0:
            raise KernelError(f"{_SCALAR_NAMES[name]} is not a scalar: "
                              f"{_debug_shape(value.shape)}")


def _dense(op_type: str, names: Sequence[str]) -> Any:
    """The kernel of ``ApplyFtrl`` or ``ApplyFtrlV2`` (the one with ``l2_shrinkage``)."""
    def kernel(xp: Any, *inputs: Any, _refs: Any, multiply_linear_by_lr: bool = False,
               **attrs: Any) -> Any:
        named = dict(zip(names, inputs))
        grad = named.pop("grad")
        _check_scalars(named)
        var, accum, linear = _values(_refs, ["accum", "linear"])
        _same_shape(var, grad, "grad")
        lr, l1, l2, lr_power = (named[k] for k in ("lr", "l1", "l2", "lr_power"))
        shrinkage = named.get("l2_shrinkage")
        square_root = float(lr_power) == -0.5
        two = 2
        neg_power = -lr_power
        zero = 0
        scalars = [lr, l1, two * l2, zero]
        if shrinkage is not None:
            scalars.append(two * shrinkage)
        if square_root and not multiply_linear_by_lr and fused_update(
                op_type, xp, _refs, [var, accum, linear], [grad], scalars):
            return _refs[0]["value"]
        g = grad if shrinkage is None else grad + (two * shrinkage) * var
        new_accum = accum + grad * grad
        p_new, p_old = _powers(xp, new_accum, accum, neg_power, square_root)
        if multiply_linear_by_lr:
            linear = linear + (g * lr - (p_new - p_old) * var)
            l1, y = l1 * lr, p_new + (two * l2) * lr
        else:
            linear = linear + (g - (p_new - p_old) / lr * var)
            y = p_new / lr + two * l2
        x = l1 * xp.sign(linear) - linear
        with np.errstate(divide="ignore", invalid="ignore"):
            quotient = x / y
        var = xp.where(xp.abs(linear) > l1, quotient, xp.zeros_like(var))
        return _store(xp, _refs, [var, new_accum, linear])
    return kernel


def _rows_step(shrinkage: bool) -> Any:
    """TF's ``SparseApplyFtrl`` functor on the gradient's rows: per row as ``ComputeFtrl``,
    or, for rows of one element, as its scalar loop (``FtrlCompute``)."""
    def step(parts: list[np.ndarray], grad: np.ndarray, scalars: list[np.ndarray],
             attrs: Mapping[str, Any]) -> list[np.ndarray]:
        v, a, lin = parts
        if shrinkage:
            lr, l1, l2, l2_shrinkage, lr_power = scalars
        else:
            lr, l1, l2, lr_power = scalars
        by_lr = bool(attrs.get("multiply_linear_by_lr", False))
        _check_sparse_scalars(lr, l1, l2, l2_shrinkage if shrinkage else None, lr_power,
                              by_lr)
        two = np.asarray(2, dtype=v.dtype)
        g = grad + two * l2_shrinkage * v if shrinkage else grad
        new_a = a + grad * grad
        neg_power = -lr_power
        scalar_loop = v[0].size == 1 if v.shape[0] else False
        square_root = lr_power == -0.5
        if scalar_loop:  # sigma by pow, then FtrlCompute's quadratic
            sigma = new_a ** neg_power - a ** neg_power
            if not by_lr:
                sigma = sigma / lr
            new_l = (lin + g * lr if by_lr else lin + g) - sigma * v
            p_new = np.sqrt(new_a) if square_root else new_a ** neg_power
        else:
            p_new, p_old = _powers(np, new_a, a, neg_power, square_root)
            if by_lr:
                new_l = lin + (g * lr - (p_new - p_old) * v)
            else:
                new_l = lin + (g - (p_new - p_old) / lr * v)
        if by_lr:
            bound, quadratic = l1 * lr, p_new + two * l2 * lr
        else:
            bound, quadratic = l1, p_new / lr + two * l2
        adjusted = np.maximum(np.minimum(new_l, bound), -bound)
        return [((adjusted - new_l) / quadratic).astype(v.dtype, copy=False), new_a, new_l]
    return step


def _check_sparse_scalars(lr: Any, l1: Any, l2: Any, l2_shrinkage: Any, lr_power: Any,
                          by_lr: bool) -> None:
    """TF's ``SparseApplyFtrlOp`` checks of the hyper-parameters' values."""
    if not (lr > 0 or (by_lr and lr >= 0)):
        raise KernelError("lr is not a positive scalar (or zero if multiply_linear_by_lr "
                          f"is set): {_debug_shape(np.shape(lr))}")
    for name, value in (("l1", l1), ("l2", l2), ("l2_shrinkage", l2_shrinkage)):
        if value is not None and not value >= 0:
            raise KernelError(f"{_SCALAR_NAMES[name]} is not a non-negative scalar: "
                              f"{_debug_shape(np.shape(value))}")
    if not lr_power <= 0:
        raise KernelError(f"lr_power is not a non-positive scalar: "
                          f"{_debug_shape(np.shape(lr_power))}")


_REFS = ("var", "accum", "linear")
_DOC = ("FTRL-proximal: accum += grad²; linear += grad − (accum_new^−p − accum^−p)/lr·var; "
        "var = (sign(linear)·l1 − linear)/(accum_new^−p/lr + 2·l2) where |linear| > l1, "
        "else 0 (p = lr_power).")
for _type, _values_names in (("ApplyFtrl", _DENSE), ("ApplyFtrlV2", _DENSE_V2)):
    register(OpDef(
        type=_type, inputs=(*_REFS, *_values_names), kernel=_dense(_type, _values_names),
        attrs=(_T, _LOCK, _BY_LR), infer=_apply_infer(_type, 3, _values_names, "grad"),
        derive=_derive_ref_t, category="Training", default_name=_type, stateful=True,
        const_eval=False, extra={"ref_inputs": (0, 1, 2)},
        doc=_DOC if _type == "ApplyFtrl" else
        _DOC + " V2: the gradient first gains 2·l2_shrinkage·var.",
    ))

def _derive_sparse(specs: Sequence[Any]) -> dict[str, Any]:
    """T from the variable, Tindices from ``indices`` (input 4 of both sparse ops)."""
    return {**_derive_ref_t(specs), "Tindices": specs[4].dtype}


for _type, _values_names in (("SparseApplyFtrl", _SPARSE), ("SparseApplyFtrlV2", _SPARSE_V2)):
    register(OpDef(
        type=_type, inputs=(*_REFS, *_values_names),
        kernel=_sparse_kernel(_type, 3, _values_names, _rows_step(_type.endswith("V2"))),
        attrs=(AttrDef("T", "type", derived=True), _INDICES, _LOCK, _BY_LR),
        infer=_sparse_apply_infer(_type, 3, _values_names),
        derive=_derive_sparse,
        category="Training", default_name=_type, stateful=True, const_eval=False,
        extra={"ref_inputs": (0, 1, 2), "writes_rows": True,
               "arg_types": {k: "Tindices" if k == "indices" else "T"
                             for k in (*_REFS, *_values_names)}},
        doc="FTRL-proximal on the rows indices names (ApplyFtrl's update per row).",
    ))

not_differentiable("ApplyFtrl", "ApplyFtrlV2", "SparseApplyFtrl", "SparseApplyFtrlV2")
