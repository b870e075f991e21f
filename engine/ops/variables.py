"""``tf.compat.v1.Variable`` and its functions, building the ops TF1 builds for them.

``Variable(initial_value)`` makes, as TF does under ``disable_v2_behavior()``: the initial
value (``Variable/initial_value``, a Const), the ``VariableV2`` (a ``float32_ref``), its
initializer ``Variable/Assign`` and its snapshot ``Variable/read`` (an Identity) that every use
of the variable as a value reads. The graph's collections ``variables`` and
``trainable_variables`` list the Variables built here; a graph read from a file has no such
list, so its ``VariableV2`` ops are wrapped on demand (``variables_of``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from types import FunctionType
from typing import Any
from weakref import WeakSet

from ..framework.graph import Graph, get_default_graph
from ..framework.operation import Operation, Tensor
from ..framework.shapes import TensorShape, as_shape
from . import apply
from .graph_keys import GraphKeys, filter_by_scope
from .operators import _FUNCS
from .slice_assign import slice_of_variable
from .variable_protos import parts_of, to_proto
from .variable_updates import ScatterMethods

GLOBAL_VARIABLES = GraphKeys.GLOBAL_VARIABLES
TRAINABLE_VARIABLES = GraphKeys.TRAINABLE_VARIABLES
LOCAL_VARIABLES = GraphKeys.LOCAL_VARIABLES
#: the ops of Variables built with ``collections=[]`` (and not trainable): in no collection,
#: as the user asked, so not wrapped as a file's variables are
_UNLISTED: WeakSet[Operation] = WeakSet()


class Variable(ScatterMethods):
    """A TF1 reference variable (``RefVariable``): its ops, and the value-like behaviour of
    its snapshot (``v + 1`` reads ``Variable/read``)."""

    def __init__(self, initial_value: Any = None, trainable: bool | None = None,
                 collections: Sequence[str] | None = None, validate_shape: bool = True,
                 caching_device: Any = None, name: str | None = None, variable_def: Any = None,
                 dtype: Any = None, expected_shape: Any = None, import_scope: Any = None,
                 constraint: Any = None, use_resource: Any = None, synchronization: Any = None,
                 aggregation: Any = None, shape: Any = None) -> None:
        if variable_def is not None:  # TF: the ops exist already (a MetaGraph's variable)
            if initial_value is not None:
                raise ValueError("variable_def and initial_value are mutually exclusive.")
            var_op, init_op, snapshot_t, initial, trains = parts_of(variable_def, import_scope)
            self._bind(var_op, init_op, snapshot_t, initial, trains)
            self._constraint = None
            return
        if initial_value is None:
            raise ValueError("initial_value must be specified.")
        trainable = True if trainable is None else bool(trainable)
        graph = get_default_graph()
        with graph.control_dependencies(None), graph.name_scope(name or "Variable") as scope:
            if callable(initial_value):
                with graph.name_scope("Initializer"):
                    initial_value = initial_value()
            init = apply.convert_to_tensor(initial_value, dtype, name="initial_value",
                                           graph=graph)
            if shape is not None:  # TF: the shape given, else the initial value's
                var_shape = as_shape(shape)
            else:
                var_shape = init.shape if validate_shape else TensorShape(None)
            assert init.dtype is not None
            var_op = graph.create_op("VariableV2", [], {
                "shape": var_shape, "dtype": init.dtype.base_dtype,
                "container": "", "shared_name": ""}, scope)
            if validate_shape and not init.shape.is_fully_defined():  # TF: after VariableV2
                raise ValueError(f"initial_value must have a shape specified: {init}")
            assign_op = graph.create_op("Assign", [var_op.outputs[0], init],
                                        {"validate_shape": validate_shape, "use_locking": True},
                                        "Assign")
            snapshot = graph.create_op("Identity", [var_op.outputs[0]], {}, "read").outputs[0]
        self._bind(var_op, assign_op, snapshot, init, trainable)
        self._constraint = constraint
        names = list(collections) if collections is not None else [GLOBAL_VARIABLES]
        if trainable and TRAINABLE_VARIABLES not in names:
            names.append(TRAINABLE_VARIABLES)
        for key in names:
            graph.collections.setdefault(key, []).append(self)
        if not names:
            _UNLISTED.add(var_op)

    def _bind(self, var_op: Operation, initializer: Operation | None, snapshot: Tensor | None,
              initial_value: Tensor | None, trainable: bool) -> None:
        self._variable = var_op.outputs[0]
        self._initializer_op = initializer
        self._snapshot = snapshot
        self._initial_value = initial_value
        self._trainable = trainable

    @classmethod
    def from_op(cls, var_op: Operation, trainable: bool) -> Variable:
        """The Variable of a ``VariableV2`` built elsewhere (a graph read from a file): its
        initializer is the Assign named ``<name>/Assign``, its snapshot ``<name>/read``."""
        self = cls.__new__(cls)
        init = snapshot = None
        for consumer, index in var_op.consumers():
            if (consumer.type, index, consumer.name) == ("Assign", 0, var_op.name + "/Assign"):
                init = consumer
            if consumer.type == "Identity" and consumer.name == var_op.name + "/read":
                snapshot = consumer.outputs[0]
        initial = init.inputs[1] if init is not None else None
        self._bind(var_op, init, snapshot, initial, trainable)
        return self

    # --- TF's properties -----------------------------------------------------------------
    @property
    def name(self) -> str:
        return self._variable.name

    @property
    def op(self) -> Operation:
        return self._variable.op

    @property
    def graph(self) -> Any:
        return self._variable.graph

    @property
    def dtype(self) -> Any:
        """The reference dtype, as TF prints it: ``float32_ref``."""
        return self._variable.dtype

    @property
    def shape(self) -> TensorShape:
        return self._variable.shape

    def get_shape(self) -> TensorShape:
        return self.shape

    @property
    def device(self) -> str:
        return ""

    @property
    def trainable(self) -> bool:
        return self._trainable

    @property
    def initializer(self) -> Operation:
        if self._initializer_op is None:
            raise ValueError(f"Variable {self.name} has no initializer (no {self.op.name}/Assign)")
        return self._initializer_op

    @property
    def constraint(self) -> Any:
        """The function given as ``constraint`` (TF keeps it for optimizers that use it)."""
        return getattr(self, "_constraint", None)

    @property
    def initial_value(self) -> Tensor | None:
        return self._initial_value

    def value(self) -> Tensor:
        """The snapshot every use as a value reads (``Variable/read:0``)."""
        if self._snapshot is None:
            graph = self._variable.graph
            assert isinstance(graph, Graph)
            with graph.name_scope(self.op.name + "/"):
                self._snapshot = graph.create_op("Identity", [self._variable], {},
                                                 "read").outputs[0]
        return self._snapshot

    def read_value(self) -> Tensor:
        """A new read of the value (an Identity named ``read`` in the current scope)."""
        graph = self._variable.graph
        assert isinstance(graph, Graph)
        return graph.create_op("Identity", [self._variable], {}, "read").outputs[0]

    def initialized_value(self) -> Tensor:
        return self.value()

    def _ref(self) -> Tensor:
        return self._variable

    def _as_graph_element(self) -> Tensor:
        return self._variable

    def _as_tensor(self) -> Tensor:
        return self.value()

    def eval(self, session: Any = None) -> Any:
        return self._variable.eval(session=session)

    def load(self, value: Any, session: Any = None) -> None:
        """Set the value in ``session`` through the initializer, with ``value`` fed."""
        from ..framework.default_session import session_for_eval

        sess = session_for_eval(session, self._variable.graph, "operation")
        sess.run(self.initializer, {self.initializer.inputs[1]: value})

    def assign(self, value: Any, use_locking: bool = False, name: str | None = None,
               read_value: bool = True) -> Any:
        out = assign(self._variable, value, use_locking=use_locking, name=name)
        return out if read_value else out.op

    def assign_add(self, delta: Any, use_locking: bool = False, name: str | None = None,
                   read_value: bool = True) -> Any:
        out = assign_add(self._variable, delta, use_locking=use_locking, name=name)
        return out if read_value else out.op

    def assign_sub(self, delta: Any, use_locking: bool = False, name: str | None = None,
                   read_value: bool = True) -> Any:
        out = assign_sub(self._variable, delta, use_locking=use_locking, name=name)
        return out if read_value else out.op

    def count_up_to(self, limit: int) -> Tensor:
        """TF's ``CountUpTo`` of this (integer) variable: its value before adding 1."""
        graph = self._variable.graph
        assert isinstance(graph, Graph)
        return graph.create_op("CountUpTo", [self._variable], {"limit": int(limit)},
                               "CountUpTo").outputs[0]

    def __getitem__(self, item: Any) -> Any:
        """A slice of the value that can be assigned: ``v[1:3].assign(x)``."""
        return slice_of_variable(self._variable, self.value(), item)

    def to_proto(self, export_scope: str | None = None) -> Any:
        """TF's ``VariableDef`` of this variable (None when outside ``export_scope``)."""
        return to_proto(self, export_scope)

    @staticmethod
    def from_proto(variable_def: Any, import_scope: str | None = None) -> Variable:
        """The Variable a ``VariableDef`` describes, over the default graph's ops."""
        return Variable(variable_def=variable_def, import_scope=import_scope)

    def set_shape(self, shape: Any) -> None:
        """Narrow the variable's static shape (its reference and its snapshot), as TF's."""
        self._ref().set_shape(shape)
        self.value().set_shape(shape)

    def __iter__(self) -> Any:  # TF's: a new read, whose iteration graph mode refuses
        return iter(self.read_value())

    def __repr__(self) -> str:
        return f"<tf.Variable '{self.name}' shape={self.shape} dtype={self.dtype.name}>"

    __str__ = __repr__


def _delegate(dunder: str) -> Callable[..., Any]:
    def method(self: Variable, *args: Any) -> Any:
        return getattr(self.value(), dunder)(*args)
    method.__name__ = dunder
    return method


for _name in _FUNCS:
    for _dunder in (f"__{_name}__", f"__r{_name}__"):
        setattr(Variable, _dunder, _delegate(_dunder))
for _dunder in ("__lt__", "__le__", "__gt__", "__ge__", "__neg__", "__abs__", "__invert__"):
    setattr(Variable, _dunder, _delegate(_dunder))
# Python names a method in its TypeErrors ("got an unexpected keyword argument") by its
# qualified name: TF's class under disable_v2_behavior() is RefVariable
for _cls in (Variable, ScatterMethods):
    for _name, _attr in vars(_cls).items():
        if isinstance(_attr, FunctionType):
            _attr.__qualname__ = f"RefVariable.{_name}"


# --- collections ---------------------------------------------------------------------------
def variables_of(graph: Graph, key: str) -> list[Variable]:
    """The Variables of a collection whose ops are still in ``graph``; a ``VariableV2`` that
    no Variable wraps (a graph read from a file) is wrapped now, trainable unless it is an
    optimizer's slot or power accumulator (see ``_looks_trainable``)."""
    known = graph.collections.setdefault(GLOBAL_VARIABLES, [])
    wrapped = {v.op for found in graph.collections.values() for v in found
               if isinstance(v, Variable)}  # a local variable is wrapped too
    for op in graph.get_operations():
        if op.type == "VariableV2" and op not in wrapped and op not in _UNLISTED:
            v = Variable.from_op(op, _looks_trainable(op))
            known.append(v)
            if v.trainable:
                graph.collections.setdefault(TRAINABLE_VARIABLES, []).append(v)
    return [v for v in graph.collections.get(key, [])
            if isinstance(v, Variable) and graph._ops.get(v.op.name) is v.op]


def _looks_trainable(op: Operation) -> bool:
    for consumer, index in op.consumers():
        if consumer.type.startswith("Apply") and index > 0:
            return False  # a slot (m, v, accum …) of an apply op
        if consumer.type == "Identity":
            for reader, i in _through_casts(consumer):
                if reader.type.startswith("Apply") and reader.input_names[i].endswith("_power"):
                    return False
    return True


def _through_casts(op: Operation) -> list[tuple[Operation, int]]:
    out: list[tuple[Operation, int]] = []
    for consumer, index in op.consumers():
        out.extend(_through_casts(consumer) if consumer.type == "Cast" else [(consumer, index)])
    return out


def global_variables(scope: str | None = None) -> list[Variable]:
    return _filtered(variables_of(get_default_graph(), GLOBAL_VARIABLES), scope)


def trainable_variables(scope: str | None = None) -> list[Variable]:
    return _filtered(variables_of(get_default_graph(), TRAINABLE_VARIABLES), scope)


def local_variables(scope: str | None = None) -> list[Variable]:
    """The variables made with ``collections=[GraphKeys.LOCAL_VARIABLES]``."""
    graph = get_default_graph()
    return _filtered([v for v in graph.collections.get(LOCAL_VARIABLES, [])
                      if isinstance(v, Variable) and graph._ops.get(v.op.name) is v.op], scope)


def _filtered(found: list[Variable], scope: str | None) -> list[Variable]:
    return filter_by_scope(found, scope or None)  # TF: a regex matched at the name's start


def variables_initializer(var_list: Iterable[Variable], name: str = "init") -> Operation:
    """One NoOp that runs every variable's initializer (a NoOp with none when empty)."""
    var_list = list(var_list)
    if var_list:
        return group(*[v.initializer for v in var_list], name=name)
    return no_op(name=name)


def global_variables_initializer() -> Operation:
    return variables_initializer(global_variables())


def local_variables_initializer() -> Operation:
    return variables_initializer(local_variables())


#: TF1's older names for the initializers
initialize_all_variables = global_variables_initializer
initialize_local_variables = local_variables_initializer
initialize_variables = variables_initializer


# --- collections by name (TF's get_collection) ---------------------------------------
def get_collection(key: str, scope: str | None = None) -> list[Any]:
    """A copy of the default graph's collection ``key`` (``[]`` when there is none)."""
    if key in (GLOBAL_VARIABLES, TRAINABLE_VARIABLES):  # a loaded graph's are wrapped first
        return filter_by_scope(variables_of(get_default_graph(), key), scope)
    return filter_by_scope(get_default_graph().collections.get(key, []), scope)


def get_collection_ref(key: str) -> list[Any]:
    """The collection ``key`` itself (made empty when missing): changing it changes it."""
    return get_default_graph().collections.setdefault(key, [])


def add_to_collection(name: str, value: Any) -> None:
    get_collection_ref(name).append(value)


def add_to_collections(names: Any, value: Any) -> None:
    """``value`` into each collection of ``names`` (a name or several), once each."""
    for name in dict.fromkeys([names] if isinstance(names, str) else names):
        add_to_collection(name, value)


# --- assignments, group, no_op ------------------------------------------------------------
def ref_of(ref: Any, method: str) -> Tensor:
    """The reference tensor a state op takes for ``ref``: a Variable's, or ``ref`` itself
    when it is one. Anything else fails as in TF, which calls the Variable method
    ``method`` on it (or first reads its ``dtype``): an ``AttributeError``."""
    if isinstance(ref, Variable):
        return ref._ref()
    if isinstance(ref, Tensor):
        if ref.dtype is not None and ref.dtype.is_ref_dtype:
            return ref
        raise AttributeError(f"'SymbolicTensor' object has no attribute '{method}'")
    raise AttributeError(f"'{type(ref).__name__}' object has no attribute 'dtype'")


def _update(op_type: str, ref: Any, value: Any, attrs: dict[str, Any], name: str | None
            ) -> Tensor:
    target = ref_of(ref, {"Assign": "assign", "AssignAdd": "assign_add"}.get(
        op_type, "assign_sub"))
    graph = target.graph
    assert isinstance(graph, Graph)
    assert target.dtype is not None
    with graph.name_scope(name or op_type) as scope:
        base = target.dtype.base_dtype
        try:
            t = apply.convert_to_tensor(value, base, name="value", graph=graph)
        except TypeError as e:  # a literal of another kind, in TF's op_def_library words
            raise TypeError(f"Expected {base.name} passed to parameter 'value' of op "
                            f"'{op_type}', got {value!r} of type '{type(value).__name__}' "
                            f"instead. Error: {e}") from None
        except ValueError:
            observed = apply.convert_to_tensor(value, graph=graph).dtype
            raise TypeError(f"Input 'value' of '{op_type}' Op has type "
                            f"{observed.name if observed else '?'} that does not match type "
                            f"{base.name} of argument 'ref'.") from None
        return graph.create_op(op_type, [target, t], attrs, scope).outputs[0]


def assign(ref: Any, value: Any, validate_shape: bool | None = None,
           use_locking: bool | None = None, name: str | None = None) -> Tensor:
    """Set ``ref`` (a Variable) to ``value``; the result is the new value (a reference)."""
    return _update("Assign", ref, value, {
        "validate_shape": True if validate_shape is None else validate_shape,
        "use_locking": True if use_locking is None else use_locking}, name)


def assign_add(ref: Any, value: Any, use_locking: bool | None = None,
               name: str | None = None) -> Tensor:
    return _update("AssignAdd", ref, value, {"use_locking": bool(use_locking)}, name)


def assign_sub(ref: Any, value: Any, use_locking: bool | None = None,
               name: str | None = None) -> Tensor:
    return _update("AssignSub", ref, value, {"use_locking": bool(use_locking)}, name)


def no_op(name: str | None = None) -> Operation:
    return get_default_graph().create_op("NoOp", [], {}, name or "NoOp")


def control_dependencies(control_inputs: Any) -> Any:
    """Ops made in this block run after ``control_inputs`` (None clears the blocks)."""
    return get_default_graph().control_dependencies(control_inputs)


def group(*inputs: Any, name: str | None = None) -> Operation:
    """A NoOp that runs after every input (ops, tensors or Variables, nested lists too)."""
    deps = list(_flatten(inputs))
    graph = get_default_graph()
    for d in deps:
        element = d._as_graph_element() if hasattr(d, "_as_graph_element") else d
        if isinstance(element, (Tensor, Operation)):
            owner = element.graph
            assert isinstance(owner, Graph)
            graph = owner
            break
    with graph.as_default(), graph.name_scope(name or "group_deps") as scope:
        if not deps:
            return no_op(name=scope)
        with graph.control_dependencies(deps):
            return no_op(name=scope)


def _flatten(values: Any) -> Iterable[Any]:
    for v in values:
        if isinstance(v, (list, tuple)):
            yield from _flatten(v)
        else:
            yield v
