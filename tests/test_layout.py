"""The layers hold: the import contracts in pyproject.toml pass, and they do fail when a module
imports what its layer may not (each case below plants one wrong import in a copy of the
tree; an upward import also makes a cycle, so more than its own contract may break). Also:
no two modules import each other, however indirectly, and no engine module is longer than
500 lines."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("engine", "editor", "app")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(root))
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(root / "pyproject.toml")],
        cwd=root, env=env, capture_output=True, text=True, timeout=120,
    )


def test_the_import_contracts_hold() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "wrong_import", "contract"),
    [
        ("engine/framework/shapes.py", "from ..client import session",
         "engine: each layer imports only the layers below it"),
        ("engine/ops/math.py", "from ..compiler import fusion",
         "engine: each layer imports only the layers below it"),
        ("editor/style.py", "from engine.io import parse",
         "app and editor use only the engine's public API"),
        ("engine/framework/dtypes.py", "from PySide6 import QtCore", "the engine never imports Qt"),
        ("editor/style.py", "import app", "the editor never imports the app"),
        ("engine/framework/naming.py", "from . import graph", "no import cycles between modules"),
    ],
)
def test_a_wrong_import_breaks_its_contract(
    tmp_path: Path, module: str, wrong_import: str, contract: str
) -> None:
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / module
    target.write_text(target.read_text() + f"\n{wrong_import}  # planted by the test\n")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    broken = [line for line in result.stdout.splitlines() if line.endswith(" BROKEN")]
    assert any(line.startswith(contract) for line in broken), result.stdout


def _import_graph() -> grimp.ImportGraph:
    return grimp.build_graph(*PACKAGES, include_external_packages=False, cache_dir=None)


def test_no_module_imports_itself_back() -> None:
    """Stricter than the siblings contract: a package's ``__init__`` counts as a module too,
    and type-only (TYPE_CHECKING) and function-level imports count."""
    graph = _import_graph()
    cycles = []
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            chain = graph.find_shortest_chain(importer=imported, imported=module)
            if chain:
                cycles.append(f"{module} -> " + " -> ".join(chain))
    assert cycles == []


def test_app_and_editor_import_only_the_engine_package_itself() -> None:
    graph = _import_graph()
    reaching_in = sorted(
        f"{importer} -> {imported}"
        for package in ("app", "editor")
        for importer in graph.find_descendants(package) | {package}
        for imported in graph.find_modules_directly_imported_by(importer)
        if imported.startswith("engine.")
    )
    assert reaching_in == []


def test_no_engine_module_is_over_500_lines() -> None:
    long = sorted(
        f"{path.relative_to(ROOT)}: {n} lines"
        for path in (ROOT / "engine").rglob("*.py")
        if (n := len(path.read_text().splitlines())) > 500
    )
    assert long == []


def test_the_engine_folder_shows_its_layers() -> None:
    packages = sorted(p.name for p in (ROOT / "engine").iterdir()
                      if (p / "__init__.py").is_file())
    modules = sorted(p.name for p in (ROOT / "engine").glob("*.py"))
    assert packages == ["backends", "client", "compiler", "framework", "io", "ops"]
    # losses, nn and train: the public tf.compat.v1.losses, tf.nn and tf.compat.v1.train
    assert modules == ["__init__.py", "cli.py", "losses.py", "nn.py", "train.py"]
