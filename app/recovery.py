"""Recovery copies: what autosave writes, and what a crashed window leaves for the next start.

Autosave writes a recovery copy (never the user's file) a few seconds after each change, to
``recovery/<id>.json`` under the app's data directory, with ``<id>.info.json`` recording the
file it belongs to. A ``QLockFile`` marks the copy as owned by a running window; a copy whose
lock is stale (its process died) is offered for restoring at the next start.

Why its own module: the files, their names and their locks are one protocol between a
running window (``RecoveryCopy``) and a later start (``orphaned_recoveries``); the document
only says when to write, discard or offer them.

Both files are written through a temporary file renamed over them, named as the engine's
atomic save names its own (``.<id>.json.<pid>.<random>.tmp``). A window killed while writing
leaves one behind; ``remove_stale_temp_files`` deletes those at the next start, once their
window's lock shows it is gone, and nothing that is not named so.
"""

from __future__ import annotations

import json
import math
import os
import re
import secrets
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLockFile

import engine
from app.settings import data_dir
from editor.i18n import translate

#: the name of a graph that has no file yet
UNTITLED = "Untitled"


#: a recovery copy's id: the process id of its window and 12 random hex digits
_IDENT = r"\d+-[0-9a-f]{12}"
#: the temporary files a window writes its copy through: the engine's atomic save's name
#: for ``<id>.json`` and ``<id>.info.json``, and ``<id>.info.tmp`` of earlier versions
_TEMP_NAME = re.compile(
    rf"\.(?P<ident>{_IDENT})(?:\.info)?\.json\.\d+\.[0-9a-f]+\.tmp|(?P<old>{_IDENT})\.info\.tmp"
)
_LOCK_NAME = re.compile(rf"(?P<ident>{_IDENT})\.lock")


def recovery_dir() -> Path:
    return data_dir() / "recovery"


def _lock_for(directory: Path, ident: str) -> QLockFile:
    lock = QLockFile(str(directory / f"{ident}.lock"))
    lock.setStaleLockTime(0)  # stale only when its process is gone, however old it is
    return lock


def remove_stale_temp_files(directory: Path | None = None) -> int:
    """Delete the temporary files that windows killed while autosaving left in the recovery
    folder, and their stale lock files when no copy is left with them; returns how many
    files went. A file goes only if it is named as ours and its window's lock is free or
    stale (its process is gone): a running window's files, and anything else, stay."""
    directory = directory or recovery_dir()
    try:
        names = [entry.name for entry in os.scandir(directory) if entry.is_file()]
    except OSError:
        return 0
    temps: dict[str, list[str]] = {}
    for name in names:
        match = _TEMP_NAME.fullmatch(name)
        if match:
            temps.setdefault(match.group("ident") or match.group("old"), []).append(name)
    lone_locks = {
        match.group("ident") for match in map(_LOCK_NAME.fullmatch, names)
        if match and f"{match.group('ident')}.info.json" not in names
        and f"{match.group('ident')}.json" not in names
    }
    removed = 0
    for ident in sorted(set(temps) | lone_locks):
        lock = _lock_for(directory, ident)
        if not lock.tryLock(0):
            continue  # its window is running (or the folder is not ours to write)
        try:
            for name in temps.get(ident, []):
                try:
                    (directory / name).unlink()
                    removed += 1
                except FileNotFoundError:
                    pass
                except OSError:
                    continue
        finally:
            lock.unlock()  # removes the lock file too
        if ident in lone_locks and not (directory / f"{ident}.lock").exists():
            removed += 1
    return removed


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
        return self.original.name if self.original else translate("Document", "Untitled")

    def discard(self) -> None:
        for file in (self.graph_file, self.info_file):
            try:
                file.unlink(missing_ok=True)
            except OSError:  # stays, to be offered again
                pass
        self.lock.unlock()


def orphaned_recoveries(directory: Path | None = None) -> list[RecoveryEntry]:
    """Recovery copies whose window is gone (their lock is free or stale), newest first.
    Each returned entry holds its lock, so no other window takes it meanwhile."""
    directory = directory or recovery_dir()
    found = []
    for info_file in sorted(directory.glob("*.info.json")):
        ident = info_file.name.removesuffix(".info.json")
        graph_file = directory / f"{ident}.json"
        lock = _lock_for(directory, ident)
        if not lock.tryLock(0):
            continue  # a running window owns it
        try:
            info = json.loads(info_file.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):  # unreadable: the copy still counts
            info = {}
        if not graph_file.is_file():
            info_file.unlink(missing_ok=True)
            lock.unlock()
            continue
        original = info.get("path") if isinstance(info, dict) else None
        saved_at = info.get("saved_at") if isinstance(info, dict) else None
        try:
            when = float(saved_at) if isinstance(saved_at, (int, float)) else math.nan
            when = when if math.isfinite(when) else graph_file.stat().st_mtime
        except (OverflowError, OSError):
            when = 0.0
        found.append(RecoveryEntry(
            ident, graph_file, info_file,
            Path(original) if isinstance(original, str) and original else None,
            when, lock,
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
            lock = _lock_for(self.directory, self.ident)
            if not lock.tryLock(0):
                raise OSError(f"cannot lock {self.directory / self.ident}.lock")
            self._lock = lock
        info = {"path": str(original) if original else None, "saved_at": time.time(),
                "pid": os.getpid()}
        tmp = self.directory / f".{self.info_file.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        try:
            tmp.write_text(json.dumps(info), encoding="utf-8")
            os.replace(tmp, self.info_file)
        finally:
            tmp.unlink(missing_ok=True)
        engine.save_graph(self.graph_file, graph, editor=editor)

    @property
    def exists(self) -> bool:
        return self.graph_file.exists()

    def discard(self) -> None:
        """Delete the copy (a file that cannot be deleted stays, for the next start to
        offer: never an error for the save or close that discards it)."""
        for file in (self.graph_file, self.info_file):
            try:
                file.unlink(missing_ok=True)
            except OSError:
                pass
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None
