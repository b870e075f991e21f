"""TopKV2: the ``k`` largest entries of the last dimension and where they are
(``tf.math.top_k``, ``tf.nn.top_k``), and its gradient, TF's ``_TopKGrad``: the values'
gradient scattered back to the places they came from.

Equal values keep their order (the lower index first), as TF's kernel orders them;
``sorted=False`` gives them in that same order, one of the orders TF allows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np

from ..framework import dtypes as dt
from ..framework.errors import KernelError, ShapeError
from ..framework.input_values import Inputs
from ..framework.operation import Operation, Tensor
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import TensorShape, with_rank_at_least
from . import _shape_fns as sf
from . import _tf_types as tt
from ._common import host
from ._shape_fns import type_attr
from .grad_registry import register_gradient
from .list_apply import apply_op

_INDEX_TYPES = ("int16", "int32", "int64")


def _k_dim(read: Inputs) -> int | None:
    """TF's ``MakeDimForScalarInput(1)``: k as a dim, checked non-negative."""
    sf.with_rank(read.specs[1].shape, 0)
    value = read.tensor(1)
    if value is None:
        return None
    k = int(np.asarray(value))
    if k < 0:
        raise ShapeError(f"Dimension size, given by scalar input 1, must be non-negative but "
                         f"is {k}")
    return k


def _top_k_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    t = sf.check_dtype(specs[0], tt.REAL, "input")
    sf.check_dtype(specs[1], ("int16", "int32", "int64"), "k")
    index_type = sf.check_attr_dtype(attrs.get("index_type") or dt.int32, _INDEX_TYPES,
                                     "index_type")
    shape = with_rank_at_least(specs[0].shape, 1)
    with Inputs(specs) as read:
        k = _k_dim(read)
        if shape.sizes is None:
            out = TensorShape(None)
        else:
            last = shape.sizes[-1]
            if last is not None and k is not None and last < k:
                raise ShapeError(f"input must have last dimension >= k = {k} but is {last}")
            out = TensorShape(list(shape.sizes[:-1]) + [k])
    return [TensorSpec(out, t), TensorSpec(out, index_type)]


def _top_k_kernel(xp: Any, x: Any, k: Any, **attrs: Any) -> Any:
    a, n = host(x), int(host(k))
    if n < 0:
        raise KernelError(f"Need k >= 0, got {n}")
    if a.ndim == 0:
        raise KernelError("input must be >= 1-D, got shape []")
    if a.shape[-1] < n:
        raise KernelError(f"input must have at least k columns. Had {a.shape[-1]}, needed {n}")
    last = a.shape[-1]
    # descending, ties lower index first: a stable ascending sort of the reversed row, read
    # from its end
    order = np.argsort(a[..., ::-1], axis=-1, kind="stable")[..., ::-1][..., :n]
    indices = (last - 1 - order).astype((attrs.get("index_type") or dt.int32).np_dtype)
    values = np.take_along_axis(a, indices.astype(np.intp), axis=-1)
    return xp.asarray(np.ascontiguousarray(values)), xp.asarray(np.ascontiguousarray(indices))


def _normalize(attrs: dict[str, Any]) -> dict[str, Any]:
    """An index_type TF does not allow is the op's inference error, as TF's is."""
    index_type = dt.as_dtype(attrs.get("index_type") or dt.int32)
    return {"sorted": bool(attrs.get("sorted", True)), "index_type": index_type}


register(OpDef(
    type="TopKV2", inputs=("input", "k"), infer=_top_k_infer, kernel=_top_k_kernel,
    attrs=(AttrDef("sorted", "bool", default=True, doc="values in descending order"),
           type_attr("T", tt.REAL), type_attr("Tk", ("int16", "int32", "int64"),
                                              default=dt.int32),
           AttrDef("index_type", "type", default=dt.int32,
                   allowed=(dt.int16, dt.int32, dt.int64), doc="the indices' dtype")),
    derive=lambda s: {"T": s[0].dtype, "Tk": s[1].dtype}, normalize=_normalize,
    category="Array", num_outputs=2, reads_values=True, const_eval=False,
    doc="The k largest entries of the last dimension (values) and their positions (indices).",
    default_name="TopKV2", extra={"arg_types": {"input": "T", "k": "Tk"}},
))


class TopKV2(NamedTuple):
    """What ``top_k`` returns, as TF's namedtuple: ``values`` and ``indices``."""

    values: Tensor
    indices: Tensor


def top_k(input: Any, k: Any = 1, sorted: bool = True,  # noqa: A002
          index_type: Any = dt.int32, name: str | None = None) -> TopKV2:
    """``tf.math.top_k``: the ``k`` largest entries of the last dimension and their
    indices, largest first when ``sorted``."""
    out = apply_op("TopKV2", name, {"sorted": sorted, "index_type": dt.as_dtype(index_type)},
                   input=input, k=k)
    assert isinstance(out, list)
    return TopKV2(out[0], out[1])


def _minus_one(t: Any) -> Any:
    return t - 1


@register_gradient("TopKV2")
def _top_k_grad(op: Operation, grad: Any, _: Any) -> Any:
    """TF's ``_TopKGrad``: each value's gradient scattered to the flat position it came
    from, reshaped to the input's shape; k gets none (a zero)."""
    from .array_builders import expand_dims, gather, reshape, shape, size, stack, zeros
    from .array_builders import range as range_
    from .builder import cast
    from .math_builders import reduce_prod
    from .nd_indexing import scatter_nd

    x, indices = op.inputs[0], op.outputs[1]
    in_shape: Any = shape(x)
    ind_shape: Any = shape(indices)
    ind_lastdim: Any = gather(cast(ind_shape, dt.int64), _minus_one(size(ind_shape)))
    ind_2d: Any = reshape(indices, stack([-1, ind_lastdim]))  # Any: Tensor's operators
    in_lastdim: Any = gather(cast(in_shape, dt.int64), _minus_one(size(in_shape)))
    shape_2d: Any = shape(ind_2d)
    outerdim = shape_2d[0]
    offsets = range_(0, cast(outerdim, dt.int64) * in_lastdim, in_lastdim)
    ind = ind_2d + cast(expand_dims(offsets, -1), dt.int32)
    ind = reshape(ind, [-1])
    flat = scatter_nd(expand_dims(ind, -1), reshape(grad, [-1]), [reduce_prod(in_shape)])
    return [reshape(flat, in_shape), zeros([], dtype=dt.int32)]
