"""``engine.raw_ops.AddV2(x=a, y=b)``: every registered op by its type, as ``tf.raw_ops``.

The functions are made from the registry, so a new op is reachable here without code. Inputs
are keyword arguments named as the OpDef names them; other keywords are attributes. The op is
named after its type (``AddV2``, ``AddV2_1`` …) unless ``name`` is given.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..framework.operation import Tensor
from ..framework.registry import get_op_def, has_op_def
from .builder import _convert_operand, _graph_of


def _make(op_type: str) -> Callable[..., Tensor]:
    op_def = get_op_def(op_type)

    def raw_op(name: str | None = None, **kwargs: Any) -> Tensor:
        if "arg_types" in op_def.extra:  # typed inputs, list inputs: TF's op_def_library
            from .apply import apply_op

            attrs = {k: kwargs.pop(k) for k in list(kwargs) if k not in op_def.inputs}
            missing = [p for p in op_def.inputs if p not in kwargs]
            if missing:
                raise TypeError(f"{op_type} missing required input(s): {', '.join(missing)}")
            out = apply_op(op_type, name or op_type, attrs, **kwargs)
            return out if isinstance(out, Tensor) else out[0]
        missing = [p for p in op_def.inputs if p not in kwargs]
        if missing:
            raise TypeError(f"{op_type} missing required input(s): {', '.join(missing)}")
        values = [kwargs.pop(p) for p in op_def.inputs]
        graph = _graph_of(*values)
        with graph.name_scope(name or op_type) as op_name:
            tensors: list[Tensor] = []
            for param, value in zip(op_def.inputs, values):
                hint = tensors[0].dtype if tensors else None
                tensors.append(_convert_operand(graph, value, hint, param, op_type))
            return graph.create_op(op_type, tensors, kwargs, op_name).outputs[0]

    raw_op.__name__ = op_type
    raw_op.__doc__ = op_def.doc
    return raw_op


def __getattr__(op_type: str) -> Callable[..., Tensor]:
    if has_op_def(op_type):
        return _make(op_type)
    raise AttributeError(f"engine.raw_ops has no op {op_type!r}")
