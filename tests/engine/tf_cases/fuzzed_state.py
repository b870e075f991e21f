"""Programs the state fuzzer (``tools/fuzz_specs_state.py``, run by ``tools/fuzz_tf.py``)
drew at random and on which the engine once differed from TF: variables, assignments,
uninitialized reads, control dependencies, ``tf.gradients``' arguments, ``Session.run``'s
fetches and feeds, name scopes. Each is a spec (see ``fuzzed.py``) kept in
``fuzzed_state_specs.json``, one a line, by a name saying what it checks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .fuzzed import Spec, build
from .harness import Cases

cases = Cases("fuzzed_state")

FOUND: dict[str, Spec] = json.loads(
    Path(__file__).with_name("fuzzed_state_specs.json").read_text(encoding="utf-8"))


def _register(name: str, spec: Spec) -> None:
    @cases.case(name, rtol=1e-5)
    def _(tf: Any) -> Any:
        return build(tf, spec)


for _name, _spec in FOUND.items():
    _register(_name, _spec)
