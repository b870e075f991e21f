"""``boolean_mask``: the elements (or rows) of a tensor where a boolean mask is true.

TF1 builds it from ops the engine has, and so does this: the masked dimensions are
flattened into one (``Shape``, ``StridedSlice``, ``Prod``, ``ConcatV2``, ``Reshape``), the
mask is flattened too, and the rows where it is true are gathered (``Where``, ``Squeeze``,
``GatherV2``) — TF's op names, so a graph that uses it (``report_uninitialized_variables``
does) is TF's graph. Its gradient is the gather's.
"""

from __future__ import annotations

from typing import Any

from ..framework.operation import Tensor
from ..framework.shapes import TensorShape
from .apply import convert_to_tensor, graph_of
from .array_builders import concat, gather, reshape, shape, squeeze, where
from .list_apply import apply_op
from .slicing import getitem


def boolean_mask(tensor: Any, mask: Any, name: str = "boolean_mask", axis: Any = None
                 ) -> Tensor:
    """``tensor``'s entries where ``mask`` (of the shape of dimensions ``axis`` … of
    ``tensor``) is true, as a tensor whose dimensions there are replaced by one."""
    graph = graph_of(tensor, mask)
    with graph.name_scope(name):
        tensor = convert_to_tensor(tensor, name="tensor")
        mask = convert_to_tensor(mask, name="mask")
        ndims_mask = mask.shape.rank
        if ndims_mask == 0:
            raise ValueError("mask cannot be scalar.")
        if ndims_mask is None:
            raise ValueError("Number of mask dimensions must be specified, even if some "
                             "dimensions are None.  E.g. shape=[None] is ok, but shape=None "
                             "is not.")
        at = 0 if axis is None else int(axis)
        dims = tensor.shape.dims
        masked = TensorShape(None if dims is None else dims[at:at + ndims_mask])
        if not masked.is_compatible_with(mask.shape):
            raise ValueError(f"Shapes {masked} and {mask.shape} are incompatible")
        leading = apply_op("Prod", None, input=getitem(shape(tensor), slice(at, at + ndims_mask)),
                           reduction_indices=[0])
        flat = reshape(tensor, concat([getitem(shape(tensor), slice(None, at)), [leading],
                                       getitem(shape(tensor), slice(at + ndims_mask, None))], 0))
        if dims is not None:
            first = masked.num_elements() if masked.is_fully_defined() else None
            flat.set_shape(TensorShape([*dims[:at], first, *dims[at + ndims_mask:]]))
        mask = reshape(mask, [-1])
        indices = squeeze(where(mask), axis=[1])
        return gather(flat, indices, axis=at)

