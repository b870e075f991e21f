"""A language switch also puts into the new language the texts no widget set again: the
static texts of buttons, labels, actions, headers, looked up in the .ts catalog."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.catalog_switch import catalog, switch_map
from app.translations import TRANSLATIONS_DIR, translations
from editor.i18n import translates_itself

TS = TRANSLATIONS_DIR / "tensorcanvas_ko.ts"


@pytest.fixture
def english_after() -> Iterator[None]:
    yield
    translations.set_language("en")


def test_the_catalog_maps_sources_to_finished_translations() -> None:
    texts = catalog(TS)
    assert texts["Export Image"] == "이미지 내보내기"
    assert switch_map(TS, "ko", "en")["이미지 내보내기"] == "Export Image"
    assert switch_map(TS, "en", "en") == {}


def test_texts_set_once_follow_a_switch_both_ways(qtbot: QtBot, english_after: None) -> None:
    box = QWidget()
    qtbot.addWidget(box)
    button = QPushButton("Export Image", box)
    button.setToolTip("Show the whole graph")
    table = QTableWidget(0, 2, box)
    table.setHorizontalHeaderLabels(["Action", "Shortcut"])
    action = QAction("Copy selected cells", box)
    box.addAction(action)
    spin = QSpinBox(box)
    spin.setSpecialValueText("none")
    translations.set_language("ko")
    assert spin.specialValueText() == "없음"
    assert button.text() == "이미지 내보내기"
    assert button.toolTip() == "그래프 전체를 화면에 맞춰 보여 줍니다"
    assert table.horizontalHeaderItem(0).text() == "동작"
    assert action.text() == "선택한 셀 복사"
    translations.set_language("en")
    assert button.text() == "Export Image" and action.text() == "Copy selected cells"


def test_names_messages_and_self_translating_widgets_are_left_alone(
    qtbot: QtBot, english_after: None
) -> None:
    box = QWidget()
    qtbot.addWidget(box)
    layout = QVBoxLayout(box)
    name = QLabel("mul:0")
    message = QLabel("Opened seed.json")
    own = QWidget()
    translates_itself(own)
    own_text = QLabel("Inputs", own)  # a catalog text, but its widget says its own texts
    for widget in (name, message, own):
        layout.addWidget(widget)
    translations.set_language("ko")
    assert catalog(TS)["Inputs"] == "입력"
    assert (name.text(), message.text(), own_text.text()) == (
        "mul:0", "Opened seed.json", "Inputs")
