"""Content keys for cached values: an op's type, its attributes and its inputs' keys.

Two ops with the same key compute the same value, so a Session that caches by key never
returns a stale value: editing a Const changes its key and, through the inputs' keys, the
keys of everything downstream, while every other op keeps its key (and its cached value).
Undoing the edit brings the old keys back, and with them the old values. Keys are BLAKE2b
digests, so they are small and cheap to compare however deep the graph is.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import numpy as np

from .dtypes import DType
from .shapes import TensorShape


def _attr_bytes(value: Any) -> bytes:
    if value is None:
        return b"N"
    if isinstance(value, np.ndarray):
        head = f"A{value.dtype.str}{value.shape}".encode()
        if value.dtype == object:
            return head + repr(value.tolist()).encode()
        return head + hashlib.blake2b(np.ascontiguousarray(value).tobytes(),
                                      digest_size=16).digest()
    if isinstance(value, DType):
        return b"D" + value.name.encode()
    if isinstance(value, TensorShape):
        return b"S" + repr(value.sizes).encode()
    if isinstance(value, (bool, int, float, str)):
        return f"{type(value).__name__}:{value!r}".encode()
    return repr(value).encode()


def op_key(op_type: str, attrs: Mapping[str, Any], input_keys: list[bytes]) -> bytes:
    """The key of an op's output 0 given its inputs' keys."""
    h = hashlib.blake2b(digest_size=16)
    h.update(op_type.encode())
    for name in sorted(attrs):
        h.update(b"|" + name.encode() + b"=" + _attr_bytes(attrs[name]))
    for key in input_keys:
        h.update(b"<" + key)
    return h.digest()


def value_key(array: np.ndarray) -> bytes:
    """The key of a fed value: its dtype, shape and bytes."""
    return b"feed" + _attr_bytes(np.asarray(array))


def tensor_key(op_digest: bytes, index: int) -> bytes:
    return op_digest if index == 0 else op_digest + index.to_bytes(2, "little")
