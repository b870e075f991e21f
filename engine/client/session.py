"""The Session: runs (part of) a graph on the CPU or a GPU and returns numpy values.

``run`` accepts TF's fetch structures (a Tensor, an Operation, a name, or any nesting of
list, tuple, namedtuple and dict) and mirrors them in the result. Feeds are validated and
converted on the host before anything runs, with TF's messages. The work itself is a compiled
``Plan`` (see ``plan.py``), cached per graph version, fetches and fed tensors.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import numpy as np

from ..backends.backend import Backend
from ..backends.dask_array import DaskBackend
from ..backends.select import resolve
from ..framework.default_session import default_session
from ..framework.errors import InternalError
from ..framework.graph import Graph, get_default_graph
from ..framework.operation import Operation, Tensor
from ..framework.value_fit import misfit
from .dask_executor import DaskExecutor
from .dask_feeds import convert_dask_feed
from .dask_lowering import is_dask
from .executor import Executor, OnOp
from .plan import Plan, Step, compile_plan, missing_feed_error, refresh
from .run_metadata import RunMetadata
from .value_cache import ValueCache

__all__ = ["Session", "convert_feed"]

_PLAN_CACHE_SIZE = 64


# --- fetch structures ---------------------------------------------------------------------
class _Fetches:
    """Flattens a fetch structure into unique graph elements and rebuilds the results."""

    def __init__(self, graph: Graph, fetches: Any) -> None:
        self.graph = graph
        self.elements: list[Tensor | Operation] = []
        self._index: dict[Any, int] = {}
        self.structure = self._flatten(fetches)

    def _element(self, fetch: Any) -> int:
        as_element = getattr(fetch, "_as_graph_element", None)
        if as_element is not None:  # a Variable: its reference tensor, as TF fetches it
            fetch = as_element()
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
        if isinstance(fetches, (Tensor, Operation, str)) or fetches is None or hasattr(
                fetches, "_as_graph_element"):
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
    as_element = getattr(key, "_as_graph_element", None)
    if as_element is not None:
        key = as_element()
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


def _as_numpy_scalar(np_type: Any, value: int) -> Any:
    """TF's ``_convert_to_numpy_obj``: what an int fed alone becomes (a string: its text)."""
    if np_type is object:
        return str(value)
    with np.errstate(over="ignore", invalid="ignore"):
        return np_type(np.array(value).astype(np_type))


def _fits_alone(np_type: Any, value: int) -> bool:
    with np.errstate(over="ignore", invalid="ignore"):
        return bool(_as_numpy_scalar(np_type, value) == value)


def _feed_array(value: Any, np_type: Any) -> np.ndarray:
    """TF's ``numpy_compat.np_asarray``: numbers are cast after numpy picks its own dtype
    (so ints wrap and floats truncate as numpy casts them), anything else is converted."""
    if np.issubdtype(np_type, np.number):
        with np.errstate(over="ignore", invalid="ignore"):
            return np.asarray(value).astype(np_type, copy=False)
    return np.asarray(value, dtype=np_type)


class FeedOverflowError(OverflowError, ValueError):
    """TF's OverflowError for a fed int past int64 (also a ValueError: a value that does not
    convert, for callers that check feeds)."""


class UnsupportedFeedError(InternalError, TypeError):
    """TF's InternalError for a string feed holding something else than bytes or str."""


def _feed_strings(array: np.ndarray) -> np.ndarray:
    """The C++ side of a string feed: every element must be bytes or str."""
    out = np.empty(array.shape, dtype=object)
    flat = out.reshape(-1)
    for i, v in enumerate(array.reshape(-1).tolist()):
        if isinstance(v, str):
            v = v.encode("utf-8")
        elif not isinstance(v, bytes):
            raise UnsupportedFeedError(None, None, "Graph execution error:\n\nUnsupported "
                                                   f"object type {type(v).__name__}")
        flat[i] = v
    return out


def convert_feed(tensor: Tensor, value: Any, key: Any = None, *, exact: bool = False
                 ) -> np.ndarray:
    """A fed value as TF's session converts it to the tensor's dtype, checked against its
    static shape; ``key`` is the feed_dict key TF's messages name (the tensor by default).

    ``exact``: a value a person typed (the feed dialog, the command line) must also fit the
    dtype exactly — TF's feed wraps ``[300]`` into uint8 as ``[44]``; this refuses it with a
    ``ValueError`` saying so (see ``framework/value_fit.py``)."""
    array = _convert_feed(tensor, value, key)
    if exact:
        problem = misfit(value, array, by="the feed")
        if problem is not None:
            raise ValueError(f"Cannot feed this value for Tensor {tensor.name}: value{problem}")
    return array


def _convert_feed(tensor: Tensor, value: Any, key: Any) -> np.ndarray:
    if isinstance(value, Tensor):
        raise TypeError(
            "The value of a feed cannot be a tf.Tensor object. Acceptable feed values include "
            "Python scalars, strings, lists, numpy ndarrays, or TensorHandles. For reference, "
            f"the tensor object was {value} which was passed to the argument `feed_dict` with "
            f"key {tensor if key is None else key}."
        )
    spec = tensor.spec
    if (spec is not None and type(value) is np.ndarray and value.dtype == spec.dtype.np_dtype
            and not spec.dtype.is_string):
        dims = spec.shape._dims  # the common case, first: an array of the right dtype
        if dims is None or dims == value.shape:
            return value
    dtype = tensor.dtype
    if dtype is None:
        raise ValueError(f"Cannot feed {tensor.name}: its op has an error ({tensor.op.error})")
    np_type = dtype.as_numpy_dtype
    try:
        return _convert_checked(tensor, value, np_type)
    except OverflowError as e:
        raise FeedOverflowError(str(e)) from None


def _convert_checked(tensor: Tensor, value: Any, np_type: Any) -> np.ndarray:
    dtype = tensor.dtype
    assert dtype is not None
    if isinstance(value, int) and not _fits_alone(np_type, value):
        raise TypeError(
            f"Type of feed value {value} with type {type(value)} is not compatible with Tensor "
            f"type {np_type}. Try explicitly setting the type of the feed tensor to a larger "
            "type (e.g. int64)."
        )
    array = _feed_array(value, np_type)
    if not tensor.shape.is_compatible_with(array.shape):
        raise ValueError(
            f"Cannot feed value of shape {array.shape} for Tensor {tensor.name}, which has "
            f"shape {tensor.shape}"
        )
    return _feed_strings(array) if dtype.is_string else array


# --- the session ----------------------------------------------------------------------------
class Session:
    """Runs a graph. ``device`` is ``"auto"`` (a usable GPU, else the CPU), ``"cpu"`` or
    ``"gpu"``; ``xp`` runs the kernels on any array-API namespace instead (tests use
    ``array_api_strict``). ``optimize=False`` turns constant folding and fusion off (the
    results are identical); ``fold=False`` keeps fusion but runs constant ops in the run,
    where ``on_op`` sees them (the editor shows every node's state). ``cache=True`` keeps
    every computed value by content key across runs, so a re-run recomputes only what an
    edit changed (the editor runs this way).

    ``device="dask"`` runs on dask: ``scheduler`` is None (a local cluster this session
    starts and closes), an address (``tcp://host:8786``), ``"threads"``/``"synchronous"``
    or a ``distributed.Client``; host arrays are chunked as ``chunks`` (see
    ``backends/dask_array.py`` and ``client/dask_executor.py``)."""

    def __init__(
        self,
        target: str = "",
        graph: Graph | None = None,
        config: Any = None,
        *,
        device: str = "auto",
        optimize: bool = True,
        cache: bool | ValueCache = False,
        fold: bool = True,
        xp: Any = None,
        scheduler: Any = None,
        chunks: Any = "auto",
    ) -> None:
        self._graph = graph if graph is not None else get_default_graph()
        self._backend = resolve(device, xp, scheduler=scheduler, chunks=chunks)
        self._optimize = optimize
        self._fold = optimize and fold
        self._fuse = optimize and (self._backend.is_numpy or self._backend.device == "gpu"
                                   or self._backend.is_dask)
        #: dask runs build a lazy graph (client/dask_executor.py); constants fold on the host
        self._dask = DaskExecutor(self._backend) if isinstance(self._backend, DaskBackend) \
            else None
        self._fold_xp = np if self._dask is not None else self._backend.xp
        self._closed = False
        self._plans: OrderedDict[Any, Plan] = OrderedDict()
        #: single-element fetches already resolved, for this structure version of the graph
        self._leaves: dict[Any, tuple[_Fetches, Any]] = {}
        self._leaves_version = -1
        self._context: list[Any] = []
        value_cache = cache if isinstance(cache, ValueCache) else (ValueCache() if cache else None)
        self._executor = Executor(self._backend, value_cache)
        #: what stateful ops (random ops) keep across this session's runs, per op
        self._op_states: dict[Operation, dict[str, Any]] = {}
        #: plan key -> the fed tensors whose shapes its plans are specialised for
        self._shape_keyed: dict[Any, tuple[Tensor, ...]] = {}
        self._shape_keyed_version = -1

    # --- properties and lifecycle ----------------------------------------------------------
    @property
    def graph(self) -> Graph:
        return self._graph

    @property
    def device(self) -> str:
        """``"cpu"``, ``"gpu"`` or ``"dask"``: where this session runs."""
        return self._backend.device

    @property
    def device_description(self) -> str:
        return self._backend.description

    @property
    def backend(self) -> Backend:
        return self._backend

    @property
    def cache(self) -> ValueCache | None:
        return self._executor.cache

    def close(self) -> None:
        self._closed = True
        self._plans.clear()
        self._op_states.clear()
        self._executor.pool.clear()
        if self._executor.cache is not None:
            self._executor.cache.clear()
        if self._dask is not None and self._dask.backend.owns_cluster:
            self._dask.backend.cluster.close()

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
        with default_session(self):
            yield self

    # --- running ----------------------------------------------------------------------------
    def run(
        self,
        fetches: Any,
        feed_dict: Mapping[Any, Any] | None = None,
        options: Any = None,
        run_metadata: RunMetadata | None = None,
        *,
        on_op: OnOp | None = None,
        keep: str = "numpy",
    ) -> Any:
        """Run what ``fetches`` need and return their values in the same structure.

        ``on_op(state, op, seconds)`` hears ``"started"``, then ``"done"`` or ``"cached"``,
        for each op the run needs; an exception it raises cancels the run between ops and
        propagates unchanged (nothing in the graph changes). On the dask backend
        ``keep="dask"`` returns fetched outputs as dask arrays instead of computing them.
        """
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        if len(self._graph) == 0:
            raise RuntimeError(
                "The Session graph is empty. Add operations to the graph before calling run()."
            )
        mapper, plan_key = self._mapper(fetches)
        feeds: dict[Tensor, np.ndarray] = {}
        if feed_dict:
            for key, value in feed_dict.items():
                tensor = _feed_key(self._graph, key)
                if self._dask is not None and (is_dask(value) or isinstance(value, np.memmap)):
                    # chunked as it is, or read by chunks from its file: never whole
                    feeds[tensor] = convert_dask_feed(tensor, self._backend.to_device(value),
                                                      key)
                else:
                    feeds[tensor] = convert_feed(tensor, value, key)
            plan_key = None  # the cached key is for no feeds
        if not mapper.elements:
            return mapper.rebuild([])
        with self._graph.edit_lock:  # the plan and the cache keys of one version of the graph
            plan = self._plan(mapper.elements, list(feeds), plan_key, feeds)
            keys = self._executor.keys(plan, feeds) if self._executor.cache is not None else None
        if plan.missing_feed is not None:
            raise missing_feed_error(plan.missing_feed)
        if self._dask is not None:
            return mapper.rebuild(self._dask.run(plan, feeds, run_metadata, on_op, keep))
        saved = [(state, state.get("value")) for state in plan.written]
        try:
            slots, owned = self._executor.run(plan, feeds, run_metadata, on_op, keys)
        except BaseException:
            for state, value in saved:  # a failed run leaves the variables as they were
                if value is None:
                    state.pop("value", None)
                else:
                    state["value"] = value
            raise
        return mapper.rebuild(self._results(plan, slots, owned))

    def _results(self, plan: Plan, slots: list[Any], owned: set[int]) -> list[Any]:
        """Fetched values on the host, as fresh arrays the caller may keep and change.

        With ``cache=True`` a value that lives on in the session (cached, or folded into the
        plan) is handed out as a read-only view instead of a copy: the editor fetches every
        output on every run, and copying megabytes of unchanged results would cost more
        than the run itself."""
        results: list[Any] = []
        to_host = self._backend.to_host
        constants = plan.owned
        cache = self._executor.cache
        for slot in plan.fetch_slots:
            if slot is None:
                results.append(None)
                continue
            device_value = slots[slot]
            if isinstance(device_value, (np.number, np.bool_)):
                results.append(device_value)  # a numpy scalar: nobody can change it
                continue
            value = to_host(device_value)
            persistent = id(device_value) in constants or (
                cache is not None and cache.holds(device_value)
            )
            if cache is not None and value.ndim and persistent:
                value = value.view()
                value.flags.writeable = False
            elif (
                persistent
                or id(device_value) in owned
                or not value.flags.writeable
                or value.base is not None
            ):
                value = np.array(value, copy=True)
            results.append(value[()] if value.ndim == 0 else value)
        return results

    def _mapper(self, fetches: Any) -> tuple[_Fetches, Any]:
        """The fetch structure resolved, and for a single fetch its plan key when nothing is
        fed (None: ``_plan`` makes the key). A single Tensor or Operation (how a script runs
        a graph in a loop) is resolved once per structure version: that keeps the per-call
        cost of a small graph to a few µs."""
        if not isinstance(fetches, (Tensor, Operation)):
            return _Fetches(self._graph, fetches), None
        if self._leaves_version != self._graph._structure_version:
            self._leaves.clear()
            self._leaves_version = self._graph._structure_version
        known = self._leaves.get(fetches)
        if known is None:
            mapper = _Fetches(self._graph, fetches)
            known = (mapper, (tuple(mapper.elements), frozenset()))
            if len(self._leaves) < _PLAN_CACHE_SIZE:
                self._leaves[fetches] = known
        return known

    def _plan(
        self, elements: list[Tensor | Operation], fed: list[Tensor], key: Any = None,
        feeds: dict[Tensor, np.ndarray] | None = None,
    ) -> Plan:
        graph = self._graph
        if key is None:
            key = (tuple(elements), frozenset(fed))
        if self._shape_keyed_version != graph._structure_version:
            self._shape_keyed.clear()
            self._shape_keyed_version = graph._structure_version
        keyed = self._shape_keyed.get(key)
        if keyed and feeds is not None:  # a plan specialised for the fed shapes
            key = (key, tuple(feeds[t].shape for t in keyed))
        plan = self._plans.get(key)
        if plan is not None and plan.structure_version == graph._structure_version:
            try:
                if plan.graph_version != graph.version:
                    refresh(plan, graph, self._evaluate)
            except Exception:  # a new value no longer folds (a divisor became 0): recompile,
                del self._plans[key]  # and the run reports it on the op, in TF's words
            else:
                self._plans.move_to_end(key)
                return plan
        plan = compile_plan(graph, elements, fed, optimize=self._optimize, fold=self._fold,
                            fuse=self._fuse, unbounded_small=self._fold_xp is np,
                            evaluate=self._evaluate, device=self._backend.device,
                            states=self._op_states,
                            fed_shapes={t: v.shape for t, v in feeds.items()} if feeds else None)
        if plan.shape_keyed and not keyed and feeds is not None:
            self._shape_keyed[key] = plan.shape_keyed
            key = (key, tuple(feeds[t].shape for t in plan.shape_keyed))
        self._plans[key] = plan
        if len(self._plans) > _PLAN_CACHE_SIZE:
            self._plans.popitem(last=False)
        return plan

    def _evaluate(self, step: Step, arrays: list[Any]) -> Any:
        with np.errstate(all="ignore"):
            return step.kernel(self._fold_xp, *arrays, **step.attrs)
