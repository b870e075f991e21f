"""DynamicPartition (the rows of data sorted into ``num_partitions`` tensors by a partition
index each) and ParallelDynamicStitch (DynamicStitch's twin TF's embedding lookup builds):
what ``nn.embedding_lookup`` over sharded params is made of, with TF's gradients.

A partition's size depends on the indices' values, so inference knows only its rank and
inner dims (over small constants its value is computed when a consumer asks, as TF's shape
refiner evaluates constant subgraphs: the stitch after it then knows its rows), and dask
runs it whole.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework.errors import KernelError
from ..framework.operation import Operation
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import TensorShape, merge_dim, with_rank_at_least
from . import _shape_fns as sf
from ._common import host
from .array import T_ANY
from .array_join import N_ATTR, _n_normalize
from .grad_ops import _stitch_infer, _stitch_kernel
from .grad_registry import register_gradient
from .list_apply import apply_op


def _partition_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    sf.check_dtype(specs[1], ("int32",), "partitions")
    data, partitions = specs[0].shape, specs[1].shape
    n = attrs["num_partitions"]
    if data.sizes is None or partitions.sizes is None:
        return [TensorSpec(TensorShape(None), specs[0].dtype)] * n
    # TF's MergePrefix: data at least the partitions' rank, each leading dim theirs
    with_rank_at_least(data, len(partitions.sizes))
    for d, p in zip(data.sizes, partitions.sizes):
        merge_dim(d, p)
    out = TensorShape([None, *data.sizes[len(partitions.sizes):]])
    return [TensorSpec(out, specs[0].dtype)] * n


def _partition_kernel(xp: Any, data: Any, partitions: Any, **attrs: Any) -> Any:
    """TF's kernel: data's shape checked to start with the partitions', then each index
    (the first out of range named at its place, ``partitions[1,0]``)."""
    a, p, n = host(data), host(partitions), attrs["num_partitions"]
    if a.shape[:p.ndim] != p.shape:
        raise KernelError(f"data.shape must start with partitions.shape, got data.shape = "
                          f"[{','.join(map(str, a.shape))}], partitions.shape = "
                          f"[{','.join(map(str, p.shape))}]")
    bad = (p < 0) | (p >= n)
    if bad.any():
        at = np.unravel_index(int(np.argmax(bad.reshape(-1))), p.shape)
        where = f"[{','.join(str(int(i)) for i in at)}]" if p.ndim else ""
        raise KernelError(f"partitions{where} = {int(p[at])} is not in [0, {n})")
    rows = a.reshape((p.size, *a.shape[p.ndim:]))
    flat = p.reshape(-1)
    parts = tuple(xp.asarray(np.array(rows[flat == i])) for i in range(n))
    return parts if n > 1 else parts[0]


def _normalize(attrs: dict[str, Any]) -> dict[str, Any]:
    from ..framework.errors import AttrError

    n = attrs.get("num_partitions", 2)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise AttrError(f"num_partitions: expected an integer of at least 1, got {n!r}")
    if n < 1:  # TF's op-def check of the attr's minimum, in its words
        raise AttrError(f"Attr 'num_partitions' of 'DynamicPartition' Op passed {int(n)} less "
                        "than minimum 1.")
    return {"num_partitions": int(n)}


register(OpDef(
    type="DynamicPartition", inputs=("data", "partitions"), infer=_partition_infer,
    kernel=_partition_kernel,
    attrs=(AttrDef("num_partitions", "int", default=2, doc="how many partitions"), T_ANY),
    derive=lambda s: {"T": s[0].dtype}, normalize=_normalize, category="Array",
    list_output="num_partitions", chunked="whole",
    doc="The rows of data in num_partitions tensors, each row where partitions says.",
    default_name="DynamicPartition", extra={"arg_types": {"data": "T", "partitions": "int32"},
                                            # its parts' value over small constants is known
                                            # while inferring (a stitch's size reads it)
                                            "size_from_inputs": True},
))
register(OpDef(
    type="ParallelDynamicStitch", inputs=("indices", "data"), infer=_stitch_infer,
    kernel=_stitch_kernel, attrs=(N_ATTR, T_ANY), derive=lambda s: {"T": s[-1].dtype},
    normalize=_n_normalize, category="Array",
    doc="Interleaves the data tensors: out[indices[m][i]] = data[m][i].",
    default_name="ParallelDynamicStitch", list_inputs={"indices": "N", "data": "N"},
    extra={"arg_types": {"indices": "int32", "data": "T"}},
))


@register_gradient("DynamicPartition")
def _partition_grad(op: Operation, *grads: Any) -> Any:
    """TF's ``_DynamicPartitionGrads``: each row's position partitioned the same way, and
    the partitions' gradients stitched back to those positions."""
    from .array_builders import range as range_
    from .array_builders import reshape, shape
    from .math_builders import reduce_prod

    data, indices = op.inputs[0], op.inputs[1]
    n = op.get_attr("num_partitions")
    prefix_shape = shape(indices)
    original = reshape(range_(reduce_prod(prefix_shape)), prefix_shape)
    parts = dynamic_partition(original, indices, n)
    stitched = apply_op("ParallelDynamicStitch", None, indices=parts, data=list(grads))
    return [reshape(stitched, shape(data)), None]


@register_gradient("ParallelDynamicStitch")
def _parallel_stitch_grad(op: Operation, grad: Any) -> Any:
    """TF's ``_DynamicStitchGrads``: each data tensor's rows gathered from the gradient."""
    from .array_builders import gather

    n = len(op.inputs) // 2
    return [None] * n + [gather(grad, op.inputs[i]) for i in range(n)]


def dynamic_partition(data: Any, partitions: Any, num_partitions: int,
                      name: str | None = None) -> list[Any]:
    """``tf.dynamic_partition``: ``num_partitions`` tensors, the rows of data each
    partition index names."""
    out = apply_op("DynamicPartition", name, {"num_partitions": num_partitions}, data=data,
                   partitions=partitions)
    return out if isinstance(out, list) else [out]
