"""Differential fuzzer: random TF1 programs built the same way under real TensorFlow and under
the engine, compared on everything a user sees.

Run it with the Python that has TensorFlow (the ``bench`` extra), from the repository root::

    python tools/fuzz_tf.py --seconds 600                 # every function, round robin
    python tools/fuzz_tf.py --only pad,split --count 200  # some functions, a number of draws
    python tools/fuzz_tf.py --replay found.jsonl          # the specs a run wrote, again

Each draw is a *spec* (see ``tests/engine/tf_cases/fuzzed.py``): a function, inputs of random
shapes (size-1 and empty dims, placeholders with unknown dims or rank), dtypes TF allows and
some it does not, negative and out-of-range axes and arguments. Both sides run it through the
TF-case harness and are compared on the ops in creation order, the fetched tensors' names,
static shapes and dtypes, the values (a tolerance by dtype), the exception (class and message,
at build or run time) and the gradients of ``reduce_sum(y * w)``, ``None`` ones included.
Every difference is printed and appended (spec and what differed) to ``--out``; copy the
ones worth keeping into ``FOUND`` of ``fuzzed.py`` and record them with ``tools/record_tf.py
fuzzed``.
"""

from __future__ import annotations

import json
import math
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from tools import fuzz_driver as driver  # noqa: E402
from tools.fuzz_specs import GENERATORS  # noqa: E402
from tools.fuzz_specs_array import GENERATORS as ARRAY_GENERATORS  # noqa: E402
from tools.fuzz_specs_chain import CHAIN_GENERATORS  # noqa: E402
from tools.fuzz_specs_math import MATH_GENERATORS  # noqa: E402
from tools.fuzz_specs_more import MORE_GENERATORS  # noqa: E402
from tools.fuzz_specs_state import GENERATORS as STATE_GENERATORS  # noqa: E402

GENERATORS = {**GENERATORS, **ARRAY_GENERATORS, **MATH_GENERATORS, **STATE_GENERATORS,
              **CHAIN_GENERATORS, **MORE_GENERATORS}

#: relative (and absolute) tolerance by the dtype of a fetched value
TOLERANCE = {"float16": 2e-2, "bfloat16": 5e-2, "float32": 2e-4, "float64": 1e-9,
             "complex64": 2e-4, "complex128": 1e-9}


def _close(e: Any, a: Any, tol: float) -> bool:
    if e == a:
        return True
    if isinstance(e, list) and isinstance(a, list):  # a complex number's [re, im], whose
        return all(_close(0.0 if x == "-0.0" else x, 0.0 if y == "-0.0" else y, tol)
                   for x, y in zip(e, a))  # zeros' signs follow no rule numpy shares
    if isinstance(e, float) and isinstance(a, float):
        return math.isclose(e, a, rel_tol=tol, abs_tol=tol)
    return False


def _value_diff(i: int, e: Any, a: Any, floor: float = 0.0) -> str | None:
    if e is None or a is None:
        return None if e is a else f"value {i}: TF {e}, engine {a}"
    if "namedtuple" in e or "namedtuple" in a:
        if e.get("namedtuple") != a.get("namedtuple"):
            return f"value {i}: TF {e.get('namedtuple')}, engine {a.get('namedtuple')}"
        for k in e["fields"]:
            d = _value_diff(i, e["fields"][k], a["fields"].get(k), floor)
            if d:
                return f"{k} of {d}"
        return None
    if (e["dtype"], e["shape"]) != (a["dtype"], a["shape"]):
        return f"value {i}: TF {e['dtype']}{e['shape']}, engine {a['dtype']}{a['shape']}"
    tol = max(TOLERANCE.get(e["dtype"], 0.0), floor)
    bad = [j for j, (x, y) in enumerate(zip(e["data"], a["data"])) if not _close(x, y, tol)]
    if bad:
        j = bad[0]
        return (f"value {i}: {len(bad)} of {len(e['data'])} differ, first at {j}: "
                f"TF {e['data'][j]}, engine {a['data'][j]}")
    return None


def compare(tf_out: dict[str, Any], en_out: dict[str, Any], tol: str | None = None
            ) -> list[str]:
    """What differs between TF's description of a run and the engine's (empty: nothing);
    ``tol``: the dtype whose tolerance is the least (a float64 loss computed in float32)."""
    diffs: list[str] = []
    te, ee = tf_out.get("error"), en_out.get("error")
    if te or ee:
        if not (te and ee):
            return [f"error: TF {te}, engine {ee}"]
        if te["stage"] != ee["stage"]:
            diffs.append(f"error stage: TF {te['stage']}, engine {ee['stage']}")
        if te["class"] not in (ee["class"], *ee["bases"]):
            diffs.append(f"error class: TF {te['class']}, engine {ee['class']}")
        if te["message"] != ee["message"]:
            diffs.append(f"error message: TF {te['message']!r}, engine {ee['message']!r}")
    if tf_out["ops"] != en_out["ops"]:
        t, e = tf_out["ops"], en_out["ops"]
        k = next((i for i, (x, y) in enumerate(zip(t, e)) if x != y), min(len(t), len(e)))
        diffs.append(f"ops from #{k}: TF {t[k:k + 3]}, engine {e[k:k + 3]} "
                     f"({len(t)} vs {len(e)})")
    for field in ("probe", "fetches"):
        if tf_out.get(field) != en_out.get(field):
            diffs.append(f"{field}: TF {tf_out.get(field)}, engine {en_out.get(field)}")
    tv, ev = tf_out.get("values"), en_out.get("values")
    if tv is not None and ev is not None:
        for i, (e, a) in enumerate(zip(tv, ev)):
            d = _value_diff(i, e, a, TOLERANCE.get(tol or "", 0.0))
            if d:
                diffs.append(d)
    return diffs


class Runner:
    """Runs one spec on both sides (TF first, to measure the gradient weights' shapes)."""

    def __init__(self) -> None:
        import tensorflow as tf

        import engine
        from tests.engine.tf_cases import fuzzed
        from tests.engine.tf_cases.harness import Case, run_case

        tf.get_logger().setLevel("ERROR")
        self.v1 = tf.compat.v1
        self.v1.disable_v2_behavior()
        self.engine = engine
        self.fuzzed = fuzzed
        self.Case = Case
        self.run_case = run_case

    def _run(self, tf: Any, spec: dict[str, Any]) -> dict[str, Any]:
        case = self.Case(spec["fn"], lambda ns: self.fuzzed.build(ns, spec))
        try:
            return self.run_case(tf, case)
        except Exception as e:  # outside what the harness catches: report, do not stop
            return {"ops": [], "error": {"stage": "harness", "class": type(e).__name__,
                                         "bases": [], "message": str(e)}}

    def measure(self, spec: dict[str, Any]) -> dict[str, Any]:
        """``spec`` with ``wshapes``: the shapes TF's outputs had, for the gradient weights."""
        if not spec.get("grad"):
            return spec
        first = self._run(self.v1, {**spec, "grad": []})
        values = first.get("values")
        if "error" in first or values is None:
            return {**spec, "grad": []}
        n = len([p for p in first.get("probe", []) if isinstance(p, list)])
        shapes = [v["shape"] if v and v["dtype"].startswith(("float", "bfloat")) else None
                  for v in values[:n]]
        return {**spec, "wshapes": shapes}

    def both(self, spec: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        return self._run(self.v1, spec), self._run(self.engine, spec)


def _summary(diffs: list[str]) -> str:
    """The kind of a difference, for counting distinct findings."""
    return diffs[0].split(":")[0]


def main(argv: list[str]) -> int:
    import numpy as np

    args = driver.parser(__doc__.split("\n")[0], "fuzz_found.jsonl").parse_args(argv)

    runner = Runner()
    out = Path(args.out)
    if args.replay:
        specs = driver.replayed(args.replay)
        bad = 0
        for spec in specs:
            diffs = compare(*runner.both(spec), tol=spec.get("tol"))
            bad += bool(diffs)
            print(("DIFF " if diffs else "same ") + json.dumps(spec), *diffs, sep="\n  ")
        print(f"replayed {len(specs)}: {bad} still differ")
        return 1 if bad else 0

    names = driver.generator_names("fuzz_tf", args.only, GENERATORS)
    if names is None:
        return 2
    rng = np.random.RandomState(args.seed)
    runs: Counter[str] = Counter()
    found: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = {}
    errors: Counter[str] = Counter()
    for name in driver.rounds(names, args.count, args.seconds, runs):
        spec = runner.measure(GENERATORS[name](rng))
        tf_out, en_out = runner.both(spec)
        runs[name] += 1
        if "error" in tf_out:
            errors[name] += 1
        diffs = compare(tf_out, en_out, tol=spec.get("tol"))
        if not diffs:
            continue
        found[name] += 1
        kinds.setdefault(name, Counter())[_summary(diffs)] += 1
        with out.open("a") as f:
            f.write(json.dumps({"gen": name, "spec": spec, "diffs": diffs}) + "\n")
        if not args.quiet:
            print(f"DIFF {name}: {json.dumps(spec)}", *diffs[:4], sep="\n  ", flush=True)
    print(f"\n{'function':24} {'draws':>6} {'TF errors':>9} {'differ':>6}  kinds")
    for name in names:
        print(f"{name:24} {runs[name]:6} {errors[name]:9} {found[name]:6}  "
              f"{dict(kinds.get(name, {}))}")
    print(f"total: {sum(runs.values())} draws, {sum(found.values())} differ")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
