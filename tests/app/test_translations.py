"""The translations: every text of app/ and editor/ has its Korean, the .qm files are built
from the .ts, the system locale picks the language, and View → Language switches the open
window at once.

Why lupdate runs here: a text added to the code without a translation must fail a test,
not reach a Korean user in English. The test collects the texts from the sources as
``make lupdate`` does (into a copy of the .ts) and checks that none is new, unfinished or
left over."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings
from PySide6.QtWidgets import QDialogButtonBox, QDockWidget
from pytestqt.qtbot import QtBot

from app.main_window import MainWindow
from app.settings import LANGUAGE_KEY, open_settings
from app.translations import (
    LANGUAGES,
    TRANSLATIONS_DIR,
    initial_language,
    language_of_locale,
    qm_path,
    translations,
)

ROOT = Path(__file__).resolve().parents[2]
TS = TRANSLATIONS_DIR / "tensorcanvas_ko.ts"
BIN = Path(sys.executable).parent
HANGUL = re.compile("[\uac00-\ud7a3]")


def _messages(path: Path) -> list[tuple[str, ET.Element]]:
    return [(context.findtext("name") or "", message)
            for context in ET.parse(path).getroot().iter("context")
            for message in context.iter("message")]


def _sources() -> list[str]:
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "app/*.py",
                             "editor/*.py"], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.split()
    return [str(ROOT / name) for name in listed if (ROOT / name).is_file()]


@pytest.fixture(scope="module")
def refreshed_ts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed .ts updated from today's sources by lupdate (obsolete texts kept)."""
    copy = tmp_path_factory.mktemp("ts") / TS.name
    shutil.copy(TS, copy)
    result = subprocess.run([str(BIN / "pyside6-lupdate"), "-locations", "none", *_sources(),
                             "-ts", str(copy)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return copy


def test_every_text_of_the_sources_has_a_finished_translation(refreshed_ts: Path) -> None:
    missing = [(ctx, m.findtext("source")) for ctx, m in _messages(refreshed_ts)
               if m.find("translation").get("type") == "unfinished"  # type: ignore[union-attr]
               or not (m.findtext("translation") or m.find("translation/numerusform") is not None)]
    assert not missing, f"texts without a Korean translation (make lupdate, translate): {missing}"


def test_no_translation_is_left_over_from_a_text_the_code_no_longer_has(
    refreshed_ts: Path,
) -> None:
    left = [(ctx, m.findtext("source")) for ctx, m in _messages(refreshed_ts)
            if m.find("translation").get("type") in ("obsolete", "vanished")]  # type: ignore[union-attr]
    assert not left, f"translations of texts no longer in the code (make lupdate): {left}"


def test_the_committed_ts_is_what_lupdate_makes_of_the_sources(refreshed_ts: Path) -> None:
    committed = {(ctx, m.findtext("source")) for ctx, m in _messages(TS)}
    assert committed == {(ctx, m.findtext("source")) for ctx, m in _messages(refreshed_ts)}


def test_translations_keep_placeholders_mnemonics_and_markup() -> None:
    for ctx, message in _messages(TS):
        source = message.findtext("source") or ""
        text = message.findtext("translation") or ""
        where = f"{ctx}: {source!r} → {text!r}"
        assert sorted(re.findall(r"\{\w*\}", source)) == sorted(re.findall(r"\{\w*\}", text)), where
        assert ("&" in source.replace("&&", "")) == ("&" in text.replace("&&", "")), where
        for tag in ("b", "code", "i", "p", "h3"):
            assert source.count(f"<{tag}>") == text.count(f"<{tag}>"), where


def test_the_korean_is_korean() -> None:
    # texts that are symbols, numbers or TF's own words may stay as they are
    same = [(ctx, m.findtext("source")) for ctx, m in _messages(TS)
            if not HANGUL.search(m.findtext("translation") or "")
            and m.findtext("source") not in {"false = 0, true = 1"}]
    assert not same, same


def test_the_committed_qm_is_built_from_the_ts(tmp_path: Path) -> None:
    built = tmp_path / "ko.qm"
    subprocess.run([str(BIN / "pyside6-lrelease"), "-silent", str(TS), "-qm", str(built)],
                   check=True, timeout=120)
    assert built.read_bytes() == qm_path("ko").read_bytes(), "run make translations"


def test_the_language_follows_the_locale() -> None:
    assert language_of_locale(QLocale("ko_KR")) == "ko"
    assert language_of_locale(QLocale("en_US")) == "en"
    assert language_of_locale(QLocale("fr_FR")) == "en"  # not offered: English


def test_a_chosen_language_wins_over_the_locale(tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert initial_language(settings, QLocale("ko_KR")) == "ko"
    settings.setValue(LANGUAGE_KEY, "en")
    assert initial_language(settings, QLocale("ko_KR")) == "en"
    settings.setValue(LANGUAGE_KEY, "xx")  # not offered (any more): the locale decides
    assert initial_language(settings, QLocale("ko_KR")) == "ko"


def test_an_unknown_language_is_refused_and_english_stays() -> None:
    with pytest.raises(ValueError, match="xx"):
        translations.set_language("xx")
    assert translations.language == "en"


_START_SCRIPT = """
import json, sys
sys.path.insert(0, {root!r})
from app.application import create_app, create_main_window
app = create_app(["tensorcanvas"])
window = create_main_window(None)
print(json.dumps({{"menus": [a.text() for a in window.menuBar().actions()],
                  "palette": window.panels.palette_dock.windowTitle()}}))
"""


def test_the_app_started_with_the_korean_locale_shows_korean_menus(tmp_path: Path) -> None:
    env = dict(os.environ, LANG="ko_KR.UTF-8", LC_ALL="", LANGUAGE="",
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
               QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", _START_SCRIPT.format(root=str(ROOT))],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown["menus"] == ["파일(&F)", "편집(&E)", "보기(&V)", "실행(&R)", "학습(&T)",
                              "도움말(&H)"]
    assert shown["palette"] == "팔레트"


@pytest.fixture
def english_after() -> Iterator[None]:
    yield
    translations.set_language("en")


def _choose(window: MainWindow, code: str) -> None:
    next(a for a in window.menu_language.actions()
         if a.objectName() == f"actionLanguage_{code}").trigger()


def _dock_title(window: MainWindow, name: str) -> str:
    dock = window.findChild(QDockWidget, name)
    assert isinstance(dock, QDockWidget)
    return dock.windowTitle()


def test_view_language_lists_each_language_in_itself(seed_window: MainWindow) -> None:
    names = [a.text() for a in seed_window.menu_language.actions()]
    assert names == list(LANGUAGES.values()) == ["English", "한국어"]
    assert seed_window.menu_language.menuAction() in seed_window.menu_view.actions()


def test_switching_to_korean_retranslates_the_open_window_and_docks(
    seed_window: MainWindow, qtbot: QtBot, english_after: None
) -> None:
    window = seed_window
    window.tutorial.show()
    _choose(window, "ko")
    assert translations.language == "ko"
    assert [a.text() for a in window.menuBar().actions()][:2] == ["파일(&F)", "편집(&E)"]
    assert window.action_open.text() == "열기(&O)…"
    assert window.run.run.text() == "실행(&R)"
    assert _dock_title(window, "paletteDock") == "팔레트"
    assert _dock_title(window, "inspectorDock") == "속성"
    assert _dock_title(window, "resultsDock") == "결과"
    assert _dock_title(window, "undoHistoryDock") == "실행 취소 기록"
    assert _dock_title(window, "tutorialDock") == "튜토리얼"
    assert "선택한 노드가 없습니다" in window.panels.inspector.placeholder.text()
    assert "산술" in window.panels.palette.visible_categories()
    panel = window.tutorial.panel
    assert panel is not None and panel.show_me.text() == "보여 주세요"
    assert "그래프" in panel.text.toPlainText()
    assert window.file_label.text() == "제목 없음 (예제 seed.json의 사본)"
    assert window.run.device_selector.itemText(0) == "자동"
    assert open_settings().value(LANGUAGE_KEY) == "ko"


def test_switching_back_to_english_restores_the_english_texts(
    seed_window: MainWindow, english_after: None
) -> None:
    _choose(seed_window, "ko")
    _choose(seed_window, "en")
    assert [a.text() for a in seed_window.menuBar().actions()] == [
        "&File", "&Edit", "&View", "&Run", "&Train", "&Help"]
    assert _dock_title(seed_window, "inspectorDock") == "Inspector"
    assert seed_window.windowTitle().startswith("Untitled")
    assert open_settings().value(LANGUAGE_KEY) == "en"


def test_a_selected_node_is_shown_again_in_the_new_language(
    seed_window: MainWindow, english_after: None
) -> None:
    seed_window.canvas.select_names(["mul"])
    _choose(seed_window, "ko")
    form = seed_window.panels.inspector.form
    assert form is not None and form.name_edit.text() == "mul"
    assert "mul:0" in form.outputs_label.text()  # the tensor's name stays TF's


def test_qts_own_dialog_buttons_are_korean_too(english_after: None) -> None:
    translations.set_language("ko")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                           | QDialogButtonBox.StandardButton.Cancel)
    assert sorted(b.text() for b in box.buttons()) == ["저장", "취소"]


def test_engine_messages_op_types_and_shape_labels_stay_as_tf_writes_them(
    seed_window: MainWindow, english_after: None
) -> None:
    _choose(seed_window, "ko")
    node = seed_window.canvas.scene.node_named("add")
    assert node is not None
    tip = node.toolTip()
    assert "add (AddV2)" in tip and "scalar int32" in tip
    edge = seed_window.canvas.scene.edge_into("mul", 0)
    assert edge is not None and "scalar int32" in edge.toolTip()


def test_the_nodes_run_rows_follow_a_switch(
    seed_window: MainWindow, qtbot: QtBot, english_after: None
) -> None:
    controller = seed_window.run.controller
    with qtbot.waitSignal(controller.finished, timeout=10000):
        controller.run()
    with qtbot.waitSignal(controller.finished, timeout=10000):
        controller.run()  # the second run takes the values from the cache
    node = seed_window.canvas.scene.node_named("Const")
    assert node is not None and node.run_text == "cached"
    _choose(seed_window, "ko")
    assert node.run_text == "캐시됨"
    _choose(seed_window, "en")
    assert node.run_text == "cached"


def test_the_undo_history_follows_a_switch(
    seed_window: MainWindow, english_after: None
) -> None:
    canvas = seed_window.canvas
    canvas.select_names(["mul"])
    canvas.delete_selection()
    stack = canvas.undo_stack
    assert stack.text(stack.count() - 1) == "Delete"
    undo = seed_window.canvas_actions.undo
    assert undo.text() == "&Undo Delete"
    _choose(seed_window, "ko")
    assert stack.text(stack.count() - 1) == "삭제"
    assert undo.text() == "삭제 실행 취소(&U)"
    _choose(seed_window, "en")
    assert stack.text(stack.count() - 1) == "Delete" and undo.text() == "&Undo Delete"


def test_every_op_category_of_the_registry_has_its_korean_name(english_after: None) -> None:
    from editor.i18n import category_name
    from engine import op_defs

    translations.set_language("ko")
    categories = {op_def.category for op_def in op_defs()} | {"Opaque"}  # imported nodes
    untranslated = sorted(c for c in categories if not HANGUL.search(category_name(c)))
    assert not untranslated, f"op categories the palette shows in English: {untranslated}"


def test_the_variable_initializers_are_named_in_korean(qtbot: QtBot, english_after: None) -> None:
    import engine
    from editor.variable_panel import VariablePanel

    graph = engine.Graph()
    with graph.as_default():
        variable = engine.Variable(engine.zeros([2]), name="w")
    translations.set_language("ko")
    panel = VariablePanel(variable.op, lambda *_: None, lambda _name: None)
    qtbot.addWidget(panel)
    names = [panel.kind.itemText(i) for i in range(panel.kind.count())]
    assert names[:3] == ["모두 0", "모두 1", "상수 값"]
    assert all(HANGUL.search(name) for name in names), names
