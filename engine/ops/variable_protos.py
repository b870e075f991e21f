"""A Variable as TF's ``VariableDef`` protocol buffer and back (``Variable.to_proto``,
``Variable.from_proto``): the names of its reference, initializer, snapshot and initial
value, and whether it trains — what a MetaGraph's collections hold to rebuild the Variable
over a graph that already has its ops. The proto is the compiled copy the ``tensorboard``
wheel ships (the one the GraphDef files use), so the bytes are TF's.
"""

from __future__ import annotations

import re
from typing import Any

from tensorboard.compat.proto import variable_pb2

from ..framework.graph import get_default_graph
from ..framework.operation import Operation, Tensor


def strip_name_scope(name: str, export_scope: str | None) -> str:
    """TF's ``ops.strip_name_scope``: ``name`` without the leading ``export_scope/``."""
    if not export_scope:
        return name
    scope = export_scope[:-1] if export_scope.endswith("/") else export_scope
    return re.sub(r"([\^]|loc:@|^)" + re.escape(scope) + r"[\/]+(.*)", r"\1\2", name, count=1)


def prepend_name_scope(name: str, import_scope: str | None) -> str:
    """TF's ``ops.prepend_name_scope``: ``name`` under ``import_scope/``."""
    if not import_scope:
        return name
    scope = import_scope[:-1] if import_scope.endswith("/") else import_scope
    return re.sub(r"([\^]|loc:@|^)(.*)", r"\1" + scope.replace("\\", r"\\") + r"/\2", name)


def to_proto(variable: Any, export_scope: str | None = None) -> Any:
    """The ``VariableDef`` of ``variable``, or None when it is outside ``export_scope``."""
    if export_scope is not None and not variable.name.startswith(export_scope):
        return None
    proto = variable_pb2.VariableDef()
    proto.variable_name = strip_name_scope(variable.name, export_scope)
    if variable.initial_value is not None:
        proto.initial_value_name = strip_name_scope(variable.initial_value.name, export_scope)
    proto.trainable = variable.trainable
    proto.initializer_name = strip_name_scope(variable.initializer.name, export_scope)
    proto.snapshot_name = strip_name_scope(variable.value().name, export_scope)
    return proto


def parts_of(variable_def: Any, import_scope: str | None = None
             ) -> tuple[Operation, Operation, Tensor, Tensor | None, bool]:
    """What a ``VariableDef`` names in the default graph: the ``VariableV2``, its
    initializer, snapshot and initial value (None when the proto names none), and whether it
    trains; a name the graph lacks fails as TF's ``as_graph_element`` does."""
    if not isinstance(variable_def, variable_pb2.VariableDef):
        variable_def = variable_pb2.VariableDef.FromString(variable_def.SerializeToString())
    graph = get_default_graph()

    def element(name: str) -> Any:
        return graph.as_graph_element(prepend_name_scope(name, import_scope))

    ref = element(variable_def.variable_name)
    initializer = element(variable_def.initializer_name)
    snapshot = element(variable_def.snapshot_name)
    initial = element(variable_def.initial_value_name) if variable_def.initial_value_name \
        else None
    assert isinstance(ref, Tensor) and isinstance(initializer, Operation)
    return ref.op, initializer, snapshot, initial, bool(variable_def.trainable)
