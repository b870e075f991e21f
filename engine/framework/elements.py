"""How ``Graph.as_graph_element`` resolves what a user names: a Tensor, an Operation, ``"mul"``
or ``"mul:0"``, with TF's exception classes and messages for each wrong kind of name. The
output index is read with Python's ``int()`` and used as a Python index, as TF does: ``"a:-1"``
is ``a:0``, ``"a: 0"`` and ``"a:+0"`` are too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .operation import Operation, Tensor


def resolve_element(
    graph: object,
    ops: Mapping[str, Operation],
    obj: Any,
    allow_tensor: bool = True,
    allow_operation: bool = True,
) -> Tensor | Operation:
    """Resolve a Tensor, Operation or name to an element of ``graph`` (whose ops by name are
    ``ops``), TF's way: its exception classes and messages for every wrong kind of name."""
    if not (allow_tensor or allow_operation):
        raise ValueError("allow_tensor and allow_operation can't both be False.")
    types_str = " or ".join(
        s for s, ok in (("Tensor", allow_tensor), ("Operation", allow_operation)) if ok
    )
    if isinstance(obj, bytes):
        obj = obj.decode("utf-8")
    if isinstance(obj, str):
        name = obj
        if ":" in name and allow_tensor:
            parts = name.split(":")
            try:
                if len(parts) != 2:
                    raise ValueError(name)
                op_name, index = parts[0], int(parts[1])  # Python's int(): " 0", "+0", "-1"
            except ValueError:
                raise ValueError(
                    f"The name {name!r} looks a like a Tensor name, but is not a valid one. "
                    'Tensor names must be of the form "<op_name>:<output_index>".'
                ) from None
            op = ops.get(op_name)
            if op is None:
                raise KeyError(
                    f"The name {name!r} refers to a Tensor which does not exist. The "
                    f"operation, {op_name!r}, does not exist in the graph."
                )
            try:
                return op._outputs[index]  # a Python index, as TF's: "a:-1" is a:0
            except IndexError:
                raise KeyError(
                    f"The name {name!r} refers to a Tensor which does not exist. The "
                    f"operation, {op_name!r}, exists but only has {len(op._outputs)} "
                    "outputs."
                ) from None
        if ":" in name and not allow_tensor:
            raise ValueError(f"Name {name!r} appears to refer to a Tensor, not a {types_str}.")
        if ":" not in name and allow_operation:
            op = ops.get(name)
            if op is None:
                raise KeyError(f"The name {name!r} refers to an Operation not in the graph.")
            return op
        if name in ops:
            raise ValueError(
                f"The name {name!r} refers to an Operation, not a {types_str}. Tensor names "
                'must be of the form "<op_name>:<output_index>".'
            )
        raise ValueError(
            f"The name {name!r} looks like an (invalid) Operation name, not a {types_str}. "
            'Tensor names must be of the form "<op_name>:<output_index>".'
        )
    if isinstance(obj, Tensor) and allow_tensor:
        if obj.graph is not graph:
            raise ValueError(f"Tensor {obj} is not an element of this graph.")
        if ops.get(obj._op._name) is not obj._op:
            raise ValueError(f"Tensor {obj} is not an element of this graph: its op "
                             f"{obj._op._name!r} was removed from it.")
        return obj
    if isinstance(obj, Operation) and allow_operation:
        if obj.graph is not graph:
            raise ValueError(f"Operation {obj!r} is not an element of this graph.")
        if ops.get(obj._name) is not obj:
            raise ValueError(f"Operation {obj._name!r} is not an element of this graph: "
                             "it was removed from it.")
        return obj
    raise TypeError(f"Can not convert a {type(obj).__name__} into a {types_str}.")
