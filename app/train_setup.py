"""The Train dock's setup as the graph file keeps it: the editor section's ``training``
object (docs/FILE_FORMAT.md, "The Train dock's section").

Why stored in the file: an example (or a user's project) must open ready to train — data
bound, train op and loss chosen — with nothing to set up again. The object is read
leniently: a field that is missing or of the wrong kind takes its default and is named in
``problems`` (shown in the dock), so one bad field never stops a file from opening.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from typing import Any

from engine import (
    DataFileError,
    DataSource,
    TrainConfig,
    bindings_from_json,
    source_to_json,
)

SECTION_KEY = "training"


@dataclass
class TrainSetup:
    """Which ops train, on which data, with which settings."""

    train_op: str = ""
    loss: str = ""
    metric: str = ""
    #: placeholder name → the file that feeds it (training, Runs and Predict)
    data: dict[str, DataSource] = field(default_factory=dict)
    #: placeholder name → the validation file (instead of a split fraction)
    validation: dict[str, DataSource] = field(default_factory=dict)
    config: TrainConfig = field(default_factory=TrainConfig)
    #: the output Predict runs
    predict: str = ""
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The section's object as kept in memory (absolute paths; see ``write_paths``)."""
        out: dict[str, Any] = {
            "train_op": self.train_op, "loss": self.loss, "metric": self.metric,
            "data": {k: source_to_json(v) for k, v in self.data.items()},
            "validation": {k: source_to_json(v) for k, v in self.validation.items()},
            "settings": {f.name: getattr(self.config, f.name) for f in fields(TrainConfig)},
            "predict": self.predict,
        }
        return out


def setup_from_json(value: Any) -> TrainSetup:
    """The setup a ``training`` object describes; what cannot be used is listed in
    ``problems`` and left at its default."""
    setup = TrainSetup()
    if value is None:
        return setup
    where = f"editor.{SECTION_KEY}"
    if not isinstance(value, dict):
        setup.problems.append(f"{where}: expected an object")
        return setup
    for name in ("train_op", "loss", "metric", "predict"):
        item = value.get(name, "")
        if isinstance(item, str):
            setattr(setup, name, item)
        else:
            setup.problems.append(f"{where}.{name}: expected an op or tensor name")
    for name in ("data", "validation"):
        try:
            setattr(setup, name, bindings_from_json(value.get(name), f"{where}.{name}"))
        except DataFileError as e:
            setup.problems.append(str(e))
    settings = value.get("settings") or {}
    defaults = TrainConfig()
    if not isinstance(settings, dict):
        setup.problems.append(f"{where}.settings: expected an object")
        settings = {}
    for f in fields(TrainConfig):
        if f.name not in settings:
            continue
        item, default = settings[f.name], getattr(defaults, f.name)
        ok = _fits(item, default, f.name)
        if ok:
            setattr(setup.config, f.name, float(item) if isinstance(default, float) else item)
        else:
            setup.problems.append(f"{where}.settings.{f.name}: {item!r} is not a valid value")
    try:
        setup.config.check()
    except ValueError as e:
        setup.problems.append(f"{where}.settings: {e}")
        setup.config = TrainConfig()
    return setup


def _fits(item: Any, default: Any, name: str) -> bool:
    if name == "steps":
        return item is None or (isinstance(item, int) and not isinstance(item, bool))
    if isinstance(default, bool):
        return isinstance(item, bool)
    if isinstance(default, float):
        return isinstance(item, int | float) and not isinstance(item, bool)
    return isinstance(item, int) and not isinstance(item, bool)


def _map_files(value: Any, change: Any) -> Any:
    if not isinstance(value, dict):
        return value
    for name in ("data", "validation"):
        bindings = value.get(name)
        if isinstance(bindings, dict):
            for item in bindings.values():
                if isinstance(item, dict) and isinstance(item.get("file"), str):
                    item["file"] = change(item["file"])
    return value


def read_paths(value: Any, base_dir: str | None) -> Any:
    """The section as kept in memory: data file paths made absolute (relative ones are
    relative to the graph file's folder)."""
    if base_dir is None:
        return value
    return _map_files(value, lambda p: p if os.path.isabs(p) else os.path.normpath(
        os.path.join(base_dir, p.replace("/", os.sep))))


def write_paths(value: Any, base_dir: str | None) -> Any:
    """The section as a file in ``base_dir`` stores it: paths under that folder relative
    to it (with ``/``), so a folder of graph and data moves as one; others absolute."""
    if base_dir is None:
        return value

    def relative(path: str) -> str:
        if not os.path.isabs(path):
            return path
        rel = os.path.relpath(path, base_dir)
        return path if rel.startswith(os.pardir) else rel.replace(os.sep, "/")
    return _map_files(value, relative)
