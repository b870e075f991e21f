"""The safety net of a language switch: texts nobody set again are looked up in the catalog.

Why: every window, dock and widget sets its texts again at a ``LanguageChange`` (its
``retranslate_ui`` or an ``editor.i18n.Retranslator``). A text set once by code that does
not (yet) do so — a button built with ``tr("Bind File…")`` and left as it was — would stay
in the old language until the window is made again. After a switch, each widget's and
action's texts that are still a catalog text of the old language are replaced by the same
text in the new one. A text already in the new language, a name (``mul``) or a formatted
message (``Opened seed.json``) matches nothing and is left alone.

The catalog is the ``.ts`` source itself (the ``.qm`` is hashed and cannot be read
backwards): source texts and their finished translations, whatever their context.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

import shiboken6
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDockWidget,
    QDoubleSpinBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QSpinBox,
    QTableWidget,
    QTabWidget,
    QWidget,
)

from editor.i18n import TRANSLATES_ITSELF


@cache
def catalog(path: Path) -> dict[str, str]:
    """``{source: translation}`` of the finished translations in a ``.ts`` file (the first
    one where a source is translated differently in two contexts)."""
    texts: dict[str, str] = {}
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return texts
    for message in root.iter("message"):
        source = message.findtext("source")
        node = message.find("translation")
        if not source or node is None or node.get("type") in ("unfinished", "obsolete",
                                                                 "vanished"):
            continue
        text = node.text or message.findtext("translation/numerusform") or ""
        if text and source not in texts:
            texts[source] = text
    return texts


def switch_map(path: Path, old: str, new: str, source_language: str = "en") -> dict[str, str]:
    """Old-language text → new-language text, for a switch between the source language
    and the language of the catalog at ``path``."""
    texts = catalog(path)
    if old == source_language and new != source_language:
        return dict(texts)
    if new == source_language and old != source_language:
        back: dict[str, str] = {}
        for source, text in texts.items():
            back.setdefault(text, source)
        return back
    return {}


def _swap(get: Callable[[], str], put: Callable[[str], object], texts: dict[str, str]) -> int:
    current = get()
    replacement = texts.get(current) if current else None
    if replacement is None or replacement == current:
        return 0
    put(replacement)
    return 1


def _widget_texts(widget: QWidget, texts: dict[str, str]) -> int:
    n = _swap(widget.toolTip, widget.setToolTip, texts)
    if isinstance(widget, (QAbstractButton, QLabel)):
        n += _swap(widget.text, widget.setText, texts)
    if isinstance(widget, QGroupBox):
        n += _swap(widget.title, widget.setTitle, texts)
    if isinstance(widget, QMenu):
        n += _swap(widget.title, widget.setTitle, texts)
    if isinstance(widget, QDockWidget) or widget.isWindow():
        n += _swap(widget.windowTitle, widget.setWindowTitle, texts)
    if isinstance(widget, QLineEdit):
        n += _swap(widget.placeholderText, widget.setPlaceholderText, texts)
    if isinstance(widget, QComboBox):
        for i in range(widget.count()):
            n += _swap(lambda i=i: widget.itemText(i),
                       lambda t, i=i: widget.setItemText(i, t), texts)
    if isinstance(widget, QTabWidget):
        for i in range(widget.count()):
            n += _swap(lambda i=i: widget.tabText(i),
                       lambda t, i=i: widget.setTabText(i, t), texts)
    if isinstance(widget, QProgressBar):
        n += _swap(widget.format, widget.setFormat, texts)
    if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
        n += _swap(widget.suffix, widget.setSuffix, texts)
        n += _swap(widget.prefix, widget.setPrefix, texts)
        n += _swap(widget.specialValueText, widget.setSpecialValueText, texts)
    if isinstance(widget, QTableWidget):
        for i in range(widget.columnCount()):
            item = widget.horizontalHeaderItem(i)
            if item is not None:
                n += _swap(item.text, item.setText, texts)
    return n


def _action_texts(action: QAction, texts: dict[str, str]) -> int:
    return (_swap(action.text, action.setText, texts)
            + _swap(action.statusTip, action.setStatusTip, texts)
            + _swap(action.toolTip, action.setToolTip, texts))


def _all_widgets() -> list[QWidget]:
    """The windows and everything in them (the windows' own trees: never a widget Qt is
    destroying)."""
    found: list[QWidget] = []
    for window in QApplication.topLevelWidgets():
        if shiboken6.isValid(window):
            found.append(window)
            found.extend(window.findChildren(QWidget))
    return found


def _translates_itself(widget: QWidget) -> bool:
    node: QWidget | None = widget
    while node is not None:
        if node.property(TRANSLATES_ITSELF):
            return True
        node = node.parentWidget()
    return False


def switch_texts(texts: dict[str, str], widgets: Iterable[QWidget] | None = None) -> int:
    """Replace every old-language catalog text of ``widgets`` (every widget of the
    application) and of their actions; returns how many texts changed."""
    if not texts:
        return 0
    changed = 0
    seen: set[int] = set()
    for widget in list(_all_widgets() if widgets is None else widgets):
        if not shiboken6.isValid(widget) or _translates_itself(widget):
            continue
        changed += _widget_texts(widget, texts)
        for action in [*widget.actions(), *widget.findChildren(QAction)]:
            if id(action) not in seen:
                seen.add(id(action))
                changed += _action_texts(action, texts)
    return changed
