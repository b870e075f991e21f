"""Sliced assignment of a ref variable: ``v[1:3].assign(value)``, TF's ``StridedSliceAssign``.

``Variable.__getitem__`` slices the variable's snapshot as any tensor is sliced (one
``StridedSlice``), and, as TF's ``_slice_helper`` does when given the variable, gives that
slice an ``assign``: a ``StridedSliceAssign`` of the variable with the slice's own begin, end,
strides and masks, named ``<slice>/_assign``. A plain tensor's slice has no ``assign``
(``hasattr`` is False), as in TF.

The value is broadcast into the slice's shape, as TF 2's kernel does ("Cannot broadcast input
shape [3] into final shape [2]"); the output is the variable's reference. Like the row
updates it writes into the variable in place when nothing else sees its value, logging the
slice first (``row_undo``), and otherwise stores a new read-only array; a failed run
changes nothing. It works on host arrays whatever the backend. TF registers no gradient
for it.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from ..framework.errors import DTypeError, KernelError
from ..framework.graph import Graph
from ..framework.operation import Tensor
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from . import _shape_fns as sf
from . import _tf_types as tt
from . import apply, row_undo
from ._common import host, shape_str
from ._shape_fns import type_attr
from .slicing import getitem
from .sparse_updates import _UNINITIALIZED, _copy_of, _keep
from .state import _current, _derive_ref_t, _ref_spec
from .strided_slice import MASKS, SliceError, _masks, dense_spec, process

Assign = Callable[..., Tensor]
#: the ``assign`` of each slice of a variable, by the slice's id (weakly: a slice nobody
#: holds takes its ``assign`` with it)
_ASSIGNS: dict[int, tuple[weakref.ref[Tensor], Assign]] = {}


def _infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    ref = _ref_spec("StridedSliceAssign", specs)
    index_type = sf.check_dtype(specs[1], tt.INDEX, "begin")
    for param, spec in zip(("end", "strides"), specs[2:4]):
        if spec.dtype is not index_type:
            raise DTypeError(f"Input '{param}' of 'StridedSliceAssign' Op has type "
                             f"{spec.dtype.name} that does not match type {index_type.name} "
                             "of argument 'begin'.")
    base = ref.dtype.base_dtype
    if specs[4].dtype is not base:
        raise DTypeError(f"Input 'value' of 'StridedSliceAssign' Op has type "
                         f"{specs[4].dtype.name} that does not match type {base.name} of "
                         "argument 'ref'.")
    return [TensorSpec(ref.shape, ref.dtype)]


def _kernel(xp: Any, begin: Any, end: Any, strides: Any, value: Any, *,
            _refs: Sequence[dict[str, Any]], **attrs: Any) -> Any:
    state = _refs[0]
    old = host(_current(state, _UNINITIALIZED))
    b, e, s = (host(t).reshape(-1).astype(np.int64).tolist() for t in (begin, end, strides))
    if not (len(b) == len(e) == len(s)):
        raise KernelError(f"Expected begin, end, and strides to be 1D equal size tensors, but "
                          f"got shapes [{len(b)}], [{len(e)}], and [{len(s)}] instead.")
    try:
        final, index = process(old.shape, dense_spec(old.ndim, b, e, s, _masks(attrs)), True)
    except SliceError as err:
        raise KernelError(str(err)) from None
    shape = tuple(int(d or 0) for d in final)
    val = host(value)
    try:
        fitted = np.broadcast_to(val, shape)
    except ValueError:
        raise KernelError(f"Cannot broadcast input shape {shape_str(val.shape)} into final "
                          f"shape {shape_str(shape)}") from None
    in_place = row_undo.writable_in_place(xp, state, old)  # before a call holds old
    where = tuple(index)
    new = row_undo.open_region(state, old, where) if in_place else _copy_of(xp, state, old)
    target = new[where]
    new[where] = fitted.reshape(target.shape)
    return _keep(xp, state, new)


register(OpDef(
    type="StridedSliceAssign", inputs=("ref", "begin", "end", "strides", "value"),
    infer=_infer, kernel=_kernel,
    attrs=(type_attr("T", ()), type_attr("Index", tt.INDEX),
           *(AttrDef(m, "int", default=0, doc=f"bit i set: index i has the {m[:-5]} flag")
             for m in MASKS)),
    derive=lambda s: {**_derive_ref_t(s), "Index": s[1].dtype}, category="State",
    default_name="StridedSliceAssign", stateful=True, const_eval=False,
    doc="Sets ref[begin:end:strides] (numpy-style, with TF's masks) to value; outputs the "
        "variable.",
    extra={"ref_inputs": (0,), "writes_rows": True,
           "arg_types": {"ref": "T", "begin": "Index", "end": "Index", "strides": "Index",
                         "value": "T"}},
))


def slice_of_variable(ref: Tensor, snapshot: Tensor, spec: Any) -> Tensor:
    """``variable[spec]``: the snapshot's slice, given TF's ``assign`` of that slice."""
    out = getitem(snapshot, spec)
    sliced = out.op
    bounds = [t for t in sliced.inputs[1:4] if t is not None]
    assert len(bounds) == 3
    masks = {m: int(sliced.get_attr(m) or 0) for m in MASKS}

    def assign(value: Any, name: str | None = None) -> Tensor:
        graph = ref.graph
        assert isinstance(graph, Graph) and ref.dtype is not None
        with graph.name_scope(name or sliced.name + "/_assign") as scope:
            val = value if isinstance(value, Tensor) else apply.convert_to_tensor(
                value, ref.dtype.base_dtype, name="value", graph=graph)
            return graph.create_op("StridedSliceAssign", [ref, *bounds, val],
                                   masks, scope).outputs[0]

    key = id(out)
    _ASSIGNS[key] = (weakref.ref(out, lambda _: _ASSIGNS.pop(key, None)), assign)
    return out


def _assign_of(tensor: Tensor) -> Assign:
    """``Tensor.assign``: there only on a slice of a variable, as TF attaches it."""
    found = _ASSIGNS.get(id(tensor))
    if found is None or found[0]() is not tensor:
        raise AttributeError("'SymbolicTensor' object has no attribute 'assign'")
    return found[1]


def _install() -> None:
    setattr(Tensor, "assign", property(_assign_of))  # noqa: B010  (a layer below)


_install()
