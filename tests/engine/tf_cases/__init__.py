"""TF1 programs, one module per behaviour family, recorded under real TensorFlow by
``tools/record_tf.py`` and checked against the engine by ``tests/engine/test_tf_cases.py``.

Each family module defines ``cases = Cases("family")`` and its programs with
``@cases.case("name")`` (see ``harness.py``).
"""

from __future__ import annotations

import importlib
import pkgutil

from .harness import Cases


def families() -> dict[str, Cases]:
    """Every family module of this package, by name."""
    out: dict[str, Cases] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name == "harness":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "cases"):  # not the modules of programs a family draws on
            out[info.name] = module.cases
    return out
