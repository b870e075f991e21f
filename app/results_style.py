"""The Results dock's look, shared by the dock and its value pane: the dim text colour,
the fixed-width font of values, and labels a user can select text in (to copy a number).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QLabel

DIM_COLOR = "#6b7080"
ERROR_COLOR = "#c0392b"


def fixed_font() -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    return font


def selectable_label(name: str, style: str = "") -> QLabel:
    """A label named ``name`` (tests find it by that) whose text the mouse can select."""
    label = QLabel()
    label.setObjectName(name)
    if style:
        label.setStyleSheet(style)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
