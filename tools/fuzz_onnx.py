"""ONNX export fuzzer: the differential fuzzer's random programs, run by the engine, exported
to ONNX and run again under onnxruntime, compared on values, dtypes and shapes.

No TensorFlow is needed (the engine's own run is the reference, and the engine is checked
against TF by ``tools/fuzz_tf.py``); run it with the engine's Python, from the repository root::

    python tools/fuzz_onnx.py --seconds 300                  # every generator, round robin
    python tools/fuzz_onnx.py --only math_unary,chain --count 100
    python tools/fuzz_onnx.py --replay onnx_found.jsonl      # the specs a run wrote, again

Each draw the engine builds and runs without an error is exported (its fetched tensors the
model's outputs, its placeholders the inputs with unknown dims symbolic, variables at their
values in the session), checked by ``onnx.checker.check_model(full_check=True)`` and run under
onnxruntime with the same feeds. The export promises that an op ONNX cannot express as TF
computes it is an ``ExportError`` naming the op: refusals are counted by op type (a refusal of
an op ONNX can express exactly is a gap); anything else — an export that raises some other
exception, a model the checker rejects, one onnxruntime fails on, or whose outputs differ in
dtype, shape or value (a tolerance by dtype, as ``fuzz_tf.py``) — is a finding, printed and
appended (spec and what differed) to ``--out``.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from tools import fuzz_driver as driver  # noqa: E402
from tools.fuzz_tf import GENERATORS, _value_diff  # noqa: E402

#: an ExportError's message names the op: ``op 'name' (Type) cannot be exported ...``
REFUSAL = re.compile(r"^op '([^']*)' \(([^)]*)\) cannot be exported to ONNX: ")


def engine_run(spec: dict[str, Any]) -> dict[str, Any]:
    """The engine's run of ``spec`` and, when it ran, the ONNX export of what it fetched:
    ``{"skip": why}``, ``{"refused": op type, "message": ...}``, ``{"finding": [...]}`` or
    ``{"same": True}``."""
    import numpy as np
    import onnx
    import onnxruntime as ort

    import engine
    from engine.io.onnx_export import ExportError, graph_to_onnx, session_values
    from tests.engine.tf_cases import fuzzed
    from tests.engine.tf_cases.harness import Fetch, encode_value

    graph = engine.Graph()
    with graph.as_default():
        try:
            result = fuzzed.build(engine, spec)
        except Exception as e:  # the engine refuses the program: nothing to export
            return {"skip": f"build: {type(e).__name__}"}
        fetch = result if isinstance(result, Fetch) else Fetch(result)
        flat = [t for t in fuzzed._flat(fetch.fetches)
                if hasattr(t, "value_index") and not hasattr(t, "dense_shape")]
        if not flat:
            return {"skip": "no tensor fetched"}
        with engine.Session(graph=graph) as sess:
            try:
                for earlier in fetch.before:
                    sess.run(earlier, feed_dict=fetch.feed or None)
                values = sess.run(flat, feed_dict=fetch.feed or None)
            except Exception as e:
                return {"skip": f"run: {type(e).__name__}"}
            try:
                variables = session_values(sess, graph)
            except Exception as e:  # an uninitialized variable: no value to write
                return {"skip": f"variables: {type(e).__name__}"}
            try:
                model = graph_to_onnx(graph, flat, values=variables)
            except ExportError as e:
                m = REFUSAL.match(str(e))
                if m is None:
                    return {"finding": [f"export refused without naming the op: {e}"]}
                return {"refused": m.group(2), "message": str(e)}
            except Exception as e:
                return {"finding": [f"export raised {type(e).__name__}: {e}"]}
    try:
        onnx.checker.check_model(model, full_check=True)
    except Exception as e:
        return {"finding": [f"checker: {type(e).__name__}: {str(e)[:400]}"]}
    feeds = {ph.name: np.asarray(v) for ph, v in fetch.feed.items()}
    inputs = {i.name for i in model.graph.input}
    feeds = {k: v for k, v in feeds.items() if k in inputs}
    names = list(dict.fromkeys(t.name for t in flat))
    try:
        opts = ort.SessionOptions()
        opts.log_severity_level = 3
        session = ort.InferenceSession(model.SerializeToString(), opts,
                                       providers=["CPUExecutionProvider"])
        got = dict(zip(names, session.run(names, feeds)))
    except Exception as e:
        if "Could not find an implementation" in str(e):  # a valid model onnxruntime's CPU
            return {"no_kernel": re.sub(r".*implementation for (\w+\(\d+\)).*", r"\1",
                                        str(e), flags=re.S)}  # build has no kernel for
        if "No corresponding Numpy type" in str(e):  # its Python API returns no bfloat16
            return {"no_kernel": "bfloat16 output"}
        return {"finding": [f"onnxruntime: {type(e).__name__}: {str(e)[:400]}"]}
    diffs: list[str] = []
    for i, (t, v) in enumerate(zip(flat, values)):
        d = _value_diff(i, _unsigned_zeros(encode_value(v)),
                        _unsigned_zeros(encode_value(got[t.name])))
        if d:
            d = d.replace("TF ", "engine ", 1).replace(", engine ", ", onnx ", 1)
            diffs.append(f"{t.name} ({t.op.type}): {d}")
    return {"finding": diffs} if diffs else {"same": True}


def _unsigned_zeros(value: Any) -> Any:
    """An encoded value with ``-0.0`` read as ``0.0``: the sign of a zero result follows the
    order of a kernel's additions, which neither TF nor ONNX promises."""
    if isinstance(value, dict) and "data" in value:
        return {**value, "data": [0.0 if d == "-0.0" else d for d in value["data"]]}
    return value


def _summary(finding: list[str]) -> str:
    """The kind of a finding, for counting distinct ones."""
    first = finding[0]
    m = re.match(r"^[^ ]+ \(([^)]*)\): value \d+: (\d+ of)?", first)
    if m:
        return f"{m.group(1)} {'values' if m.group(2) else 'dtype/shape'}"
    return first.split(":")[0]


def main(argv: list[str]) -> int:
    import numpy as np

    parser = driver.parser(__doc__.split("\n")[0], "onnx_found.jsonl")
    parser.add_argument("--skip", default="", help="comma-separated generators to leave out")
    args = parser.parse_args(argv)

    out = Path(args.out)
    if args.replay:
        specs = driver.replayed(args.replay)
        bad = 0
        for spec in specs:
            r = engine_run(spec)
            bad += "finding" in r
            print(("FOUND " if "finding" in r else "fine  ") + json.dumps(spec),
                  *r.get("finding", []), sep="\n  ")
        print(f"replayed {len(specs)}: {bad} still found")
        return 1 if bad else 0

    names = driver.generator_names("fuzz_onnx", args.only, GENERATORS, args.skip)
    if names is None:
        return 2
    rng = np.random.RandomState(args.seed)
    runs: Counter[str] = Counter()
    exported: Counter[str] = Counter()
    found: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    refused: Counter[str] = Counter()
    no_kernel: Counter[str] = Counter()
    for name in driver.rounds(names, args.count, args.seconds, runs):
        spec = {k: v for k, v in GENERATORS[name](rng).items() if k != "grad"}
        runs[name] += 1
        r = engine_run(spec)
        if "refused" in r:
            refused[r["refused"]] += 1
        if "no_kernel" in r:
            no_kernel[r["no_kernel"]] += 1
        if "same" in r or "finding" in r:
            exported[name] += 1
        if "finding" not in r:
            continue
        found[name] += 1
        kinds[_summary(r["finding"])] += 1
        with out.open("a") as f:
            f.write(json.dumps({"gen": name, "spec": spec, "diffs": r["finding"]}) + "\n")
        if not args.quiet:
            print(f"FOUND {name}: {json.dumps(spec)}", *r["finding"][:4], sep="\n  ",
                  flush=True)
    print(f"\n{'function':24} {'draws':>6} {'exported':>8} {'found':>6}")
    for name in names:
        print(f"{name:24} {runs[name]:6} {exported[name]:8} {found[name]:6}")
    print(f"refused, by op: {dict(refused.most_common())}")
    print(f"valid, but onnxruntime has no kernel: {dict(no_kernel.most_common())}")
    print(f"findings, by kind: {dict(kinds.most_common())}")
    print(f"total: {sum(runs.values())} draws, {sum(exported.values())} exported, "
          f"{sum(found.values())} found")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
