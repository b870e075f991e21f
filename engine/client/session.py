"""The Session: runs (part of) a graph on the CPU or a GPU and returns numpy values.

``run`` accepts TF's fetch structures (``fetches.py``) and mirrors them in the result. Feeds
are validated and converted on the host before anything runs, with TF's messages
(``feeds.py``). The work itself is a compiled ``Plan`` (see ``plan.py``), cached per graph
version, fetches and fed tensors; a run that repeats an earlier one's fetches and feed keys
skips the resolving (``fast_runs.py``).
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
from ..compiler import huge_pages, jit
from ..framework.default_session import default_session
from ..framework.graph import Graph, get_default_graph
from ..framework.operation import Operation, Tensor
from ..ops import row_undo
from .dask_executor import DaskExecutor
from .dask_feeds import convert_dask_feed
from .dask_lowering import is_dask
from .executor import Executor, OnOp
from .fast_runs import FastRun, FastRuns, _Partial
from .feeds import (
    FeedOverflowError,
    UnsupportedFeedError,
    convert_feed,
    expand_slices,
    feed_key,
)
from .fetches import Fetches
from .plan import Plan, Step, compile_plan, missing_feed_error, refresh
from .quiet_errors import quiet, restore
from .run_metadata import RunMetadata
from .value_cache import ValueCache

__all__ = ["FeedOverflowError", "Session", "UnsupportedFeedError", "convert_feed"]

_PLAN_CACHE_SIZE = 64
#: what ``_run_known`` returns when the run must take the full path
_AGAIN = object()


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
        self._leaves: dict[Any, tuple[Fetches, Any]] = {}
        self._leaves_version = -1
        self._context: list[Any] = []
        value_cache = cache if isinstance(cache, ValueCache) else (ValueCache() if cache else None)
        self._executor = Executor(self._backend, value_cache)
        #: what stateful ops (random ops) keep across this session's runs, per op
        self._op_states: dict[Operation, dict[str, Any]] = {}
        #: plan key -> the fed tensors whose shapes its plans are specialised for
        self._shape_keyed: dict[Any, tuple[Tensor, ...]] = {}
        self._shape_keyed_version = -1
        #: repeated runs by fetches and feed keys (none on dask, nor with a value cache)
        self._fast = FastRuns() if self._dask is None and value_cache is None else None

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
        if self._fast is not None:
            self._fast.clear()
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
        fast_key = None
        fast = self._fast
        if fast is not None and run_metadata is None and on_op is None:
            known = fast.lookup(fetches, feed_dict, self._graph)
            if known is not None and known.leaf_slot is not None and self._executor.on_host:
                value = self._run_known(known, known.leaf_slot, feed_dict)
                if value is not _AGAIN:
                    return value
            elif known is not None:
                fed = known.fed(feed_dict.values()) if feed_dict else []
                if fed is not None:
                    return self._execute(known.plan, known.mapper, fed)
        if feed_dict:  # after the repeated runs: they are keyed by the tensors fed
            feed_dict = expand_slices(feed_dict)
        if fast is not None and run_metadata is None and on_op is None:
            fast_key = fast.key(fetches, feed_dict)
        if len(self._graph) == 0:
            raise RuntimeError(
                "The Session graph is empty. Add operations to the graph before calling run()."
            )
        mapper, plan_key = self._mapper(fetches)
        feeds: dict[Tensor, np.ndarray] = {}
        keyed: list[tuple[Any, Tensor]] = []
        if feed_dict:
            for key, value in feed_dict.items():
                tensor = feed_key(self._graph, key)
                keyed.append((key, tensor))
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
            if (fast_key is not None and plan.missing_feed is None
                    and len(feeds) == len(keyed)):
                self._fast.put(fast_key, FastRun(  # type: ignore[union-attr]
                    self._graph, plan, mapper, keyed, {t: v.shape for t, v in feeds.items()}))
        if plan.missing_feed is not None:
            raise missing_feed_error(plan.missing_feed)
        if self._dask is not None:
            return mapper.rebuild(self._dask.run(plan, feeds, run_metadata, on_op, keep))
        if run_metadata is None and on_op is None and keys is None:
            return self._execute(plan, mapper, [(plan.feed_slots[t], v) for t, v in feeds.items()])
        saved = [(state, state.get("value")) for state in plan.written]
        row_undo.begin(plan.row_written)
        try:
            slots, owned = self._executor.run(plan, feeds, run_metadata, on_op, keys)
        except BaseException:
            _put_back(saved, plan)
            raise
        finally:
            row_undo.end(plan.row_written)
        return mapper.rebuild(self._results(plan, slots, owned))

    def _run_known(self, known: FastRun, leaf: int, feed_dict: Mapping[Any, Any] | None
                   ) -> Any:
        """A repeated run of one fetched tensor on the host, everything per run in one
        place (each call saved is a tenth of a µs of a small run's few): the feeds checked
        as ``FastRun.fed`` checks them, the plan's steps, the result handed out as
        ``_results`` would. ``_AGAIN`` when a fed shape is not the plan's."""
        plan = known.plan
        slots = plan.template.copy()
        fed: list[Any] = []
        if feed_dict:
            for (tensor, key, slot, dtype, check, planned), value in zip(known.feeds,
                                                                        feed_dict.values()):
                if type(value) is not np.ndarray or value.dtype is not dtype or not (
                        check is None or value.shape == check
                        or (type(check) is _Partial and check.fits(value.shape))):
                    value = convert_feed(tensor, value, key)
                if planned is not None and value.shape != planned:
                    return _AGAIN
                if not value.ndim and value.dtype.kind != "O":
                    value = value[()]  # a numpy scalar: see plan._seal
                slots[slot] = value
                fed.append(value)
        if plan.steps:
            saved = [(state, state.get("value")) for state in plan.written] if (
                plan.written) else None
            if plan.row_written:
                row_undo.begin(plan.row_written)
            token = quiet()  # TF warns about nothing: inf and wrap-around are data
            try:
                self._executor.run_steps(plan, slots)
            except BaseException:
                if saved:
                    _put_back(saved, plan)
                raise
            finally:
                restore(token)
                if plan.row_written:
                    row_undo.end(plan.row_written)
            if jit.queued():
                jit.start_queued()  # kernels this run asked for compile after it, not in it
        value = slots[leaf]
        if (type(value) is np.ndarray and value.ndim
                and (value.base is None or huge_pages.sole(value))
                and id(value) not in plan.owned and value.flags.writeable):
            for f in fed:
                if value is f:
                    break
            else:
                return value  # made by this run, held by nothing else
        return self._results(plan, slots, {id(f) for f in fed})[0]  # the one fetch

    def _execute(self, plan: Plan, mapper: Fetches, fed: list[tuple[int, Any]]) -> Any:
        """The plain run: the plan's steps over the fed (slot, value) pairs, no metadata, no
        callback, no value cache."""
        if plan.written:
            saved = [(state, state.get("value")) for state in plan.written]
            row_undo.begin(plan.row_written)
            try:
                slots, owned = self._executor.run_fed(plan, fed)
            except BaseException:
                _put_back(saved, plan)
                raise
            finally:
                row_undo.end(plan.row_written)
        else:
            slots, owned = self._executor.run_fed(plan, fed)
        results = self._results(plan, slots, owned)
        structure = mapper.structure
        return results[structure[1]] if structure[0] == "leaf" else mapper.rebuild(results)

    def _results(self, plan: Plan, slots: list[Any], owned: set[int]) -> list[Any]:
        """Fetched values on the host, as fresh arrays the caller may keep and change.

        With ``cache=True`` a value that lives on in the session (cached, or folded into the
        plan) is handed out as a read-only view instead of a copy: the editor fetches every
        output on every run, and copying megabytes of unchanged results would cost more
        than the run itself."""
        results: list[Any] = []
        constants = plan.owned
        cache = self._executor.cache
        on_host = self._backend.is_numpy
        for slot in plan.fetch_slots:
            if slot is None:
                results.append(None)
                continue
            device_value = slots[slot]
            if on_host and cache is None and type(device_value) is np.ndarray and (
                    device_value.ndim):
                if ((device_value.base is None or huge_pages.sole(device_value))
                        and device_value.flags.writeable
                        and id(device_value) not in constants
                        and id(device_value) not in owned):
                    results.append(device_value)  # made by this run, held by nothing else
                else:  # a folded constant, a feed, a view: the caller's own copy
                    results.append(device_value.copy(order="K"))
                continue
            if isinstance(device_value, (np.number, np.bool_)):
                results.append(device_value)  # a numpy scalar: nobody can change it
                continue
            value = self._backend.to_host(device_value)
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
                or (value.base is not None and not huge_pages.sole(value))
            ):
                value = np.array(value, copy=True)
            results.append(value[()] if value.ndim == 0 else value)
        return results

    def _mapper(self, fetches: Any) -> tuple[Fetches, Any]:
        """The fetch structure resolved, and for a single fetch its plan key when nothing is
        fed (None: ``_plan`` makes the key). A single Tensor or Operation (how a script runs
        a graph in a loop) is resolved once per structure version: that keeps the per-call
        cost of a small graph to a few µs."""
        if not isinstance(fetches, (Tensor, Operation)):
            return Fetches(self._graph, fetches), None
        if self._leaves_version != self._graph._structure_version:
            self._leaves.clear()
            self._leaves_version = self._graph._structure_version
        known = self._leaves.get(fetches)
        if known is None:
            mapper = Fetches(self._graph, fetches)
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
                            fed_shapes={t: v.shape for t, v in feeds.items()} if feeds else None,
                            skip_pass_through=self._dask is None and self._executor.cache is None)
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


def _put_back(saved: list[tuple[dict[str, Any], Any]], plan: Plan) -> None:
    """A failed run leaves the variables as they were: rows it changed in place put back
    from their undo logs, values it replaced put back."""
    row_undo.undo(plan.row_written)
    for state, value in saved:
        if value is None:
            state.pop("value", None)
        else:
            state["value"] = value
