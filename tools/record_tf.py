"""Record what real TensorFlow does for the engine's TF cases: ``tests/data/tf_cases/*.json``.

Run it with a Python that has the ``bench`` extra (tensorflow-cpu) from the repository root::

    python tools/record_tf.py            # every family
    python tools/record_tf.py division   # only tests/engine/tf_cases/division.py

Each family module of ``tests/engine/tf_cases`` holds small ``tf.compat.v1`` programs. This
runs each in graph mode (after ``disable_v2_behavior()``) and writes, per case, the ops the
graph holds, each fetched tensor's name, shape and dtype, the values, or the exception's class
and message (see ``harness.py``). CI then checks the engine against these files without
installing TensorFlow. Rerun it after adding or changing a case; commit the JSON it writes.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = REPO_ROOT / "tests" / "data" / "tf_cases"
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def _dumps(doc: dict[str, Any]) -> str:
    """The header a field a line, then one case a line: small diffs when a case changes."""
    head = {k: v for k, v in doc.items() if k != "cases"}
    lines = ["{"] + [f" {json.dumps(k)}: {json.dumps(v)}," for k, v in head.items()]
    lines.append(' "cases": {')
    items = list(doc["cases"].items())
    for i, (name, record) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        lines.append(f"  {json.dumps(name, ensure_ascii=False)}: "
                     f"{json.dumps(record, ensure_ascii=False)}{comma}")
    lines += [" }", "}"]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    import numpy as np
    import tensorflow as tf

    from tests.engine.tf_cases import families
    from tests.engine.tf_cases.harness import run_case

    tf.get_logger().setLevel("ERROR")
    v1 = tf.compat.v1
    v1.disable_v2_behavior()
    known = families()
    wanted = argv or sorted(known)
    unknown = [name for name in wanted if name not in known]
    if unknown:
        print(f"record_tf: no family {', '.join(unknown)} in tests/engine/tf_cases "
              f"(there are: {', '.join(sorted(known))})", file=sys.stderr)
        return 2
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    for name in wanted:
        family = known[name]
        records = {case.name: run_case(v1, case) for case in family.by_name.values()}
        doc = {
            "tensorflow_version": tf.__version__,
            "numpy_version": np.__version__,
            "mode": "tf.compat.v1 after disable_v2_behavior(), a fresh tf.Graph() per case",
            "cases": records,
        }
        path = DATA_DIR / f"{name}.json"
        path.write_text(_dumps(doc))
        print(f"{path.relative_to(REPO_ROOT)}: {len(records)} cases")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
