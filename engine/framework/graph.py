"""Graph: TF1's naming and scopes, plus an editing API for the canvas.

(``Operation`` and ``Tensor`` live in ``operation.py``, name rules in ``naming.py``, inference
of one op in ``inference.py``.)

The builder API (``engine.constant``, ``a + b`` …) refuses an op whose inference fails, as TF
does. The editor needs more: ops with unwired inputs, connections made in any order, states
that do not infer. Both paths store ops the same way and share each op's one ``infer``; an op
built in the editor simply carries its error (``op.error``) instead of raising it. After any
edit only the ops downstream of it are inferred again, and subscribers hear every change.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from . import control_deps, operation
from .elements import resolve_element
from .errors import (
    CycleError,
    GraphEditError,
)
from .events import GraphEvent, Listener
from .inference import infer_op, reinfer_downstream
from .naming import (
    NameScope,
    check_name_free,
    check_new_op_name,
    check_scope_name,
    invalid_name_message,
    is_valid_name,
    uniquify,
)
from .operation import Operation, Tensor, forget_keys, upstream
from .pending_indexes import PendingIndexes
from .registry import OpDef, get_op_def, has_op_def


class _DefaultGraphs(threading.local):
    def __init__(self) -> None:
        self.graphs: list[Graph] = []


_stack = _DefaultGraphs()
_NO_INPUTS = ()
_global_default: Graph | None = None
_global_lock = threading.Lock()


class Graph(PendingIndexes):
    """A dataflow graph: ops in creation order, TF's unique naming, an editing API."""

    def __init__(self) -> None:
        super().__init__()
        self._ops: dict[str, Operation] = {}
        self._names_in_use: dict[str, int] = {}
        self._name_stack = ""
        self._version = 0
        # grows on changes a compiled plan depends on: wiring, ops, inferred shapes/dtypes
        self._structure_version = 0
        self._finalized = False
        #: a tuple, replaced (never changed) by subscribe and unsubscribe: an event is sent
        #: to the listeners there were when it was made, without a copy per event
        self._listeners: tuple[Listener, ...] = ()
        #: the graph-level random seed (``set_random_seed``); None: none is set
        self.seed: int | None = None
        self._control_stack: list[Any] = []  # the open control_dependencies blocks
        self.collections: dict[str, list[Any]] = {}  # TF's (``variables``, ``train_op``)

    # --- TF's graph API --------------------------------------------------------------------
    @property
    def version(self) -> int:
        """Grows on every change; a Session's compiled plans are keyed by it."""
        return self._version

    @property
    def edit_lock(self) -> threading.RLock:
        """Held by every edit while it changes the graph, and by a Session while it reads
        what a run needs (its plan, the cache keys): a run sees an edit whole or not at all."""
        return self._lock

    @property
    def finalized(self) -> bool:
        return self._finalized

    def finalize(self) -> None:
        self._finalized = True

    @contextmanager
    def as_default(self) -> Iterator[Graph]:
        _stack.graphs.append(self)
        try:
            yield self
        finally:
            _stack.graphs.pop()

    def get_operations(self) -> list[Operation]:
        return list(self._ops.values())

    def __len__(self) -> int:
        return len(self._ops)

    def __contains__(self, name: object) -> bool:
        return name in self._ops

    def get_operation_by_name(self, name: str) -> Operation:
        if not isinstance(name, str):
            raise TypeError(f"Operation names are strings (or similar), not {type(name).__name__}.")
        result = self.as_graph_element(name, allow_tensor=False, allow_operation=True)
        assert isinstance(result, Operation)
        return result

    def as_graph_element(
        self, obj: Any, allow_tensor: bool = True, allow_operation: bool = True
    ) -> Tensor | Operation:
        """Resolve a Tensor, Operation or name to an element of this graph, TF's way."""
        if (isinstance(obj, Tensor) and allow_tensor and obj._op._graph is self
                and self._ops.get(obj._op._name) is obj._op):
            return obj  # the common case, first: Session.run calls this per fetch and feed
        return resolve_element(self, self._ops, obj, allow_tensor, allow_operation)

    def get_tensor_by_name(self, name: str) -> Tensor:
        if not isinstance(name, str):
            raise TypeError(f"Tensor names are strings (or similar), not {type(name).__name__}.")
        result = self.as_graph_element(name, allow_tensor=True, allow_operation=False)
        assert isinstance(result, Tensor)
        return result

    # --- names -----------------------------------------------------------------------------
    def unique_name(self, name: str, mark_as_used: bool = True) -> str:
        """TF's uniquifier: ``x``, ``x_1``, ``x_2`` …, compared case-insensitively."""
        if self._name_stack:
            name = self._name_stack + "/" + name
        return uniquify(self._names_in_use, name, mark_as_used)

    def get_name_scope(self) -> str:
        return self._name_stack

    def name_scope(self, name: str | None) -> NameScope:
        """Open a scope; yields its prefix (``scope/``). A name ending in ``/`` re-enters an
        existing scope as is; ``None`` or ``""`` resets to the root."""
        old = self._name_stack
        if not name:
            new = ""
        elif name.endswith("/"):
            new = name[:-1]
        else:  # a root scope follows the node-name rule, a nested one its own (TF's two)
            check_scope_name(name, nested=bool(old))
            new = uniquify(self._names_in_use, old + "/" + name if old else name)
        return NameScope(self, old, new)

    # --- events ----------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(event)`` after every change; returns the unsubscribe function."""
        self._listeners = (*self._listeners, listener)

        def unsubscribe() -> None:
            listeners = list(self._listeners)
            if listener in listeners:
                listeners.remove(listener)
                self._listeners = tuple(listeners)

        return unsubscribe

    def _emit(self, kind: str, op: Operation, index: int | None = None, old: Any = None) -> None:
        if self._listeners:
            event = GraphEvent(kind, op, index, old)
            for listener in self._listeners:
                listener(event)

    def _check_mutable(self) -> None:
        if self._finalized:
            raise RuntimeError("Graph is finalized and cannot be modified.")

    # --- building (the builder API's one entry) -------------------------------------------
    def create_op(
        self,
        op_type: str,
        inputs: Sequence[Tensor],
        attrs: Mapping[str, Any] | None = None,
        name: str | None = None,
        *,
        normalized: bool = False,
    ) -> Operation:
        """Create an op as TF does: inference must succeed or the op is not added (its
        name stays consumed). A name ending in ``/`` is used exactly (a scope's name).
        ``normalized`` says ``attrs`` are complete and already checked, in a dict the op may
        keep (the builder's own Consts), which skips the check on the graph-building hot
        path."""
        if self._finalized:
            self._check_mutable()
        op_def = get_op_def(op_type)
        if name and name[-1] == "/":
            name = name[:-1]
        else:  # "" is a name (TF's: the scope itself, "outer/"; at the root, invalid)
            if name is None:
                name = op_def.default_name or op_type
            if self._name_stack:
                name = self._name_stack + "/" + name
            name = uniquify(self._names_in_use, name)
        check_new_op_name(name, self._ops)
        # no inputs: the shared empty tuple (never assigned to), one object fewer per Const
        wired: list[Tensor] = list(inputs) if inputs else _NO_INPUTS  # type: ignore[assignment]
        for t in wired:
            if t._op._graph is not self:
                raise ValueError(f"{t} must be from the same graph as the op being created.")
        # the builder's Consts hand a dict of their own, which the op keeps as it is
        clean = attrs if normalized and attrs else op_def.clean_attrs(attrs or {})
        n_inputs = len(op_def.inputs if not op_def.list_inputs else op_def.input_names(clean))
        if len(wired) != n_inputs:
            names = op_def.input_names(clean)
            raise TypeError(
                f"{op_type} takes {len(names)} inputs ({', '.join(names)}), got {len(wired)}"
            )
        op = Operation(self, name, op_def, clean, wired)  # type: ignore[arg-type]
        infer_op(op)
        if op._error is not None:
            raise op._error
        stack = self._control_stack
        if stack:
            op._control_inputs = control_deps.control_inputs_for(stack, [t._op for t in wired])
            control_deps.note_created(stack, op)
        self._insert(op)
        return op

    def control_dependencies(self, control_inputs: Any) -> control_deps.ControlDependencies:
        """Ops made in this block run after ``control_inputs`` (None: clear the blocks)."""
        return control_deps.ControlDependencies(self, control_inputs)

    def _insert(self, op: Operation) -> None:
        with self._lock:
            self._ops[op._name] = op
            self._unlowered.append(op._name)  # PendingIndexes: noted when first read
            if op._inputs:
                self._unlinked.append(op)
            for c in op._control_inputs:
                control_deps.add_control_output(c, op)
            self._version += 1
            self._structure_version += 1
        if self._listeners:
            self._emit("op_added", op)

    # --- inference ------------------------------------------------------------------------
    def _reinfer_downstream(self, roots: Sequence[Operation]) -> int:
        """Infer ``roots`` and what is downstream of them; how many ops changed."""
        changed = reinfer_downstream(roots, self._ops, self._emit)
        if changed:
            self._structure_version += 1
        return changed

    # --- the editing API ------------------------------------------------------------------
    def add_op(
        self,
        op_type: str | OpDef,
        name: str | None = None,
        attrs: Mapping[str, Any] | None = None,
        inputs: Sequence[Tensor | None] | None = None,
        exact_name: bool = False,
        control_inputs: Sequence[Operation] = (),
    ) -> Operation:
        """Create an op whose inputs may be unwired and whose inference may fail (the error
        is kept on the op). ``exact_name`` uses ``name`` as is (undo, paste) and refuses a
        name in use; otherwise the name is made unique TF's way. ``op_type`` may be an op's
        own ``OpDef`` (``op.op_def``): how undo and paste recreate an imported opaque node."""
        self._check_mutable()
        if isinstance(op_type, OpDef):
            op_def, op_type = op_type, op_type.type
        elif not has_op_def(op_type):
            raise GraphEditError(f"unknown op type {op_type!r}")
        else:
            op_def = get_op_def(op_type)
        if exact_name:
            if not name:
                raise GraphEditError("an exact name cannot be empty")
            check_name_free(name, self._ops, self._lowered)
            self._names_in_use.setdefault(name.lower(), 1)
        else:
            base = name or op_def.node_name
            if not is_valid_name(base):
                raise GraphEditError(invalid_name_message(base))
            saved, self._name_stack = self._name_stack, ""
            try:
                name = self.unique_name(base)
            finally:
                self._name_stack = saved
        wired = list(inputs or [])
        for t in wired:
            if t is not None and t.graph is not self:
                raise GraphEditError(f"{t.name} is not an element of this graph")
        clean = op_def.clean_attrs(dict(attrs or {}))
        n_inputs = len(op_def.input_names(clean))
        if len(wired) > n_inputs:
            raise GraphEditError(f"{op_type} has only {n_inputs} inputs")
        op = Operation(self, name, op_def, clean)
        op._inputs = wired + [None] * (n_inputs - len(wired))
        op._control_inputs = list(dict.fromkeys(self._own(c) for c in control_inputs))
        infer_op(op)
        self._insert(op)
        self._emit("inferred", op)
        return op

    def _own(self, op: Operation) -> Operation:
        if op.graph is not self or self._ops.get(op._name) is not op:
            raise GraphEditError(f"op {op._name!r} is not in this graph")
        return op

    def connect(self, src: Tensor, dst: Operation, index: int) -> Tensor | None:
        """Wire ``src`` into input ``index`` of ``dst``, replacing what was there (returned).
        A connection that would make a cycle is refused and changes nothing."""
        self._check_mutable()
        self._own(dst)
        self._own(src.op)
        if not 0 <= index < len(dst._inputs):
            raise GraphEditError(
                f"{dst._name!r} ({dst.type}) has no input {index}; it has "
                f"{len(dst._inputs)}: {', '.join(dst.input_names) or 'none'}"
            )
        if control_deps.reaches(dst, src.op):
            raise CycleError(
                f"connecting {src.name} to input {index} of {dst._name!r} would make a cycle: "
                f"{dst._name!r} already feeds {src.op._name!r}"
            )
        old = dst._inputs[index]
        if old is src:
            return old
        with self._lock:
            if old is not None:
                operation.remove_consumer(old, dst, index)
            dst._inputs[index] = src
            operation.add_consumer(src, dst, index)
            forget_keys([dst])  # in the lock: no run may key the old wiring after this
            self._version += 1
            self._structure_version += 1
        self._emit("input_changed", dst, index, old)
        self._reinfer_downstream([dst])
        return old

    def disconnect(self, dst: Operation, index: int) -> Tensor | None:
        """Unwire input ``index`` of ``dst``; returns the tensor that was there."""
        self._check_mutable()
        self._own(dst)
        if not 0 <= index < len(dst._inputs):
            raise GraphEditError(f"{dst._name!r} has no input {index}")
        old = dst._inputs[index]
        if old is None:
            return None
        with self._lock:
            operation.remove_consumer(old, dst, index)
            dst._inputs[index] = None
            forget_keys([dst])
            self._version += 1
            self._structure_version += 1
        self._emit("input_changed", dst, index, old)
        self._reinfer_downstream([dst])
        return old

    def add_control_input(self, op: Operation, control: Operation, index: Any = None) -> bool:
        """``op`` runs after ``control`` (at ``index`` of its control inputs, else last)."""
        self._check_mutable()
        if not control_deps.check_new_edge(self._own(op), self._own(control)):
            return False
        with self._lock:
            control_deps.link(op, control, index)
            self._version += 1
            self._structure_version += 1
        self._emit("control_changed", op, old=control)
        return True

    def remove_control_input(self, op: Operation, control: Operation) -> None:
        self._check_mutable()
        control_deps.check_edge(self._own(op), control)
        with self._lock:
            control_deps.unlink(op, control)
            self._version, self._structure_version = self._version + 1, self._structure_version + 1
        self._emit("control_changed", op, old=control)

    def remove_op(self, op: Operation) -> list[tuple[Operation, int, Tensor]]:
        """Remove an op; its consumers' inputs become unwired and its control edges go.
        Returns the data links that were cut as (consumer, index, tensor), so an undo can
        restore them (``op.control_inputs`` and ``control_outputs`` name the others)."""
        self._check_mutable()
        self._own(op)
        cut = [(consumer, idx, op._outputs[out])
               for out, consumer, idx in sorted(op._consumers, key=lambda link: link[0])]
        with self._lock:
            for consumer, idx, _ in cut:
                consumer._inputs[idx] = None
            forget_keys([consumer for consumer, _, _ in cut])
            op._consumers = ()
            for i, t in enumerate(op._inputs):
                if t is not None:
                    operation.remove_consumer(t, op, i)
            for c in op._control_inputs:
                c._control_outputs.remove(op)  # type: ignore[union-attr]  # it holds op
            for c in op._control_outputs:
                c._control_inputs.remove(op)  # type: ignore[union-attr]
            del self._ops[op._name]
            self._lowered.pop(op._name.lower(), None)
            self._version += 1
            self._structure_version += 1
        self._emit("op_removed", op)
        for consumer, idx, tensor in cut:
            self._emit("input_changed", consumer, idx, tensor)
        self._reinfer_downstream(list(dict.fromkeys(c for c, _, _ in cut)))
        return cut

    def rename_op(self, op: Operation, new_name: str) -> str:
        """Rename an op (validated, unique); returns the old name."""
        self._check_mutable()
        self._own(op)
        old = op._name
        if new_name == old:
            return old
        if new_name.lower() != old.lower():
            check_name_free(new_name, self._ops, self._lowered)
        elif not is_valid_name(new_name):
            raise GraphEditError(invalid_name_message(new_name))
        with self._lock:
            self._ops = {(new_name if k == old else k): v for k, v in self._ops.items()}
            self._lowered.pop(old.lower(), None)
            self._lowered[new_name.lower()] = new_name
            op._name = new_name
            self._names_in_use.setdefault(new_name.lower(), 1)
            self._version += 1
        self._emit("op_renamed", op, old=old)
        self._reinfer_downstream([op])  # messages that quote the name change too
        return old

    def set_attrs(self, op: Operation, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Change attributes (a Const's value or dtype, a Placeholder's shape …). Invalid
        values are refused with an ``AttrError`` and nothing changes. Returns the old attrs."""
        self._check_mutable()
        self._own(op)
        merged = dict(op._attrs)
        merged.update(changes)
        clean = op._op_def.clean_attrs(merged)
        if len(op._op_def.input_names(clean)) != len(op._inputs):
            raise GraphEditError(
                f"{op._name!r} ({op.type}) keeps the {len(op._inputs)} inputs it was made "
                "with: make a new op for another number of inputs"
            )
        old = op._attrs
        with self._lock:
            op._attrs = clean
            forget_keys([op])  # in the lock: cache_key() never stores a key of the old attrs
            self._version += 1
            if op.type in ("Placeholder", "PlaceholderWithDefault"):
                self._structure_version += 1  # whether a run must feed it may have changed
        self._emit("attrs_changed", op, old=old)
        self._reinfer_downstream([op])
        return dict(old)

    # --- queries for the editor and the session ---------------------------------------------
    def outputs(self) -> list[Operation]:
        """The ops nothing consumes: what Run fetches by default."""
        return [op for op in self._ops.values() if not op._consumers]

    def invalid_ops(self) -> list[Operation]:
        return [op for op in self._ops.values() if op._error is not None]

    def upstream(self, ops: Sequence[Operation]) -> list[Operation]:
        """``ops`` and everything they depend on, in a topological order."""
        return upstream(ops)

    def __repr__(self) -> str:
        return f"<engine.Graph with {len(self._ops)} ops at {id(self):#x}>"


def get_default_graph() -> Graph:
    """The innermost ``as_default`` graph of this thread, else the global default graph."""
    if _stack.graphs:
        return _stack.graphs[-1]
    global _global_default
    with _global_lock:
        if _global_default is None:
            _global_default = Graph()
        return _global_default


def reset_default_graph() -> None:
    """Replace the global default graph with a new, empty one."""
    if _stack.graphs:
        raise AssertionError(
            "Do not use reset_default_graph() to clear nested graphs. If you need a cleared "
            "graph, exit the nesting and create a new graph."
        )
    global _global_default
    with _global_lock:
        _global_default = Graph()
