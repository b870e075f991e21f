"""Runs the canvas's graph off the GUI thread and keeps each node's last result.

Why a worker thread: a run can take seconds, and the window must keep painting, show each node's
state as it runs and let Stop cancel. ``Session.run`` runs on a ``QThread`` (the worker,
``app.run_worker``); everything it reports comes back to the GUI thread as queued signals, never
by touching widgets from the worker.

Why the canvas is read-only during a run: the session reads the graph on the worker thread (its
plan, and each op's cache key as it goes), so an edit mid-run could race it or file a value in
the cache under the wrong key. Runs are short, so blocking edits (``Canvas.set_read_only``; the
window also disables the edit actions and panels) is the simple safe choice. As a second line, a
run that ends on a graph version other than the one it started from marks its results stale and
empties the value cache.

Why one session per (graph, device): its value cache is what makes a re-run after an edit
recompute only what the edit changed; a new document or another device starts a new one. The
session fuses elementwise chains (``optimize``, on by default) but does not fold constants into
the plan (``fold=False``): folding would compute those ops before the run starts, so they would
show no state or time and Stop could not interrupt them; the value cache gives the same saving
from the second run on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from app.feed_dialog import ask_feed_values
from app.run_feeds import AskFeeds, FeedProblem, feeds_for
from app.run_format import (
    device_label,
    done_texts,
    failure_texts,
    format_seconds,
    op_run_tooltip,
    op_time_text,
    stopped_text,
    value_tooltip,
)
from app.run_worker import RunJob, RunResult, RunWorker
from app.worker_threads import WorkerThreads
from editor.canvas import Canvas
from editor.i18n import translate
from engine import (
    DaskCluster,
    DeviceError,
    Graph,
    InvalidGraphError,
    Operation,
    OpError,
    RunMetadata,
    Session,
    Tensor,
    ValueCache,
    format_value,
)

#: the value cache's budget per session (least recently used values go first)
DEFAULT_CACHE_BYTES = 1 << 30
#: how often the GUI picks up the op states a running worker has queued
DRAIN_MS = 30

class RunController(QObject):
    """Runs ``canvas.graph`` and mirrors what happens onto the canvas's nodes.

    ``ask_feeds`` is called (on the GUI thread) with the placeholders a run needs that
    have no default; it returns ``{name: value}`` or ``None`` to cancel. Tests replace
    it; the window's default opens :class:`app.feed_dialog.FeedDialog`.
    """

    #: (op name, waiting/running/done/cached/failed, seconds)
    opState = Signal(str, str, float)
    #: the names of the ops fetched
    started = Signal(list)
    #: the run's RunMetadata
    finished = Signal(object)
    #: (message, the names of the ops that failed or refused)
    failed = Signal(str, list)
    cancelled = Signal()
    runningChanged = Signal(bool)
    #: a result or its staleness changed (the results dock refreshes)
    resultsChanged = Signal()
    statusMessage = Signal(str)

    def __init__(self, canvas: Canvas, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.canvas = canvas
        self.ask_feeds: AskFeeds = lambda requests: ask_feed_values(canvas.view, requests)
        #: fold and fuse (see the module docstring); takes effect with the next session
        self.optimize = True
        self.cache_bytes = DEFAULT_CACHE_BYTES
        #: the last value given for each placeholder, offered again next time
        self.feed_memory: dict[str, Any] = {}
        self.results: dict[str, RunResult] = {}
        self.states: dict[str, str] = {}
        self.stale: set[str] = set()
        self.last_metadata: RunMetadata | None = None
        #: "finished", "failed", "invalid" or "cancelled" (None before the first run)
        self.last_outcome: str | None = None
        #: the ops the last successful run was asked for
        self.last_run_fetches: list[str] = []
        #: the ops the last successful run computed (or fed, or took from the cache), and
        #: the placeholders it was fed values typed by the user
        self.last_run_ops: list[str] = []
        self.last_run_fed: list[str] = []
        #: what holds the session when not empty ("training"): no run starts meanwhile
        self.held_by = ""
        self.before_run: Callable[[Session], None] = lambda session: None
        self._device = "auto"
        self._dask_cluster: DaskCluster | None = None
        self._session: Session | None = None
        self._session_key: tuple[int, str, bool, int] | None = None
        self._job: RunJob | None = None
        self._asking = False
        self._threads = WorkerThreads(self)
        self._drain_timer = QTimer(self)
        self._drain_timer.setInterval(DRAIN_MS)
        self._drain_timer.timeout.connect(self._drain)
        canvas.graphReplaced.connect(self._on_graph_replaced)
        canvas.opChanged.connect(self._on_op_changed)
        canvas.adapter.opRemoved.connect(self._on_op_removed)
        canvas.adapter.opRenamed.connect(self._on_op_renamed)

    # --- settings ------------------------------------------------------------------------------
    @property
    def device(self) -> str:
        return self._device

    def set_device(self, device: str, cluster: DaskCluster | None = None) -> None:
        """auto, cpu, gpu, or dask on ``cluster`` (then owned here); runs get a new session."""
        if device not in ("auto", "cpu", "gpu", "dask") or (device == "dask") != bool(cluster):
            raise ValueError(f"unknown device {device!r} (dask needs its cluster)")
        if device != self._device or cluster is not self._dask_cluster:
            self._device = device
            self._drop_session()
            old, self._dask_cluster = self._dask_cluster, cluster
            if old is not None and old is not cluster:
                old.close()

    @property
    def running(self) -> bool:
        return self._job is not None

    @property
    def session(self) -> Session | None:
        return self._session

    def _session_for(self, graph: Graph) -> Session:
        key = (id(graph), self._device, self.optimize, self.cache_bytes)
        if self._session is None or self._session_key != key:
            self._drop_session()
            self._session = Session(
                graph=graph, device=self._device, optimize=self.optimize, fold=False,
                cache=ValueCache(self.cache_bytes), scheduler=self._dask_cluster,
            )
            self._session_key = key
        return self._session

    def session_for_run(self) -> Session:
        """The session runs use (made if needed): where the variables' values live."""
        return self._session_for(self.canvas.graph)

    def _drop_session(self) -> None:
        session, self._session, self._session_key = self._session, None, None
        if session is not None and (self._job is None or self._job.session is not session):
            session.close()  # frees its cache now (one in use is just let go)

    # --- starting --------------------------------------------------------------------------------
    def run(self) -> bool:
        """Run the graph's outputs (the ops nothing consumes). Returns whether it started."""
        outputs = self.canvas.graph.outputs()
        if not outputs:
            self.statusMessage.emit(translate("Run", "Nothing to run: the graph is empty"))
            return False
        return self.run_ops(outputs)

    def run_selected(self) -> bool:
        """Run only the selected nodes (and what they need)."""
        graph = self.canvas.graph
        ops = [graph.get_operation_by_name(n) for n in self.canvas.selected_op_names()]
        if not ops:
            self.statusMessage.emit(translate("Run", "Select the nodes to run first"))
            return False
        return self.run_ops(ops)

    def run_ops(self, ops: list[Operation]) -> bool:
        """Fetch each op's first output (the op itself if it has none)."""
        if self._job is not None or self._asking or self.held_by:
            return False
        graph = self.canvas.graph
        upstream = graph.upstream(ops)
        self._asking = True  # the feed dialog runs an event loop: no second Run meanwhile
        try:
            feeds = self._feeds_for(upstream)
        finally:
            self._asking = False
        if feeds is None:
            return False
        try:
            session = self._session_for(graph)
            self.before_run(session)  # variables without a value get theirs (training's)
        except DeviceError as e:
            self._fail(str(e), [])
            return False
        names = [op.name for op in upstream]
        # ops on the way that show a value from an earlier run are fetched too, so their
        # previews come out current rather than stale (the run computes them anyway)
        wanted = set(ops)
        fetch_ops = list(ops) + [
            op for op in upstream if op not in wanted and op.name in self.results
        ]
        job = RunJob(
            session, graph, graph.version, [op.name for op in fetch_ops],
            [op.outputs[0] if op.outputs else op for op in fetch_ops], feeds, names,
            [op.name for op in ops], before={n: self._run_info(n) for n in names},
        )
        self._job = job
        for name in names:
            self._set_state(name, "waiting")
        self.canvas.set_read_only(True)
        self.runningChanged.emit(True)
        self.started.emit(list(job.requested))
        self._start_thread(job)
        return True

    def _feeds_for(self, upstream: list[Operation]) -> dict[Tensor, np.ndarray] | None:
        """The feeds the run needs; ``None`` (and the reason shown) when it cannot start."""
        feeds = feeds_for(upstream, self.feed_memory, self.ask_feeds)
        if not isinstance(feeds, FeedProblem):
            return feeds
        if feeds.names:
            self._fail(feeds.message, feeds.names)
        else:
            self.statusMessage.emit(feeds.message)
        return None

    def _start_thread(self, job: RunJob) -> None:
        worker = RunWorker(job)
        worker.succeeded.connect(self._on_succeeded)
        worker.errored.connect(self._on_errored)
        worker.stopped.connect(self._on_stopped)
        self._threads.start("runThread", worker)
        self._drain_timer.start()

    # --- stopping --------------------------------------------------------------------------------
    def stop(self) -> None:
        """Cancel the run between two ops (the op running now finishes first)."""
        if self._job is not None:
            self._job.cancel.set()
            self.statusMessage.emit(translate("Run", "Stopping\u2026"))

    def shutdown(self) -> None:
        """Cancel any run and wait for its thread (the window is closing)."""
        if self._job is not None:
            self._job.cancel.set()
        for worker in self._threads.workers():
            worker.job.cancel.set()
        self._threads.join_all()
        if self._job is not None:
            self._end_run()
        if self._dask_cluster is not None:
            self._drop_session()
            self._dask_cluster.close()

    def _end_run(self) -> None:
        self._drain_timer.stop()
        self._job = None
        self.canvas.set_read_only(False)
        self.runningChanged.emit(False)

    # --- what the worker reports -----------------------------------------------------------------
    def _current(self, job: RunJob) -> bool:
        return job is self._job

    def _drain(self) -> None:
        """Show the op states the worker queued since the last call: each node once, in
        its latest state (a fast run queues thousands between two calls)."""
        job = self._job
        if job is None:
            return
        events = job.events
        latest: dict[str, tuple[str, float]] = {}
        while events:
            name, state, seconds = events.popleft()
            latest[name] = (state, seconds)
            self.opState.emit(name, state, seconds)
        for name, (state, seconds) in latest.items():
            text = {"cached": done_texts(state)[0], "done": format_seconds(seconds)}.get(state, "")
            self._set_state(name, state, text)  # fused ops learn their group at the end

    def _on_succeeded(self, job: RunJob, values: list[Any], metadata: RunMetadata) -> None:
        if not self._current(job):
            return
        self._drain()
        self.last_metadata = metadata
        self.last_outcome = "finished"
        self.last_run_fetches = list(job.requested)
        self.last_run_ops = list(job.ops)
        self.last_run_fed = sorted(tensor.op.name for tensor in job.feeds)
        device = metadata.device
        edited = job.graph.version != job.graph_version
        if edited:  # cannot happen while the canvas is read-only; never trust it blindly
            cache = job.session.cache
            if cache is not None:
                cache.clear()
        for name, stats in metadata.ops.items():
            state = "cached" if stats.cached else "done"
            self._set_state(name, state, op_time_text(name, stats),
                            op_run_tooltip(name, stats, device))
        fed = {tensor.op.name for tensor in job.feeds}
        for name in job.ops:
            if name in fed:  # its value came from the feed dialog: nothing computed it
                self._set_state(name, "done", *done_texts("fed"))
            elif name not in metadata.ops:  # folded into the plan (optimize on)
                self._set_state(name, "done", *done_texts("folded"))
        for name, value in zip(job.fetch_names, values):
            if value is not None:  # None: an op without outputs, fetched as an Operation
                self.results[name] = RunResult(value, metadata.ops.get(name), device)
                self._show_preview(name)
        fresh = set(job.ops)
        self.stale -= fresh
        for name in fresh:
            self.canvas.set_result_stale(name, False)
        if edited:
            self.mark_stale(job.ops)
        self._end_run()
        self.finished.emit(metadata)  # the window shows run_summary(metadata)
        self.resultsChanged.emit()

    def _on_errored(self, job: RunJob, error: BaseException) -> None:
        if not self._current(job):
            return
        self._drain()
        self._restore_unfinished(job)
        if isinstance(error, InvalidGraphError):
            self.last_outcome = "invalid"
            names = [op.name for op in error.ops]
            for op in error.ops:
                self._set_state(op.name, "failed", *failure_texts("invalid", str(op.error)))
            text = str(error)
            message = text[:1].upper() + text[1:]  # the engine's "cannot run: …"
        elif isinstance(error, OpError):
            self.last_outcome = "failed"
            op = error.op
            names = [op.name] if op is not None else []
            detail = error.detail
            message = detail
            if op is not None:
                self._set_state(op.name, "failed", *failure_texts("failed", detail))
                message = failure_texts("failed at", detail, op.name)[1]
        else:
            self.last_outcome = "failed"
            names = []
            message = failure_texts("failed", f"{type(error).__name__}: {error}")[1]
        self._end_run()
        self.statusMessage.emit(message)
        self.failed.emit(message, names)

    def _on_stopped(self, job: RunJob) -> None:
        if not self._current(job):
            return
        self._drain()
        self.last_outcome = "cancelled"
        self._restore_unfinished(job)
        self.mark_stale(self.results)
        self._end_run()
        self.statusMessage.emit(stopped_text(bool(self.results)))
        self.cancelled.emit()
        self.resultsChanged.emit()

    def _restore_unfinished(self, job: RunJob) -> None:
        """Ops the run did not finish go back to what they showed before it."""
        for name in job.ops:
            if self.states.get(name) in ("waiting", "running"):
                state, text, tooltip = job.before.get(name, (None, "", ""))
                if state is None:
                    self.states.pop(name, None)
                    self.canvas.set_run_state(name, None)
                else:
                    self._set_state(name, state, text, tooltip)

    def _run_info(self, name: str) -> tuple[str | None, str, str]:
        node = self.canvas.run_node(name)
        return node.run_info() if node is not None else (None, "", "")

    def _fail(self, message: str, names: list[str]) -> None:
        """A run refused before it started (a feed that does not fit, no such device)."""
        self.last_outcome = "failed"
        for name in names:
            self._set_state(name, "failed", "", message)
        self.statusMessage.emit(message)
        self.failed.emit(message, names)

    # --- node texts ------------------------------------------------------------------------------
    def _set_state(self, name: str, state: str, text: str = "", tooltip: str = "") -> None:
        self.states[name] = state
        self.canvas.set_run_state(name, state, text, tooltip)

    def _show_preview(self, name: str) -> None:
        result = self.results[name]
        text = format_value(result.value, self.canvas.preview_chars(name))
        self.canvas.set_result_preview(name, text, result.stale, value_tooltip(result.value))

    # --- staleness -------------------------------------------------------------------------------
    def mark_stale(self, names: Iterable[str]) -> None:
        """Mark these ops and everything downstream of them stale (their results no longer
        match the graph)."""
        graph = self.canvas.graph
        todo = [graph.get_operation_by_name(n) for n in names if n in graph]
        seen: set[Operation] = set()
        changed = False
        while todo:
            op = todo.pop()
            if op in seen:
                continue
            seen.add(op)
            name = op.name
            if name in self.stale:
                continue  # everything downstream of a stale op is stale already
            if name in self.states or name in self.results:
                self.stale.add(name)
                self.canvas.set_result_stale(name, True)
                if name in self.results:
                    self.results[name].stale = True
                    changed = True
            for output in op.outputs:
                todo.extend(output.consumers())
        if changed:
            self.resultsChanged.emit()

    def _on_op_changed(self, name: str) -> None:
        if self.states or self.results:
            self.mark_stale([name])

    def _on_op_removed(self, op: Operation) -> None:
        name = op.name
        self.states.pop(name, None)
        self.stale.discard(name)
        if self.results.pop(name, None) is not None:
            self.resultsChanged.emit()

    def _on_op_renamed(self, op: Operation, old: str) -> None:
        tables: tuple[dict[str, Any], ...] = (self.states, self.results, self.feed_memory)
        for table in tables:
            if old in table:
                table[op.name] = table.pop(old)
        if old in self.stale:
            self.stale.discard(old)
            self.stale.add(op.name)
        self.last_run_fetches = [op.name if n == old else n for n in self.last_run_fetches]
        self.resultsChanged.emit()  # the dock shows the node by its new name

    def _on_graph_replaced(self) -> None:
        """A new document: forget the results, states, feeds and session of the old one;
        a run still going on the old graph is cancelled and its results ignored."""
        job = self._job
        if job is not None:
            job.cancel.set()
        self._drop_session()  # before the run ends: a session still in use is not closed
        if job is not None:
            self._end_run()
        self.results.clear()
        self.states.clear()
        self.stale.clear()
        self.feed_memory.clear()
        self.last_metadata = None
        self.last_run_fetches = []
        self.last_run_ops, self.last_run_fed = [], []
        self.resultsChanged.emit()

    # --- queries ---------------------------------------------------------------------------------
    def result(self, name: str) -> RunResult | None:
        return self.results.get(name)

    def device_text(self) -> str:
        session = self._session
        return device_label(session.device) if session is not None else self._device
