"""Differential interop fuzzer: the programs ``tools/fuzz_tf.py`` draws, carried between TF
and the engine as GraphDefs and Python scripts, and run on the other side.

Run it with the Python that has TensorFlow, from the repository root::

    python tools/fuzz_interop.py --seconds 300
    python tools/fuzz_interop.py --only chain,chain_classifier,state_variable --count 50
    python tools/fuzz_interop.py --replay interop_found.jsonl

Each drawn spec (``tests/engine/tf_cases/fuzzed.py``) is built once under TF and once under
the engine, and run directly on each side (the reference). Then:

- ``tf->engine``: TF's ``as_graph_def()`` (binary) is imported into the engine and run by
  names, the same feeds, the same ``before`` runs (initializers, training steps);
- ``engine->tf`` (``pb``, ``pbtxt``): the engine's GraphDef is imported into a fresh TF graph;
- ``engine->tf`` (``py``): the engine's ``tf.compat.v1`` script is run (``runpy``: it is this
  tool's own output, never user data) and its graph run in TF.

Each carried graph is compared with the direct runs on the ops (names and types, as sets:
an import orders them topologically), the fetched tensors' static shapes and dtypes, the
values and the run-time error (class and message). ``--attrs`` also compares the engine's
NodeDefs attribute by attribute with TF's for the same program. Differences are printed and
appended to ``--out`` with the spec and the route.
"""

from __future__ import annotations

import json
import os
import runpy
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from tools import fuzz_driver as driver  # noqa: E402
from tools.fuzz_tf import GENERATORS, Runner, compare  # noqa: E402

#: what a route's run looks like: the harness's description (ops as sorted pairs)
Outcome = dict[str, Any]


def _name(x: Any) -> str | None:
    """A fetch, feed key or ``before`` entry as the name that finds it in a carried graph."""
    if isinstance(x, (str, bytes)):
        return x.decode() if isinstance(x, bytes) else x
    if hasattr(x, "_as_graph_element"):
        x = x._as_graph_element()
    if hasattr(x, "dense_shape"):  # IndexedSlices: not one graph element
        return None
    return getattr(x, "name", None)


def _flat(fetches: Any) -> list[Any]:
    if isinstance(fetches, (list, tuple)):
        return [x for f in fetches for x in _flat(f)]
    return [fetches]


class Plan:
    """A built program reduced to names: what to feed, run first and fetch."""

    def __init__(self, fetch: Any) -> None:
        self.fetches = [_name(t) for t in _flat(fetch.fetches)]
        self.before = [_name(t) for t in fetch.before]
        self.feed = {_name(k): v for k, v in fetch.feed.items()}
        self.ok = (fetch.fetches is not None and all(self.fetches) and all(self.before)
                   and all(self.feed))


def _describe(ns: Any, graph: Any, plan: Plan) -> Outcome:
    """Run ``plan`` on ``graph`` (of namespace ``ns``: TF's v1 or the engine) by names."""
    from tests.engine.tf_cases.harness import _describe_fetch, describe_error, encode_value

    out: Outcome = {"ops": sorted([op.name, op.type] for op in graph.get_operations())}
    try:
        els = [graph.as_graph_element(n) for n in plan.fetches]
        out["fetches"] = [_describe_fetch(t) for t in els]
    except Exception as e:
        out["error"] = describe_error("lookup", e)
        return out
    feed = {graph.as_graph_element(k): v for k, v in plan.feed.items()}
    with ns.Session(graph=graph) as sess:
        try:
            for b in plan.before:
                sess.run(graph.as_graph_element(b), feed_dict=feed or None)
            values = sess.run(els, feed_dict=feed or None)
        except Exception as e:
            out["error"] = describe_error("run", e)
            return out
    out["values"] = [encode_value(v) for v in values]
    return out


#: differences that are not interop's: TF's oneDNN refusing a convolution in one process and
#: not another, and TF1 control flow (``tf.case``, ``tf.cond``), opaque in the engine by design
KNOWN = ("could not create a primitive descriptor", "/Switch'", "/Merge'")


def _known(diffs: list[str]) -> bool:
    return any(k in d for d in diffs for k in KNOWN)


def _harness_error(stage: str, e: BaseException) -> Outcome:
    return {"ops": [], "error": {"stage": stage, "class": type(e).__name__, "bases": [],
                                 "message": str(e)}}


class Interop:
    """Builds a spec on each side and carries each graph across."""

    def __init__(self, attrs: bool = False) -> None:
        self.runner = Runner()
        self.v1 = self.runner.v1
        self.engine = self.runner.engine
        self.fuzzed = self.runner.fuzzed
        self.attrs = attrs

    def _build(self, ns: Any, spec: dict[str, Any]) -> tuple[Any, Any] | None:
        graph = ns.Graph()
        with graph.as_default():
            try:
                fetch = self.fuzzed.build(ns, spec)
            except Exception:
                return None  # a build error: nothing to carry
        return graph, fetch

    def tf_to_engine(self, tf_graph: Any, plan: Plan) -> Outcome:
        from engine.io.graphdef_read import graph_from_graphdef, parse_graphdef

        data = tf_graph.as_graph_def().SerializeToString()
        try:
            graph, _ = graph_from_graphdef(parse_graphdef(data, "fuzz.pb", text=False))
        except Exception as e:
            return _harness_error("import", e)
        return _describe(self.engine, graph, plan)

    def engine_to_tf(self, en_graph: Any, plan: Plan, how: str) -> Outcome:
        from google.protobuf import text_format
        from tensorboard.compat.proto import graph_pb2

        from engine.io.graphdef_write import graphdef_bytes

        try:
            data = graphdef_bytes(en_graph, text=how == "pbtxt")
        except Exception as e:
            return _harness_error("export", e)
        if how == "pbtxt":  # parsed by TF's own text parser, not the engine's
            proto = graph_pb2.GraphDef()
            text_format.Parse(data.decode("utf-8"), proto)
            data = proto.SerializeToString()
        return self.into_tf(data, plan)

    def into_tf(self, data: bytes, plan: Plan) -> Outcome:
        """A binary GraphDef imported into a fresh TF graph and run."""
        gd = self.v1.GraphDef()
        gd.ParseFromString(data)
        graph = self.v1.Graph()
        with graph.as_default():
            try:
                self.v1.import_graph_def(gd, name="")
            except Exception as e:
                return _harness_error("import", e)
        return _describe(self.v1, graph, plan)

    def script_to_tf(self, en_graph: Any, plan: Plan) -> Outcome:
        from engine.io.python_export import write_python

        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "rebuild.py")
            try:
                write_python(path, en_graph, "tf")
            except Exception as e:
                return _harness_error("export", e)
            try:
                graph = runpy.run_path(path, run_name="fuzz_interop")["graph"]
            except Exception as e:
                return _harness_error("script", e)
        return _describe(self.v1, graph, plan)

    def attr_diffs(self, tf_graph: Any, en_graph: Any) -> list[str]:
        """NodeDef attributes and inputs that differ between TF's graph and the engine's
        export of the same program (tensors compared as arrays: encodings may differ)."""
        from engine.io.graphdef_write import graph_to_graphdef

        try:
            mine = self.v1.GraphDef.FromString(graph_to_graphdef(en_graph).SerializeToString())
        except Exception:
            return []
        by_name = {n.name: n for n in mine.node}
        diffs = []
        for node in tf_graph.as_graph_def().node:
            other = by_name.get(node.name)
            if other is None or other.op != node.op:
                continue
            keys = {k for k in set(node.attr) | set(other.attr) if not k.startswith("_")}
            for k in sorted(keys):
                a, b = node.attr[k], other.attr[k]
                if a.HasField("tensor") and b.HasField("tensor"):
                    x, y = self.v1.make_ndarray(a.tensor), self.v1.make_ndarray(b.tensor)
                    if x.dtype == y.dtype and x.shape == y.shape and (
                            x.tobytes() == y.tobytes()):
                        continue
                if a != b:
                    diffs.append(f"attr {node.name}({node.op}).{k}: TF {a} engine {b}"
                                 .replace("\n", " "))
            if list(node.input) != list(other.input):
                diffs.append(f"inputs {node.name}({node.op}): TF {list(node.input)}, "
                             f"engine {list(other.input)}")
        return diffs

    def run(self, spec: dict[str, Any]) -> tuple[list[tuple[str, list[str]]], bool]:
        """The differences by route, and whether the spec could be carried at all."""
        tf_built = self._build(self.v1, spec)
        en_built = self._build(self.engine, spec)
        if tf_built is None or en_built is None:
            return [], False
        (tf_graph, tf_fetch), (en_graph, en_fetch) = tf_built, en_built
        tf_plan, en_plan = Plan(tf_fetch), Plan(en_fetch)
        if not (tf_plan.ok and en_plan.ok):
            return [], False
        tf_direct = _describe(self.v1, tf_graph, tf_plan)
        en_direct = _describe(self.engine, en_graph, en_plan)
        # what TF makes of its own GraphDef: the reference for a carried graph's static
        # shapes (TF's Python gradients ``set_shape`` what no GraphDef holds)
        tf_trip = self.into_tf(tf_graph.as_graph_def().SerializeToString(), tf_plan)
        tol = spec.get("tol")
        found: list[tuple[str, list[str]]] = []
        same_build = not compare(tf_direct, en_direct, tol=tol)

        def check(route: str, got: Outcome, ref: Outcome) -> None:
            diffs = compare(ref, got, tol=tol)
            if diffs and not _known(diffs):
                found.append((route, diffs))

        check("tf->engine", self.tf_to_engine(tf_graph, tf_plan), tf_trip)
        ref = tf_trip if same_build else en_direct  # a build difference is fuzz_tf's
        for how in ("pb", "pbtxt"):
            check(f"engine->tf {how}", self.engine_to_tf(en_graph, en_plan, how), ref)
        check("engine->tf py", self.script_to_tf(en_graph, en_plan), ref)
        if self.attrs:
            diffs = self.attr_diffs(tf_graph, en_graph)
            if diffs:
                found.append(("attrs", diffs))
        return found, True


def main(argv: list[str]) -> int:
    import numpy as np

    parser = driver.parser(__doc__.split("\n")[0], "interop_found.jsonl")
    parser.add_argument("--attrs", action="store_true", help="compare NodeDef attributes")
    args = parser.parse_args(argv)

    fuzz = Interop(attrs=args.attrs)
    if args.replay:
        bad = 0
        for spec in driver.replayed(args.replay):
            found, _ = fuzz.run(spec)
            bad += bool(found)
            print(("DIFF " if found else "same ") + json.dumps(spec))
            for route, diffs in found:
                print(f"  [{route}]", *diffs[:3], sep="\n    ")
        return 1 if bad else 0

    names = driver.generator_names("fuzz_interop", args.only, GENERATORS)
    if names is None:
        return 2
    rng = np.random.RandomState(args.seed)
    runs: Counter[str] = Counter()
    carried: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    for name in driver.rounds(names, args.count, args.seconds, runs):
        spec = fuzz.runner.measure(GENERATORS[name](rng))
        runs[name] += 1
        try:
            found, ok = fuzz.run(spec)
        except Exception as e:  # the tool's own failure: report it, go on
            found, ok = [("fuzzer", [f"{type(e).__name__}: {e}"])], True
        carried[name] += ok
        if not found:
            continue
        for route, diffs in found:
            kinds[f"{name} [{route}] {diffs[0].split(':')[0]}"] += 1
        with Path(args.out).open("a") as f:
            f.write(json.dumps({"gen": name, "spec": spec, "diffs": found}) + "\n")
        if not args.quiet:
            print(f"DIFF {name}: {json.dumps(spec)}", flush=True)
            for route, diffs in found:
                print(f"  [{route}]", *diffs[:3], sep="\n    ", flush=True)
    print(f"\n{'function':24} {'draws':>6} {'carried':>7}")
    for name in names:
        print(f"{name:24} {runs[name]:6} {carried[name]:7}")
    for kind, n in kinds.most_common():
        print(f"{n:5}  {kind}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
