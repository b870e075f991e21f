"""Writing a result to a ``.npy`` file, a dask array chunk by chunk.

The command line's ``--out NAME=path.npy`` writes here. A dask array may be larger than
memory: the file is created with its header at its full size, then each chunk is written
into its own region by the cluster's tasks (``dask.array.store``), so no process holds more
than a few chunks. Like every save, it writes a temporary file beside the target and renames
it over the target only once complete: a failed write leaves the old file as it was.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from typing import Any

import numpy as np

from ..backends.dask_array import NpyTarget
from ..framework.errors import GraphFileError
from .atomic_write import remove_stale_temp_files

#: ``store(dask_array, target)``: how the session's cluster writes a dask array
Store = Callable[[Any, Any], None]


def write_npy(value: Any, path: str, store: Store | None = None) -> None:
    """Write ``value`` (numpy, or dask with ``store``) to ``path`` as ``.npy``."""
    if np.dtype(value.dtype) == object:
        raise GraphFileError("cannot write the file: a tensor of strings cannot be saved as "
                             ".npy without pickling", path=path)
    real = os.path.realpath(path)
    directory = os.path.dirname(real)
    tmp = os.path.join(directory,
                       f".{os.path.basename(real)}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        if store is not None and type(value).__module__.startswith("dask."):
            header = np.lib.format.open_memmap(tmp, mode="w+", dtype=value.dtype,
                                               shape=tuple(int(d) for d in value.shape))
            del header  # the file now has its full size; chunks go into their regions
            store(value, NpyTarget(tmp))
        else:
            with open(tmp, "wb") as f:
                np.save(f, np.asarray(value), allow_pickle=False)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, real)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise GraphFileError(f"cannot write the file: {e.strerror or e}", path=path) from None
        raise
    remove_stale_temp_files(directory)
