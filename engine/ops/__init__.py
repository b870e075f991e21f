"""The ops: one module per op family registering its ``OpDef``s into the framework's registry,
and the builder functions (``constant``, ``add``, ``a + b`` …) that create them in a graph.

Importing this package fills the registry, so the families are imported here.
"""

from __future__ import annotations

from . import complex, constants, division, linalg, logical, math  # noqa: F401  (each registers its ops)
