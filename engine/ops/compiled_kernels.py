"""Compiled forms of some ops' numpy kernels, put here by the layer above (``compiler``).

The op families sit below the compiler, so an op's kernel cannot import numba's kernels; the
compiler registers them here when it loads (``compiler/loss_kernels.py``), keyed by op type,
and the op's kernel asks first. A compiled kernel returns the op's outputs, or None where it
does not apply (not compiled yet, or arrays it does not take): the numpy kernel then runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: op type → its compiled numpy kernel (the same arguments as the op's kernel, less ``xp``)
COMPILED: dict[str, Callable[..., Any]] = {}
