"""GatherNd and ScatterNd: reading and writing a tensor at index tuples (``tf.gather_nd``,
``tf.scatter_nd``). Each is the other's gradient, as TF registers them; TF's top-k
gradient scatters through ScatterNd.

An index tuple is the last dimension of ``indices``: ``indices[..., :M]`` names an element
(M equal to the rank) or a slice (M less than it) of ``params``. Inference is TF's shape
functions; ScatterNd sums the updates that name the same place, as TF's kernel does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.errors import KernelError, ShapeError
from ..framework.indexed_slices import IndexedSlices
from ..framework.input_values import Inputs
from ..framework.operation import Operation, Tensor
from ..framework.registry import OpDef, TensorSpec, register
from ..framework.shapes import TensorShape, with_rank_at_least
from . import _shape_fns as sf
from ._common import host
from ._shape_fns import type_attr
from .array import T_ANY
from .grad_registry import register_gradient
from .list_apply import apply_op

CATEGORY = "Array"
_TINDICES = type_attr("Tindices", ("int16", "int32", "int64"), default=dt.int32)


def _gather_nd_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]
                     ) -> list[TensorSpec]:
    sf.check_dtype(specs[1], ("int16", "int32", "int64"), "indices")
    params, indices = specs[0].shape, with_rank_at_least(specs[1].shape, 1)
    if indices.sizes is None or indices.sizes[-1] is None or params.sizes is None:
        return [TensorSpec(TensorShape(None), specs[0].dtype)]
    m = indices.sizes[-1]
    if m > len(params.sizes):
        raise ShapeError(f"indices.shape[-1] must be <= params.rank, but saw indices shape: "
                         f"{indices.debug_string()} and params shape: {params.debug_string()}")
    return [TensorSpec(TensorShape(list(indices.sizes[:-1]) + list(params.sizes[m:])),
                       specs[0].dtype)]


def _tuples(index: np.ndarray, shape: tuple[int, ...], what: str) -> tuple[np.ndarray, ...]:
    """The index tuples as numpy's advanced index, each checked against ``shape``."""
    flat = index.reshape(-1, index.shape[-1])
    bounds = np.array(shape[:index.shape[-1]])
    bad = ((flat < 0) | (flat >= bounds)).any(axis=1)
    if bad.any():
        i = int(np.argmax(bad))
        where = ", ".join(str(int(v)) for v in np.unravel_index(i, index.shape[:-1])) or "0"
        raise KernelError(f"indices[{where}] = [{', '.join(str(int(v)) for v in flat[i])}] "
                          f"does not index into {what} [{','.join(map(str, shape))}]")
    return tuple(np.moveaxis(index, -1, 0))


def _gather_nd_kernel(xp: Any, params: Any, indices: Any, **attrs: Any) -> Any:
    p, index = host(params), host(indices)
    return xp.asarray(np.array(p[_tuples(index, p.shape, "param shape")]))  # keeps rank 0


def _scatter_nd_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]
                      ) -> list[TensorSpec]:
    sf.check_dtype(specs[0], ("int16", "int32", "int64"), "indices")
    with_rank_at_least(specs[0].shape, 1)
    sf.with_rank(specs[2].shape, 1)
    with Inputs(specs) as read:
        shape = read.shape(2)
    indices, updates = specs[0].shape, specs[1].shape
    if indices.sizes is not None and updates.sizes is not None and shape.sizes is not None and (
            indices.sizes[-1] is not None):
        expected = list(indices.sizes[:-1]) + list(shape.sizes[indices.sizes[-1]:])
        if not TensorShape(expected).is_compatible_with(updates):
            raise ShapeError(f"updates has shape {updates.debug_string()}, but indices of "
                             f"shape {indices.debug_string()} into an output of shape "
                             f"{shape.debug_string()} need {TensorShape(expected).debug_string()}")
    return [TensorSpec(shape, specs[1].dtype)]


def _scatter_nd_kernel(xp: Any, indices: Any, updates: Any, shape: Any, **attrs: Any) -> Any:
    index, values = host(indices), host(updates)
    dims = tuple(int(d) for d in host(shape).reshape(-1))
    out = np.zeros(dims, values.dtype)
    np.add.at(out, _tuples(index, dims, "output shape"), values)
    return xp.asarray(out)


register(OpDef(
    type="GatherNd", inputs=("params", "indices"), infer=_gather_nd_infer,
    kernel=_gather_nd_kernel, attrs=(type_attr("Tparams", ()), _TINDICES),
    derive=lambda s: {"Tparams": s[0].dtype, "Tindices": s[1].dtype}, category=CATEGORY,
    doc="The elements or slices of params at the index tuples in indices' last dimension.",
    default_name="GatherNd", const_eval=False,
    extra={"arg_types": {"params": "Tparams", "indices": "Tindices"}},
))
register(OpDef(
    type="ScatterNd", inputs=("indices", "updates", "shape"), infer=_scatter_nd_infer,
    kernel=_scatter_nd_kernel, attrs=(T_ANY, _TINDICES),
    derive=lambda s: {"T": s[1].dtype, "Tindices": s[0].dtype}, category=CATEGORY,
    doc="Zeros of shape with updates added at the index tuples in indices' last dimension.",
    default_name="ScatterNd", reads_values=True, const_eval=False,
    extra={"arg_types": {"indices": "Tindices", "updates": "T", "shape": "Tindices"}},
))


def _one(result: Tensor | list[Tensor]) -> Tensor:
    assert isinstance(result, Tensor)
    return result


def gather_nd(params: Any, indices: Any, name: str | None = None, batch_dims: int = 0
              ) -> Tensor:
    """``tf.gather_nd`` (``batch_dims`` 0: TF1's only form)."""
    if batch_dims:
        raise ValueError("gather_nd: only batch_dims=0 is supported (TF1's gather_nd has no "
                         "batch_dims)")
    return _one(apply_op("GatherNd", name, params=params, indices=indices))


def scatter_nd(indices: Any, updates: Any, shape: Any, name: str | None = None) -> Tensor:
    """``tf.scatter_nd``: zeros of ``shape`` with ``updates`` added at ``indices``."""
    return _one(apply_op("ScatterNd", name, indices=indices, updates=updates, shape=shape))


@register_gradient("GatherNd")
def _gather_nd_grad(op: Operation, grad: Any) -> Any:
    """TF's ``_GatherNdGrad``: IndexedSlices for one-element index tuples into rows, else
    the gradient scattered back."""
    from .array_builders import shape as shape_
    from .array_builders import squeeze

    ref, indices = op.inputs[0], op.inputs[1]
    assert ref is not None and indices is not None
    ref_shape = shape_(ref, out_type=indices.dtype)
    if indices.shape.rank == 2 and indices.shape.sizes[-1] == 1:  # type: ignore[index]
        return IndexedSlices(grad, squeeze(indices, axis=-1), ref_shape), None
    return scatter_nd(indices, grad, ref_shape), None


@register_gradient("ScatterNd")
def _scatter_nd_grad(op: Operation, grad: Any) -> Any:
    """TF's ``_ScatterNdGrad``: the output's gradient gathered at the indices."""
    return None, gather_nd(grad, op.inputs[0]), None
