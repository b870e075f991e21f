"""Recovery copies: what autosave writes, and what a crashed window leaves for the next start.

Autosave writes a recovery copy (never the user's file) a few seconds after each change, to
``recovery/<id>.json`` under the app's data directory, with ``<id>.info.json`` recording the
file it belongs to. A ``QLockFile`` marks the copy as owned by a running window; a copy whose
lock is stale (its process died) is offered for restoring at the next start.

Why its own module: the files, their names and their locks are one protocol between a
running window (``RecoveryCopy``) and a later start (``orphaned_recoveries``); the document
only says when to write, discard or offer them.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLockFile

import engine
from app.settings import data_dir

#: the name of a graph that has no file yet
UNTITLED = "Untitled"


def recovery_dir() -> Path:
    return data_dir() / "recovery"


@dataclass
class RecoveryEntry:
    """A recovery copy left by a window that did not close."""

    ident: str
    graph_file: Path
    info_file: Path
    original: Path | None
    saved_at: float
    lock: QLockFile

    @property
    def display_name(self) -> str:
        return self.original.name if self.original else UNTITLED

    def discard(self) -> None:
        for file in (self.graph_file, self.info_file):
            file.unlink(missing_ok=True)
        self.lock.unlock()


def orphaned_recoveries(directory: Path | None = None) -> list[RecoveryEntry]:
    """Recovery copies whose window is gone (their lock is free or stale), newest first.
    Each returned entry holds its lock, so no other window takes it meanwhile."""
    directory = directory or recovery_dir()
    found = []
    for info_file in sorted(directory.glob("*.info.json")):
        ident = info_file.name.removesuffix(".info.json")
        graph_file = directory / f"{ident}.json"
        lock = QLockFile(str(directory / f"{ident}.lock"))
        lock.setStaleLockTime(0)  # stale only when its process is gone, however old it is
        if not lock.tryLock(0):
            continue  # a running window owns it
        try:
            info = json.loads(info_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            info = {}
        if not graph_file.is_file():
            info_file.unlink(missing_ok=True)
            lock.unlock()
            continue
        original = info.get("path") if isinstance(info, dict) else None
        saved_at = info.get("saved_at") if isinstance(info, dict) else None
        found.append(RecoveryEntry(
            ident, graph_file, info_file,
            Path(original) if isinstance(original, str) and original else None,
            float(saved_at) if isinstance(saved_at, (int, float)) else graph_file.stat().st_mtime,
            lock,
        ))
    found.sort(key=lambda e: e.saved_at, reverse=True)
    return found


class RecoveryCopy:
    """One document's recovery copy: written on autosave, deleted when clean."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.ident = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        self.graph_file = directory / f"{self.ident}.json"
        self.info_file = directory / f"{self.ident}.info.json"
        self._lock: QLockFile | None = None

    def write(self, graph: engine.Graph, editor: dict[str, Any], original: Path | None) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        if self._lock is None:
            lock = QLockFile(str(self.directory / f"{self.ident}.lock"))
            lock.setStaleLockTime(0)  # only a dead process makes it stale, never its age
            if not lock.tryLock(0):
                raise OSError(f"cannot lock {self.directory / self.ident}.lock")
            self._lock = lock
        info = {"path": str(original) if original else None, "saved_at": time.time(),
                "pid": os.getpid()}
        tmp = self.info_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(info), encoding="utf-8")
        os.replace(tmp, self.info_file)
        engine.save_graph(self.graph_file, graph, editor=editor)

    @property
    def exists(self) -> bool:
        return self.graph_file.exists()

    def discard(self) -> None:
        for file in (self.graph_file, self.info_file):
            file.unlink(missing_ok=True)
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None
