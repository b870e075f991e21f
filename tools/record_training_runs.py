"""Record TensorFlow's answers for the training runs of ``tests/engine/training_runs.py``:
``tests/data/training_runs.json``.

Run it with a Python that has the ``bench`` extra (tensorflow-cpu), from the repository root::

    python tools/record_training_runs.py

Each run trains its small model 30 steps under ``tf.compat.v1`` (after
``disable_v2_behavior()``) and stores the loss of every step and the variables at the end
(NaN and infinities as strings); ``tests/engine/test_training_runs.py`` checks the engine's
against them without TensorFlow.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
OUT = REPO_ROOT / "tests" / "data" / "training_runs.json"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def main() -> int:
    import tensorflow as tf

    sys.path.insert(0, str(REPO_ROOT))
    from tests.engine.tf_cases.harness import encode_value
    from tests.engine.training_runs import RUNS, STEPS, train

    tf.get_logger().setLevel("ERROR")
    v1 = tf.compat.v1
    v1.disable_v2_behavior()
    runs = {}
    for name, spec in RUNS.items():
        losses, variables = train(v1, spec)
        runs[name] = {"losses": encode_value(losses),
                      "variables": [encode_value(v) for v in variables]}
        print(f"{name}: {losses[0]:.6g} -> {losses[-1]:.6g}")
    doc = {"tensorflow": tf.__version__, "steps": STEPS, "runs": runs}
    OUT.write_text(json.dumps(doc, indent=1) + "\n")
    print(f"wrote {OUT.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
