"""A dask array fed to a dask Session: checked and cast lazily, never computed here.

A numpy feed goes through ``session.convert_feed`` (TF's conversions, on the host); a dask
array may be larger than memory, so it gets the same dtype cast and static shape check
without reading its values.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..framework.operation import Tensor


def convert_dask_feed(tensor: Tensor, value: Any, key: Any = None) -> Any:
    """``value`` (a dask array) as ``tensor``'s dtype, its shape checked against the
    tensor's static shape (TF's messages)."""
    dtype = tensor.dtype
    if dtype is None:
        raise ValueError(f"Cannot feed {tensor.name}: its op has an error ({tensor.op.error})")
    if dtype.is_string:
        raise TypeError(f"Cannot feed a dask array for Tensor {tensor.name}: it holds "
                        "strings (feed a numpy array of bytes instead)")
    if any(isinstance(d, float) and np.isnan(d) for d in value.shape):
        raise ValueError(f"Cannot feed a dask array of unknown shape {value.shape} for Tensor "
                         f"{tensor.name}: compute its chunk sizes first "
                         "(dask.array.Array.compute_chunk_sizes)")
    if not tensor.shape.is_compatible_with(tuple(value.shape)):
        raise ValueError(
            f"Cannot feed value of shape {tuple(value.shape)} for Tensor {tensor.name}, which "
            f"has shape {tensor.shape}"
        )
    target = dtype.np_dtype
    return value if value.dtype == target else value.astype(target)
