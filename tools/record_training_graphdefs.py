"""Record training graphs as TensorFlow writes them: ``tests/data/graphdef/train_*.pb``.

Run it with a Python that has the ``bench`` extra (tensorflow-cpu), from the repository root::

    python tools/record_training_graphdefs.py

Each case builds a training example (``resources/examples/train_*.py``) in ``tf.compat.v1``
(after ``disable_v2_behavior()``: reference variables, as TF1 made them) with one optimizer,
writes the GraphDef TF serializes (its ``VariableV2``, ``Assign``, the gradient subgraph, the
``Apply*`` ops and the ``init`` NoOp), and ``NAME.values.json``: the names of the init op, the
loss and the train op, and the loss of each of ``STEPS`` training steps TF ran.
``tests/engine/io/test_training_interop.py`` imports each file and trains it to those losses.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = REPO_ROOT / "resources" / "examples"
OUT = REPO_ROOT / "tests" / "data" / "graphdef"
#: case name -> (example module, optimizer of training_common.OPTIMIZERS)
CASES = {
    "train_mlp_adam": ("train_mlp", "Adam"),
    "train_cnn_rmsprop": ("train_cnn", "RMSProp"),
    "train_logistic_momentum": ("train_logistic_regression", "Momentum"),
    "train_embedding_adam": ("train_embedding", "Adam"),
    "train_mlp_ftrl": ("train_mlp", "Ftrl"),
    "train_embedding_ftrl": ("train_embedding", "Ftrl"),
}
STEPS = 10
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def main(names: list[str]) -> int:
    import importlib

    import numpy as np
    import tensorflow as tf

    sys.path.insert(0, str(EXAMPLES))
    common = importlib.import_module("training_common")
    tf.get_logger().setLevel("ERROR")
    v1 = tf.compat.v1
    v1.disable_v2_behavior()
    for name in names or list(CASES):
        module_name, optimizer = CASES[name]
        build = importlib.import_module(module_name).build
        graph = v1.Graph()
        with graph.as_default():
            model = build(v1, common.OPTIMIZERS[optimizer](v1), np.float32)
            init = v1.global_variables_initializer()
        gd = graph.as_graph_def()
        with v1.Session(graph=graph) as sess:
            sess.run(init)
            losses = [float(sess.run([model.loss, model.train_op])[0]) for _ in range(STEPS)]
        (OUT / f"{name}.pb").write_bytes(gd.SerializeToString())
        record = {"file": f"{name}.pb", "tensorflow": tf.__version__, "init": init.name,
                  "loss": model.loss.name, "train_op": model.train_op.name, "losses": losses}
        (OUT / f"{name}.values.json").write_text(json.dumps(record, indent=1) + "\n")
        print(f"{name}: {len(gd.node)} nodes, loss {losses[0]:.6g} -> {losses[-1]:.6g}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
