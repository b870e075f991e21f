"""numpy's floating-point warnings off for the length of a run, at a fraction of the cost of
``np.errstate``.

TF warns about nothing: inf and wrap-around are data. ``with np.errstate(all="ignore")``
costs about 0.7 µs per run (it builds the error state anew each time), as much as numpy needs
for a whole small expression; setting numpy's error-state context variable to one state made
once costs a fifth of that, and is what ``errstate`` itself does. Where numpy's internals
differ (another version), ``np.errstate`` is used.
"""

from __future__ import annotations

from typing import Any

import numpy as np

try:
    from numpy._core._multiarray_umath import _make_extobj  # type: ignore[import-not-found]
    from numpy._core._ufunc_config import _extobj_contextvar  # type: ignore[attr-defined]

    _IGNORE: Any = _make_extobj(all="ignore")
except (ImportError, AttributeError, TypeError):  # pragma: no cover - another numpy
    _extobj_contextvar = None
    _IGNORE = None

__all__ = ["quiet", "restore"]


def quiet() -> Any:
    """Turn numpy's warnings off in this context; pass what it returns to ``restore``."""
    if _extobj_contextvar is not None:
        return _extobj_contextvar.set(_IGNORE)
    state = np.errstate(all="ignore")
    state.__enter__()
    return state


def restore(token: Any) -> None:
    """Put numpy's error state back as ``quiet`` found it."""
    if _extobj_contextvar is not None:
        _extobj_contextvar.reset(token)
    else:
        token.__exit__(None, None, None)
