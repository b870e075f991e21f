"""Asking which variables are initialized: ``IsVariableInitialized`` and the two helpers TF1
programs use to check a model before training it, ``is_variable_initialized`` and
``report_uninitialized_variables`` (the names of those not yet set, as a string vector), and
the older ``assert_variables_initialized``.

``IsVariableInitialized`` takes the variable's reference (it is one of the few ops TF lets
read an uninitialized variable) and says whether the session holds a value for it; being
about session state it is never folded or cached. The report is built from it as TF builds
it: one check per variable, ``stack``, ``logical_not`` and a ``boolean_mask`` of the names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.graph import Graph, get_default_graph
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import TensorShape
from .apply import convert_to_tensor
from .array_builders import stack
from .builder import constant
from .grad_registry import not_differentiable
from .masks import boolean_mask
from .math_api import logical_not
from .state import _ref_spec
from .variables import global_variables, local_variables, ref_of

_VARIABLE_TYPES = ("Variable", "VariableV2", "AutoReloadVariable")


def _infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    _ref_spec("IsVariableInitialized", specs)
    return [TensorSpec(TensorShape([]), dt.bool_)]


def _kernel(xp: Any, *, _refs: Sequence[dict[str, Any]], **attrs: Any) -> Any:
    state = _refs[0]  # a variable of no elements counts as initialized, as in TF
    return np.bool_(state.get("value") is not None or state.get("empty") is not None)


register(OpDef(
    type="IsVariableInitialized", inputs=("ref",), infer=_infer, kernel=_kernel,
    attrs=(AttrDef("dtype", "type", derived=True),),
    derive=lambda s: {"dtype": s[0].dtype.base_dtype}, category="State",
    default_name="IsVariableInitialized", stateful=True, const_eval=False,
    extra={"ref_inputs": (0,)},
    doc="True once the variable wired into ref holds a value (its initializer ran).",
))
not_differentiable("IsVariableInitialized")


def is_variable_initialized(variable: Any, name: str | None = None) -> Any:
    """A bool scalar: whether ``variable`` holds a value in the session that runs it."""
    ref = ref_of(variable, "is_initialized")
    graph = ref.graph
    assert isinstance(graph, Graph)
    return graph.create_op("IsVariableInitialized", [ref], {},
                           name or "IsVariableInitialized").outputs[0]


def _all_variables(graph: Graph) -> list[Any]:
    """TF's default list: the global and local variables, or else every variable op."""
    found: list[Any] = global_variables() + local_variables()
    return found or [op.outputs[0] for op in graph.get_operations()
                     if op.type in _VARIABLE_TYPES]


def assert_variables_initialized(var_list: Any = None) -> Any:
    """The ranks of the variables (the global and local ones by default), stacked when
    there are several: running it reads each variable, so it fails with TF's
    ``FailedPreconditionError`` on the first one not initialized; None without variables."""
    graph = get_default_graph()
    var_list = _all_variables(graph) if var_list is None else list(var_list)
    if not var_list:
        return None
    ranks = [graph.create_op("Rank", [convert_to_tensor(v)], {}, "Rank").outputs[0]
             for v in var_list]
    return ranks[0] if len(ranks) == 1 else stack(ranks)


def report_uninitialized_variables(var_list: Any = None,
                                   name: str = "report_uninitialized_variables") -> Any:
    """The names (``op.name``) of the variables of ``var_list`` (the global and local
    variables by default, or else every variable op of the graph) that hold no value yet:
    an empty string vector once all are initialized."""
    graph = get_default_graph()
    var_list = _all_variables(graph) if var_list is None else list(var_list)
    with graph.name_scope(name):
        if not var_list:
            return constant([], dtype=dt.string)
        checks = [is_variable_initialized(v) for v in var_list]
        mask = logical_not(stack(checks))
        names = constant([v.op.name for v in var_list])
        return boolean_mask(names, mask)
