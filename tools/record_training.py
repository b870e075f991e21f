"""Record TensorFlow's loss curves for the training examples: ``tests/data/training.json``.

Run it with a Python that has the ``bench`` extra (tensorflow-cpu), from the repository root::

    python tools/record_training.py              # every example
    python tools/record_training.py embedding    # only these, the others' curves kept

Each example of ``resources/examples/train_*.py`` is built by its ``build(tf, optimizer,
dtype)`` in ``tf.compat.v1`` (after ``disable_v2_behavior()``) and trained from the same
initial values and data as the engine's run, with every optimizer of
``training_common.OPTIMIZERS``, in float32 and float64. The file holds the loss of every step;
``tests/engine/test_training.py`` checks the engine's curves against it without TensorFlow.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = REPO_ROOT / "resources" / "examples"
OUT = REPO_ROOT / "tests" / "data" / "training.json"
#: the examples, by the name the tests use, with their modules in resources/examples
MODELS = {
    "linear_regression": "train_linear_regression",
    "logistic_regression": "train_logistic_regression",
    "mlp": "train_mlp",
    "cnn": "train_cnn",
    "embedding": "train_embedding",
}
DTYPES = ("float32", "float64")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def main(argv: list[str]) -> int:
    import importlib

    import numpy as np
    import tensorflow as tf

    sys.path.insert(0, str(EXAMPLES))
    common = importlib.import_module("training_common")
    tf.get_logger().setLevel("ERROR")
    v1 = tf.compat.v1
    v1.disable_v2_behavior()
    unknown = [name for name in argv if name not in MODELS]
    if unknown:
        print(f"record_training: no example {', '.join(unknown)} (there are: "
              f"{', '.join(MODELS)})", file=sys.stderr)
        return 2
    curves: dict[str, dict[str, dict[str, list[float]]]] = {}
    if argv and OUT.is_file():
        curves = json.loads(OUT.read_text())["curves"]
    for model, module_name in MODELS.items():
        if argv and model not in argv:
            continue
        curves[model] = {}
        build = importlib.import_module(module_name).build
        for optimizer in common.OPTIMIZERS:
            for dtype in DTYPES:
                losses = common.train(v1, build, optimizer, np.dtype(dtype).type)
                curves.setdefault(model, {}).setdefault(optimizer, {})[dtype] = losses
                print(f"{model} {optimizer} {dtype}: {losses[0]:.6g} -> {losses[-1]:.6g}")
    doc = {"tensorflow": tf.__version__, "steps": common.STEPS, "curves": curves}
    OUT.write_text(json.dumps(doc, indent=1) + "\n")
    print(f"wrote {OUT.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
