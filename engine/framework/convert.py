"""Turning Python and numpy values into arrays, with ``tf.compat.v1.constant``'s rules.

The steps are TF's own — ``tensor_util.make_tensor_proto``, then the C++ tensor the proto
becomes — made with the same numpy calls, so the dtype, the value and the exception are
TF's. In short: a numpy array or scalar keeps its dtype (cast with ``astype`` when a dtype is
asked for); a Python value goes through ``np.array(value)`` (so ``[1, 2**63]`` goes through
float64) and, without a dtype, float64 becomes float32 and int64 becomes int32 when every
value fits; with a dtype, Python values are first checked to be of its kind (no float into
an int) and then cast, so ints wrap (``2**31`` → ``-2**31`` in int32) and ints past int64
raise ``OverflowError``. A ``shape`` with more elements than values fills with the last one
(v1; v2 refuses). Nothing here evaluates text: that is ``io/parse.py``'s job. What a person
typed is checked further, to fit its dtype exactly: see ``value_fit.py``.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from . import dtypes as dt
from .allocation import TensorSizeError, check_bytes, shape_bytes
from .dimension import Dimension
from .dtypes import DType

_INTEGRAL = (numbers.Integral, np.integer, Dimension)  # TF's _check_int takes a Dimension
_REAL = (numbers.Real, np.integer, np.floating)
_COMPLEX = (numbers.Complex, np.number)
_TEXT = (bytes, str)
#: the dtypes whose values TF's proto holds as raw bytes (and limits to 2 GB)
_RAW_CONTENT = frozenset(
    d for d in dt.ALL_DTYPES if d.is_integer or d.is_floating
)
_FAILED_STRINGS = (
    "Failed to convert elements of {} to Tensor. Consider casting elements to a supported "
    "type. See https://www.tensorflow.org/api_docs/python/tf/dtypes for supported TF dtypes."
)


def flatten(values: Any) -> list[Any]:
    """TF's ``nest.flatten``: the leaves of nested lists, tuples and dicts (by sorted key)."""
    out: list[Any] = []
    stack = [values]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            stack.extend(item[k] for k in reversed(sorted(item)))
        else:
            out.append(item)
    return out


def _kind_check(dtype: DType | None) -> Any:
    if dtype is None:
        return None
    if dtype.is_bool:
        return bool
    if dtype.is_integer:
        return _INTEGRAL
    if dtype.is_floating:
        return _REAL
    if dtype.is_complex:
        return _COMPLEX
    return _TEXT


def _is_symbolic(value: Any) -> bool:
    return hasattr(value, "value_index") and hasattr(value, "op")  # a Tensor (no import)


def assert_compatible(values: Any, dtype: DType | None) -> None:
    """TF's ``_AssertCompatible``: Python values of the dtype's kind, and no tensors."""
    expected = _kind_check(dtype)
    for v in flatten(values):
        if expected is None:
            if _is_symbolic(v):
                raise TypeError("Expected any non-tensor type, but got a tensor instead.")
            continue
        if isinstance(v, expected) or (
            isinstance(v, np.ndarray) and issubclass(v.dtype.type, expected)
        ):
            continue
        assert dtype is not None
        raise TypeError(f"Expected {dtype.name}, but got {v} of type '{type(v).__name__}'.")


_PLAIN = frozenset({list, tuple, int, float, bool, complex, str, bytes, type(None)})


def _is_array_like(value: Any) -> bool:
    if type(value) in _PLAIN or _is_symbolic(value):  # the common cases, without a try
        return False
    if callable(getattr(value, "__array__", None)) or isinstance(
        getattr(value, "__array_interface__", None), dict
    ):
        return True
    try:
        memoryview(value)
    except TypeError:
        return False
    return not isinstance(value, bytes)


_F32_MAX = float(np.finfo(np.float32).max)
_I32 = 1 << 31
_F32_EXACT = 1 << 24


def _plain_scalar(value: Any, want: DType | None) -> np.ndarray | None:
    """The array of a Python ``float`` or ``int``, or of a flat list or tuple of them all of
    one type (``x + 1.0``, axes, shapes: most literals a graph holds), made directly, where
    that is provably the array the general path makes (no overflow, no wrapping, no
    rounding of a large int): None where it is not, and the general path runs."""
    kind = type(value)
    if kind is float or kind is int:
        np_dtype = _direct_dtype(kind, value, value, want)
    elif (kind is list or kind is tuple) and value:
        kind = type(value[0])
        if kind is not float and kind is not int:
            return None
        for v in value:
            if type(v) is not kind:
                return None
        np_dtype = _direct_dtype(kind, min(value), max(value), want)
    else:
        return None
    return None if np_dtype is None else np.array(value, np_dtype)


def _direct_dtype(kind: type, low: Any, high: Any, want: DType | None) -> Any:
    """The numpy dtype values of ``kind`` between ``low`` and ``high`` convert to directly
    (as the general path would make them), or None."""
    if kind is float:
        if want is dt.float64:
            return np.float64
        if (want is None or want is dt.float32) and -_F32_MAX <= low and high <= _F32_MAX:
            return np.float32
    elif -_I32 <= low and high < _I32:
        if want is None or want is dt.int32:
            return np.int32
        if want is dt.int64 or want is dt.float64:
            return want.np_dtype
        if want is dt.float32 and -_F32_EXACT <= low and high <= _F32_EXACT:
            return np.float32
    return None


def _np_array(values: Any, np_dt: Any) -> np.ndarray:
    """TF's ``numpy_compat.np_array``: numbers are cast after numpy picks its own dtype, so
    what does not fit wraps (numpy 2 would refuse it) or, past int64, overflows."""
    if np_dt is not None and np.issubdtype(np_dt, np.number):
        with np.errstate(over="ignore", invalid="ignore"):  # inf is the value, as in TF
            return np.array(values).astype(np_dt)
    return np.array(values, dtype=np_dt)


def _dense_dims(values: Any) -> list[int]:
    dims: list[int] = []
    while isinstance(values, (list, tuple)):
        dims.append(len(values))
        if not values:
            break
        values = values[0]
    return dims


def _as_bytes(value: Any) -> bytes:
    if isinstance(value, bytearray):
        return bytes(value)
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    raise TypeError(f"Expected binary or unicode string, got {value!r}")


def _strings(arr: np.ndarray) -> np.ndarray:
    """An object array of the UTF-8 bytes of ``arr``'s strings."""
    out = np.empty(arr.shape, dtype=object)
    flat = out.reshape(-1)
    for i, v in enumerate(arr.reshape(-1).tolist()):
        flat[i] = _as_bytes(v)
    return out


def _string_values(values: Any, nparray: np.ndarray) -> np.ndarray:
    if isinstance(values, (np.ndarray, np.generic)):
        return _strings(np.asarray(nparray))
    flat = flatten(values)
    try:
        encoded = [_as_bytes(v) for v in flat]
    except TypeError:
        raise TypeError(_FAILED_STRINGS.format(values)) from None
    out = np.empty(len(encoded), dtype=object)
    out[:] = encoded
    return out


def make_array(
    values: Any,
    dtype: Any = None,
    shape: Any = None,
    verify_shape: bool = False,
    allow_broadcast: bool = False,
    name: str = "Const",
) -> np.ndarray:
    """The value ``tf.compat.v1.constant(values, dtype, shape, verify_shape)`` holds, as a new
    array (``allow_broadcast`` is v2's ``tf.constant``: a shape only broadcasts one value).
    A shape that fills more bytes than the limit allows (``allocation``) is a
    ``TensorSizeError`` naming the op ``name``, before anything is allocated."""
    if allow_broadcast and verify_shape:
        raise ValueError("allow_broadcast and verify_shape are not both allowed.")
    want = dt.as_dtype(dtype) if dtype is not None else None
    if shape is None:
        plain = _plain_scalar(values, want)
        if plain is not None:
            return plain
    if _is_array_like(values):
        values = np.asarray(values)
    fresh = True  # whether nparray is a new array (not the caller's, which must be copied)
    if isinstance(values, (np.ndarray, np.generic)):
        fresh = want is not None and want.is_numpy_compatible
        with np.errstate(over="ignore", invalid="ignore"):
            nparray = np.asarray(
                values.astype(want.np_dtype) if want is not None and want.is_numpy_compatible
                else values
            )
    else:
        if values is None:
            raise ValueError("None values not supported.")
        np_dt = want.np_dtype if want is not None and want.is_numpy_compatible else None
        if shape is not None and np.prod(shape, dtype=np.int64) == 0:
            nparray = np.empty(shape, dtype=np_dt)
        else:
            assert_compatible(values, want)
            nparray = _np_array(values, np_dt)
            dims = _dense_dims(values)
            if list(nparray.shape) != dims:
                raise ValueError(f"Expected values {values} to be a dense tensor with shape "
                                 f"{dims}, but got shape {list(nparray.shape)}.")
        if nparray.dtype == np.float64 and want is None:
            with np.errstate(over="ignore"):
                nparray = nparray.astype(np.float32)
        elif nparray.dtype == np.int64 and want is None:
            down = nparray.astype(np.int32)
            if np.array_equal(down, nparray):
                nparray = down
    got = dt.from_numpy(nparray.dtype)
    if want is not None and want is not got:
        raise TypeError(f"`dtype` {want} is not compatible with {values} of dtype "
                        f"{nparray.dtype}.")
    return _shaped(values, nparray, got, shape, verify_shape, allow_broadcast, fresh, name)


def _shaped(values: Any, nparray: np.ndarray, dtype: DType, shape: Any, verify_shape: bool,
            allow_broadcast: bool, fresh: bool, name: str) -> np.ndarray:
    """The C++ tensor TF's proto becomes: fewer values than the shape fill with the last."""
    if shape is None:
        dims: tuple[int, ...] = nparray.shape
        size = nparray.size
    else:
        dims = tuple(int(d) for d in shape)
        size = int(np.prod(dims, dtype=np.int64))
        if allow_broadcast:
            if nparray.shape not in ((1,), ()) and nparray.size != size:
                raise TypeError(f"Expected Tensor's shape: {dims}, but got {nparray.shape}.")
        else:
            if verify_shape and nparray.shape != dims:
                raise TypeError(f"Expected Tensor's shape: {dims}, but got {nparray.shape}.")
            if nparray.size > size:
                raise ValueError("Too many elements provided. Takes at most "
                                 f"{size:d}, but got {nparray.size:d}.")
    same_size = size == nparray.size
    if same_size and dtype in _RAW_CONTENT and size > 1 and nparray.nbytes >= 1 << 31:
        raise ValueError("Cannot create a tensor proto whose content is larger than 2GB.")
    flat = _string_values(values, nparray) if dtype.is_string else nparray.reshape(-1)
    if dtype.is_string and size == 0:  # no elements: the values' own count does not matter
        return np.empty(dims, dtype=object)
    if same_size:
        if fresh and not dtype.is_string and isinstance(nparray, np.ndarray):
            return nparray.reshape(dims)
        return np.array(flat.reshape(dims), dtype=dtype.np_dtype, copy=True)
    what = f"Const '{name}' of shape {list(dims)} and dtype {dtype.name}"
    check_bytes(shape_bytes(dims, np.dtype(dtype.np_dtype).itemsize), what)
    try:
        out = np.empty(size, dtype=dtype.np_dtype)
    except MemoryError:
        raise TensorSizeError(f"{what}: not enough memory to allocate it") from None
    if flat.size == 0:
        out[:] = b"" if dtype.is_string else 0
    else:
        out[: flat.size] = flat
        out[flat.size:] = flat[-1]
    return out.reshape(dims)


def to_array(value: Any, dtype: DType | None = None) -> np.ndarray:
    """An ndarray holding ``value`` with ``tf.constant``'s rules (a new array, never a view)."""
    return make_array(value, dtype)


def infer_dtype(value: Any) -> DType:
    """The dtype ``tf.constant(value)`` gives."""
    return dt.from_numpy(make_array(value).dtype)
