"""Composed programs the chain fuzzer (``tools/fuzz_specs_chain.py``, run by
``tools/fuzz_tf.py``) drew at random and on which the engine once differed from TF: chains of
matmul, bias_add, activations, reshapes, reductions, softmax, losses, slicing and
broadcasting on placeholders with unknown dims, with the gradients of the whole chain, and
small classifiers trained by each optimizer. Each is a spec (see ``fuzzed.py``) kept in
``fuzzed_chain_specs.json``, one a line, by a name saying what it checks."""

from __future__ import annotations

import json
from pathlib import Path

from .fuzzed import FOUND as _  # noqa: F401  (fuzzed.PROGRAMS holds the chain programs)
from .fuzzed import Spec, register
from .harness import Cases

cases = Cases("fuzzed_chain")

FOUND: dict[str, Spec] = json.loads(
    Path(__file__).with_name("fuzzed_chain_specs.json").read_text(encoding="utf-8"))

for _name, _spec in FOUND.items():
    register(_name, _spec, cases)
