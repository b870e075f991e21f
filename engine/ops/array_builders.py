"""The builder API of the array ops: ``reshape``, ``transpose``, ``concat``, ``zeros`` …

Each function does what ``tf.compat.v1``'s does, op for op, so graphs get TF's ops and names:
``zeros([2, 3])`` is one Const (TF's "small constant" shortcut), ``shape(x)`` of a fully known
``x`` is a Const, ``transpose(x)`` without a permutation reads its rank. The ops themselves
are created through ``apply.apply_op``, TF's ``op_def_library``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.dtypes import DType
from ..framework.indexed_slices import IndexedSlices
from ..framework.operation import Tensor
from ..framework.shapes import TensorShape
from .apply import graph_of as _graph_of
from .apply import shape_as_tensor
from .builder import cast, constant, identity
from .list_apply import apply_op, convert, convert_to_tensor
from .static_values import constant_value

newaxis = None


def _tensor(value: Any, name: str, dtype: DType | None = None) -> Tensor:
    """``ops.convert_to_tensor(value, name=name)`` in the current scope."""
    return convert(_graph_of(value), value, name, dtype)


def _one(result: Tensor | list[Tensor]) -> Tensor:
    assert isinstance(result, Tensor)
    return result


def reshape(tensor: Any, shape: Any, name: str | None = None) -> Tensor:
    return _one(apply_op("Reshape", name, tensor=tensor, shape=shape))


def transpose(a: Any, perm: Any = None, name: str = "transpose", conjugate: bool = False) -> Tensor:
    graph = _graph_of(a, perm)
    with graph.name_scope("transpose" if name is None else name) as scope:
        # an IndexedSlices is a TF type: Transpose's own input converts it (``x``)
        x = a if isinstance(a, (Tensor, IndexedSlices)) else _tensor(a, "a")
        if perm is None:
            rank = x.shape.rank
            if rank is None:
                rank_t: Any = _one(apply_op("Rank", None, input=x))  # Tensor's operators
                perm = apply_op("Range", None, start=rank_t - 1, limit=-1, delta=-1)
            else:
                perm = np.arange(rank - 1, -1, -1, dtype=np.int32)
        # TF: gen_array_ops.conjugate_transpose for a complex tensor asked to conjugate
        complex_ = x.dtype is not None and x.dtype.is_complex
        op_type = "ConjugateTranspose" if conjugate and complex_ else "Transpose"
        return _one(apply_op(op_type, scope, x=x, perm=perm))


def expand_dims(input: Any, axis: Any = None, name: str | None = None,  # noqa: A002
                dim: Any = None) -> Tensor:
    axis = _deprecated("axis", axis, "dim", dim)
    if axis is None:
        raise ValueError("Must specify an axis argument to tf.expand_dims()")
    return _one(apply_op("ExpandDims", name, input=input, dim=axis))


def squeeze(input: Any, axis: Any = None, name: str | None = None,  # noqa: A002
            squeeze_dims: Any = None) -> Tensor:
    axis = _deprecated("axis", axis, "squeeze_dims", squeeze_dims)
    if np.isscalar(axis):
        axis = [axis]
    if axis is not None and not isinstance(axis, (list, tuple)):  # TF's _apply_op_helper
        raise TypeError(f"Expected list for 'axis' argument to 'squeeze' Op, not {axis!r}.")
    return _one(apply_op("Squeeze", name, {"squeeze_dims": list(axis or [])}, input=input))


def _deprecated(new: str, new_value: Any, old: str, old_value: Any) -> Any:
    if new_value is not None and old_value is not None:
        raise ValueError(f"Cannot specify both '{old}' and '{new}'.")  # TF's argument lookup
    return new_value if new_value is not None else old_value


def concat(values: Any, axis: Any, name: str = "concat") -> Tensor:
    if not isinstance(values, (list, tuple)):
        values = [values]
    if len(values) == 1:
        graph = _graph_of(values[0], axis)
        with graph.name_scope(name):
            dim = _tensor(axis, "concat_dim", dt.int32)
            if dim.shape.rank not in (None, 0):
                raise ValueError(f"Shape {dim.shape} must have rank 0")
            return identity(values[0], name=name)
    return _one(apply_op("ConcatV2", name, values=list(values), axis=axis))


def stack(values: Any, axis: int = 0, name: str = "stack") -> Tensor:
    graph = _graph_of(*values) if isinstance(values, (list, tuple)) else _graph_of(values)
    if axis == 0:
        try:  # a constant list becomes a constant (or one Pack, by autopacking)
            return convert(graph, values, name)
        except (TypeError, ValueError):
            pass
    first = values[0] if isinstance(values[0], Tensor) else convert(graph, values[0], name)
    if first.shape.rank is not None:
        expanded = first.shape.rank + 1
        if axis < -expanded or axis >= expanded:
            raise ValueError(f"Argument `axis` = {axis} not in range [{-expanded}, {expanded})")
    return _one(apply_op("Pack", name, {"axis": axis}, values=list(values)))


def unstack(value: Any, num: int | None = None, axis: int = 0,
            name: str = "unstack") -> list[Tensor]:
    """One Unpack with ``num`` outputs; ``num`` is read from the static shape when not
    given (TF's "Cannot infer argument `num`" when that dimension is unknown)."""
    if num is None:
        value = value if isinstance(value, Tensor) else convert(_graph_of(value), value, "Const")
        shape = value.shape
        if shape.rank is not None:
            if axis < -shape.rank or axis >= shape.rank:
                raise ValueError(f"Argument `axis` = {axis} not in range "
                                 f"[{-shape.rank}, {shape.rank})")
            num = shape.sizes[axis] if shape.sizes else None
        if num is None:
            raise ValueError(f"Cannot infer argument `num` from shape {shape}")
    out = apply_op("Unpack", name, {"num": num, "axis": axis}, value=value)
    if num == 0:  # an Unpack of nothing: the op, and no tensors
        return []
    return list(out) if isinstance(out, list) else [out]


def reverse(tensor: Any, axis: Any, name: str | None = None) -> Tensor:
    """``tf.compat.v1.reverse`` (and ``reverse_v2``): one ReverseV2 over the listed axes."""
    return _one(apply_op("ReverseV2", name, tensor=tensor, axis=axis))


reverse_v2 = reverse


def add_n(inputs: Any, name: str | None = None) -> Tensor:
    if not inputs or not isinstance(inputs, (list, tuple)):
        raise ValueError("Inputs must be an iterable of at least one Tensor/IndexedSlices with "
                         "the same dtype and shape.")
    graph = _graph_of(*inputs)
    # IndexedSlices stay as they are: AddN's conversion makes them dense in its own scope
    tensors = [v if isinstance(v, (Tensor, IndexedSlices)) else convert(graph, v, "Const")
               for v in inputs]
    if len(tensors) == 1:
        only = tensors[0]
        if isinstance(only, IndexedSlices):
            only = only.dense()
        return identity(only, name=name) if name else only
    return _one(apply_op("AddN", name, inputs=tensors))


def gather(params: Any, indices: Any, validate_indices: Any = None, name: str | None = None,
           axis: Any = None, batch_dims: int = 0) -> Tensor:
    if axis is None:
        axis = batch_dims
    static = axis if not isinstance(axis, Tensor) else constant_value(axis)
    if static is not None and np.ndim(static) == 0 and int(static) == 0:
        batch_dims = 0  # TF's gather drops batch_dims along axis 0 (a plain gather)
    return _one(apply_op("GatherV2", name, {"batch_dims": batch_dims}, params=params,
                         indices=indices, axis=axis))


def tile(input: Any, multiples: Any, name: str | None = None) -> Tensor:  # noqa: A002
    return _one(apply_op("Tile", name, input=input, multiples=multiples))


def fill(dims: Any, value: Any, name: str | None = None) -> Tensor:
    return _one(apply_op("Fill", name, dims=dims, value=value))


def broadcast_to(input: Any, shape: Any, name: str | None = None) -> Tensor:  # noqa: A002
    return _one(apply_op("BroadcastTo", name, input=input, shape=shape))


def slice(input_: Any, begin: Any, size: Any, name: str | None = None) -> Tensor:  # noqa: A001
    return _one(apply_op("Slice", name, input=input_, begin=begin, size=size))


# --- zeros, ones ---------------------------------------------------------------------------------
def _filled(shape: Any, dtype: Any, name: str | None, scope: str, value: Any) -> Tensor:
    """TF's ``zeros``/``ones``: a Const when the shape is a small literal, else a Fill."""
    target = dt.as_dtype(dtype).base_dtype  # TF: a float32_ref asks for float32
    graph = _graph_of(shape)
    with graph.name_scope(scope if name is None else name) as op_name:
        if target is dt.bool_:
            value = bool(value)
        elif target is dt.string and value == 0:  # ones of strings: TF's "Expected string"
            value = ""
        if not isinstance(shape, Tensor):
            try:
                dims = _literal_dims(shape)
                if dims is not None and math.prod(dims) < 1000:
                    try:  # TF's _constant_if_small: a value that does not convert: a Fill
                        return constant(value, dtype=target, shape=dims, name=op_name)
                    except TypeError:
                        pass
                shape = shape_as_tensor(graph, TensorShape(shape), None, None)
            except (TypeError, ValueError):  # TF then converts the shape as it is: `Const`,
                shape = convert_to_tensor(shape, dtype=dt.int32)  # `packed` with tensors
        if shape.shape.rank in (0, None):  # TF: not shape._shape_tuple()
            shape = reshape(shape, [-1])
        return fill(shape, constant(value, dtype=target), name=op_name)


def _literal_dims(shape: Any) -> list[int] | None:
    """A shape given as Python values (a list of ints, a TensorShape), or None."""
    if isinstance(shape, TensorShape):
        return [int(d or 0) for d in shape.as_list()] if shape.is_fully_defined() else None
    if isinstance(shape, (int, np.integer)):
        return None  # TF's small-constant shortcut wants a list: an int shape makes a Fill
    if isinstance(shape, (list, tuple, np.ndarray)) and not any(
            isinstance(d, Tensor) for d in np.asarray(shape, dtype=object).reshape(-1)):
        try:
            return [int(d) for d in np.asarray(shape).reshape(-1)]
        except (TypeError, ValueError):
            return None
    return None


def zeros(shape: Any, dtype: Any = dt.float32, name: str | None = None) -> Tensor:
    return _filled(shape, dtype, name, "zeros", 0)


def ones(shape: Any, dtype: Any = dt.float32, name: str | None = None) -> Tensor:
    return _filled(shape, dtype, name, "ones", 1)


def zeros_like(tensor: Any, dtype: Any = None, name: str | None = None,
               optimize: bool = True) -> Tensor:
    graph = _graph_of(tensor)
    with graph.name_scope("zeros_like" if name is None else name) as scope:
        # an IndexedSlices is a TF type: its dense shape, when known, makes the zeros
        x = tensor if isinstance(tensor, (Tensor, IndexedSlices)) else _tensor(tensor, "tensor")
        target = dt.as_dtype(dtype) if dtype is not None else x.dtype
        if optimize and x.shape.is_fully_defined():
            return zeros(x.shape, dtype=target, name=scope)
        if target is not x.dtype:
            return zeros(shape_internal(x, optimize=optimize), dtype=target, name=scope)
        return _one(apply_op("ZerosLike", scope, x=x))


def ones_like(tensor: Any, dtype: Any = None, name: str | None = None,
              optimize: bool = True) -> Tensor:
    graph = _graph_of(tensor)
    with graph.name_scope("ones_like" if name is None else name) as scope:
        x = tensor if isinstance(tensor, Tensor) else _tensor(tensor, "tensor")
        dims = shape_internal(x, optimize=optimize)
        out = ones(dims, dtype=dtype if dtype is not None else x.dtype, name=scope)
        out.set_shape(x.shape)
        return out


# --- shape, size, rank ---------------------------------------------------------------------------
def shape_internal(input: Any, name: str | None = None, optimize: bool = True,  # noqa: A002
                   out_type: Any = None) -> Tensor:
    graph = _graph_of(input)
    with graph.name_scope("Shape" if name is None else name) as scope:
        x = input if isinstance(input, Tensor) else convert(graph, input, "Const")
        if optimize and x.shape.is_fully_defined():
            if out_type is None:
                dims = x.shape.as_list()
                kind = dt.int64 if any(d >= 2**31 for d in dims) else dt.int32  # type: ignore
                return constant(dims, dtype=kind, name="shape_as_tensor")
            return constant(x.shape.as_list(), dtype=out_type, name=scope)
        return _one(apply_op("Shape", scope, {"out_type": dt.as_dtype(out_type or dt.int32)},
                             input=x))


def shape(input: Any, name: str | None = None, out_type: Any = None) -> Tensor:  # noqa: A002
    return shape_internal(input, name, optimize=True, out_type=out_type or dt.int32)


def size(input: Any, name: str | None = None, out_type: Any = dt.int32) -> Tensor:  # noqa: A002
    graph = _graph_of(input)
    with graph.name_scope("Size" if name is None else name) as scope:
        x = input if isinstance(input, Tensor) else convert(graph, input, "Const")
        target = dt.as_dtype(out_type)
        if x.shape.is_fully_defined():
            return constant(x.shape.num_elements(), dtype=target, name=scope)
        if x.shape.sizes and any(d == 0 for d in x.shape.sizes):
            return constant(0, dtype=target, name=scope)
        return _one(apply_op("Size", scope, {"out_type": target}, input=x))


def rank(input: Any, name: str | None = None) -> Tensor:  # noqa: A002
    graph = _graph_of(input)
    with graph.name_scope("Rank" if name is None else name) as scope:
        x = input if isinstance(input, Tensor) else convert(graph, input, "Const")
        if x.shape.rank is not None:
            return constant(x.shape.rank, dtype=dt.int32, name=scope)
        return _one(apply_op("Rank", scope, input=x))


# --- one_hot, range, where ---------------------------------------------------------------------
def one_hot(indices: Any, depth: Any, on_value: Any = None, off_value: Any = None,
            axis: Any = None, dtype: Any = None, name: str | None = None) -> Tensor:
    graph = _graph_of(indices, depth, on_value, off_value)
    with graph.name_scope("one_hot" if name is None else name) as scope:
        target = dt.as_dtype(dtype) if dtype is not None else None
        on = None if on_value is None else _hinted(graph, on_value, target)
        off = None if off_value is None else _hinted(graph, off_value, target)
        if on is not None or off is not None:
            if target is not None:
                for what, t in (("on_value", on), ("off_value", off)):
                    if t is not None and t.dtype is not target:
                        raise TypeError(f"dtype {t.dtype} of {what} does not match dtype "
                                        f"parameter {target}")
            else:
                target = (on if on is not None else off).dtype  # type: ignore[union-attr]
            if on is not None and off is not None and on.dtype is not off.dtype:
                raise TypeError(f"dtype {on.dtype} of on_value does not match dtype "
                                f"{off.dtype} of off_value")
        target = target or dt.float32
        if on is None:
            on = convert(graph, 1, "on_value", target)
        if off is None:
            off = convert(graph, 0, "off_value", target)
        return _one(apply_op("OneHot", scope, {"axis": -1 if axis is None else int(axis)},
                             indices=indices, depth=depth, on_value=on, off_value=off))


def _hinted(graph: Any, value: Any, hint: DType | None) -> Tensor:
    if isinstance(value, Tensor):
        return value
    if hint is not None:
        try:
            return convert(graph, value, "Const", hint)
        except (TypeError, ValueError):
            pass
    return convert(graph, value, "Const")


_RANGE_ORDER = (dt.int32, dt.int64, dt.float16, dt.bfloat16, dt.float32, dt.float64)


def range(start: Any, limit: Any = None, delta: Any = 1, dtype: Any = None,  # noqa: A001
          name: str = "range") -> Tensor:
    if limit is None:
        start, limit = 0, start
    graph = _graph_of(start, limit, delta)
    with graph.name_scope("Range" if name is None else name) as scope:
        target = dt.as_dtype(dtype) if dtype is not None else None
        start = start if isinstance(start, Tensor) else convert(graph, start, "start", target)
        limit = limit if isinstance(limit, Tensor) else convert(graph, limit, "limit", target)
        delta = delta if isinstance(delta, Tensor) else convert(graph, delta, "delta", target)
        if target is None:
            kinds = [t.dtype for t in (start, limit, delta)]
            if any(k not in _RANGE_ORDER for k in kinds):
                raise TypeError(f"range: unsupported dtypes {[k.name for k in kinds]}")
            target = max(kinds, key=_RANGE_ORDER.index)
        start, limit, delta = (cast(t, target) for t in (start, limit, delta))
        return _one(apply_op("Range", scope, start=start, limit=limit, delta=delta))


def where(condition: Any, x: Any = None, y: Any = None, name: str | None = None) -> Tensor:
    """``tf.compat.v1.where``: Select with x and y (no broadcasting), else Where."""
    if x is None and y is None:
        graph = _graph_of(condition)
        with graph.name_scope("Where" if name is None else name) as scope:
            cond = condition if isinstance(condition, Tensor) else convert(
                graph, condition, "condition", preferred=dt.bool_)
            return _one(apply_op("Where", scope, input=cond))
    if x is not None and y is not None:
        return _one(apply_op("Select", name, condition=condition, t=x, e=y))
    raise ValueError("x and y must both be non-None or both be None.")


def where_v2(condition: Any, x: Any = None, y: Any = None, name: str | None = None) -> Tensor:
    """``tf.where`` of TF 2 (``tf.compat.v1.where_v2``): SelectV2, which broadcasts."""
    if x is None and y is None:
        return where(condition, name=name)
    return _one(apply_op("SelectV2", name, condition=condition, t=x, e=y))


__all__: Sequence[str] = (
    "add_n", "broadcast_to", "concat", "expand_dims", "fill", "gather", "newaxis", "one_hot",
    "ones", "ones_like", "range", "rank", "reshape", "reverse", "reverse_v2", "shape", "size",
    "slice", "squeeze", "stack", "tile", "transpose", "unstack", "where", "where_v2", "zeros",
    "zeros_like",
)
