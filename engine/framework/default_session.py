"""The default session of each thread: what ``Tensor.eval()`` and ``Operation.run()`` use.

It lives in the framework, below the client that defines ``Session``, because a tensor must
find its session without importing the layer that runs graphs. A session is anything with a
``graph`` and a ``run``; ``Session.as_default()`` pushes itself here.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Protocol


class SessionLike(Protocol):
    """What the framework needs of a session: the graph it runs and a way to run a fetch."""

    @property
    def graph(self) -> Any: ...

    def run(self, fetches: Any, feed_dict: Mapping[Any, Any] | None = None) -> Any: ...


class _Sessions(threading.local):
    def __init__(self) -> None:
        self.stack: list[SessionLike] = []


_sessions = _Sessions()


@contextmanager
def default_session(session: SessionLike) -> Iterator[None]:
    """Make ``session`` this thread's default inside the ``with`` block (sessions nest)."""
    _sessions.stack.append(session)
    try:
        yield
    finally:
        _sessions.stack.pop()


def get_default_session() -> Any:
    """The innermost default session of this thread, or None (TF's ``get_default_session``)."""
    return _sessions.stack[-1] if _sessions.stack else None


def session_for_eval(session: Any, graph: Any, what: str) -> SessionLike:
    """The session that evaluates a tensor or runs an operation of ``graph``, with TF's
    messages when there is none or it runs another graph (``what`` is the element's kind)."""
    if session is None:
        if not _sessions.stack:
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
        session = _sessions.stack[-1]
    if session.graph is not graph:
        raise ValueError(
            f"Cannot use the given session to evaluate {what}: the {what}'s graph is different "
            "from the session's graph."
        )
    return session
