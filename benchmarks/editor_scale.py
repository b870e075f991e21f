"""`python -m benchmarks.editor_scale [--nodes N] [--quick]`: the canvas at 2,000 nodes.

Why these figures: a graph of a few thousand ops must open, pan and zoom without
stutter, and one edit at the top of a long chain re-infers and relabels everything
below it. The benchmark builds a chain (Const → Neg → Neg …) and a broad DAG offscreen
and prints

- load: ``Canvas.set_graph`` until every node and edge item exists,
- edit: ``Canvas.set_attrs`` on the chain's top Const until every edge label is updated,
- frames: after a pan step (a full repaint, and the incremental repaint the event loop
  does, which only paints the strip a scroll exposes) and after a zoom step (always a full
  repaint; node caches are redrawn), at the zoom that fits the graph and at 100 %. The
  real paint path, item caches included, on Qt's CPU raster engine.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable

import numpy as np


def build_chain(n: int):  # noqa: ANN201 - engine.Graph, imported lazily
    import engine

    graph = engine.Graph()
    prev = graph.add_op("Const", attrs={"value": np.float32(1.0)})
    for _ in range(n - 1):
        prev = graph.add_op("Neg", inputs=[prev.outputs[0]])
    return graph


def build_dag(n: int, width: int = 50, seed: int = 7):  # noqa: ANN201
    """``width`` Consts, then layers of AddV2/Mul each reading two ops of earlier layers."""
    import engine

    rng = random.Random(seed)
    graph = engine.Graph()
    layers = [[graph.add_op("Const", attrs={"value": np.ones((2, 3), np.float32)})
               for _ in range(width)]]
    count = width
    while count < n:
        layer = []
        for _ in range(min(width, n - count)):
            pool = layers[-1] + (layers[-2] if len(layers) > 1 else [])
            a, b = rng.sample(pool, 2)
            kind = rng.choice(["AddV2", "Mul", "Sub"])
            layer.append(graph.add_op(kind, inputs=[a.outputs[0], b.outputs[0]]))
            count += 1
        layers.append(layer)
    return graph


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def frames(
    view, step: Callable[[], None], count: int, full: bool = True  # noqa: ANN001
) -> tuple[float, float]:
    """Median and worst time of ``count`` frames, in ms: ``step`` then either a full
    synchronous repaint of the viewport, or (``full=False``) one turn of the event loop,
    which paints only what the step exposed (a pan scrolls the old pixels)."""
    from PySide6.QtWidgets import QApplication

    times = []
    viewport = view.viewport()
    for _ in range(count):
        start = time.perf_counter()
        step()
        if full:
            viewport.repaint()
        else:
            QApplication.processEvents()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times), max(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--quick", action="store_true", help="200 nodes, few frames")
    args = parser.parse_args(argv)
    n = 200 if args.quick else args.nodes
    count = 5 if args.quick else 30

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QPointF
    from PySide6.QtWidgets import QApplication

    from editor.canvas import Canvas

    app = QApplication.instance() or QApplication(sys.argv[:1])
    canvas = Canvas()
    view = canvas.view
    view.resize(1600, 1000)
    view.show()
    app.processEvents()
    print(f"editor_scale: {n} nodes, viewport 1600×1000, Qt platform "
          f"{QApplication.platformName()}")

    for label, build in (("chain", build_chain), ("dag", build_dag)):
        graph = build(n)
        load = timed(lambda graph=graph: canvas.set_graph(graph, None))
        first = timed(lambda: (app.processEvents(), view.viewport().repaint()))
        items = len(canvas.scene.nodes()), len(canvas.scene.edges())
        print(f"\n[{label}] {items[0]} nodes, {items[1]} edges")
        print(f"  load (set_graph until items exist): {load * 1000:8.1f} ms; "
              f"first frame {first * 1000:.1f} ms")

        if label == "chain":
            top = canvas.graph.get_operations()[0].name
            last = canvas.scene.edges()[-1]
            value = {"value": np.zeros((2, 3), np.float32)}
            edit = timed(lambda top=top, value=value: canvas.set_attrs(top, value))
            assert last.label_text == "2×3 float32", last.label_text
            frame = timed(lambda: (app.processEvents(), view.viewport().repaint()))
            print(f"  edit at the top until all {items[1]} labels updated: "
                  f"{edit * 1000:8.1f} ms (+ next frame {frame * 1000:.1f} ms)")
            undo = timed(canvas.undo_stack.undo)
            print(f"  undo of that edit: {undo * 1000:8.1f} ms")

        canvas.fit_all()
        fit_zoom = view.zoom()
        for zoom_label, zoom in ((f"fit ({fit_zoom:.2f})", fit_zoom), ("100 %", 1.0)):
            view.set_zoom(zoom)
            if label == "dag" or zoom == fit_zoom:
                view.center_on(canvas.items_rect().center())
            else:  # the chain at 100 %: somewhere in its middle
                view.center_on(canvas.scene.nodes()[len(canvas.scene.nodes()) // 2].pos())
            view.viewport().repaint()
            pan = frames(view, lambda: view.scroll_by(QPointF(40.0, 25.0)), count)
            pan_live = frames(view, lambda: view.scroll_by(QPointF(-40.0, -25.0)), count, False)
            flip = [1.1]

            def zoom_step(flip: list[float] = flip) -> None:
                flip[0] = 1.0 / flip[0]
                view.zoom_by(flip[0], QPointF(800.0, 500.0))

            zoomed = frames(view, zoom_step, count)
            print(f"  at {zoom_label:>11}: pan, full repaint {pan[0]:5.1f} ms "
                  f"(worst {pan[1]:5.1f}); pan, incremental {pan_live[0]:5.1f} ms "
                  f"(worst {pan_live[1]:5.1f}); zoom step {zoomed[0]:5.1f} ms "
                  f"(worst {zoomed[1]:5.1f})")
    view.close()
    view.deleteLater()
    return 0


if __name__ == "__main__":
    sys.exit(main())
