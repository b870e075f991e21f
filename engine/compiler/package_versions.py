"""The installed versions compiled kernels depend on, found without reading package metadata.

A kernel's name hashes the versions of numba and llvmlite (``kernel_files.versions``), and a
process asks for them at its first kernel, in its first run. ``importlib.metadata`` finds them
by scanning every directory of ``sys.path`` and parsing a METADATA file: 2.5-4 ms a package
on the development machine, most of a first run's own cost. So the kernel cache keeps, per
package location (``numba/__init__.py``), the ``dist-info`` directory that named its version
(``versions.json``); a later process checks only that this directory still exists (pip
removes it when it installs another version) and reads the version from its name. A package
without such a directory (an editable install) is looked up the slow way every time.
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import json
import os
from collections.abc import Callable
from pathlib import Path

__all__ = ["VERSIONS", "version"]

#: the file in the kernel cache: {package location: [dist-info directory, version]}
VERSIONS = "versions.json"


def version(name: str, where: Path | None, write: Callable[[Path, str], None]) -> str:
    """The installed version of package ``name`` ("?" where none is installed), by the
    cached ``dist-info`` directory in ``where`` (None: no persistent cache) when it still
    exists; ``write`` saves the cache file (atomically)."""
    spec = importlib.util.find_spec(name)
    origin = spec.origin if spec is not None else None
    if origin is None:
        return "?"
    known = _known(where)
    found = known.get(origin)
    if found is not None and os.path.isdir(found[0]):
        return found[1]
    try:
        installed = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "?"
    dist_info = Path(origin).parent.parent / f"{name}-{installed}.dist-info"
    if where is not None and dist_info.is_dir():
        known[origin] = [str(dist_info), installed]
        try:
            write(where / VERSIONS, json.dumps(known))
        except OSError:
            pass  # looked up the slow way again next time
    return installed


@functools.cache
def _known(where: Path | None) -> dict[str, list[str]]:
    """The cache file's entries (read once a process); entries of another shape are
    dropped."""
    if where is None:
        return {}
    try:
        found = json.loads((where / VERSIONS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(found, dict):
        return {}
    return {k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, list)
            and len(v) == 2 and all(isinstance(x, str) for x in v)}
