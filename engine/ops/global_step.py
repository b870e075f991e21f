"""TF1's global step (``tf.compat.v1.train.get_or_create_global_step``): the int64 variable
``global_step`` that ``minimize(loss, global_step=...)`` adds one to per training step.

It is found the way TF finds it: the one entry of the graph's ``global_step`` collection,
else the tensor named ``global_step:0``; it must be an integer scalar.
"""

from __future__ import annotations

from typing import Any

from ..framework import dtypes as dt
from ..framework.graph import Graph, get_default_graph
from ..framework.operation import Tensor
from .array_builders import zeros
from .graph_keys import GraphKeys
from .variables import Variable


def get_global_step(graph: Graph | None = None) -> Any:
    """The graph's global step (a Variable or tensor), or None when it has none."""
    graph = graph or get_default_graph()
    found = graph.collections.get(GraphKeys.GLOBAL_STEP, [])
    if len(found) > 1:
        return None  # TF logs "Multiple tensors in global_step collection." and gives None
    if found:
        step = found[0]
    else:
        try:
            step = graph.get_tensor_by_name("global_step:0")
        except (KeyError, ValueError):
            return None
    assert_global_step(step)
    return step


def assert_global_step(step: Any) -> None:
    """TF's checks: a Variable or tensor, of an integer dtype, a scalar where known."""
    if not isinstance(step, (Variable, Tensor)):
        raise TypeError(f'Existing "global_step" must be a Variable or Tensor: {step}.')
    if step.dtype is None or not step.dtype.base_dtype.is_integer:
        raise TypeError(f'Existing "global_step" does not have integer type: {step.dtype}')
    shape = step.shape
    if shape.rank != 0 and shape.is_fully_defined():
        raise TypeError(f'Existing "global_step" is not scalar: {shape}')


def create_global_step(graph: Graph | None = None) -> Variable:
    """A new ``global_step``: int64, zero, not trainable, at the root scope, in the
    ``variables`` and ``global_step`` collections (``ValueError`` when there is one)."""
    graph = graph or get_default_graph()
    if get_global_step(graph) is not None:
        raise ValueError('"global_step" already exists.')
    with graph.as_default(), graph.name_scope(None):
        return Variable(lambda: zeros([], dt.int64, name="zeros"), name=GraphKeys.GLOBAL_STEP,
                        trainable=False,
                        collections=[GraphKeys.GLOBAL_VARIABLES, GraphKeys.GLOBAL_STEP])


def get_or_create_global_step(graph: Graph | None = None) -> Any:
    """The graph's global step, made first when it has none."""
    graph = graph or get_default_graph()
    step = get_global_step(graph)
    return step if step is not None else create_global_step(graph)
