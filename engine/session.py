"""The Session: runs (part of) a graph on the CPU or a GPU and returns numpy values.

``run`` accepts TF's fetch structures (a Tensor, an Operation, a name, or any nesting of
list, tuple, namedtuple and dict) and mirrors them in the result. Feeds are validated and
converted on the host before anything runs, with TF's messages. The work itself is a compiled
``Plan`` (see ``plan.py``), cached per graph version, fetches and fed tensors.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import backends
from .convert import _strings
from .errors import InvalidArgumentError, OpError, execution_error
from .graph import Graph, Operation, Tensor, _stack, get_default_graph
from .plan import Plan, Step, compile_plan, missing_feed_error

_PLAN_CACHE_SIZE = 64


@dataclass
class OpStats:
    time: float = 0.0  # seconds
    bytes: int = 0
    folded: bool = False


@dataclass
class RunMetadata:
    """What a run did: per-op times and output bytes, and the run's wall time."""

    device: str = ""
    wall_time: float = 0.0
    ops: dict[str, OpStats] = field(default_factory=dict)
    peak_bytes: int = 0
    executed: list[str] = field(default_factory=list)


# --- fetch structures ---------------------------------------------------------------------
class _Fetches:
    """Flattens a fetch structure into unique graph elements and rebuilds the results."""

    def __init__(self, graph: Graph, fetches: Any) -> None:
        self.graph = graph
        self.elements: list[Tensor | Operation] = []
        self._index: dict[Any, int] = {}
        self.structure = self._flatten(fetches)

    def _element(self, fetch: Any) -> int:
        if fetch is None:
            raise TypeError(
                'Argument `fetch` = None has invalid type "NoneType". Cannot be None'
            )
        if not isinstance(fetch, (Tensor, Operation, str)):
            kind = type(fetch).__name__
            raise TypeError(
                f'Argument `fetch` = {fetch} has invalid type "{kind}" must be a string or '
                f"Tensor. (Can not convert a {kind} into a Tensor or Operation.)"
            )
        try:
            element = self.graph.as_graph_element(fetch, allow_tensor=True, allow_operation=True)
        except (KeyError, ValueError, TypeError) as e:
            raise ValueError(
                f"Argument `fetch` = {fetch} cannot be interpreted as a Tensor. ({e})"
            ) from None
        key = element
        if key not in self._index:
            self._index[key] = len(self.elements)
            self.elements.append(element)
        return self._index[key]

    def _flatten(self, fetches: Any) -> Any:
        if isinstance(fetches, (Tensor, Operation, str)) or fetches is None:
            return ("leaf", self._element(fetches))
        if isinstance(fetches, tuple) and hasattr(fetches, "_fields"):
            return ("namedtuple", type(fetches), [self._flatten(f) for f in fetches])
        if isinstance(fetches, (list, tuple)):
            return (type(fetches).__name__, [self._flatten(f) for f in fetches])
        if isinstance(fetches, Mapping):
            return ("dict", type(fetches), [(k, self._flatten(v)) for k, v in fetches.items()])
        return ("leaf", self._element(fetches))

    def rebuild(self, values: list[Any], node: Any = None) -> Any:
        node = self.structure if node is None else node
        kind = node[0]
        if kind == "leaf":
            return values[node[1]]
        if kind == "namedtuple":
            return node[1](*(self.rebuild(values, n) for n in node[2]))
        if kind == "list":
            return [self.rebuild(values, n) for n in node[1]]
        if kind == "tuple":
            return tuple(self.rebuild(values, n) for n in node[1])
        mapping_type = node[1]
        items = [(k, self.rebuild(values, n)) for k, n in node[2]]
        try:
            return mapping_type(items)
        except TypeError:
            return dict(items)


def _feed_key(graph: Graph, key: Any) -> Tensor:
    if isinstance(key, (Tensor, str)):
        try:
            element = graph.as_graph_element(key, allow_tensor=True, allow_operation=False)
        except (KeyError, ValueError, TypeError) as e:
            raise TypeError(f"Cannot interpret feed_dict key as Tensor: {e.args[0]}") from None
        assert isinstance(element, Tensor)
        return element
    raise TypeError(
        f"Cannot interpret feed_dict key as Tensor: Can not convert a {type(key).__name__} "
        "into a Tensor."
    )


def convert_feed(tensor: Tensor, value: Any) -> np.ndarray:
    """A fed value as an array of the tensor's dtype that fits its static shape."""
    if isinstance(value, (Tensor, Operation)):
        raise TypeError(
            "The value of a feed cannot be a Tensor object. Acceptable feed values include "
            "Python scalars, strings, lists and numpy ndarrays. For reference, the tensor "
            f"object was {value} which was passed to the argument `feed_dict` with key "
            f"{tensor}."
        )
    dtype = tensor.dtype
    if dtype is None:
        raise ValueError(f"Cannot feed {tensor.name}: its op has an error ({tensor.op.error})")
    if dtype.is_string:
        array = _strings(np.asarray(value, dtype=object))
    else:
        array = np.asarray(value, dtype=dtype.np_dtype)
    if not tensor.shape.is_compatible_with(array.shape):
        raise ValueError(
            f"Cannot feed value of shape {array.shape} for Tensor {tensor.name}, which has "
            f"shape {tensor.shape}"
        )
    return array


# --- the session ----------------------------------------------------------------------------
class Session:
    """Runs a graph. ``device`` is ``"auto"`` (a usable GPU, else the CPU), ``"cpu"`` or
    ``"gpu"``; ``xp`` runs the kernels on any array-API namespace instead (tests use
    ``array_api_strict``). ``optimize=False`` turns constant folding off."""

    def __init__(
        self,
        target: str = "",
        graph: Graph | None = None,
        config: Any = None,
        *,
        device: str = "auto",
        optimize: bool = True,
        xp: Any = None,
    ) -> None:
        self._graph = graph if graph is not None else get_default_graph()
        self._backend = backends.resolve(device, xp)
        self._optimize = optimize
        self._closed = False
        self._plans: OrderedDict[Any, Plan] = OrderedDict()
        self._context: list[Any] = []

    # --- properties and lifecycle ----------------------------------------------------------
    @property
    def graph(self) -> Graph:
        return self._graph

    @property
    def device(self) -> str:
        """``"cpu"`` or ``"gpu"``: where this session runs."""
        return self._backend.device

    @property
    def device_description(self) -> str:
        return self._backend.description

    @property
    def backend(self) -> backends.Backend:
        return self._backend

    def close(self) -> None:
        self._closed = True
        self._plans.clear()

    def __enter__(self) -> Session:
        graph_ctx = self._graph.as_default()
        sess_ctx = self.as_default()
        graph_ctx.__enter__()
        sess_ctx.__enter__()
        self._context.append((graph_ctx, sess_ctx))
        return self

    def __exit__(self, *exc: Any) -> None:
        graph_ctx, sess_ctx = self._context.pop()
        sess_ctx.__exit__(*exc)
        graph_ctx.__exit__(*exc)
        self.close()

    @contextmanager
    def as_default(self) -> Iterator[Session]:
        _stack.sessions.append(self)
        try:
            yield self
        finally:
            _stack.sessions.pop()

    # --- running ----------------------------------------------------------------------------
    def run(
        self,
        fetches: Any,
        feed_dict: Mapping[Any, Any] | None = None,
        options: Any = None,
        run_metadata: RunMetadata | None = None,
        *,
        on_op: Callable[[str, Operation, float], None] | None = None,
    ) -> Any:
        """Run what ``fetches`` need and return their values in the same structure.

        ``on_op(state, op, seconds)`` is told ``"started"``/``"done"`` per executed op and
        may raise to cancel the run between ops.
        """
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        if len(self._graph) == 0:
            raise RuntimeError(
                "The Session graph is empty. Add operations to the graph before calling run()."
            )
        mapper = _Fetches(self._graph, fetches)
        feeds: dict[Tensor, np.ndarray] = {}
        for key, value in (feed_dict or {}).items():
            tensor = _feed_key(self._graph, key)
            feeds[tensor] = convert_feed(tensor, value)
        if not mapper.elements:
            return mapper.rebuild([])
        plan = self._plan(mapper.elements, list(feeds))
        if plan.missing_feed is not None:
            raise missing_feed_error(plan.missing_feed)
        values = self._execute(plan, feeds, run_metadata, on_op)
        return mapper.rebuild(values)

    def _plan(self, elements: list[Tensor | Operation], fed: list[Tensor]) -> Plan:
        key = (self._graph.version, tuple(elements), frozenset(fed))
        plan = self._plans.get(key)
        if plan is not None:
            self._plans.move_to_end(key)
            return plan
        plan = compile_plan(
            self._graph, elements, fed, fold_constants=self._optimize, evaluate=self._evaluate
        )
        self._plans[key] = plan
        if len(self._plans) > _PLAN_CACHE_SIZE:
            self._plans.popitem(last=False)
        return plan

    def _evaluate(self, step: Step, arrays: list[Any]) -> Any:
        return step.kernel(self._backend.xp, *arrays, **step.attrs)

    def _execute(
        self,
        plan: Plan,
        feeds: dict[Tensor, np.ndarray],
        metadata: RunMetadata | None,
        on_op: Callable[[str, Operation, float], None] | None,
    ) -> list[Any]:
        backend = self._backend
        xp = backend.xp
        slots: list[Any] = [None] * plan.n_slots
        for slot, value in plan.constants.items():
            slots[slot] = value
        # arrays that outlive the run (constants, the caller's feeds) are copied when fetched
        owned = {id(v) for v in plan.constants.values()}
        for tensor, slot in plan.feed_slots.items():
            slots[slot] = backend.to_device(feeds[tensor])
            owned.add(id(slots[slot]))
        started = time.perf_counter()
        step: Step | None = None
        live = peak = 0
        try:
            if metadata is None and on_op is None:
                for step in plan.steps:
                    slots[step.output] = step.kernel(
                        xp, *[slots[i] for i in step.inputs], **step.attrs
                    )
                    for f in step.free:
                        slots[f] = None
            else:
                for step in plan.steps:
                    if on_op is not None:
                        on_op("started", step.op, 0.0)
                    t0 = time.perf_counter()
                    out = step.kernel(xp, *[slots[i] for i in step.inputs], **step.attrs)
                    seconds = time.perf_counter() - t0
                    slots[step.output] = out
                    nbytes = int(getattr(out, "nbytes", 0))
                    live += nbytes
                    peak = max(peak, live)
                    for f in step.free:
                        live -= int(getattr(slots[f], "nbytes", 0))
                        slots[f] = None
                    if metadata is not None:
                        metadata.ops[step.op.name] = OpStats(seconds, nbytes)
                        metadata.executed.append(step.op.name)
                    if on_op is not None:
                        on_op("done", step.op, seconds)
        except OpError:
            raise
        except Exception as e:
            if step is None or on_op is not None and _is_cancel(e):
                raise
            raise self._runtime_error(step, slots, e) from e
        if metadata is not None:
            metadata.device = backend.device
            metadata.wall_time = time.perf_counter() - started
            metadata.peak_bytes = peak
        results: list[Any] = []
        for fetch_slot in plan.fetch_slots:
            if fetch_slot is None:
                results.append(None)
                continue
            device_value = slots[fetch_slot]
            value = backend.to_host(device_value)
            if id(device_value) in owned or not value.flags.writeable or value.base is not None:
                value = np.array(value, copy=True)
            results.append(value[()] if value.ndim == 0 else value)
        return results

    def _runtime_error(self, step: Step, slots: list[Any], error: Exception) -> OpError:
        arrays = [slots[i] for i in step.inputs]
        detail = None
        explain = step.op.op_def.explain
        if explain is not None:
            try:
                detail = explain(arrays)
            except Exception:
                detail = None
        if detail is None:
            detail = f"{type(error).__name__}: {error}"
        return execution_error(InvalidArgumentError, step.op, detail)


def _is_cancel(error: Exception) -> bool:
    return getattr(error, "is_cancel", False)


def default_session_for_eval(session: Any, graph: Graph, what: str) -> Session:
    if session is None:
        if not _stack.sessions:
            if what == "tensor":
                raise ValueError(
                    "Cannot evaluate tensor using `eval()`: No default session is registered. "
                    "Use `with sess.as_default()` or pass an explicit session to "
                    "`eval(session=sess)`"
                )
            raise ValueError(
                "Cannot execute operation using `run()`: No default session is registered. "
                "Use `with sess.as_default():` or pass an explicit session to "
                "`run(session=sess)`"
            )
        session = _stack.sessions[-1]
    if session.graph is not graph:
        raise ValueError(
            f"Cannot use the given session to evaluate {what}: the {what}'s graph is different "
            "from the session's graph."
        )
    return session


def get_default_session() -> Session | None:
    return _stack.sessions[-1] if _stack.sessions else None
