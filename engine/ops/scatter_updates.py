"""The scatter updates of a ref variable, as TF 1.x's ``state_ops`` registers them: rows
named by index (``ScatterUpdate``, ``ScatterAdd``, ``ScatterSub``, ``ScatterMul``,
``ScatterDiv``, ``ScatterMax``, ``ScatterMin``) and elements or slices named by index tuples
(``ScatterNdUpdate``, ``ScatterNdAdd``, ``ScatterNdSub``, and ``ScatterNdMax``,
``ScatterNdMin``, which tf.compat.v1's Variable methods build). Each outputs the variable's
reference, as TF's do.

An index tuple of length K names a slice of the variable's leading K dimensions, so an Nd
update is a row update of the variable seen as ``prod(shape[:K])`` rows: both kinds share one
kernel. Repeated indices accumulate for every combining update (each row's updates applied
one after the other, in TF's order: ``rounds``); for ``ScatterUpdate`` and
``ScatterNdUpdate`` TF's result is "one of them", and here it is always the last one.

Each changes the variable in place when nothing but its state sees the value, after
logging the rows it changes (``row_undo``), and otherwise stores a new read-only array; either
way a failed run (an index out of range, updates of the wrong shape) leaves the variable as
it was (TF's kernel leaves the rows before a bad index written). The kernels index and scatter
on host arrays (numpy), whatever the backend, and hand back the backend's array
(``xp.asarray``). No gradient flows through any of them: TF declares most
``NotDifferentiable`` and leaves ScatterUpdate and the Max/Min updates without one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from ..framework.errors import DTypeError, KernelError, ShapeError
from ..framework.kernels import cpu_kernel_pairs
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import TensorShape, with_rank_at_least
from . import _shape_fns as sf
from . import _tf_types as tt
from . import row_undo
from ._common import dtypes_named, host, shape_str
from ._shape_fns import merge, type_attr
from .grad_registry import not_differentiable
from .nd_indexing import _tuples
from .sparse_updates import _UNINITIALIZED, _copy_of, _keep, rounds
from .state import _current, _derive_ref_t, _ref_spec

_INDICES = type_attr("Tindices", tt.INDEX)
_MAX_MIN = ("float16", "bfloat16", "float32", "float64", "int32", "int64")
#: TF 2.x's attr of the Nd updates (empty: fail on a bad index, TF 1.x's only behaviour)
_BAD_INDICES = AttrDef("bad_indices_policy", "string", default="", hidden=True)


def _checked_ref(op_type: str, allowed: Sequence[str], specs: Sequence[TensorSpec]
                 ) -> TensorSpec:
    """The checks of TF's op definition, in its order: the reference and its type, the
    indices' type, then the updates' (whose message names the variable's base type,
    ``float32``, not ``float32_ref``)."""
    ref = _ref_spec(op_type, specs)
    base = ref.dtype.base_dtype
    if allowed:
        sf.check_dtype(TensorSpec(ref.shape, base), allowed, "ref")
    sf.check_dtype(specs[1], tt.INDEX, "indices")
    if specs[2].dtype is not base:
        raise DTypeError(f"Input 'updates' of '{op_type}' Op has type {specs[2].dtype.name} "
                         f"that does not match type {base.name} of argument 'ref'.")
    return ref


def _lock(default: bool) -> AttrDef:
    return AttrDef("use_locking", "bool", default=default, hidden=True)


def _truncating_divide(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """C's integer division (toward zero), as TF's kernel divides integers."""
    if a.dtype.kind in "iu":
        q = np.abs(a) // np.abs(b)
        return np.where((a < 0) != (b < 0), -q, q).astype(a.dtype)
    return np.divide(a, b)


#: how each update combines a row with its update (None: the update replaces it)
COMBINE: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray] | None] = {
    "Update": None, "Add": np.add, "Sub": np.subtract, "Mul": np.multiply,
    "Div": _truncating_divide, "Max": np.maximum, "Min": np.minimum,
}


def _apply_rows(xp: Any, state: dict[str, Any], old: np.ndarray, flat: np.ndarray,
                rows: np.ndarray, combine: Callable[..., np.ndarray] | None,
                in_place: bool) -> Any:
    """``old`` seen as ``flat``'s rows changed by ``rows``, round after round: in place
    (``row_undo``) or stored as the variable's new value."""
    inner = rows.shape[1:]
    new = row_undo.open_rows(state, old, flat, inner) if in_place else _copy_of(xp, state, old)
    lead = old.shape[:old.ndim - rows.ndim + 1]  # the dims the flat indices count (no -1:
    view = new.reshape(math.prod(lead), *inner)  # rows may be empty); a view
    for at in rounds(flat):
        where = flat[at]
        view[where] = rows[at] if combine is None else combine(view[where], rows[at])
    return _keep(xp, state, new)


# --- ScatterUpdate and the row updates -----------------------------------------------------
def _scatter_infer(op_type: str, allowed: Sequence[str]) -> Any:
    """TF's ``ScatterUpdateShape``: updates are indices' shape then the variable's rows (or a
    scalar); the output is the variable."""
    def infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
        ref = _checked_ref(op_type, allowed, specs)
        var, indices, updates = ref.shape, specs[1].shape, specs[2].shape
        if updates.rank != 0 and var.sizes is not None and indices.sizes is not None:
            merge(updates, TensorShape([*indices.sizes, *var.sizes[1:]]))
        return [TensorSpec(var, ref.dtype)]
    return infer


def bad_index(indices: np.ndarray, rows: int) -> str | None:
    """TF's message for the first index out of ``[0, rows)``, or None."""
    flat = indices.reshape(-1)
    bad = np.nonzero((flat < 0) | (flat >= rows))[0]
    if not bad.size:
        return None
    if not indices.ndim:  # a scalar index has no place to name
        return f"indices = {int(flat[0])} is not in [0, {rows})"
    at = np.unravel_index(int(bad[0]), indices.shape)
    where = ",".join(str(int(i)) for i in at)
    return f"indices[{where}] = {int(flat[bad[0]])} is not in [0, {rows})"


def _scatter_kernel(combine: Callable[..., np.ndarray] | None) -> Any:
    def kernel(xp: Any, indices: Any, updates: Any, *, _refs: Sequence[dict[str, Any]],
               **attrs: Any) -> Any:
        state = _refs[0]
        old = host(_current(state, _UNINITIALIZED))
        idx, upd = host(indices), host(updates)
        if old.ndim == 0:
            raise KernelError("params must be at least 1-D, got shape []")
        want = (*idx.shape, *old.shape[1:])
        if upd.ndim and upd.shape != want:
            raise KernelError(
                "Must have updates.shape = indices.shape + params.shape[1:] or updates.shape "
                f"= [], got updates.shape {shape_str(upd.shape)}, indices.shape "
                f"{shape_str(idx.shape)}, params.shape {shape_str(old.shape)}")
        problem = bad_index(idx, old.shape[0])
        if problem:
            raise KernelError(problem)
        rows = np.broadcast_to(upd, want).reshape(idx.size, *old.shape[1:]).astype(old.dtype)
        in_place = row_undo.writable_in_place(xp, state, old)  # before a call holds old
        return _apply_rows(xp, state, old, idx.reshape(-1).astype(np.int64), rows, combine,
                           in_place)
    return kernel


_ROW_DOCS = {
    "Update": "Sets the variable's rows indices to updates (a repeated index: the last wins).",
    "Add": "Adds the rows of updates to the variable's rows indices.",
    "Sub": "Subtracts updates' rows from the variable's rows indices.",
    "Mul": "Multiplies the variable's rows indices by updates' rows.",
    "Div": "Divides the variable's rows indices by updates' rows.",
    "Max": "The larger of each of the variable's rows indices and updates' rows.",
    "Min": "The smaller of each of the variable's rows indices and updates' rows.",
}
for _kind, _doc in _ROW_DOCS.items():
    _type = f"Scatter{_kind}"
    _allowed = () if _kind == "Update" else _MAX_MIN if _kind in ("Max", "Min") else tt.NUMBER
    register(OpDef(
        type=_type, inputs=("ref", "indices", "updates"),
        infer=_scatter_infer(_type, _allowed), kernel=_scatter_kernel(COMBINE[_kind]),
        attrs=(type_attr("T", _allowed), _INDICES, _lock(_kind == "Update")),
        derive=lambda s: {**_derive_ref_t(s), "Tindices": s[1].dtype}, category="State",
        default_name=_type, stateful=True, const_eval=False, doc=_doc,
        extra={"ref_inputs": (0,), "writes_rows": True,
               "arg_types": {"ref": "T", "indices": "Tindices", "updates": "T"}},
    ))


# --- ScatterNdUpdate, ScatterNdAdd, ScatterNdSub -------------------------------------------
def _nd_infer(op_type: str, allowed: Sequence[str]) -> Any:
    """TF's ``ScatterNdShapeHelper``: indices' outer dims are updates' outer dims, and the
    variable's dims after the index tuple are updates' inner dims."""
    def infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
        ref = _checked_ref(op_type, allowed, specs)
        var = ref.shape
        indices = with_rank_at_least(specs[1].shape, 1)
        updates = with_rank_at_least(specs[2].shape, 1)
        if indices.sizes is None or updates.sizes is None or indices.sizes[-1] is None:
            return [TensorSpec(var, ref.dtype)]
        outer, ix = len(indices.sizes) - 1, indices.sizes[-1]
        pairs: list[tuple[str, TensorShape, str, TensorShape]] = [
            (f"[0,{outer}) of indices[shape={indices.debug_string()}]",
             TensorShape(indices.sizes[:outer]),
             f"[0,{outer}) of updates[shape={updates.debug_string()}]",
             TensorShape(updates.sizes[:outer]))]
        if var.sizes is not None:
            pairs.append((f"[{ix},{len(var.sizes)}) of input[shape={var.debug_string()}]",
                          TensorShape(var.sizes[ix:]),
                          f"[{outer},{len(updates.sizes)}) of updates[shape="
                          f"{updates.debug_string()}]", TensorShape(updates.sizes[outer:])))
        for a_text, a, b_text, b in pairs:
            try:
                merge(a, b)
            except ShapeError as e:
                raise ShapeError(f"Dimensions {a_text} = {a.debug_string()} must match "
                                 f"dimensions {b_text} = {b.debug_string()}: {e}") from None
        return [TensorSpec(var, ref.dtype)]
    return infer


#: TF's CPU kernels of ScatterNdMax and ScatterNdMin: its op allows complex types, its CPU
#: has no kernel for them (a run of the graph fails in TF's placer)
_EXTREMES_KERNELS = cpu_kernel_pairs("T", dtypes_named(
    "float64", "float32", "bfloat16", "float16", "int32", "int8", "uint8", "int16", "uint16",
    "uint32", "int64", "uint64"), "Tindices", dtypes_named("int64", "int32"))


def _check_nd_shapes(var: tuple[int, ...], idx: np.ndarray, upd: np.ndarray) -> None:
    """TF's ``PrepareAndValidateInputs`` and ``ValidateUpdateShape`` of the ref Nd ops."""
    if not var:
        raise KernelError("Output must be at least 1-D, got shape: []")
    if idx.ndim < 1:
        raise KernelError("Indices shape must have rank at least one. Found:"
                          f"{shape_str(idx.shape)}")
    if upd.ndim and idx.shape[0] != upd.shape[0]:
        raise KernelError(f"Dimensions [0,1) of indices[shape={shape_str(idx.shape)}] = "
                          f"{idx.shape[0]} must match dimensions [0,1) of updates[shape="
                          f"{shape_str(upd.shape)}] = {upd.shape[0]}")
    slice_dim = idx.shape[-1] if idx.ndim > 1 else 1
    batch_dim = idx.ndim - 1 if idx.ndim > 1 else 1
    prefix = (f"Dimensions [0,{batch_dim}) of indices[shape={shape_str(idx.shape)}] must "
              f"match dimensions [0,{batch_dim}) of updates[shape={shape_str(upd.shape)}]")
    suffix = (f"Dimensions [{slice_dim},{len(var)}) of input[shape={shape_str(var)}] must "
              f"match dimensions [{slice_dim},{upd.ndim}) of updates[shape="
              f"{shape_str(upd.shape)}]")
    if upd.ndim < batch_dim:
        raise KernelError(prefix)
    if len(var) < slice_dim + upd.ndim - batch_dim or upd.ndim != batch_dim + len(var) - slice_dim:
        raise KernelError(suffix)
    if upd.shape[:batch_dim] != idx.shape[:batch_dim]:
        raise KernelError(prefix)
    if upd.shape[batch_dim:] != var[slice_dim:]:
        raise KernelError(suffix)


#: the bad_indices_policy values TF's kernels know (IGNORE: out-of-range tuples skipped)
_POLICIES = ("", "DEFAULT", "ERROR", "IGNORE")


def _nd_kernel(combine: Callable[..., np.ndarray] | None) -> Any:
    def kernel(xp: Any, indices: Any, updates: Any, *, _refs: Sequence[dict[str, Any]],
               **attrs: Any) -> Any:
        policy = attrs.get("bad_indices_policy", "")
        if policy not in _POLICIES:  # TF's kernel, as it is made
            raise KernelError(f"Unknown bad indices handling attribute: {policy}")
        state = _refs[0]
        old = host(_current(state, _UNINITIALIZED))
        idx, upd = host(indices), host(updates)
        _check_nd_shapes(old.shape, idx, upd)
        k = idx.shape[-1]
        if policy == "IGNORE" and k and idx.size:  # the tuples out of range left out
            tuples = idx.reshape(-1, k)
            keep = ~((tuples < 0) | (tuples >= np.array(old.shape[:k]))).any(axis=1)
            idx = tuples[keep]
            upd = upd.reshape(tuples.shape[0], *old.shape[k:])[keep]
        flat = np.ravel_multi_index(_tuples(idx, old.shape, "shape"), old.shape[:k]) if k else (
            np.zeros(idx.shape[:-1], np.int64))
        inner = old.shape[k:]
        rows = upd.reshape(math.prod(idx.shape[:-1]), *inner).astype(old.dtype)
        in_place = row_undo.writable_in_place(xp, state, old)  # before a call holds old
        return _apply_rows(xp, state, old, np.asarray(flat, np.int64).reshape(-1), rows,
                           combine, in_place)
    return kernel


for _kind, _doc in (
        ("Update", "Sets the elements or slices of the variable at the index tuples in "
                   "indices' last dimension to updates (a repeated index: the last wins)."),
        ("Add", "Adds updates to the elements or slices of the variable at the index tuples "
                "in indices' last dimension."),
        ("Sub", "Subtracts updates from the elements or slices of the variable at the index "
                "tuples in indices' last dimension."),
        ("Max", "The larger of each element or slice of the variable at the index tuples in "
                "indices' last dimension and updates."),
        ("Min", "The smaller of each element or slice of the variable at the index tuples in "
                "indices' last dimension and updates.")):
    _type = f"ScatterNd{_kind}"
    _allowed = () if _kind == "Update" else tt.NUMBER
    register(OpDef(
        kernels=_EXTREMES_KERNELS if _kind in ("Max", "Min") else None,
        type=_type, inputs=("ref", "indices", "updates"), infer=_nd_infer(_type, _allowed),
        kernel=_nd_kernel(COMBINE[_kind]),
        attrs=(type_attr("T", _allowed), _INDICES, _lock(_kind == "Update"), _BAD_INDICES),
        derive=lambda s: {**_derive_ref_t(s), "Tindices": s[1].dtype}, category="State",
        default_name=_type, stateful=True, const_eval=False, doc=_doc,
        extra={"ref_inputs": (0,), "writes_rows": True,
               "arg_types": {"ref": "T", "indices": "Tindices", "updates": "T"}},
    ))

# TF's state_grad.py: no gradient flows through these updates. ScatterUpdate, ScatterMax,
# ScatterMin, ScatterNdMax and ScatterNdMin it leaves undeclared, so gradients through them
# fail, as in TF
not_differentiable("ScatterAdd", "ScatterSub", "ScatterMul", "ScatterDiv", "ScatterNdUpdate",
                   "ScatterNdAdd", "ScatterNdSub")
