"""TF1's variable sharing: ``variable_scope``, ``get_variable``, ``get_variable_scope`` and
``AUTO_REUSE``.

A variable's name comes from the variable scopes only (``layer/w``), not from the name scope
``variable_scope`` also opens (which becomes ``layer_1/`` when the scope is entered again).
Each graph keeps its store of the variables ``get_variable`` made: asking again for one is
refused unless the scope reuses (``reuse=True``: it must exist; ``AUTO_REUSE``: made once,
then shared). The initializer is the one given, else the scope's, else TF's default
(``glorot_uniform_initializer`` for floats, zeros for integers and bools), called inside
``<variable>/Initializer`` as TF calls it.
"""

from __future__ import annotations

import enum
import os
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..framework import dtypes as dt
from ..framework.graph import Graph, get_default_graph
from ..framework.shapes import TensorShape, as_shape
from .init_ops import GlorotUniform, Zeros
from .variables import Variable

#: the engine package's directory: its frames are left out of "Originally defined at"
_LIBRARY = str(Path(__file__).resolve().parents[1]) + os.sep


class _ReuseMode(enum.Enum):
    AUTO_REUSE = 1


AUTO_REUSE = _ReuseMode.AUTO_REUSE


class VariableScope:
    """A variable scope: its name, whether it reuses, and the defaults its ``get_variable``
    calls take (``initializer``, ``dtype``)."""

    def __init__(self, reuse: Any, name: str = "", initializer: Any = None, dtype: Any = None,
                 name_scope: str = "") -> None:
        self._name, self._reuse = name, reuse
        self._initializer, self._dtype = initializer, dt.as_dtype(dtype or dt.float32)
        self._name_scope = name_scope

    @property
    def name(self) -> str:
        return self._name

    @property
    def original_name_scope(self) -> str:
        return self._name_scope

    @property
    def reuse(self) -> Any:
        return self._reuse

    @property
    def initializer(self) -> Any:
        return self._initializer

    @property
    def dtype(self) -> dt.DType:
        return self._dtype

    def reuse_variables(self) -> None:
        self._reuse = True

    def set_initializer(self, initializer: Any) -> None:
        self._initializer = initializer

    def set_dtype(self, dtype: Any) -> None:
        self._dtype = dt.as_dtype(dtype)

    def get_variable(self, name: str, shape: Any = None, dtype: Any = None,
                     initializer: Any = None, trainable: bool | None = None,
                     collections: Any = None, validate_shape: bool = True, **unused: Any
                     ) -> Variable:
        return _get_variable(self, name, shape, dtype, initializer, trainable, collections,
                             validate_shape)


class _Store:
    """One graph's variables by full name, their creation tracebacks, the scope stack and how
    often each scope name was opened (for ``default_name``'s ``_1``)."""

    def __init__(self) -> None:
        self.variables: dict[str, Variable] = {}
        self.tracebacks: dict[str, list[traceback.FrameSummary]] = {}
        self.stack: list[VariableScope] = [VariableScope(False)]
        self.opened: dict[str, int] = {}


def _store(graph: Graph) -> _Store:
    store = getattr(graph, "_variable_store", None)
    if store is None:
        store = _Store()
        graph._variable_store = store  # type: ignore[attr-defined]
    return store


def _refuse(**given: Any) -> None:
    """The arguments the engine does not carry out are refused, never dropped."""
    for arg, value in given.items():
        if value is not None:
            raise ValueError(f"get_variable's and variable_scope's `{arg}` is not supported by "
                             f"TensorCanvas's engine (got {value!r}): build the loss, the "
                             "partitions or the getter with ordinary ops")


def get_variable_scope() -> VariableScope:
    """``tf.compat.v1.get_variable_scope``: the innermost open variable scope."""
    return _store(get_default_graph()).stack[-1]


def _defined_at(frames: list[traceback.FrameSummary]) -> str:
    """TF's "Originally defined at": the creation's innermost frames outside the library."""
    outside = [f for f in reversed(frames) if not f.filename.startswith(_LIBRARY)]
    return "".join(traceback.format_list(outside[:5]))


def _get_variable(scope: VariableScope, name: str, shape: Any, dtype: Any, initializer: Any,
                  trainable: bool | None, collections: Any, validate_shape: bool) -> Variable:
    graph = get_default_graph()
    store = _store(graph)
    full = f"{scope.name}/{name}" if scope.name else name
    dtype = dt.as_dtype(dtype) if dtype is not None else scope.dtype
    shape_t = as_shape(shape) if shape is not None else TensorShape(None)
    found = store.variables.get(full)
    if found is not None:
        if not scope.reuse:
            raise ValueError(f"Variable {full} already exists, disallowed. Did you mean to set "
                             "reuse=True or reuse=tf.AUTO_REUSE in VarScope? Originally "
                             f"defined at:\n\n{_defined_at(store.tracebacks[full])}")
        if not shape_t.is_compatible_with(found.shape):
            raise ValueError(f"Trying to share variable {full}, but specified shape {shape_t} "
                             f"and found shape {found.shape}.")
        if dtype is not found.dtype.base_dtype:
            raise ValueError(f"Trying to share variable {full}, but specified dtype "
                             f"{dtype.name} and found dtype {found.dtype.name}.")
        return found
    if scope.reuse is True:
        raise ValueError(f"Variable {full} does not exist, or was not created with "
                         "tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in "
                         "VarScope?")
    initializer = initializer if initializer is not None else scope.initializer
    if initializer is None:
        if dtype.is_floating:
            initializer = GlorotUniform()
        elif dtype.is_integer or dtype.is_unsigned or dtype.is_bool:
            initializer = Zeros()
        else:
            raise ValueError(f"An initializer for variable {full} of {dtype.base_dtype} is "
                             "required")
    if callable(initializer):
        if not shape_t.is_fully_defined():
            raise ValueError("The initializer passed is not valid. It should be a callable "
                             "with no arguments and the shape should not be provided or an "
                             "instance of `tf.keras.initializers.*' and `shape` should be "
                             "fully defined.")
        sizes = shape_t.as_list()
        value: Any = lambda: initializer(sizes, dtype=dtype)  # noqa: E731
        var_dtype: Any = dtype.base_dtype
    else:
        if shape is not None:
            raise ValueError("If initializer is a constant, do not specify shape.")
        value, var_dtype = initializer, None
    with graph.name_scope(None):  # a variable's name is its variable scope's alone
        var = Variable(value, trainable=trainable, collections=collections, name=full,
                       dtype=var_dtype, validate_shape=validate_shape)
    store.variables[full] = var
    store.tracebacks[full] = traceback.extract_stack()
    return var


def get_variable(name: str, shape: Any = None, dtype: Any = None, initializer: Any = None,
                 regularizer: Any = None, trainable: bool | None = None,
                 collections: Any = None, caching_device: Any = None, partitioner: Any = None,
                 validate_shape: bool = True, use_resource: Any = None,
                 custom_getter: Any = None, constraint: Any = None, **unused: Any) -> Variable:
    """``tf.compat.v1.get_variable``: a new variable, or the one the scope shares."""
    _refuse(regularizer=regularizer, partitioner=partitioner, custom_getter=custom_getter)
    return get_variable_scope().get_variable(name, shape, dtype, initializer, trainable,
                                             collections, validate_shape)


@contextmanager
def variable_scope(name_or_scope: Any = None, default_name: str | None = None,
                   values: Any = None, initializer: Any = None, regularizer: Any = None,
                   caching_device: Any = None, partitioner: Any = None,
                   custom_getter: Any = None, reuse: Any = None, dtype: Any = None,
                   use_resource: Any = None, constraint: Any = None,
                   auxiliary_name_scope: bool = True) -> Iterator[VariableScope]:
    """``tf.compat.v1.variable_scope``: a variable scope (a string, a VariableScope to enter
    again, or ``default_name`` made unique) and the name scope of the same name."""
    _refuse(regularizer=regularizer, partitioner=partitioner, custom_getter=custom_getter)
    if default_name is None and name_or_scope is None:
        raise TypeError("If default_name is None then name_or_scope is required")
    if reuse is False:  # TF: False only means "inherit"
        reuse = None
    graph = get_default_graph()
    store = _store(graph)
    parent = store.stack[-1]
    if isinstance(name_or_scope, VariableScope):
        name = name_or_scope.name
        name_scope_arg: str | None = name_or_scope.name.split("/")[-1] or None  # a new one
        base = name_or_scope
        reusing = reuse if reuse else name_or_scope.reuse
    else:
        if name_or_scope is not None:
            name = f"{parent.name}/{name_or_scope}" if parent.name else str(name_or_scope)
            name_scope_arg = str(name_or_scope)
        else:
            if reuse:
                raise ValueError("reuse=True cannot be used without a name_or_scope")
            assert default_name is not None
            wanted = f"{parent.name}/{default_name}" if parent.name else default_name
            name, index = wanted, 0
            while store.opened.get(name, 0) > 0:
                index += 1
                name = f"{wanted}_{index}"
            name_scope_arg = default_name
        base = parent
        reusing = reuse or parent.reuse
    store.opened[name] = store.opened.get(name, 0) + 1
    if not auxiliary_name_scope:
        name_scope_arg = None
    with graph.name_scope(name_scope_arg) if name_scope_arg else _no_scope(graph) as opened:
        scope = VariableScope(reusing, name, initializer if initializer is not None
                              else base.initializer, dtype if dtype is not None
                              else base.dtype, opened or "")
        store.stack.append(scope)
        try:
            yield scope
        finally:
            store.stack.pop()
            for key in [k for k in store.opened if k.startswith(name + "/")]:
                store.opened[key] = 0  # TF's close_variable_subscopes


@contextmanager
def _no_scope(graph: Graph) -> Iterator[str]:
    yield graph.get_name_scope() + "/" if graph.get_name_scope() else ""
