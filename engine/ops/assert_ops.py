"""Assert and ``tf.compat.v1.assert_equal``: the run-time check TF's Python adds where a static
shape cannot settle a question (``sparse_softmax_cross_entropy_with_logits`` of logits whose
dims are unknown asserts that the labels' shape is the logits' but the last).

Assert has no outputs: the ops that must wait for it take it as a control input. Its kernel
fails with TF's message, each data tensor summarised as TF's ``SummarizeValue`` prints it
(``[2 3]``, at most ``summarize`` elements, then ``...``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework.errors import KernelError
from ..framework.operation import Operation, Tensor
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from . import _shape_fns as sf
from .apply import graph_of
from .array_join import N_ATTR, _n_normalize
from .grad_registry import not_differentiable
from .list_apply import apply_op, convert
from .math_api import equal
from .math_builders import reduce_all


def _text(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def summarize(value: Any, limit: int) -> str:
    """TF's ``Tensor::SummarizeValue``: a scalar as it is, an array's first ``limit``
    elements in nested brackets (the outer pair is the caller's), then ``...``."""
    arr = np.asarray(value)
    if arr.ndim == 0:
        return _text(arr.item())
    flat = [_text(x.item() if hasattr(x, "item") else x) for x in arr.reshape(-1)[:limit]]
    more = "..." if arr.size > limit else ""
    if arr.ndim == 1:
        return " ".join(flat) + more
    rows, width = [], arr.shape[-1]
    for start in range(0, len(flat), width):
        rows.append("[" + " ".join(flat[start:start + width]) + "]")
    return "".join(rows) + more


def _infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    sf.check_dtype(specs[0], ("bool",), "condition")
    return []


def _kernel(xp: Any, condition: Any, *data: Any, **attrs: Any) -> None:
    if np.asarray(condition).size != 1:
        raise KernelError("In[0] expected to be a scalar tensor: "
                          f"[{','.join(map(str, np.shape(condition)))}]")
    if bool(np.asarray(condition).reshape(())):
        return None
    limit = int(attrs.get("summarize", 3))
    parts = [f"[{summarize(np.asarray(d), limit)}]" for d in data]
    raise KernelError("assertion failed: " + " ".join(parts))


register(OpDef(
    type="Assert", inputs=("condition", "data"), infer=_infer, kernel=_kernel,
    attrs=(N_ATTR, AttrDef("T", "types", derived=True, hidden=True,
                           doc="the data's element types, in order"),
           AttrDef("summarize", "int", default=3, doc="how many elements of each data tensor "
                                                      "the message prints")),
    derive=lambda specs: {"T": [s.dtype for s in specs[1:]]}, normalize=_n_normalize,
    num_outputs=0, category="Control", palette=False, default_name="Assert", stateful=True,
    const_eval=False, list_inputs={"data": "N"},
    doc="Fails the run with its data as the message when condition is false.",
    extra={"not_in_node_def": ("N",), "min_list": 0, "arg_types": {"condition": "bool"},
           "mixed_list": True},
))
not_differentiable("Assert")


def assert_(condition: Any, data: Sequence[Any], summarize: int | None = None,
            name: str | None = None) -> Operation:
    """``tf.debugging.Assert`` in graph mode, for string and int32 data (TF's direct form:
    the data converted once for the check, once more as the op's inputs)."""
    graph = graph_of(condition, *data)
    with graph.name_scope("Assert" if name is None else name):
        for value in data:
            if not isinstance(value, Tensor):
                convert(graph, value, "Const")
        op = apply_op("Assert", "Assert", {"summarize": 3 if summarize is None else summarize},
                      condition=condition, data=list(data))
        assert isinstance(op, Operation)
        return op


def assert_equal(x: Any, y: Any, data: Sequence[Any] | None = None,
                 summarize: int | None = None, message: str | None = None,
                 name: str | None = None) -> Operation:
    """``tf.compat.v1.assert_equal``: an Assert that ``x == y`` everywhere, under TF's scope
    names (an empty ``assert_equal`` first, then ``assert_equal_1``)."""
    graph = graph_of(x, y)
    with graph.name_scope("assert_equal" if name is None else name):
        pass
    with graph.name_scope("assert_equal" if name is None else name):
        x = x if isinstance(x, Tensor) else convert(graph, x, "x")
        y = y if isinstance(y, Tensor) else convert(graph, y, "y")
        if data is None:
            data = ["Condition x == y did not hold element-wise:", f"x ({x.name}) = ", x,
                    f"y ({y.name}) = ", y]
        if message is not None:
            data = [message, *data]
        condition = reduce_all(equal(x, y))
        return assert_(condition, data, summarize=summarize)
