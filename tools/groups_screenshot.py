"""Write docs/groups.png: a 2,000-op scoped model in the main window, its top-level
scopes collapsed into groups, the encoder expanded (its blocks collapsed inside its frame but
the first, whose dense layers are collapsed inside it), and the minimap on.

Why a model built here: it stands for an imported model — an input pipeline, an encoder
of twelve blocks, a head, a loss and their gradient subgraph, each in its name scope, as
TF's builder and gradients make them. Saved without positions, so it opens as such a file
does: laid out one scope level at a time, top-level scopes collapsed.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from offscreen import REPO_ROOT, isolate  # tools/ is on sys.path when run as a script

OUTPUT = REPO_ROOT / "docs" / "groups.png"
SIZE = (1400, 860)


def scoped_model():  # noqa: ANN201 - engine.Graph, imported lazily
    """About 2,000 ops in nested name scopes."""
    import numpy as np

    import engine

    g = engine.Graph()
    with g.as_default():
        with engine.name_scope("input"):
            x = engine.placeholder(engine.float32, [None, 32], name="x")
            h = engine.tanh(x * engine.constant(0.5))
        with engine.name_scope("encoder"):
            for b in range(12):
                with engine.name_scope(f"block{b}"):
                    skip = h
                    for layer in range(6):
                        with engine.name_scope(f"dense{layer}"):
                            w = engine.constant(np.eye(32, dtype=np.float32), name="w")
                            bias = engine.constant(np.zeros(32, np.float32), name="b")
                            h = engine.nn.relu(engine.nn.bias_add(engine.matmul(h, w), bias))
                    h = engine.add(h, skip, name="residual")
        with engine.name_scope("head"):
            logits = engine.matmul(h, engine.constant(np.ones((32, 10), np.float32)))
        with engine.name_scope("loss"):
            labels = engine.placeholder(engine.float32, [None, 10], name="labels")
            loss = engine.reduce_mean(engine.square(logits - labels))
        with engine.name_scope("gradients"):
            grad = loss
            while len(g) < 2000:
                grad = engine.sqrt(engine.square(grad) + engine.constant(1.0))
    return g


def main() -> int:
    isolate()

    from PySide6.QtCore import QPointF

    import engine
    from app.application import create_app
    from app.main_window import MainWindow

    app = create_app([sys.argv[0]])
    graph = scoped_model()
    path = Path(tempfile.mkdtemp(prefix="tensorcanvas-screenshot-")) / "scoped_model.json"
    engine.save_graph(path, graph)
    window = MainWindow()
    window.resize(*SIZE)
    window.show()
    if not window.open_path(path):
        print("groups_screenshot: could not open the graph", file=sys.stderr)
        return 1
    canvas = window.canvas
    groups = canvas.groups
    blocks = [s for s in groups.tree.children["encoder"]]
    dense = list(groups.tree.children["encoder/block0"])
    groups.set_all([s for s in groups.tree.top_level() if s != "encoder"] + blocks[1:] + dense)
    canvas.auto_layout()
    window.navigation.minimap.setChecked(True)
    for _ in range(3):
        app.processEvents()
    canvas.groups.refresh()
    focus = canvas.groups.frames["encoder/block0"].rect()
    canvas.view.set_zoom(0.62)  # labels readable
    canvas.view.center_on(QPointF(focus.left() + 420.0, focus.center().y()))
    app.processEvents()
    window.navigation.map.fit()
    app.processEvents()
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(OUTPUT)):
        print(f"groups_screenshot: could not write {OUTPUT}", file=sys.stderr)
        return 1
    print(f"groups_screenshot: wrote {OUTPUT} ({len(graph)} ops)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
