"""Compiled kernels kept across processes: module files in the user's cache directory.

A kernel compiles in about half a second; without a cache every start of the program pays
that again for every group shape. Each kernel's source (``kernel_source.py``) is written to a
module file named by a hash of everything its machine code depends on: the group's structure,
the ops' operators (their code and the constants they close over), the dtypes and flags of
its arguments, this file format, and the versions of numba, llvmlite, numpy and Python. numba
keeps the compiled code beside it (``__pycache__``) and checks it against its own index
(signature, CPU, the file's time stamp), so a later process that asks for the same kernel
loads it instead of compiling. A change to any of those makes another name: the old files
are simply never read again.

Only text this process has just generated is ever imported: a file whose text differs from
what the kernel needs is replaced before the import.

The directory is ``$TENSORCANVAS_KERNEL_CACHE`` when set (``0`` turns the cache off: kernels
then compile in every process, from files in a private temporary directory), else
``tensorcanvas/kernels`` under the platform's cache directory (``$XDG_CACHE_HOME`` or
``~/.cache`` on Linux, ``~/Library/Caches`` on macOS, ``%LOCALAPPDATA%`` on Windows).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import platform
import sys
import tempfile
import threading
import types
from pathlib import Path
from typing import Any

import numpy as np

from . import package_versions

#: bumped whenever the way kernels are named or loaded changes (their text is in the name)
FORMAT = 1

_lock = threading.Lock()
_directory: tuple[Path, bool] | None = None  # (where, persistent)
#: kernels loaded from the disk cache and kernels compiled (then saved) by this process
stats = {"loaded": 0, "compiled": 0}
#: the file listing the kernels used most recently (plain JSON data, newest first), and
#: how many it keeps: what a later process loads before it is asked (``jit.warm_up``)
RECENT = "recent.json"
KEEP_RECENT = 16


def directory() -> tuple[Path, bool]:
    """Where kernel modules go, and whether they persist (a usable cache directory) or not
    (the cache is off or its directory cannot be written: a private temporary one)."""
    global _directory
    with _lock:
        if _directory is None:
            _directory = _choose()
        return _directory


def reset() -> None:
    """Look for the directory again (tests that point the environment elsewhere)."""
    global _directory
    with _lock:
        _directory = None


def _choose() -> tuple[Path, bool]:
    setting = os.environ.get("TENSORCANVAS_KERNEL_CACHE", "")
    if setting != "0":
        where = Path(setting) if setting else _platform_cache() / "tensorcanvas" / "kernels"
        try:
            where.mkdir(parents=True, exist_ok=True)
            probe = where / f".probe-{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
            return where, True
        except OSError:
            pass  # not writable: compile in this process only
    return Path(tempfile.mkdtemp(prefix="tensorcanvas-kernels-")), False


def _platform_cache() -> Path:
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")


@functools.cache
def versions() -> tuple[str, ...]:
    """What compiled code depends on besides the kernel itself (looked up once a process,
    and through the cache's record of where the versions were found: see
    ``package_versions.py``)."""
    where, persistent = directory()
    cache = where if persistent else None
    return (f"format {FORMAT}", package_versions.version("numba", cache, _write),
            package_versions.version("llvmlite", cache, _write), np.__version__, sys.version,
            platform.machine())


def name_for(parts: Any) -> str:
    """The module name of a kernel: a hash of ``parts`` (its structure, operators and
    argument types) and of ``versions()``."""
    text = repr((parts, versions()))
    return "k" + hashlib.sha256(text.encode()).hexdigest()[:32]


def fingerprint(func: Any) -> Any:
    """What an operator computes, as plain data: a builtin or type by its name, a Python
    function by its code (recursively: nested code objects), defaults and the values it
    closes over (relu's zero of the group's dtype)."""
    code = getattr(func, "__code__", None)
    if code is None:
        return (getattr(func, "__module__", None), getattr(func, "__qualname__", repr(func)))
    cells = tuple(fingerprint(c.cell_contents) if callable(c.cell_contents)
                  else (type(c.cell_contents).__name__, repr(c.cell_contents))
                  for c in func.__closure__ or ())
    return (func.__module__, func.__qualname__, _code(code), repr(func.__defaults__), cells)


def _code(code: types.CodeType) -> Any:
    consts = tuple(_code(c) if isinstance(c, types.CodeType) else repr(c)
                   for c in code.co_consts)
    return (code.co_code.hex(), code.co_names, code.co_varnames, consts)


def holds(name: str, function: str = "kernel") -> bool:
    """Whether the persistent cache holds compiled code for ``function`` of module ``name``
    (its file and numba's index beside it): asking for it loads it rather than compiling."""
    where, persistent = directory()
    if not persistent or not (where / f"{name}.py").is_file():
        return False
    return any((where / "__pycache__").glob(f"{name}.{function}-*.nbi"))


def any_held() -> bool:
    """Whether the persistent cache holds any kernel: an earlier process ran compiled
    groups, so this one likely will too (``jit.warm_up``)."""
    where, persistent = directory()
    if not persistent:
        return False
    try:
        with os.scandir(where / "__pycache__") as entries:
            return any(e.name.endswith(".nbi") for e in entries)
    except OSError:
        return False


def load(name: str, source: str, operators: tuple[Any, ...]) -> Any:
    """The ``kernel`` of module ``name`` with ``source`` as its text, its ``_ops`` being
    ``operators``; the file is (re)written first unless it already holds exactly that."""
    where, _ = directory()
    path = where / f"{name}.py"
    module_name = f"_tensorcanvas_kernel_{name}"
    with _lock:
        loaded = sys.modules.get(module_name)
        if loaded is not None:
            if operators and None in loaded.__dict__.get("_ops", ()):
                _give_operators(loaded, operators)  # preloaded without them (jit.warm_up)
            return loaded.kernel
        try:
            current = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            current = None
        if current != source:
            _write(path, source)
        spec = importlib.util.spec_from_file_location(module_name, path)
        if spec is None or spec.loader is None:
            raise ImportError(f"cannot load the kernel module {path}")
        module = importlib.util.module_from_spec(spec)
        module.__dict__["_ops"] = operators
        sys.modules[module_name] = module  # numba finds a cached kernel's globals by name
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[module_name]
            raise
    return module.kernel


def _give_operators(module: types.ModuleType, operators: tuple[Any, ...]) -> None:
    """A module loaded without its operators gets them, should numba compile it after all
    (it reads the module's globals when it compiles)."""
    module.__dict__["_ops"] = operators
    for n, op in enumerate(operators):
        module.__dict__[f"_op{n}"] = op


def remember(record: dict[str, Any]) -> None:
    """Put a kernel's description (``record["name"]`` and what rebuilds its module text
    and argument types) first in the cache's list of recent kernels."""
    where, persistent = directory()
    if not persistent:
        return
    with _lock:  # (``directory`` and ``recent`` take it too: called before it, not in it)
        kept = [r for r in _read_recent(where) if r.get("name") != record["name"]]
        try:
            _write(where / RECENT, json.dumps([record] + kept[:KEEP_RECENT - 1]))
        except OSError:
            pass  # the list only saves later processes a wait


def recent() -> list[dict[str, Any]]:
    """The recent kernels' descriptions (newest first); a missing or unreadable list is an
    empty one (it is read as data only: ``jit`` checks every field before using one)."""
    where, persistent = directory()
    return _read_recent(where) if persistent else []


def _read_recent(where: Path) -> list[dict[str, Any]]:
    try:
        found = json.loads((where / RECENT).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return []
    return [r for r in found if isinstance(r, dict)] if isinstance(found, list) else []


def unload(name: str) -> None:
    """Drop one loaded kernel module (a preload that did not come from the cache)."""
    with _lock:
        sys.modules.pop(f"_tensorcanvas_kernel_{name}", None)


def forget() -> None:
    """Drop the kernel modules this process has loaded (``jit.clear``): the next ask loads
    them again, from the disk cache where it has them."""
    with _lock:
        for name in [n for n in sys.modules if n.startswith("_tensorcanvas_kernel_")]:
            del sys.modules[name]


def _write(path: Path, text: str) -> None:
    """Whole or not at all, so that a process reading it meanwhile sees either text."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def record(kernel: Any) -> bool:
    """Count whether a just-compiled dispatcher came from the disk cache (and say so)."""
    compile_stats = getattr(kernel, "stats", None)
    hits = sum(compile_stats.cache_hits.values()) if compile_stats is not None else 0
    stats["loaded" if hits else "compiled"] += 1
    return bool(hits)
