"""Programs the fuzzer of the functions the others leave out (``tools/fuzz_specs_more.py``,
run by ``tools/fuzz_tf.py``) drew at random and on which the engine once differed from TF:
complex numbers, ``clip_by_value``, ``dynamic_partition``, variables' scatter updates,
``count_up_to``, the bitwise ops, ``xw_plus_b``, ``strided_slice``, ``compute_weighted_loss``
and ``depthwise_conv2d_native``. Each is a spec (see ``fuzzed.py``) kept in
``fuzzed_more_specs.json``, one a line, by a name saying what it checks."""

from __future__ import annotations

import json
from pathlib import Path

from .fuzzed import FOUND as _  # noqa: F401  (fuzzed.PROGRAMS holds these programs)
from .fuzzed import Spec, register
from .harness import Cases

cases = Cases("fuzzed_more")

FOUND: dict[str, Spec] = json.loads(
    Path(__file__).with_name("fuzzed_more_specs.json").read_text(encoding="utf-8"))

for _name, _spec in FOUND.items():
    register(_name, _spec, cases)
