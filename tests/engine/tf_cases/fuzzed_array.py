"""Programs of the core array functions (reshape, transpose, concat, gather, one_hot, range,
where, cast, ``tensor[...]`` and the rest of ``fuzzed_array_programs.py``) that the
differential fuzzer drew and on which the engine once differed from TF, kept so that CI
checks each without TF. Each is a spec of ``fuzzed.build``, one a line in
``fuzzed_array_specs.json`` (paste a line of ``tools/fuzz_tf.py``'s output there, under a name
saying what it checks)."""

from __future__ import annotations

import json
from pathlib import Path

from .fuzzed import Spec, register
from .harness import Cases

cases = Cases("fuzzed_array")

FOUND: dict[str, Spec] = json.loads(
    Path(__file__).with_name("fuzzed_array_specs.json").read_text(encoding="utf-8"))

for _name, _spec in FOUND.items():
    register(_name, _spec, cases)
