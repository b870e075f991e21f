"""The ops: one module per op family registering its ``OpDef``s into the framework's registry,
and the builder functions (``constant``, ``add``, ``a + b`` …) that create them in a graph.

Importing this package fills the registry, so the families are imported here.
"""

from __future__ import annotations

from . import (  # noqa: F401  (each registers its ops)  # noqa: F401  (the machine-learning families)
    array,
    array_generate,
    array_join,
    constants,
    conv_pool,
    linalg,
    math,
    math_functions,
    nn,
    random_ops,
    reductions,
    selection,
    strided_slice,
)
