"""The versions kernels are named by are found through the cache's record of each package's
dist-info directory, and looked up anew when that directory is gone (another version)."""

from __future__ import annotations

import importlib.metadata
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from engine.compiler import package_versions


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    package_versions._known.cache_clear()
    yield
    package_versions._known.cache_clear()


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_the_first_lookup_records_the_dist_info_directory(tmp_path: Path) -> None:
    found = package_versions.version("numpy", tmp_path, _write)
    assert found == importlib.metadata.version("numpy")
    recorded = json.loads((tmp_path / package_versions.VERSIONS).read_text())
    [(origin, (dist_info, version))] = recorded.items()
    assert origin.endswith("__init__.py") and version == found
    assert Path(dist_info).name == f"numpy-{found}.dist-info"


def test_a_later_lookup_reads_no_package_metadata(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    expected = package_versions.version("numpy", tmp_path, _write)
    package_versions._known.cache_clear()  # as a later process

    def refuse(name: str) -> Any:
        raise AssertionError("read the metadata again")

    monkeypatch.setattr(importlib.metadata, "version", refuse)
    assert package_versions.version("numpy", tmp_path, _write) == expected


def test_a_recorded_directory_that_is_gone_is_looked_up_again(tmp_path: Path) -> None:
    origin = package_versions.importlib.util.find_spec("numpy").origin  # type: ignore[union-attr]
    gone = tmp_path / "numpy-0.0.1.dist-info"
    (tmp_path / package_versions.VERSIONS).write_text(json.dumps({origin: [str(gone), "0.0.1"]}))
    assert package_versions.version("numpy", tmp_path, _write) == importlib.metadata.version(
        "numpy")


@pytest.mark.parametrize("text", ["not json", "[1, 2]", '{"x": [1]}'])
def test_a_damaged_record_is_ignored(tmp_path: Path, text: str) -> None:
    (tmp_path / package_versions.VERSIONS).write_text(text)
    assert package_versions.version("numpy", tmp_path, _write) == importlib.metadata.version(
        "numpy")


def test_a_package_that_is_not_installed_has_no_version(tmp_path: Path) -> None:
    assert package_versions.version("no_such_package_here", tmp_path, _write) == "?"
