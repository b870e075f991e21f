"""Saving a file so that a failure at any moment leaves the old file or the new one, never a
mix: a temporary file in the same directory, flushed and fsynced, then renamed over the
target (a rename within one directory is atomic), and the directory fsynced.

A process killed mid-save cannot remove its temporary file, so every save also removes the
stale ones of its folder (``remove_stale_temp_files``): files named exactly as ours are,
``.NAME.PID.XXXXXXXX.tmp``, regular, owned by this user, whose writer is gone — its process
no longer runs, or it is this process and no save of ours is writing it, or it has not been
touched for a day. Nothing else is ever touched; the app calls the same function on its
recovery folder at start-up.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
import sys
import threading
import time
from collections.abc import Iterable

from ..framework.errors import GraphFileError

#: a temporary file untouched this long is stale even if a process of its PID runs (the PID
#: may have been reused)
STALE_AFTER_S = 24 * 3600
_TEMP_NAME = re.compile(r"\.(.+)\.([0-9]{1,10})\.[0-9a-f]{8}\.tmp", re.DOTALL)
_writing: set[str] = set()  # temporary files this process's saves are writing now
_writing_lock = threading.Lock()


def _pid_running(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill would terminate it: rely on the age rule there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):  # EPERM: it runs, as another user
        return True
    return True


def _is_stale(path: str, pid: int, now: float) -> bool:
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode):
        return False  # a link, a folder: not one of ours
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False
    if pid == os.getpid():
        with _writing_lock:
            return path not in _writing
    return not _pid_running(pid) or now - info.st_mtime > STALE_AFTER_S


def remove_stale_temp_files(directory: str | os.PathLike[str]) -> list[str]:
    """Remove the temporary files that interrupted saves (``save_graph``, autosave) left in
    ``directory``; returns their paths. Only files named as a save names them and whose
    writer is gone are removed (see the module's doc); errors are ignored (a folder that
    cannot be listed just keeps its files)."""
    folder = os.fspath(directory)
    removed: list[str] = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        m = _TEMP_NAME.fullmatch(entry.name)
        if m is None:
            continue
        path = os.path.join(folder, entry.name)
        if _is_stale(path, int(m.group(2)), now):
            try:
                os.unlink(path)
            except OSError:
                continue
            removed.append(path)
    return removed


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


def write_atomically(target: str, chunks: Iterable[str | bytes]) -> None:
    """Write the UTF-8 text (or bytes) ``chunks`` to ``target`` atomically, through a symlink
    rather than over it, keeping the old file's permissions. On any failure the temporary
    file is removed; an ``OSError`` becomes a ``GraphFileError`` naming ``target``."""
    real = os.path.realpath(target)  # save through a symlink, not over it
    directory = os.path.dirname(real)
    tmp = os.path.join(
        directory, f".{os.path.basename(real)}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    )
    fd = -1
    with _writing_lock:
        _writing.add(tmp)
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
                f.write(chunk if isinstance(chunk, bytes) else chunk.encode("utf-8"))
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
        if isinstance(e, UnicodeEncodeError):
            raise GraphFileError(f"cannot write the file: text that is not Unicode ({e.reason})",
                                 path=target) from None
        if isinstance(e, MemoryError):
            raise GraphFileError("cannot write the file: not enough memory", path=target) from None
        raise
    finally:
        with _writing_lock:
            _writing.discard(tmp)
    _fsync_dir(directory)
    remove_stale_temp_files(directory)
