"""The apply ops of Adagrad, Adadelta and proximal gradient descent (TF's training ops
``ApplyAdagrad``, ``ApplyAdadelta``, ``ApplyProximalGradientDescent`` and their
``SparseApply…`` forms for gathered rows), registered as ``state.py`` registers the others: the
variable and its slots are references, the hyper-parameters scalars, the new values new
read-only arrays. Each kernel computes what TF's CPU functor computes, in the variable's
dtype; Adagrad's and Adadelta's run as one compiled pass where numba is there
(``compiler/update_kernels.py``), the numpy expression below being what that pass computes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..framework.registry import AttrDef, OpDef, register
from .grad_registry import not_differentiable
from .sparse_updates import _INDICES, _sparse_apply_infer, _sparse_kernel
from .state import _LOCK, _T, _apply_infer, _derive_ref_t, _same_shape, _store, _values
from .update_buffers import fused_update

_UPDATE_SLOTS = AttrDef("update_slots", "bool", default=True,
                        doc="whether the accumulator grows (False: only var moves)")


def _adagrad(xp: Any, lr: Any, grad: Any, *, _refs: Any, update_slots: bool = True,
             **attrs: Any) -> Any:
    """``accum += grad²; var -= lr * grad / √accum`` (TF's ``grad * lr * accum.rsqrt()``)."""
    var, accum = _values(_refs, ["accum"])
    _same_shape(var, grad, "grad")
    one = 1
    if update_slots and fused_update("ApplyAdagrad", xp, _refs, [var, accum], [grad],
                                     [lr, one]):
        return _refs[0]["value"]
    if update_slots:
        accum = accum + grad * grad
    return _store(xp, _refs, [var - grad * lr * (one / xp.sqrt(accum)), accum])


def _adadelta(xp: Any, lr: Any, rho: Any, epsilon: Any, grad: Any, *, _refs: Any,
              **attrs: Any) -> Any:
    """TF's ``ApplyAdadelta``: ``accum`` and ``accum_update`` move toward ``grad²`` and
    ``update²``, where ``update = √(accum_update + ε) / √(accum + ε) * grad``."""
    var, accum, accum_update = _values(_refs, ["accum", "accum_update"])
    _same_shape(var, grad, "grad")
    one = 1
    if fused_update("ApplyAdadelta", xp, _refs, [var, accum, accum_update], [grad],
                    [lr, rho, one - rho, epsilon, one]):
        return _refs[0]["value"]
    accum = accum * rho + grad * grad * (one - rho)
    update = xp.sqrt(accum_update + epsilon) * (one / xp.sqrt(accum + epsilon)) * grad
    var = var - update * lr
    accum_update = accum_update * rho + update * update * (one - rho)
    return _store(xp, _refs, [var, accum, accum_update])


def _proximal_gd(xp: Any, alpha: Any, l1: Any, l2: Any, delta: Any, *, _refs: Any,
                 **attrs: Any) -> Any:
    """TF's ``ApplyProximalGradientDescent``: a gradient step, then the L1 shrinkage (soft
    threshold ``alpha * l1``) and the L2 scaling ``1 / (1 + alpha * l2)``."""
    (var,) = _values(_refs)
    _same_shape(var, delta, "delta")
    new = _proximal(xp, var - delta * alpha, alpha, l1, l2)
    return _store(xp, _refs, [xp.asarray(new, dtype=var.dtype)])


def _proximal(xp: Any, prox: Any, alpha: Any, l1: Any, l2: Any) -> Any:
    """The proximal step of ``prox = var - alpha * grad``."""
    one = 1
    if l1 > 0:
        shrunk = xp.maximum(xp.abs(prox) - alpha * l1, 0)
        return xp.sign(prox) * shrunk / (one + alpha * l2)
    return prox / (one + alpha * l2)


def _adagrad_step(parts: list[np.ndarray], g: np.ndarray, scalars: list[np.ndarray],
                  attrs: Mapping[str, Any]) -> list[np.ndarray]:
    """TF's ``SparseApplyAdagradOp`` on the gradient's rows."""
    v, a = parts
    (lr,) = scalars
    one = np.ones((), dtype=v.dtype)
    if attrs.get("update_slots", True):
        a = a + g * g
    return [v - lr * g * (one / np.sqrt(a)), a]


def _adadelta_step(parts: list[np.ndarray], g: np.ndarray, scalars: list[np.ndarray],
                   attrs: Mapping[str, Any]) -> list[np.ndarray]:
    """TF's ``SparseApplyAdadeltaOp`` on the gradient's rows."""
    v, accum, accum_update = parts
    lr, rho, epsilon = scalars
    one = np.ones((), dtype=v.dtype)
    accum = accum * rho + g * g * (one - rho)
    update = np.sqrt(accum_update + epsilon) * (one / np.sqrt(accum + epsilon)) * g
    return [v - update * lr, accum, accum_update * rho + update * update * (one - rho)]


def _proximal_step(parts: list[np.ndarray], g: np.ndarray, scalars: list[np.ndarray],
                   attrs: Mapping[str, Any]) -> list[np.ndarray]:
    """TF's ``SparseApplyProximalGradientDescentOp`` on the gradient's rows."""
    (v,) = parts
    alpha, l1, l2 = scalars
    return [_proximal(np, v - g * alpha, alpha, l1, l2).astype(v.dtype, copy=False)]


def _register(op_type: str, refs: tuple[str, ...], values: tuple[str, ...], kernel: Any,
              doc: str, attrs: tuple[AttrDef, ...] = ()) -> None:
    grad = "delta" if "delta" in values else "grad"
    register(OpDef(
        type=op_type, inputs=(*refs, *values), kernel=kernel, attrs=(_T, _LOCK, *attrs),
        infer=_apply_infer(op_type, len(refs), values, grad), derive=_derive_ref_t,
        category="Training", default_name=op_type, stateful=True, const_eval=False,
        extra={"ref_inputs": tuple(range(len(refs)))}, doc=doc,
    ))


_register("ApplyAdagrad", ("var", "accum"), ("lr", "grad"), _adagrad,
          "Adagrad: accum += grad²; var -= lr·grad/√accum.", (_UPDATE_SLOTS,))
_register("ApplyAdadelta", ("var", "accum", "accum_update"), ("lr", "rho", "epsilon", "grad"),
          _adadelta, "Adadelta: update = √(accum_update + ε)/√(accum + ε)·grad; "
          "var -= lr·update; accum and accum_update move toward grad² and update².")
_register("ApplyProximalGradientDescent", ("var",), ("alpha", "l1", "l2", "delta"),
          _proximal_gd, "Proximal gradient descent: var -= alpha·delta, then shrunk by "
          "alpha·l1 toward 0 and scaled by 1/(1 + alpha·l2).")



def _register_sparse(op_type: str, refs: tuple[str, ...], values: tuple[str, ...], step: Any,
                     doc: str, attrs: tuple[AttrDef, ...] = ()) -> None:
    index_at = len(refs) + values.index("indices")
    register(OpDef(
        type=op_type, inputs=(*refs, *values),
        kernel=_sparse_kernel(op_type, len(refs), values, step),
        attrs=(AttrDef("T", "type", derived=True), _INDICES, _LOCK, *attrs),
        infer=_sparse_apply_infer(op_type, len(refs), values),
        derive=lambda s: {**_derive_ref_t(s), "Tindices": s[index_at].dtype},
        category="Training", default_name=op_type, stateful=True, const_eval=False,
        extra={"ref_inputs": tuple(range(len(refs))), "writes_rows": True,
               "arg_types": {k: "Tindices" if k == "indices" else "T"
                             for k in (*refs, *values)}}, doc=doc,
    ))


_register_sparse("SparseApplyAdagrad", ("var", "accum"), ("lr", "grad", "indices"),
                 _adagrad_step, "Adagrad on the rows indices names: accum += grad²; "
                 "var -= lr·grad/√accum.", (_UPDATE_SLOTS,))
_register_sparse("SparseApplyAdadelta", ("var", "accum", "accum_update"),
                 ("lr", "rho", "epsilon", "grad", "indices"), _adadelta_step,
                 "Adadelta on the rows indices names.")
_register_sparse("SparseApplyProximalGradientDescent", ("var",),
                 ("alpha", "l1", "l2", "grad", "indices"), _proximal_step,
                 "Proximal gradient descent on the rows indices names.")

not_differentiable("ApplyAdagrad", "SparseApplyAdagrad", "ApplyAdadelta",
                   "SparseApplyAdadelta", "ApplyProximalGradientDescent",
                   "SparseApplyProximalGradientDescent")
