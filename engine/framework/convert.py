"""Turning Python and numpy values into arrays, with ``tf.constant``'s rules.

TF infers ``int32`` for Python ints (``int64`` when a value does not fit, ``uint64`` past
that), ``float32`` for Python floats, and keeps a numpy array's own dtype. Converting a Python
value to a requested dtype is checked (a float is not silently truncated to an int), while a
numpy array is cast, as TF does. Nothing here evaluates text: that is ``io/parse.py``'s job.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import dtypes as dt
from .allocation import TensorSizeError, check_bytes, shape_bytes
from .dtypes import DType

_PY_SCALARS = (bool, int, float, complex, str, bytes)


def _leaves(value: Any) -> list[Any]:
    out: list[Any] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(reversed(item))
        else:
            out.append(item)
    return out


def is_python_value(value: Any) -> bool:
    """A Python scalar or a (nested) list/tuple of them — not a numpy object."""
    return isinstance(value, (list, tuple) + _PY_SCALARS) and not isinstance(value, np.generic)


def infer_dtype(value: Any) -> DType:
    """The dtype ``tf.constant(value)`` gives."""
    if isinstance(value, (np.ndarray, np.generic)):
        return dt.from_numpy(value.dtype)
    leaves = _leaves(value)
    if any(isinstance(v, (np.ndarray, np.generic)) for v in leaves):
        return dt.from_numpy(np.asarray(value).dtype)
    if not leaves:
        return dt.float32
    if any(isinstance(v, (str, bytes)) for v in leaves):
        return dt.string
    if all(isinstance(v, bool) for v in leaves):
        return dt.bool_
    if any(isinstance(v, complex) for v in leaves):
        return dt.complex128
    if any(isinstance(v, float) for v in leaves):
        return dt.float32
    ints = [int(v) for v in leaves if isinstance(v, int)]
    if len(ints) != len(leaves):
        kinds = {type(v).__name__ for v in leaves if not isinstance(v, int)}
        raise TypeError(f"Cannot convert values of type {', '.join(sorted(kinds))} to a Tensor.")
    lo, hi = min(ints), max(ints)
    if -(2**31) <= lo and hi < 2**31:
        return dt.int32
    if -(2**63) <= lo and hi < 2**63:
        return dt.int64
    if lo >= 0 and hi < 2**64:
        return dt.uint64
    bad = hi if hi >= 2**64 else lo
    raise ValueError(f"Can't convert Python int {bad} to a Tensor: it is out of range.")


def _check_python_leaves(leaves: list[Any], dtype: DType) -> None:
    """TF's ``_AssertCompatible``: refuse Python values the dtype cannot hold exactly."""
    for v in leaves:
        if dtype.is_string:
            ok = isinstance(v, (str, bytes))
        elif dtype.is_bool:
            ok = isinstance(v, bool)
        elif dtype.is_integer:
            ok = isinstance(v, int)
        elif dtype.is_floating:
            ok = isinstance(v, (int, float))
        else:  # complex
            ok = isinstance(v, (int, float, complex))
        if not ok:
            raise TypeError(
                f"Expected {dtype.name}, but got {v!r} of type '{type(v).__name__}'."
            )


def _wrap_ints(value: Any, dtype: DType) -> Any:
    """Python ints outside the dtype's range wrap around, as TF's conversion does."""
    bits = dtype.bits
    lo = 0 if dtype.is_unsigned else -(2 ** (bits - 1))
    span = 2**bits

    def wrap(v: Any) -> Any:
        if isinstance(v, (list, tuple)):
            return [wrap(x) for x in v]
        if isinstance(v, bool):
            return int(v)
        return (int(v) - lo) % span + lo

    return wrap(value)


def _strings(arr: np.ndarray) -> np.ndarray:
    out = np.empty(arr.shape, dtype=object)
    flat = out.reshape(-1)
    for i, v in enumerate(arr.reshape(-1).tolist()):
        if isinstance(v, int):  # bytes(n) makes n zero bytes: check n before allocating
            check_bytes(v, f"a string made from the integer {v}")
        flat[i] = v.encode() if isinstance(v, str) else bytes(v)
    return out


def to_array(value: Any, dtype: DType | None = None) -> np.ndarray:
    """An ndarray holding ``value`` with TF's dtype rules (a new array, never a view)."""
    if value is None:
        raise ValueError("None values not supported.")
    if type(value) is float and (dtype is None or dtype.is_floating or dtype.is_complex):
        return np.array(value, dtype=(dtype or dt.float32).np_dtype)  # the common literal
    if dtype is None:
        dtype = infer_dtype(value)
    if isinstance(value, (np.ndarray, np.generic)):
        arr = np.asarray(value)
        if dtype.is_string:
            return _strings(arr)
        return np.array(arr.astype(dtype.np_dtype), copy=True)
    leaves = _leaves(value)
    if any(isinstance(v, (np.ndarray, np.generic)) for v in leaves):
        return to_array(np.asarray(value), dtype)
    if leaves:
        _check_python_leaves(leaves, dtype)
    if dtype.is_string:
        return _strings(np.array(value, dtype=object))
    if dtype.is_integer:
        value = _wrap_ints(value, dtype)
    if not leaves:
        return np.zeros(np.array(value).shape, dtype=dtype.np_dtype)
    return np.array(value, dtype=dtype.np_dtype)


def reshape_for_constant(arr: np.ndarray, shape: Any, name: str = "Const") -> np.ndarray:
    """``tf.constant(value, shape=...)``: reshape when the sizes agree, fill from a scalar
    (after checking the bytes that takes: ``TensorSizeError`` naming the op ``name``)."""
    from .shapes import as_shape

    target = as_shape(shape)
    if not target.is_fully_defined():
        raise ValueError(f"Shape of a constant must be fully defined, got {target}.")
    dims = tuple(int(d or 0) for d in target.as_list())
    size = int(np.prod(dims, dtype=np.int64)) if dims else 1
    if arr.size == size:
        return arr.reshape(dims)
    if arr.size == 1:
        what = f"Const '{name}' of shape {list(dims)} and dtype {arr.dtype}"
        check_bytes(shape_bytes(dims, arr.dtype.itemsize), what)
        try:
            return np.full(dims, arr.reshape(()), dtype=arr.dtype)
        except MemoryError:
            raise TensorSizeError(f"{what}: not enough memory to allocate it") from None
    raise TypeError(f"Expected Tensor's shape: {dims}, but got {arr.shape}.")
