"""One small TF1 program, run the same way under TensorFlow and under the engine.

A case is a function ``program(tf)`` written against ``tf.compat.v1``'s names; the engine
spells them the same, so the one function runs on either namespace. ``run_case`` builds it in
a fresh graph, runs what it returns, and describes what happened as plain JSON data: the ops
the graph holds afterwards (also those a failing call left behind), each fetched tensor's
name, static shape and dtype, the values, and the exception (its class, the classes it
derives from, TF's message). ``tools/record_tf.py`` stores that description for real TF in
``tests/data/tf_cases/``; ``tests/engine/test_tf_cases.py`` compares the engine's with it.

What a program returns: a tensor or operation (or a list of them) to run, or a ``Fetch`` with
feeds and build-time ``probe`` data (names, ``str(t)``, anything JSON can hold).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

Program = Callable[[Any], Any]


@dataclass
class Fetch:
    """What a program hands back when a bare tensor is not enough."""

    fetches: Any = None
    feed: dict[Any, Any] = field(default_factory=dict)
    probe: Any = None
    #: what the same session runs first, in order (initializers, training steps): state
    #: that lives in the session across runs
    before: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class Case:
    name: str
    program: Program
    #: relative tolerance for float values (transcendental kernels differ in the last bits)
    rtol: float = 0.0


class Cases:
    """The cases of one behaviour family, in definition order: ``@cases.case("name")``."""

    def __init__(self, family: str) -> None:
        self.family = family
        self.by_name: dict[str, Case] = {}

    def case(self, name: str, rtol: float = 0.0) -> Callable[[Program], Program]:
        def register(program: Program) -> Program:
            if name in self.by_name:
                raise ValueError(f"{self.family}: case {name!r} is defined twice")
            self.by_name[name] = Case(name, program, rtol)
            return program

        return register


# --- describing what happened -------------------------------------------------------------
_TRACE = re.compile(r" defined at \(most recent call last\):\n(?:.*\n)*?Node: '[^']*'\n")
_ORIGINAL = re.compile(r"\n\nOriginal stack trace for .*", re.DOTALL)
_ATTR_LIST = re.compile(r"(with these attrs: \[)([^\]]*)(\])")
#: kernels of TF's XLA devices: listed or not depending on what the process ran before
_XLA_KERNELS = re.compile(r"^  device='XLA_[A-Z_]+'; .*\n", re.MULTILINE)


def _sorted_attrs(match: re.Match[str]) -> str:
    items = [item for item in match.group(2).split(", ") if item]
    return match.group(1) + ", ".join(sorted(items)) + match.group(3)


def error_message(error: BaseException) -> str:
    """TF's message without the Python stack traces it appends (they name our files), and
    with the parts TF prints in no fixed order put in one."""
    text = getattr(error, "message", None)
    if not isinstance(text, str):
        text = str(error)
    text = _ORIGINAL.sub("", text)
    text = _TRACE.sub(":\n", text)
    # "No OpKernel was registered" lists the node's attrs in hash order: compare them sorted
    text = _ATTR_LIST.sub(_sorted_attrs, text)
    return _XLA_KERNELS.sub("", text)


def describe_error(stage: str, error: BaseException) -> dict[str, Any]:
    return {
        "stage": stage,
        "class": type(error).__name__,
        "bases": [c.__name__ for c in type(error).__mro__[1:] if c is not object],
        "message": error_message(error),
    }


def _float(x: float) -> Any:
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0 and math.copysign(1.0, x) < 0:
        return "-0.0"
    return x


def encode_value(value: Any) -> Any:
    """A fetched value as JSON: dtype, shape and flat data, exact (NaN, infinities and the sign
    of zero as strings, complex as [re, im], bytes as latin-1 text)."""
    if value is None:
        return None
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # an IndexedSlicesValue
        return {"namedtuple": type(value).__name__,
                "fields": {k: encode_value(getattr(value, k)) for k in value._fields}}
    arr = np.asarray(value)
    kind = arr.dtype.kind
    flat = arr.reshape(-1).tolist() if kind not in "fcSUO" else list(arr.reshape(-1))
    if kind == "f" or arr.dtype.name in ("bfloat16",):
        data = [_float(float(x)) for x in arr.astype(np.float64).reshape(-1)]
    elif kind == "c":
        data = [[_float(float(x.real)), _float(float(x.imag))] for x in flat]
    elif kind in "SUO":
        data = [x.decode("latin-1") if isinstance(x, bytes) else str(x) for x in flat]
    else:
        data = [bool(x) if kind == "b" else int(x) for x in flat]
    dtype = "string" if kind in "SUO" else arr.dtype.name
    return {"dtype": dtype, "shape": list(arr.shape), "data": data}


def _shape(t: Any) -> Any:
    shape = t.shape
    if shape.rank is None:
        return None
    return [None if d is None else int(d) for d in shape.as_list()]


def _describe_fetch(t: Any) -> dict[str, Any]:
    if t is None or isinstance(t, (str, bytes)):  # a name (or nothing) for the session to resolve
        return {"name": t.decode() if isinstance(t, bytes) else t}
    if hasattr(t, "_as_graph_element"):  # a Variable: TF fetches its reference tensor
        t = t._as_graph_element()
    if hasattr(t, "dense_shape"):  # an IndexedSlices: fetched as its three tensors
        return {"indexed_slices": str(t)}
    if hasattr(t, "value_index"):  # a Tensor
        return {"tensor": t.name, "shape": _shape(t), "dtype": t.dtype.name}
    return {"operation": t.name, "type": t.type}


def _flat(fetches: Any) -> list[Any]:
    if isinstance(fetches, (list, tuple)):
        return [x for f in fetches for x in _flat(f)]
    return [fetches]


def run_case(tf: Any, case: Case) -> dict[str, Any]:
    """Build and run ``case`` on the namespace ``tf`` (``tf.compat.v1`` or ``engine``)."""
    graph = tf.Graph()
    out: dict[str, Any] = {}
    with graph.as_default():
        try:
            result = case.program(tf)
        except Exception as e:  # the case is about this error
            out["ops"] = [[op.name, op.type] for op in graph.get_operations()]
            out["error"] = describe_error("build", e)
            return out
        out["ops"] = [[op.name, op.type] for op in graph.get_operations()]
        fetch = result if isinstance(result, Fetch) else Fetch(result)
        if fetch.probe is not None:
            out["probe"] = fetch.probe
        if fetch.fetches is None:
            return out
        flat = _flat(fetch.fetches)
        out["fetches"] = [_describe_fetch(t) for t in flat]
        with tf.Session(graph=graph) as sess:
            try:
                for earlier in fetch.before:
                    sess.run(earlier, feed_dict=fetch.feed or None)
                values = sess.run(flat, feed_dict=fetch.feed or None)
            except Exception as e:
                out["error"] = describe_error("run", e)
                return out
        out["values"] = [encode_value(v) for v in values]
    return out
