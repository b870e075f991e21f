"""``tensor[...]``: TF's ``_slice_helper``, which turns a numpy-style index into one
StridedSlice and its masks; and ``strided_slice``, the op's builder.

Integers shrink their dimension, ``:`` slices set the begin/end masks where a bound is
missing, ``...`` is the ellipsis and ``None`` (``engine.newaxis``) a new axis. Tensor indices
are packed into the begin/end/strides vectors (``strided_slice/stack``); ``t[i]`` for a
tensor ``i`` makes ``i + 1`` first, outside the slice's scope, as TF does.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.dimension import Dimension
from ..framework.operation import Tensor
from .apply import graph_of as _graph_of
from .array_builders import stack
from .builder import cast, constant
from .list_apply import apply_op

_SLICE_TYPE_ERROR = ("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and "
                     "scalar tf.int32/tf.int64 tensors are valid indices")
_INDEX_DTYPES = (dt.int16, dt.int32, dt.int64)


def _check_index(idx: Any) -> None:
    if isinstance(idx, (numbers.Integral, Dimension)):  # a bool too: its stack is refused
        return
    dtype = getattr(idx, "dtype", None)
    shape = getattr(idx, "shape", None)
    if dtype is None or dtype not in _INDEX_DTYPES or (shape is not None and shape.rank == 1):
        raise TypeError(_SLICE_TYPE_ERROR + f", got {idx!r}")


def _undefined(bound: Any) -> bool:
    """An unknown ``Dimension`` as a slice's bound: TF takes it as a missing one."""
    return isinstance(bound, Dimension) and bound.value is None


def strided_slice(input_: Any, begin: Any, end: Any, strides: Any = None, begin_mask: int = 0,
                  end_mask: int = 0, ellipsis_mask: int = 0, new_axis_mask: int = 0,
                  shrink_axis_mask: int = 0, var: Any = None, name: str | None = None) -> Tensor:
    if strides is None:  # TF: ones_like(begin)
        from .array_builders import ones_like

        strides = ones_like(begin)
    attrs = {"begin_mask": begin_mask, "end_mask": end_mask, "ellipsis_mask": ellipsis_mask,
             "new_axis_mask": new_axis_mask, "shrink_axis_mask": shrink_axis_mask}
    out = apply_op("StridedSlice", name, attrs, input=input_, begin=begin, end=end,
                   strides=strides)
    assert isinstance(out, Tensor)
    return out


def getitem(tensor: Tensor, spec: Any) -> Tensor:
    """``Tensor.__getitem__``."""
    if (isinstance(spec, bool) or (isinstance(spec, Tensor) and spec.dtype is dt.bool_)
            or (isinstance(spec, np.ndarray) and spec.dtype == bool)):
        from .masks import boolean_mask  # masks builds on this module's slices

        return boolean_mask(tensor, spec)
    if not isinstance(spec, (list, tuple)):
        spec = [spec]
    begin: list[Any] = []
    end: list[Any] = []
    strides: list[Any] = []
    masks = {"begin_mask": 0, "end_mask": 0, "ellipsis_mask": 0, "new_axis_mask": 0,
             "shrink_axis_mask": 0}
    for index, s in enumerate(spec):
        bit = 1 << index
        if isinstance(s, slice):
            kind = None
            for t in (s.start, s.stop, s.step):
                if isinstance(t, Tensor):
                    if t.dtype is dt.int64:
                        kind = dt.int64
                    elif t.dtype is dt.int32 and kind is not dt.int64:
                        kind = dt.int32
                    elif t.dtype is dt.int16 and kind is None:
                        kind = dt.int16
            for part, out, mask, default in ((s.start, begin, "begin_mask", 0),
                                             (s.stop, end, "end_mask", 0)):
                if part is not None and not _undefined(part):
                    _check_index(part)
                    out.append(part)
                else:
                    out.append(constant(default, dtype=kind) if kind is not None else default)
                    masks[mask] |= bit
            if s.step is not None and not _undefined(s.step):
                _check_index(s.step)
                strides.append(s.step)
            else:
                strides.append(constant(1, dtype=kind) if kind is not None else 1)
        elif s is Ellipsis:
            begin.append(0)
            end.append(0)
            strides.append(1)
            masks["ellipsis_mask"] |= bit
        elif s is None:
            begin.append(0)
            end.append(0)
            strides.append(1)
            masks["new_axis_mask"] |= bit
        else:
            _check_index(s)
            begin.append(s)
            end.append(s + 1)
            if isinstance(s, Tensor) and s.dtype in (dt.int16, dt.int64):
                strides.append(constant(1, dtype=s.dtype))
            else:
                strides.append(1)
            masks["shrink_axis_mask"] |= bit
    graph = _graph_of(tensor)
    with graph.name_scope("strided_slice") as scope:
        if begin:
            packed = [stack(begin), stack(end), stack(strides)]
            kinds = {p.dtype for p in packed}
            if dt.int64 in kinds:
                packed = [cast(p, dt.int64) for p in packed]
        else:
            empty = constant([], dtype=dt.int32)
            packed = [empty, empty, empty]
        return strided_slice(tensor, packed[0], packed[1], packed[2], name=scope, **masks)


def _install() -> None:
    setattr(Tensor, "__getitem__", getitem)  # noqa: B010  (Tensor is defined a layer below)


_install()
