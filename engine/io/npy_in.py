"""Opening a ``.npy`` file to feed it: memory-mapped, so only what a run reads is read.

The command line's ``--feed NAME=@path.npy`` and the editor's feed dialog (``@path.npy``)
open files here. A dask session reads such a file chunk by chunk, each task its own region;
the CPU session reads it as numpy reads any memory-mapped array. Never unpickles anything.
"""

from __future__ import annotations

import numpy as np

from ..framework.operation import Tensor


def open_npy(path: str) -> np.ndarray:
    """``path`` memory-mapped read-only; a ``ValueError`` naming the file if it is not a
    ``.npy`` file numpy can map (object arrays included: they would need unpickling)."""
    try:
        value = np.load(path, mmap_mode="r", allow_pickle=False)
    except (OSError, ValueError) as e:
        reason = getattr(e, "strerror", None) or str(e)
        raise ValueError(f"{path}: cannot read it as .npy: {reason}") from None
    if not isinstance(value, np.ndarray):
        raise ValueError(f"{path}: cannot read it as .npy: it is an archive of arrays (.npz)")
    return value


def check_file_feed(tensor: Tensor, value: np.ndarray, path: str) -> None:
    """A file's array must fit the tensor's static shape (TF's message, with the file)."""
    if not tensor.shape.is_compatible_with(value.shape):
        raise ValueError(f"{path}: Cannot feed value of shape {value.shape} for Tensor "
                         f"{tensor.name}, which has shape {tensor.shape}")
    if value.dtype.kind not in "biufc":
        raise ValueError(f"{path}: holds {value.dtype}, not numbers: it cannot be fed")
