"""The ops a sparse gradient's update is built from, as TF 1.x's optimizers build them for a
ref variable: ``Unique`` (TF's deduplication of repeated rows, with ``UnsortedSegmentSum``),
the helpers the scatter updates share (scatter_updates: ``ScatterAdd`` is gradient
descent's update, Adam's moments') and ``SparseApplyMomentum``/``SparseApplyRMSProp`` (the
dense apply ops' updates, on the rows ``indices`` names only).

Like the other state ops, each takes its variables' states (``_refs``). Where nothing but
the state can see a value, its rows are changed in place, logged first so a failed run
puts them back (``row_undo``); elsewhere the new value is a new read-only array, so what
anyone read stays what it was: a copy of the old one, on numpy into the buffer the variable
held a step before when nothing else holds it (``update_buffers``' recycling, as the dense
apply ops do). The sparse apply kernels compute what TF's CPU kernels compute, in TF's
order of operations and row by row where an index repeats (TF's loop), vectorised where none
does. They work on host arrays (rows are scattered by index).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.errors import DTypeError, KernelError, ShapeError
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import TensorShape
from . import _shape_fns as sf
from . import row_undo
from ._common import host, rounds
from ._shape_fns import merge, type_attr
from .grad_registry import not_differentiable
from .state import (
    _LOCK,
    _current,
    _derive_ref_t,
    _fresh,
    _var_and_slots,
)
from .update_buffers import _recycled, retire

_ALL = tuple(d.name for d in dt.ALL_DTYPES)
_INDICES = type_attr("Tindices", ("int32", "int64"))
_UNINITIALIZED = "Attempting to use uninitialized value "


# --- Unique --------------------------------------------------------------------------------
def _unique_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    x = specs[0]
    shape = sf.with_rank(x.shape, 1)
    out_idx = attrs.get("out_idx") or dt.int32
    return [TensorSpec(TensorShape([None]), x.dtype), TensorSpec(shape, out_idx)]


def _unique(xp: Any, x: Any, **attrs: Any) -> Any:
    """The distinct values in order of first occurrence, and each element's position in
    them (TF's hash-map kernel gives that order; ``np.unique`` sorts)."""
    a = host(x)
    out_idx = attrs.get("out_idx") or dt.int32
    _, first, inverse = np.unique(a, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    y = a[first[order]]
    idx = rank[inverse.reshape(-1)].astype(out_idx.np_dtype)
    return xp.asarray(y), xp.asarray(idx)


register(OpDef(
    type="Unique", inputs=("x",), infer=_unique_infer, kernel=_unique,
    attrs=(type_attr("T", _ALL),
           AttrDef("out_idx", "type", default=dt.int32, allowed=(dt.int32, dt.int64))),
    derive=lambda s: {"T": s[0].dtype}, category="Array", num_outputs=2, const_eval=False,
    doc="The distinct values of x in order of first occurrence (y), and where each element "
        "of x is in y (idx).", default_name="Unique", extra={"arg_types": {"x": "T"}},
    chunked="whole",  # how many values it gives depends on every element
))


def _copy_of(xp: Any, state: dict[str, Any], old: np.ndarray) -> np.ndarray:
    """A writable copy of a variable's value, to change rows of: on numpy in its spare
    buffer (when nobody else holds that one), else a new array."""
    if xp is np and type(old) is np.ndarray:
        new = _recycled(state, old)
        np.copyto(new, old)
        return new
    return np.array(old, copy=True)


def _keep(xp: Any, state: dict[str, Any], new: np.ndarray) -> Any:
    """``new`` becomes the variable's read-only value (the old one its spare, on numpy); a
    value changed in place (``row_undo``) is read-only again."""
    if new is state.get("value"):
        new.flags.writeable = False
    elif xp is np:
        retire(state, new)
    else:
        state["value"] = _fresh(xp, xp.asarray(new))
    return state["value"]


# --- SparseApplyMomentum, SparseApplyRMSProp -----------------------------------------------
def _sparse_apply_infer(op_type: str, n_refs: int, names: Sequence[str]) -> Any:
    """TF's shape function of the sparse apply ops: the variable and its slots share a
    shape, the hyper-parameters are scalars, ``indices`` is a vector as long as ``grad``,
    and ``grad``'s rows are the variable's rows (``HandleGradAndIndicesInputs``)."""
    def infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
        var, shape = _var_and_slots(op_type, specs, n_refs)
        base = var.dtype.base_dtype
        grad_shape = indices_shape = None
        for name, spec in zip(names, specs[n_refs:]):
            if name == "indices":
                sf.check_dtype(spec, ("int32", "int64"), "indices")
                indices_shape = sf.with_rank(spec.shape, 1)
                continue
            if spec.dtype.base_dtype is not base:
                raise DTypeError(f"Input '{name}' of '{op_type}' Op has type {spec.dtype.name} "
                                 f"that does not match type {base.name} of argument 'var'.")
            if name == "grad":
                grad_shape = spec.shape
            elif spec.shape.rank not in (None, 0):
                raise ShapeError(f"Shape must be rank 0 but is rank {spec.shape.rank}")
        assert grad_shape is not None and indices_shape is not None
        if grad_shape.sizes is not None:
            if not grad_shape.sizes:
                raise ShapeError("Shape must be at least rank 1 but is rank 0")
            sf.merge_dim(indices_shape.sizes[0] if indices_shape.sizes else None,
                         grad_shape.sizes[0])
            shape = merge(shape, TensorShape([None, *grad_shape.sizes[1:]]))
        return [TensorSpec(shape, var.dtype)]
    return infer


#: the sparse apply kernels of TF that refuse rows of no elements
_INNER_CHECKED = frozenset({
    "SparseApplyAdagrad", "SparseApplyAdagradV2", "SparseApplyAdagradDA", "SparseApplyFtrl",
    "SparseApplyFtrlV2", "SparseApplyProximalAdagrad", "SparseApplyProximalGradientDescent"})


def _rows(op_type: str, values: Sequence[np.ndarray], grad: np.ndarray, indices: np.ndarray
          ) -> np.ndarray:
    """The checks TF's sparse apply kernels make at run time; the indices as int64."""
    var = values[0]
    if any(v.shape != var.shape for v in values[1:]):
        raise KernelError("var and accum do not have the same shape")
    if var.ndim < 1:
        raise KernelError("var must be at least 1 dimensional")
    if indices.ndim != 1:
        raise KernelError("indices must be one-dimensional")
    for d in range(1, var.ndim):
        if grad.ndim <= d or grad.shape[d] != var.shape[d]:
            raise KernelError(f"var and grad must match in dimension {d}")
    if grad.shape[0] != indices.shape[0]:
        raise KernelError("grad must be the same size as indices in the first dimension.")
    if op_type in _INNER_CHECKED and not math.prod(var.shape[1:]):
        raise KernelError("Inner dimension should be greater than zero.")
    rows = indices.astype(np.int64)
    for i, k in enumerate(rows.tolist()):
        if k < 0 or k >= var.shape[0]:
            raise KernelError(f"Index {k} at offset {i} in indices is out of range")
    return rows


def _sparse_kernel(op_type: str, n_refs: int, names: Sequence[str], step: Any) -> Any:
    """A sparse apply kernel: ``step(slices of the states, grad rows, scalars)`` returns the
    new slices; run once on all rows when no index repeats, else once per round (each
    row's repeats one after the other, as TF's loop over the indices applies them)."""
    def kernel(xp: Any, *inputs: Any, _refs: Sequence[dict[str, Any]], **attrs: Any) -> Any:
        values = [host(_current(s, _UNINITIALIZED)) for s in _refs[:n_refs]]
        named = {name: host(v) for name, v in zip(names, inputs)}
        grad, indices = named.pop("grad"), named.pop("indices")
        scalars = list(named.values())
        rows = _rows(op_type, values, grad, indices)
        in_place = [row_undo.writable_in_place(xp, _refs[k], values[k])
                    for k in range(len(values))]  # before anything else holds a value
        news = [row_undo.open_rows(s, v, rows, v.shape[1:]) if here else _copy_of(xp, s, v)
                for s, v, here in zip(_refs, values, in_place)]
        for at in rounds(rows):
            chosen = rows[at]
            for new, part in zip(news, step([n[chosen] for n in news], grad[at], scalars,
                                            attrs)):
                new[chosen] = part
        for state, new in zip(_refs, news):
            _keep(xp, state, new)
        return _refs[0]["value"]
    return kernel


def _momentum_step(parts: list[np.ndarray], g: np.ndarray, scalars: list[np.ndarray],
                   attrs: Mapping[str, Any]) -> list[np.ndarray]:
    """TF's ``SparseApplyMomentumOp``: ``a = a * momentum + g``, then ``v -= lr * a`` (or
    Nesterov's ``v -= lr * g + lr * a * momentum``)."""
    v, a = parts
    lr, momentum = scalars
    a = a * momentum + g
    if attrs.get("use_nesterov"):
        v = v - (lr * g + lr * a * momentum)
    else:
        v = v - lr * a
    return [v, a]


def _rmsprop_step(parts: list[np.ndarray], g: np.ndarray, scalars: list[np.ndarray],
                  attrs: Mapping[str, Any]) -> list[np.ndarray]:
    """TF's ``SparseApplyRMSPropOp``: ``ms = ms * rho + g² * (1 - rho)``, ``mom = mom *
    momentum + rsqrt(ms + ε) * lr * g``, ``v -= mom``."""
    v, ms, mom = parts
    lr, rho, momentum, epsilon = scalars
    one = np.ones((), dtype=v.dtype)
    ms = ms * rho + np.square(g) * (one - rho)
    mom = mom * momentum + one / np.sqrt(ms + epsilon) * lr * g
    return [v - mom, ms, mom]


def _centered_rmsprop_step(parts: list[np.ndarray], g: np.ndarray, scalars: list[np.ndarray],
                           attrs: Mapping[str, Any]) -> list[np.ndarray]:
    """TF's ``SparseApplyCenteredRMSPropOp``: as ``SparseApplyRMSProp`` with the moving
    mean ``mg = mg * rho + g * (1 - rho)`` taken off: ``rsqrt(ms + ε - mg²)``, in TF's order
    (the dense op adds ε last)."""
    v, mg, ms, mom = parts
    lr, rho, momentum, epsilon = scalars
    one = np.ones((), dtype=v.dtype)
    ms = ms * rho + np.square(g) * (one - rho)
    mg = mg * rho + g * (one - rho)
    mom = mom * momentum + one / np.sqrt(ms + epsilon - np.square(mg)) * lr * g
    return [v - mom, mg, ms, mom]


def _sparse_apply(op_type: str, refs: Sequence[str], values: Sequence[str], step: Any,
                  doc: str, nesterov: bool = False) -> None:
    attrs: tuple[AttrDef, ...] = (AttrDef("T", "type", derived=True), _INDICES, _LOCK)
    if nesterov:
        attrs += (AttrDef("use_nesterov", "bool", default=False),)
    n = len(refs)
    index_at = n + list(values).index("indices")
    register(OpDef(
        type=op_type, inputs=(*refs, *values), kernel=_sparse_kernel(op_type, n, values, step),
        attrs=attrs, infer=_sparse_apply_infer(op_type, n, values),
        derive=lambda s: {**_derive_ref_t(s), "Tindices": s[index_at].dtype},
        category="Training", default_name=op_type, stateful=True, const_eval=False,
        extra={"ref_inputs": tuple(range(n)), "writes_rows": True,
               "arg_types": {k: "Tindices" if k == "indices" else "T"
                             for k in (*refs, *values)}}, doc=doc,
    ))


_sparse_apply("SparseApplyMomentum", ("var", "accum"),
              ("lr", "grad", "indices", "momentum"), _momentum_step,
              "Momentum on the rows indices names: accum = accum·momentum + grad; "
              "var -= lr·accum.", nesterov=True)
_sparse_apply("SparseApplyRMSProp", ("var", "ms", "mom"),
              ("lr", "rho", "momentum", "epsilon", "grad", "indices"), _rmsprop_step,
              "RMSProp on the rows indices names: ms moves toward grad², "
              "mom = mom·momentum + lr·grad/√(ms + ε), var -= mom.")
_sparse_apply("SparseApplyCenteredRMSProp", ("var", "mg", "ms", "mom"),
              ("lr", "rho", "momentum", "epsilon", "grad", "indices"), _centered_rmsprop_step,
              "Centered RMSProp on the rows indices names: ms and mg move toward grad² and "
              "grad, mom = mom·momentum + lr·grad/√(ms + ε − mg²), var -= mom.")

# TF's state_grad and training ops: no gradient flows through an update. Unique has none
# registered at all (its gradient stays unset), so gradients through it fail, as in TF
not_differentiable("SparseApplyMomentum", "SparseApplyRMSProp",
                   "SparseApplyCenteredRMSProp")
