"""Math, reduction and nn programs (``tools/fuzz_specs_math.py``) on which the differential
fuzzer once found the engine differing from TF, kept as specs (``fuzzed_math_specs.json``, one
a line, by a name saying what each checks) so that CI checks each without TF. ``fuzzed.build``
says what a spec means."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import numpy as np

from .fuzzed import Spec, build
from .harness import Cases, Fetch

cases = Cases("fuzzed_math")

FOUND: dict[str, Spec] = json.loads(
    Path(__file__).with_name("fuzzed_math_specs.json").read_text(encoding="utf-8"))

#: relative tolerance by dtype: transcendental kernels differ in the last bits
RTOL = {"float16": 1e-2, "bfloat16": 5e-2, "float64": 1e-9}


def _rtol(spec: Spec) -> float:
    """The loosest tolerance of the spec's dtypes (``tol`` when it names one)."""
    dtypes = [spec["tol"]] if "tol" in spec else [
        x["dtype"] for x in spec.get("inputs", [])] + [spec.get("kw", {}).get("dtype", "")]
    return max(RTOL.get(d, 1e-5) for d in dtypes)


for _name, _spec in FOUND.items():
    cases.case(_name, rtol=_rtol(_spec))(functools.partial(build, spec=_spec))


@cases.case("sparse_softmax_cross_entropy_with_logits: labels whose shape is not the logits' "
            "but the last fail its assert, in TF's words")
def _sparse_xent_assert(tf: Any) -> Fetch:
    labels = tf.placeholder(tf.int32, [None, None])
    logits = tf.placeholder(tf.float32, [None, None, 5])
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    return Fetch(loss, feed={labels: np.zeros((2, 3), np.int32),
                             logits: np.zeros((2, 4, 5), np.float32)})
