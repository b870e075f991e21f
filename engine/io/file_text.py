"""A graph file's text, as the loader reads it: from a regular file only, bounded, UTF-8.

Why not ``open(path).read()``: a FIFO blocks it forever and ``/dev/zero`` feeds it until
memory runs out, so the file is opened without blocking and refused at once unless it is a
regular file; its size is checked before reading and the read stops past the limit (a file
that grows meanwhile). A byte that is not UTF-8 is placed by line and column, like a JSON
error, and reading reports progress for large files.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable

from ..framework.errors import GraphFileError

#: the largest file ``load_graph`` reads
MAX_FILE_BYTES = 2**31
_CHUNK = 1 << 24

_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def _kind_of(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "a special file")


def _read_into(fd: int, view: memoryview) -> int:
    chunk = os.read(fd, len(view))
    view[:len(chunk)] = chunk
    return len(chunk)


def _read_all(fd: int, size: int, source: str, limit: int,
              progress: Callable[[float], None] | None, share: float) -> bytearray:
    data = bytearray(size)
    view = memoryview(data)
    done = 0
    while done < size:
        n = _read_into(fd, view[done:done + _CHUNK])
        if n == 0:  # the file shrank meanwhile
            break
        done += n
        if progress is not None:
            progress(share * done / size)
    view.release()
    del data[done:]
    while True:  # the file grew meanwhile: read on, up to the limit
        more = os.read(fd, _CHUNK)
        if not more:
            return data
        data += more
        if len(data) > limit:
            raise GraphFileError(f"the file is more than {limit} bytes; graph files may be at "
                                 f"most {limit} (2 GiB)", path=source)


def read_text(source: str, progress: Callable[[float], None] | None = None,
              share: float = 1.0, limit: int | None = None) -> str:
    """The text of the file ``source``; ``GraphFileError`` when it is not a regular file,
    too large, unreadable or not UTF-8. ``progress`` hears the fraction read, scaled to
    ``share``."""
    limit = MAX_FILE_BYTES if limit is None else limit
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(source, flags)
    except OSError as e:
        raise GraphFileError(f"cannot read the file: {e.strerror or e}", path=source) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise GraphFileError(f"not a regular file but {_kind_of(info.st_mode)}: graph "
                                 "files are read from regular files only", path=source)
        if info.st_size > limit:
            raise GraphFileError(f"the file is {info.st_size} bytes; graph files may be at "
                                 f"most {limit} (2 GiB)", path=source)
        data = _read_all(fd, info.st_size, source, limit, progress, share)
    except OSError as e:
        raise GraphFileError(f"cannot read the file: {e.strerror or e}", path=source) from None
    finally:
        os.close(fd)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        line_start = data.rfind(b"\n", 0, e.start) + 1
        column = len(data[line_start:e.start].decode("utf-8", "replace")) + 1
        raise GraphFileError(f"not UTF-8 text (line {line}, column {column}: byte {e.start})",
                             path=source) from None
