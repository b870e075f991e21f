"""Saving a file so that a failure at any moment leaves the old file or the new one, never a
mix: a temporary file in the same directory, flushed and fsynced, then renamed over the
target (a rename within one directory is atomic), and the directory fsynced."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable

from ..framework.errors import GraphFileError


def _fsync_dir(directory: str) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomically(target: str, chunks: Iterable[str]) -> None:
    """Write the UTF-8 text ``chunks`` to ``target`` atomically, through a symlink rather than
    over it, keeping the old file's permissions. On any failure the temporary file is removed;
    an ``OSError`` becomes a ``GraphFileError`` naming ``target``."""
    real = os.path.realpath(target)  # save through a symlink, not over it
    directory = os.path.dirname(real)
    tmp = os.path.join(
        directory, f".{os.path.basename(real)}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    )
    fd = -1
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            mode: int | None = os.stat(real).st_mode & 0o7777
        except OSError:
            mode = None
        if mode is not None:
            os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as f:
            fd = -1  # the file object owns it now
            for chunk in chunks:
                f.write(chunk.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, real)
    except BaseException as e:
        if fd >= 0:
            os.close(fd)
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            reason = e.strerror or str(e)
            raise GraphFileError(f"cannot write the file: {reason}", path=target) from None
        raise
    _fsync_dir(directory)
