"""TF's ``squeeze_batch_dims``: an op over ``inner_rank`` dimensions run on an input with
more, its outer dimensions folded into one batch and unfolded again afterwards.

``conv2d`` of an input of rank 5 or more goes through it in TF (a batch of image batches),
building its reshapes under ``squeeze_batch_dims/`` (or the call's ``name``); the engine
builds the same ops in TF's order, with run-time ``Shape`` slices only where the static
shape leaves a dimension unknown, so the graph, its names and its gradients are TF's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..framework.operation import Tensor
from ..framework.shapes import TensorShape
from .apply import graph_of
from .array_builders import concat, reshape, shape
from .list_apply import convert


def _part(inp: Tensor, static: TensorShape, outer: bool, inner_rank: int) -> Any:
    """The outer (batch) or inner dimensions: the static list where it is fully known, else
    a slice of the run-time shape."""
    if static.is_fully_defined():
        return static
    dims: Any = shape(inp)  # Tensor's indexing operators, as TF's code slices it
    return dims[:-inner_rank] if outer else dims[-inner_rank:]


def _split(s: TensorShape, inner_rank: int) -> tuple[TensorShape, TensorShape]:
    dims = list(s.sizes or ())
    return TensorShape(dims[:-inner_rank]), TensorShape(dims[-inner_rank:])


def squeeze_batch_dims(inp: Any, op: Callable[[Tensor], Tensor], inner_rank: int,
                       name: str | None = None) -> Tensor:
    graph = graph_of(inp)
    with graph.name_scope("squeeze_batch_dims" if name is None else name):
        x = inp if isinstance(inp, Tensor) else convert(graph, inp, "input")
        batch_static, inner_static = _split(x.shape, inner_rank)
        inner = _part(x, inner_static, False, inner_rank)
        batch = _part(x, batch_static, True, inner_rank)
        if isinstance(inner, TensorShape):
            folded = reshape(x, [-1, *inner.as_list()])
        else:
            folded = reshape(x, concat(([-1], inner), axis=-1))
        y = op(folded)
        out_inner = _part(y, _split(y.shape, inner_rank)[1], False, inner_rank)
        parts = [p.as_list() if isinstance(p, TensorShape) else p for p in (batch, out_inner)]
        out = reshape(y, concat(parts, axis=-1))
        out.set_shape(TensorShape([*(batch_static.sizes or ()),
                                   *(_split(out.shape, inner_rank)[1].sizes or ())]))
        return out
