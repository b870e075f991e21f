"""The apply ops of Adagrad, Adadelta and proximal gradient descent (TF's training ops
``ApplyAdagrad``, ``SparseApplyAdagrad``, ``ApplyAdadelta``,
``ApplyProximalGradientDescent``), registered as ``state.py`` registers the others: the
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
    one = 1
    prox = var - delta * alpha
    if l1 > 0:
        shrunk = xp.maximum(xp.abs(prox) - alpha * l1, 0)
        new = xp.sign(prox) * shrunk / (one + alpha * l2)
    else:
        new = prox / (one + alpha * l2)
    return _store(xp, _refs, [xp.asarray(new, dtype=var.dtype)])


def _adagrad_step(parts: list[np.ndarray], g: np.ndarray, scalars: list[np.ndarray],
                  attrs: Mapping[str, Any]) -> list[np.ndarray]:
    """TF's ``SparseApplyAdagradOp`` on the gradient's rows."""
    v, a = parts
    (lr,) = scalars
    one = np.ones((), dtype=v.dtype)
    if attrs.get("update_slots", True):
        a = a + g * g
    return [v - lr * g * (one / np.sqrt(a)), a]


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

_SPARSE_REFS, _SPARSE_VALUES = ("var", "accum"), ("lr", "grad", "indices")
register(OpDef(
    type="SparseApplyAdagrad", inputs=(*_SPARSE_REFS, *_SPARSE_VALUES),
    kernel=_sparse_kernel("SparseApplyAdagrad", 2, _SPARSE_VALUES, _adagrad_step),
    attrs=(AttrDef("T", "type", derived=True), _INDICES, _LOCK, _UPDATE_SLOTS),
    infer=_sparse_apply_infer("SparseApplyAdagrad", 2, _SPARSE_VALUES),
    derive=lambda s: {**_derive_ref_t(s), "Tindices": s[4].dtype},
    category="Training", default_name="SparseApplyAdagrad", stateful=True, const_eval=False,
    extra={"ref_inputs": (0, 1),
           "arg_types": {k: "Tindices" if k == "indices" else "T"
                         for k in (*_SPARSE_REFS, *_SPARSE_VALUES)}},
    doc="Adagrad on the rows indices names: accum += grad²; var -= lr·grad/√accum.",
))

not_differentiable("ApplyAdagrad", "SparseApplyAdagrad", "ApplyAdadelta",
                   "ApplyProximalGradientDescent")
