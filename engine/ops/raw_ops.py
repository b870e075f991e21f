"""``engine.raw_ops.AddV2(x=a, y=b)``: every registered op by its type, as ``tf.raw_ops``.

The functions are made from the registry, so a new op is reachable here without code. Inputs
are keyword arguments named as the OpDef names them; other keywords are attributes. The op is
named after its type (``AddV2``, ``AddV2_1`` …) unless ``name`` is given.
"""

from __future__ import annotations

import re

# private names: a module attribute hides the op of that name (``Any`` is an op)
from collections.abc import Callable as _Callable
from typing import Any as _Any

from ..framework.operation import Tensor as _Tensor
from ..framework.registry import get_op_def, has_op_def
from .apply import apply_op


def snake_case(op_type: str) -> str:
    """The name of TF's generated Python function for an op: ``AddV2`` → ``add_v2``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", op_type).lower()


def _quoted(names: list[str]) -> str:
    """Python's own list of missing arguments: ``'x'``, ``'x' and 'y'``, ``'a', 'b', and 'c'``."""
    items = [f"'{n}'" for n in names]
    if len(items) < 3:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


def _make(op_type: str) -> _Callable[..., _Any]:
    op_def = get_op_def(op_type)
    function = snake_case(op_type)
    known = set(op_def.inputs) | {a.name for a in op_def.attrs if not a.derived} | {"name"}

    def raw_op(*args: _Any, **kwargs: _Any) -> _Any:
        if args:
            keys = [*op_def.inputs, *(a.name for a in op_def.attrs if not a.derived), "name"]
            raise TypeError(f"{function} only takes keyword args (possible keys: {keys}). "
                            "Please pass these args as kwargs instead.")
        unknown = [k for k in kwargs if k not in known]
        if unknown:
            raise TypeError(f"{function}() got an unexpected keyword argument '{unknown[0]}'")
        if "arg_types" in op_def.extra:  # typed inputs, list inputs: TF's op_def_library
            from .list_apply import apply_op as apply_typed

            name = kwargs.pop("name", None)
            attrs = {k: kwargs.pop(k) for k in list(kwargs) if k not in op_def.inputs}
            missing = [p for p in op_def.inputs if p not in kwargs]
            if missing:
                raise TypeError(f"{op_type} missing required input(s): {', '.join(missing)}")
            out = apply_typed(op_type, name or op_type, attrs, **kwargs)
            return out if isinstance(out, _Tensor) else out[0]
        missing = [p for p in op_def.inputs if p not in kwargs]
        if missing:
            plural = "argument" if len(missing) == 1 else "arguments"
            raise TypeError(f"{function}() missing {len(missing)} required positional "
                            f"{plural}: {_quoted(missing)}")
        name = kwargs.pop("name", None)
        values = [kwargs.pop(p) for p in op_def.inputs]
        op = apply_op(op_type, values, kwargs, name)
        return op.outputs[0] if op.outputs else op  # NoOp: the op, as TF returns it

    raw_op.__name__ = op_type
    raw_op.__doc__ = op_def.doc
    return raw_op


def __getattr__(op_type: str) -> _Callable[..., _Any]:
    if has_op_def(op_type):
        return _make(op_type)
    raise AttributeError(f"engine.raw_ops has no op {op_type!r}")
