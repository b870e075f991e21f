"""Tensor and Operation: the nodes and edges of a graph, as TF1 names and prints them.

An Operation carries what inference made of it — its output specs, or the error that says
why there are none (an op built in the editor may be unwired or invalid) — and a content key
for value caches. The graph that owns them (``graph.py``) keeps them consistent; nothing here
edits a graph.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from .cache_keys import op_key, tensor_key
from .default_session import session_for_eval
from .dtypes import DType
from .errors import InferenceError, OperatorNotAllowedInGraphError
from .registry import OpDef, TensorSpec
from .shapes import TensorShape, check_mergeable


class OwningGraph(Protocol):
    """What an op and its tensors know of the graph that owns them: its lookups.

    ``graph.Graph`` is the one implementation. Operations refer to it through this protocol
    because the graph imports this module; code that builds into a tensor's graph narrows it
    with ``isinstance(t.graph, Graph)``."""

    def get_operations(self) -> list[Operation]: ...

    def get_operation_by_name(self, name: str) -> Operation: ...

    def get_tensor_by_name(self, name: str) -> Tensor: ...

    @property
    def edit_lock(self) -> AbstractContextManager[Any]: ...

    def link_pending(self) -> None: ...

_UNKNOWN = TensorShape(None)
#: TF's advice after "… is not allowed" (about its tf.function, which the engine has not)
_RESOLUTIONS = (
    "You can attempt the following resolutions to the problem: If you are running in Graph "
    "mode, use Eager execution mode or decorate this function with @tf.function. If you are "
    "using AutoGraph, you can try decorating this function with @tf.function. If that does "
    "not work, then you may be using an unsupported feature or your source code may not be "
    "visible to AutoGraph. See https://github.com/tensorflow/tensorflow/blob/master/tensorflow"
    "/python/autograph/g3doc/reference/limitations.md#access-to-source-code for more "
    "information."
)


class Tensor:
    """One output of an operation: ``mul:0``. Its shape and dtype come from inference."""

    __slots__ = ("_op", "_value_index", "__weakref__")

    # numpy must defer to our operators (``np.float32(2) * t`` builds a Mul, not an array)
    __array_ufunc__ = None

    def __init__(self, op: Operation, value_index: int) -> None:
        self._op = op
        self._value_index = value_index

    @property
    def op(self) -> Operation:
        return self._op

    @property
    def value_index(self) -> int:
        return self._value_index

    @property
    def graph(self) -> OwningGraph:
        return self._op.graph

    @property
    def name(self) -> str:
        return f"{self._op.name}:{self._value_index}"

    @property
    def spec(self) -> TensorSpec | None:
        specs = self._op._specs
        return None if specs is None else specs[self._value_index]

    @property
    def shape(self) -> TensorShape:
        specs = self._op._specs  # not through ``spec``: read for every op built
        return _UNKNOWN if specs is None else specs[self._value_index].shape

    def get_shape(self) -> TensorShape:
        return self.shape

    @property
    def dtype(self) -> DType | None:
        specs = self._op._specs
        return None if specs is None else specs[self._value_index].dtype

    @property
    def device(self) -> str:
        return ""

    def consumers(self) -> list[Operation]:
        index = self._value_index
        return [op for out, op, _ in self._op._consumers if out == index]

    def set_shape(self, shape: Any) -> None:
        """Merge ``shape`` into the static shape, as TF's ``Tensor.set_shape``: what a
        composite function knows that inference cannot see (a reshape to a computed shape).
        Kept on the op, so it also holds when the op is inferred again."""
        new = TensorShape(shape) if not isinstance(shape, TensorShape) else shape
        check_mergeable(self.shape, new)
        op = self._op
        hints = dict(op._shape_hints or {})
        hints[self._value_index] = new.merge_with(hints.get(self._value_index, TensorShape(None)))
        op._shape_hints = hints
        specs = op._specs
        if specs is not None:
            spec = specs[self._value_index]
            merged = spec.shape.merge_with(new)
            op._specs = tuple(
                TensorSpec(merged, s.dtype, s.value, s.partial, s.lazy) if i == self._value_index
                else s
                for i, s in enumerate(specs)
            )

    def eval(self, feed_dict: Mapping[Any, Any] | None = None, session: Any = None) -> Any:
        sess = session_for_eval(session, self.graph, "tensor")
        return sess.run(self, feed_dict)

    def _dtype_name(self) -> str:
        return self.dtype.name if self.dtype is not None else "<unknown>"

    def __repr__(self) -> str:
        return f"<Tensor '{self.name}' shape={self.shape} dtype={self._dtype_name()}>"

    def tf_repr(self) -> str:
        """The repr TF prints inside its messages: ``<tf.Tensor 'a:0' shape=(2,) dtype=int32>``."""
        return "<tf." + repr(self)[1:]

    def __str__(self) -> str:
        # TF leaves the shape out when the rank is unknown
        shape = "" if self.shape.rank is None else f", shape={self.shape}"
        return f'Tensor("{self.name}"{shape}, dtype={self._dtype_name()})'

    def __bool__(self) -> bool:
        raise OperatorNotAllowedInGraphError(
            "Using a symbolic `tf.Tensor` as a Python `bool` is not allowed. " + _RESOLUTIONS)

    def __iter__(self) -> Iterator[Any]:
        raise OperatorNotAllowedInGraphError(
            "Iterating over a symbolic `tf.Tensor` is not allowed. " + _RESOLUTIONS)

    def __len__(self) -> int:
        raise TypeError(
            f"len is not well defined for a symbolic Tensor ({self.name}). Please call "
            "`x.shape` rather than `len(x)` for shape information."
        )

    # operators are defined in ops/operators.py, which installs them on this class


class Operation:
    """A node of the graph: its type, inputs (``None`` where the editor left one unwired),
    attributes, outputs, and what inference made of it (specs, or an error)."""

    __slots__ = (
        "_graph", "_name", "_op_def", "_inputs", "_attrs", "_out", "_specs", "_error",
        "_links", "_key", "_shape_hints", "_control_inputs", "_control_outputs",
        "__weakref__",
    )

    def __init__(
        self, graph: OwningGraph, name: str, op_def: OpDef, attrs: dict[str, Any],
        inputs: list[Tensor | None] | None = None,
    ) -> None:
        self._graph = graph
        self._name = name
        self._op_def = op_def
        self._inputs: list[Tensor | None] = (
            [None] * len(op_def.input_names(attrs)) if inputs is None else inputs
        )
        self._attrs = attrs
        n = op_def.num_outputs if not op_def.list_output else op_def.output_count(attrs)
        #: the one output's tensor, or a tuple of them where there are more or none: most
        #: ops have one, and no list of it means one object fewer per op for the garbage
        #: collector to walk (read through ``_outputs``)
        self._out: Tensor | tuple[Tensor, ...] = (
            Tensor(self, 0) if n == 1 else tuple([Tensor(self, i) for i in range(n)]))
        self._specs: tuple[TensorSpec, ...] | None = None
        self._error: InferenceError | None = None
        #: who reads the outputs: (output index, consumer, its input index), in the order
        #: the links were made; the empty tuple until the first (``add_consumer``). Read
        #: through ``_consumers``: the graph notes a new op's links when they are first
        #: asked for, not as it is built
        self._links: list[tuple[int, Operation, int]] | tuple[()] = ()
        self._key: bytes | None = None  # content key for value caches; see cache_key()
        #: output index -> the shape ``Tensor.set_shape`` merged in (None: there is none)
        self._shape_hints: dict[int, TensorShape] | None = None
        #: TF's control inputs (``^name``): ops that must run before this one, and the ops
        #: that name this one so (kept by the graph, both ways). Most ops have neither: the
        #: empty tuple stands for an empty list until the first edge (``control_deps.link``),
        #: one object fewer per op for the garbage collector to walk
        self._control_inputs: list[Operation] | tuple[()] = ()
        self._control_outputs: list[Operation] | tuple[()] = ()

    @property
    def _outputs(self) -> tuple[Tensor, ...]:
        out = self._out
        return (out,) if type(out) is Tensor else out  # type: ignore[return-value]

    @property
    def _consumers(self) -> list[tuple[int, Operation, int]] | tuple[()]:
        """The links from this op's outputs (``_links``), once the graph has noted those of
        the ops built since they were last asked for (``Graph.link_pending``)."""
        self._graph.link_pending()
        return self._links

    @_consumers.setter
    def _consumers(self, links: list[tuple[int, Operation, int]] | tuple[()]) -> None:
        self._links = links

    # --- TF's API ------------------------------------------------------------------------
    @property
    def name(self) -> str:
        return self._name

    @property
    def type(self) -> str:
        return self._op_def.type

    @property
    def op_def(self) -> OpDef:
        return self._op_def

    @property
    def graph(self) -> OwningGraph:
        return self._graph

    @property
    def inputs(self) -> list[Tensor | None]:
        return list(self._inputs)

    @property
    def input_names(self) -> tuple[str, ...]:
        """One name per input (a list input's are ``values[0]``, ``values[1]`` …)."""
        return self._op_def.input_names(self._attrs)

    @property
    def outputs(self) -> list[Tensor]:
        out = self._out
        return [out] if type(out) is Tensor else list(out)

    @property
    def control_inputs(self) -> list[Operation]:
        """The ops that must run before this one (TF's ``^name`` inputs), in order."""
        return list(self._control_inputs)

    @property
    def control_outputs(self) -> list[Operation]:
        """The ops that name this one as a control input (TF's ``_control_outputs``)."""
        return list(self._control_outputs)

    @property
    def device(self) -> str:
        return ""

    @property
    def node_def(self) -> str:
        return self.node_def_string()

    def get_attr(self, name: str) -> Any:
        if name in self._attrs:
            return self._attrs[name]
        derived = self.derived_attrs()
        if name in derived:
            return derived[name]
        raise ValueError(f"Operation '{self._name}' has no attr named '{name}'.")

    @property
    def attrs(self) -> dict[str, Any]:
        """The attributes a user sets (not the derived ones), as a new dict."""
        return dict(self._attrs)

    def all_attrs(self) -> dict[str, Any]:
        out = dict(self._attrs)
        out.update(self.derived_attrs())
        return out

    def derived_attrs(self) -> dict[str, Any]:
        if self._op_def.derive is None:
            return {}
        specs = self.input_specs()
        return {} if specs is None else self._op_def.derived_attrs(specs)

    def run(self, feed_dict: Mapping[Any, Any] | None = None, session: Any = None) -> None:
        sess = session_for_eval(session, self._graph, "operation")
        sess.run(self, feed_dict)

    def __repr__(self) -> str:
        return f"<Operation '{self._name}' type={self.type}>"

    # --- what inference knows ------------------------------------------------------------
    @property
    def error(self) -> str | None:
        """Why inference failed for this op (the message to show on the node), or None."""
        return None if self._error is None else str(self._error)

    @property
    def error_kind(self) -> str | None:
        return None if self._error is None else self._error.kind

    @property
    def inference_error(self) -> InferenceError | None:
        return self._error

    @property
    def is_valid(self) -> bool:
        return self._error is None

    @property
    def output_specs(self) -> tuple[TensorSpec, ...] | None:
        return self._specs

    def input_specs(self) -> list[TensorSpec] | None:
        """The specs of the inputs, or None when one is unwired or comes from an invalid op."""
        out = []
        for t in self._inputs:
            if t is None or t._op._specs is None:
                return None
            out.append(t._op._specs[t._value_index])
        return out

    def cache_key(self) -> bytes:
        """The content key of this op's value: its type, attributes and inputs' keys.

        Kept on the op and cleared by the graph for everything downstream of an edit, so a
        run computes keys only for what changed. Computed under the graph's edit lock, which
        the edit also holds while it changes attributes and clears keys: a key of the old
        attributes can never be stored after the edit has cleared it."""
        key = self._key
        if key is not None:
            return key
        with self._graph.edit_lock:
            for op in upstream([self]):
                if op._key is None:
                    inputs = [
                        b"unwired" if t is None else tensor_key(t._op._key or b"", t._value_index)
                        for t in op._inputs
                    ]
                    op._key = op_key(op.type, op._attrs, inputs)
            assert self._key is not None
            return self._key

    def consumers(self) -> list[tuple[Operation, int]]:
        """Every (op, input index) that reads an output of this op."""
        links = self._consumers
        if len(self._outputs) > 1:  # output by output, each in the order its links were made
            links = sorted(links, key=output_index)
        return [(op, i) for _, op, i in links]

    def node_def_attrs(self) -> dict[str, str]:
        """The NodeDef's attrs as TF prints them (``T=DT_FLOAT``, ``transpose_a=false``), by
        name; tensor values are left out, as in TF's messages."""
        out: dict[str, str] = {}
        absent = self._op_def.extra.get("not_in_node_def", ())  # IdentityN's N
        for key, value in sorted(self.all_attrs().items()):
            if value is None or key in ("value", "default_value") or key in absent:
                continue
            out[key] = _format_attr(value)
        return out

    def node_def_string(self) -> str:
        """TF's one-line NodeDef: ``AddV2[T=DT_FLOAT](a, b)`` (for error messages)."""
        parts = [f"{key}={value}" for key, value in self.node_def_attrs().items()]
        inputs = ", ".join([_input_ref(t) for t in self._inputs if t is not None]
                           + [f"^{c._name}" for c in self._control_inputs])
        return f"{self.type}[{', '.join(parts)}]({inputs})"  # TF's "[]" also without attrs


#: the types ``as_tensor`` passes on without looking for a conversion
_PLAIN = frozenset({int, float, bool, complex, str, bytes, list, tuple, type(None)})


def as_tensor(value: Any) -> Any:
    """A Variable (anything with ``_as_tensor``, TF's registered conversion) as the tensor it
    reads as; anything else as it is."""
    kind = type(value)
    if kind is Tensor or kind in _PLAIN:
        return value
    convert = getattr(value, "_as_tensor", None)
    return value if convert is None else convert()


def _input_ref(t: Tensor) -> str:
    return t._op._name if t._value_index == 0 else t.name


def _format_attr(value: Any) -> str:
    if isinstance(value, DType):
        return value.enum_name
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, TensorShape):
        return value.debug_string()
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_format_attr(v) for v in value) + "]"
    return str(value)


def output_index(link: tuple[int, Operation, int]) -> int:
    return link[0]


def add_consumer(t: Tensor, consumer: Operation, index: int) -> None:
    """Note that input ``index`` of ``consumer`` reads ``t`` (the graph holds its lock)."""
    src = t._op
    if src._consumers:
        src._consumers.append((t._value_index, consumer, index))
    else:
        src._consumers = [(t._value_index, consumer, index)]


def link_inputs(ops: Sequence[Operation]) -> None:
    """Note each of ``ops`` as the consumer of each of its inputs, in order (``add_consumer``
    for each, inline: every op built comes here, when its graph's links are first asked
    for)."""
    for op in ops:
        i = 0
        for t in op._inputs:
            if t is not None:
                src = t._op
                if src._links:
                    src._links.append((t._value_index, op, i))
                else:
                    src._links = [(t._value_index, op, i)]
            i += 1


def remove_consumer(t: Tensor, consumer: Operation, index: int) -> None:
    t._op._consumers.remove((t._value_index, consumer, index))  # type: ignore[union-attr]


def forget_keys(roots: Sequence[Operation]) -> None:
    """Clear the cache keys of ``roots`` and everything downstream of them (their keys depend
    on the roots' attributes and wiring)."""
    if not roots:
        return
    roots[0]._graph.link_pending()
    stack = list(roots)
    seen: set[Operation] = set()
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        op._key = None
        for link in op._links:
            stack.append(link[1])


def upstream(ops: Sequence[Operation]) -> list[Operation]:
    """``ops`` and everything they depend on, in a topological order."""
    order: list[Operation] = []
    state: dict[Operation, int] = {}
    for root in ops:
        stack: list[tuple[Operation, int]] = [(root, 0)]
        while stack:
            op, i = stack.pop()
            if i == 0:
                if state.get(op):
                    continue
                state[op] = 1
            if i < len(op._inputs):
                stack.append((op, i + 1))
                t = op._inputs[i]
                if t is not None and not state.get(t._op):
                    stack.append((t._op, 0))
            else:
                state[op] = 2
                order.append(op)
    return order

