"""editor.i18n: the texts lupdate finds are the texts Qt translates at run time, and kept
texts are set again when the language changes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from editor.i18n import Retranslator, keep_translated, tr, translate

BIN = Path(sys.executable).parent
SOURCE = '''
from editor.i18n import tr, translate
a = tr("Shared text")
b = translate("Ctx", "Own text")
'''


def _korean(tmp_path: Path) -> QTranslator:
    """A translator built by lupdate and lrelease from SOURCE, with Korean filled in."""
    (tmp_path / "m.py").write_text(SOURCE)
    ts = tmp_path / "t_ko.ts"
    subprocess.run([str(BIN / "pyside6-lupdate"), str(tmp_path / "m.py"), "-ts", str(ts)],
                   check=True, capture_output=True, timeout=120)
    text = ts.read_text(encoding="utf-8")
    text = text.replace('<source>Shared text</source>\n        <translation type="unfinished">'
                        '</translation>', '<source>Shared text</source>\n        '
                        '<translation>공유 텍스트</translation>')
    text = text.replace('<source>Own text</source>\n        <translation type="unfinished">'
                        '</translation>', '<source>Own text</source>\n        '
                        '<translation>고유 텍스트</translation>')
    ts.write_text(text, encoding="utf-8")
    qm = tmp_path / "t_ko.qm"
    subprocess.run([str(BIN / "pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True,
                   capture_output=True, timeout=120)
    translator = QTranslator()
    assert translator.load(str(qm))
    return translator


def test_bare_tr_and_translate_find_what_lupdate_filed(qtbot: QtBot, tmp_path: Path) -> None:
    translator = _korean(tmp_path)
    QCoreApplication.installTranslator(translator)
    try:
        assert tr("Shared text") == "공유 텍스트"
        assert translate("Ctx", "Own text") == "고유 텍스트"
        assert translate("Other", "Own text") == "Own text"  # another context: untouched
    finally:
        QCoreApplication.removeTranslator(translator)
    assert tr("Shared text") == "Shared text"


def test_a_kept_text_is_set_again_at_a_language_change(qtbot: QtBot, tmp_path: Path) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    keep_translated(label, lambda: label.setText(tr("Shared text")))
    assert label.text() == "Shared text"
    translator = _korean(tmp_path)
    QCoreApplication.installTranslator(translator)
    try:
        QCoreApplication.sendPostedEvents(None, 0)
        qtbot.waitUntil(lambda: label.text() == "공유 텍스트")
    finally:
        QCoreApplication.removeTranslator(translator)
    qtbot.waitUntil(lambda: label.text() == "Shared text")
    assert Retranslator.of(label) is Retranslator.of(label)  # one per widget
