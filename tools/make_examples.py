"""Write resources/examples/*.json: the example graphs, each with a left-to-right layout.

Run from the repository root: ``python tools/make_examples.py``. The output is deterministic;
``tests/engine/io/test_files.py`` checks that the committed files are what this script writes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import numpy as np  # noqa: E402

import engine  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from training_examples import TRAINING_EXAMPLES  # noqa: E402

EXAMPLES_DIR = REPO_ROOT / "resources" / "examples"

#: distance between columns (x) and rows (y) of the layout, in scene units
COLUMN_STEP = 220
ROW_STEP = 120
#: about the size of a node on the canvas: the view centres on the nodes, not their corners
NODE_SIZE = (130, 60)


def layout(graph: engine.Graph) -> dict[str, Any]:
    """The editor section: nodes in columns by depth (sources just left of their first
    consumer), each column centred on y = 0, and a view centred on the whole graph."""
    ops = graph.get_operations()
    depth: dict[str, int] = {}
    for op in graph.upstream(ops):  # inputs before consumers
        ins = [t.op.name for t in op.inputs if t is not None]
        depth[op.name] = 1 + max((depth[n] for n in ins), default=-1)
    for op in ops:  # pull sources right, next to the op that reads them
        readers = [c.name for c, _ in op.consumers()]
        if not any(t is not None for t in op.inputs) and readers:
            depth[op.name] = min(depth[r] for r in readers) - 1
    columns: dict[int, list[str]] = {}
    for op in ops:
        columns.setdefault(depth[op.name], []).append(op.name)
    # right to left: a column is ordered like the inputs it feeds, so wires do not cross
    nodes: dict[str, dict[str, int]] = {}
    for col in sorted(columns, reverse=True):
        names = columns[col]

        def key(name: str) -> tuple[float, int]:
            placed = [
                (nodes[c.name]["y"], i)
                for c, i in graph.get_operation_by_name(name).consumers()
                if c.name in nodes
            ]
            return min(placed) if placed else (float("inf"), 0)

        names.sort(key=key)  # stable: graph order among equals
        for row, name in enumerate(names):
            y = round((row - (len(names) - 1) / 2) * ROW_STEP)
            nodes[name] = {"x": col * COLUMN_STEP, "y": y}
    xs = [n["x"] for n in nodes.values()]
    ys = [n["y"] for n in nodes.values()]
    center = [
        (min(xs) + max(xs) + NODE_SIZE[0]) // 2,
        (min(ys) + max(ys) + NODE_SIZE[1]) // 2,
    ]
    ordered = {op.name: nodes[op.name] for op in ops}
    return {"nodes": ordered, "view": {"center": center, "zoom": 1.0}}


def seed() -> engine.Graph:
    """(5 + 6) * 7, exactly as the builder API spells it."""
    g = engine.Graph()
    with g.as_default():
        a = engine.constant(5)
        b = engine.constant(6)
        c = engine.constant(7)
        _ = (a + b) * c
    return g


def broadcasting() -> engine.Graph:
    """A [2, 3] matrix plus a [3] row (broadcast over the rows), times a scalar."""
    g = engine.Graph()
    with g.as_default():
        m = engine.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], dtype=engine.float32)
        row = engine.constant([10.0, 20.0, 30.0], dtype=engine.float32)
        two = engine.constant(2.0, dtype=engine.float32)
        _ = (m + row) * two
    return g


def matmul() -> engine.Graph:
    """[2, 3] @ [3, 4] in float32."""
    g = engine.Graph()
    with g.as_default():
        a = engine.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], dtype=engine.float32)
        b = engine.constant(np.arange(12, dtype=np.float32).reshape(3, 4))
        _ = engine.matmul(a, b)
    return g


def placeholder_default() -> engine.Graph:
    """A float32 placeholder of shape [None, 3] that defaults to [[1, 2, 3]], times 2."""
    g = engine.Graph()
    p = g.add_op(
        "Placeholder",
        attrs={"dtype": engine.float32, "shape": [None, 3], "default_value": [[1.0, 2.0, 3.0]]},
    )
    with g.as_default():
        _ = p.outputs[0] * engine.constant(2.0)
    return g


def placeholders() -> engine.Graph:
    """Two float32 scalar placeholders without defaults, added: a run asks for their
    values (the tutorial's feeds step; TF's ``sess.run(adder, {a: 3, b: 4.5})``)."""
    g = engine.Graph()
    with g.as_default():
        a = engine.placeholder(engine.float32, shape=[], name="a")
        b = engine.placeholder(engine.float32, shape=[], name="b")
        _ = a + b
    return g


def shapes_first() -> engine.Graph:
    """A [None, 3] float32 placeholder times a [3, 1] weight matrix: the product's shape,
    (?, 1), is known before any data (the tutorial's shapes step)."""
    g = engine.Graph()
    with g.as_default():
        x = engine.placeholder(engine.float32, shape=[None, 3], name="x")
        w = engine.constant([[0.5], [-1.0], [2.0]], dtype=engine.float32, name="W")
        _ = engine.matmul(x, w)
    return g


def training(module: str, optimizer: str) -> Callable[[], engine.Graph]:
    """A training example of resources/examples/``module``.py, built with ``optimizer``:
    its variables, loss, gradient subgraph, update ops and initializer (``init``)."""

    def make() -> engine.Graph:
        import importlib

        if str(EXAMPLES_DIR) not in sys.path:
            sys.path.insert(0, str(EXAMPLES_DIR))
        common = importlib.import_module("training_common")
        build = importlib.import_module(module).build
        g = engine.Graph()
        with g.as_default():
            build(engine, common.OPTIMIZERS[optimizer](engine))
            engine.global_variables_initializer()
        return g

    return make


EXAMPLES: dict[str, Callable[[], engine.Graph]] = {
    "seed.json": seed,
    "broadcasting.json": broadcasting,
    "matmul.json": matmul,
    "placeholder_default.json": placeholder_default,
    "placeholders.json": placeholders,
    "shapes_first.json": shapes_first,
    "train_linear_regression.json": training("train_linear_regression", "GradientDescent"),
    "train_logistic_regression.json": training("train_logistic_regression", "Momentum"),
    "train_mlp.json": training("train_mlp", "Adam"),
    "train_cnn.json": training("train_cnn", "RMSProp"),
}


def build_examples() -> dict[str, tuple[engine.Graph, dict[str, Any]]]:
    """Each example's file name, graph and editor section."""
    out = {}
    for name, make in EXAMPLES.items():
        graph = make()
        out[name] = (graph, scoped_section(graph) if name.startswith("train_") else layout(graph))
    return out


def build_training_examples() -> dict[str, tuple[engine.Graph, dict[str, Any],
                                                  dict[str, np.ndarray]]]:
    """The examples that open ready to train: file name, graph, editor section (layout and
    the Train dock's setup) and the data files beside them."""
    out = {}
    for name, make in TRAINING_EXAMPLES.items():
        graph, model, training, files = make()
        out[name] = (graph, {**scoped_section(graph), "training": training}, files)
    return out


def scoped_section(graph: engine.Graph) -> dict[str, Any]:
    """The editor section of a graph with name scopes (a model with its gradients, slots
    and optimizer): which top-level scopes open collapsed, and no positions or view, so
    the editor lays the graph out by scope level on open and fits it into the window, as
    it does for an imported graph. Flat positions would put each collapsed group where its
    members' corner happened to fall. A scope of a single op (``ArgMax/dimension``) stays
    open: a one-op box would only hide that op."""
    counts: dict[str, int] = {}
    for op in graph.get_operations():
        if "/" in op.name:
            top = op.name.split("/", 1)[0]
            counts[top] = counts.get(top, 0) + 1
    return {"groups": {"collapsed": sorted(s for s, n in counts.items() if n > 1)}}


def main() -> int:
    EXAMPLES_DIR.mkdir(parents=True, exist_ok=True)
    for name, (graph, editor) in build_examples().items():
        path = EXAMPLES_DIR / name
        engine.save_graph(path, graph, editor)
        print(f"wrote {path.relative_to(REPO_ROOT)}")
    for name, (graph, editor, files) in build_training_examples().items():
        for file, array in files.items():
            np.save(EXAMPLES_DIR / file, array, allow_pickle=False)
            print(f"wrote {(EXAMPLES_DIR / file).relative_to(REPO_ROOT)}")
        path = EXAMPLES_DIR / name
        engine.save_graph(path, graph, editor)
        print(f"wrote {path.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
