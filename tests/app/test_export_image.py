"""File → Export Image… and ``python main.py render``: the files they write."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtGui import QImage

from app.export_image import ExportImageDialog
from app.main_window import MainWindow
from editor.image_export import picture_rect

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "resources" / "examples" / "seed.json"


def _answer(window: MainWindow, path: Path, **choices: object) -> list[ExportImageDialog]:
    """Answer the options dialog with ``choices`` and the file dialog with ``path``."""
    seen: list[ExportImageDialog] = []

    def options(dialog: ExportImageDialog) -> bool:
        seen.append(dialog)
        if "format" in choices:
            dialog.format.setCurrentIndex(dialog.format.findData(choices["format"]))
        if "scale" in choices:
            dialog.scale.setCurrentIndex(dialog.scale.findData(choices["scale"]))
        if choices.get("selection"):
            dialog.selection.setChecked(True)
        return True

    window.image_export.ask_options = options
    window.image_export.ask_path = lambda suggested, fmt: str(path)
    return seen


def test_export_image_is_in_the_file_menu_with_import_and_export(
    seed_window: MainWindow,
) -> None:
    names = [a.objectName() for a in seed_window.menu_file.actions()]
    assert names.index("actionSaveAs") < names.index("actionExportImage")
    assert names.index("actionExportImage") == names.index("actionExport") + 1


def test_the_action_writes_a_png_at_the_chosen_scale(
    seed_window: MainWindow, tmp_path: Path
) -> None:
    out = tmp_path / "seed.png"
    _answer(seed_window, out, format="png", scale=2)
    assert seed_window.image_export.export() == out
    rect = picture_rect(seed_window.canvas.scene)
    assert QImage(str(out)).width() == round(rect.width() * 2)
    assert "Wrote seed.png" in seed_window.statusBar().currentMessage()


def test_the_action_writes_the_selection_as_svg(seed_window: MainWindow, tmp_path: Path) -> None:
    seed_window.canvas.select_names(["mul"])
    out = tmp_path / "mul.svg"
    dialogs = _answer(seed_window, out, format="svg", selection=True)
    seed_window.image_export.export()
    assert dialogs[0].selection.isEnabled()
    texts = ["".join(t.itertext()) for t in ET.parse(out).getroot().iter(
        "{http://www.w3.org/2000/svg}text")]
    assert "mul" in texts and "Const" not in texts


def test_the_dialog_offers_no_selection_when_nothing_is_selected(
    seed_window: MainWindow,
) -> None:
    dialog = ExportImageDialog(seed_window.canvas, seed_window)
    assert not dialog.selection.isEnabled() and dialog.whole.isChecked()
    dialog.format.setCurrentIndex(dialog.format.findData("svg"))
    assert not dialog.scale.isEnabled()
    assert "points" in dialog.size_label.text()


def test_the_dialog_remembers_its_choices(seed_window: MainWindow, tmp_path: Path) -> None:
    _answer(seed_window, tmp_path / "a.png", format="png", scale=4)
    seed_window.image_export.export()
    dialog = ExportImageDialog(seed_window.canvas, seed_window)
    assert dialog.scale.currentData() == 4


def test_a_refused_picture_is_said_and_nothing_written(
    seed_window: MainWindow, tmp_path: Path
) -> None:
    said: list[str] = []
    seed_window.image_export.warn = said.append
    _answer(seed_window, tmp_path / "missing" / "x.png")
    assert seed_window.image_export.export() is None
    assert said and "cannot write the PNG file" in said[0]


def _render(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("DISPLAY", None)  # headless: no display at all
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "render", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_render_writes_a_png_headless_at_each_scale(tmp_path: Path) -> None:
    widths = []
    for scale in (1, 2, 4):
        out = tmp_path / f"seed{scale}.png"
        result = _render(str(SEED), str(out), "--scale", str(scale))
        assert result.returncode == 0, result.stderr
        widths.append(QImage(str(out)).width())
    assert widths[1] == 2 * widths[0] and widths[2] == 4 * widths[0]


def test_render_writes_an_svg_with_names_and_labels(tmp_path: Path) -> None:
    out = tmp_path / "seed.svg"
    result = _render(str(SEED), str(out), "--print-theme", "--tensor-names")
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert ">mul<" in text and ">Const_2<" in text and "add:0" in text
    assert "scalar int32" in text


def test_render_says_what_is_wrong_with_the_file(tmp_path: Path) -> None:
    result = _render(str(tmp_path / "none.json"), str(tmp_path / "x.png"))
    assert result.returncode == 2 and result.stderr.startswith("error: ")
    assert "none.json" in result.stderr and not (tmp_path / "x.png").exists()


def test_render_refuses_another_picture_type(tmp_path: Path) -> None:
    result = _render(str(SEED), str(tmp_path / "x.jpg"))
    assert result.returncode == 2 and ".png or .svg" in result.stderr


def test_render_says_an_empty_graph_has_nothing_to_draw(tmp_path: Path) -> None:
    empty = tmp_path / "empty.json"
    empty.write_text('{"format": "tensorcanvas-graph", "version": 1, "ops": []}')
    result = _render(str(empty), str(tmp_path / "x.svg"))
    assert result.returncode == 1 and "nothing to draw" in result.stderr
    assert not (tmp_path / "x.svg").exists()


def test_export_image_is_off_for_an_empty_graph(seed_window: MainWindow) -> None:
    action = seed_window.image_export.action
    assert action.isEnabled()
    seed_window.document.new()
    assert not action.isEnabled()
    seed_window.canvas.add_node("Const", seed_window.canvas.view.mapToScene(0, 0))
    assert action.isEnabled()
