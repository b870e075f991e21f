"""dask.array's array-API namespace (array-api-compat's), taking host arrays too.

A dask run mixes lazy dask arrays (fed data and what is computed from it) with numpy values
the plan folded on the host (constants, shapes, axes). Kernels read small values such as a
reshape's target as Python ints, but they pass data arguments straight to ``xp``: dask's own
functions refuse a numpy array where they expect a dask one (``da.reshape``, ``da.concatenate``).
This namespace turns every numpy array handed to one of its functions (directly or inside a
list or tuple) into a one-chunk dask array first, so a kernel is still written once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np


def _lift(value: Any, da: Any) -> Any:
    if type(value) is np.ndarray or isinstance(value, np.memmap):
        return da.from_array(value, chunks=value.shape or ())
    if isinstance(value, (list, tuple)) and any(type(v) is np.ndarray for v in value):
        return type(value)(_lift(v, da) for v in value)
    return value


class HostArraysNamespace:
    """``array_api_compat.dask.array`` whose functions accept numpy arrays as data."""

    __name__ = "dask.array"

    def __init__(self) -> None:
        import array_api_compat.dask.array as compat
        import dask.array as da

        self._compat: Any = compat
        self._da: Any = da
        self._wrapped: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        wrapped = self._wrapped.get(name)
        if wrapped is None:
            target = getattr(self._compat, name)
            if callable(target) and not isinstance(target, type) and not _is_dtype(target):
                wrapped = self._wrap(target)
            else:
                wrapped = target
            self._wrapped[name] = wrapped
        return wrapped

    def reshape(self, x: Any, shape: tuple[int, ...], **kwargs: Any) -> Any:
        """dask reshapes only by merging or splitting whole chunks: where it cannot, the
        trailing dimensions are made one chunk (rows stay chunked), else the whole array."""
        x = _lift(x, self._da)
        try:
            return self._compat.reshape(x, shape, **kwargs)
        except NotImplementedError:
            pass
        try:
            rows = x.rechunk({i: -1 for i in range(1, x.ndim)})
            return self._compat.reshape(rows, shape, **kwargs)
        except NotImplementedError:
            return self._compat.reshape(x.rechunk(-1), shape, **kwargs)

    def matmul(self, a: Any, b: Any) -> Any:
        """dask's blocked matmul, in the inputs' dtype (dask sums small ints as int64)."""
        da = self._da
        a, b = _lift(a, da), _lift(b, da)
        want = np.result_type(a.dtype, b.dtype)
        if want.kind == "V":  # bfloat16 (ml_dtypes): dask's partial sums have no loop for it
            return _whole_matmul(da, a, b)
        out = self._compat.matmul(a, b)
        return out if out.dtype == want else out.astype(want)

    def _wrap(self, func: Callable[..., Any]) -> Callable[..., Any]:
        da = self._da

        @functools.wraps(func)
        def call(*args: Any, **kwargs: Any) -> Any:
            return func(*[_lift(a, da) for a in args], **kwargs)

        return call


def _is_dtype(value: Any) -> bool:
    try:
        return isinstance(np.dtype(value), np.dtype) and isinstance(value, type)
    except TypeError:
        return False


def _whole_matmul(da: Any, a: Any, b: Any) -> Any:
    """numpy's matmul in one task, for a dtype dask's blocked matmul cannot sum; its
    result's dtype is numpy's (bfloat16 multiplies into float32)."""
    import dask

    dtype = np.matmul(np.zeros((1, 1), a.dtype), np.zeros((1, 1), b.dtype)).dtype
    batch = np.broadcast_shapes(tuple(a.shape[:-2]), tuple(b.shape[:-2]))
    shape = (*batch, a.shape[-2], b.shape[-1])
    task = dask.delayed(np.matmul, pure=True)(a, b)
    return da.from_delayed(task, shape=shape, dtype=dtype)
