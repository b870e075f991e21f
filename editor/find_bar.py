"""Find (Ctrl+F): ops by name, type or scope, listed; Enter jumps to the next match.

Why a bar over the canvas (not a dialog): finding is part of moving around, so the
canvas stays usable while the bar is open. A match inside a collapsed group is still
found; jumping to it expands its groups. Matches are selected on the canvas, so they are
highlighted the way a selection is, and Esc closes the bar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

if TYPE_CHECKING:
    from editor.canvas import Canvas

#: matches listed at most (all are counted)
MAX_LISTED = 500


def find_ops(canvas: Canvas, text: str) -> list[str]:
    """Names of the ops whose name, type or scope contains ``text`` (case-insensitive),
    in graph order; names first matched by name, then the rest."""
    needle = text.strip().lower()
    if not needle:
        return []
    by_name: list[str] = []
    by_type: list[str] = []
    for op in canvas.graph.get_operations():
        name = op.name.lower()
        if needle in name.rsplit("/", 1)[-1] or needle in name:
            by_name.append(op.name)
        elif needle in op.type.lower():
            by_type.append(op.name)
    return by_name + by_type


class FindBar(QFrame):
    """The bar at the top of the canvas view."""

    #: the op jumped to
    jumped = Signal(str)

    def __init__(self, canvas: Canvas) -> None:
        super().__init__(canvas.view)
        self.canvas = canvas
        self.setObjectName("findBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.field = QLineEdit(self)
        self.field.setPlaceholderText(self.tr("Find by name, type or scope"))
        self.field.setClearButtonEnabled(True)
        self.count = QLabel(self)
        self.matches = QListWidget(self)
        self.matches.setMaximumHeight(180)
        self.matches.setVisible(False)
        row = QHBoxLayout()
        row.addWidget(self.field, 1)
        row.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(row)
        layout.addWidget(self.matches)
        self.names: list[str] = []
        self.current = -1
        self.field.textChanged.connect(self._search)
        self.field.installEventFilter(self)
        self.matches.itemActivated.connect(self._activate_item)
        self.matches.itemClicked.connect(self._activate_item)
        self.setVisible(False)

    def open(self) -> None:
        self.resize(min(420, self.canvas.view.width() - 20), self.sizeHint().height())
        self.move(10, 10)
        self.show()
        self.raise_()
        self.field.setFocus()
        self.field.selectAll()
        if self.field.text():
            self._search(self.field.text())

    def close_bar(self) -> None:
        self.hide()
        self.canvas.view.setFocus()

    def _search(self, text: str) -> None:
        self.names = find_ops(self.canvas, text)
        self.current = -1
        self.matches.clear()
        for name in self.names[:MAX_LISTED]:
            op = self.canvas.graph.get_operation_by_name(name)
            item = QListWidgetItem(f"{name}  ·  {op.type}")
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.matches.addItem(item)
        self.matches.setVisible(bool(self.names))
        n = len(self.names)
        self.count.setText(self.tr("no matches") if text.strip() and not n
                           else self.tr("{n} found").format(n=n) if n else "")
        self.adjustSize()
        shown = [n for n in self.names if self.canvas.scene.position(n) is not None]
        self.canvas.select_names(shown)

    def next_match(self, step: int = 1) -> str | None:
        """Jump to the next (or, with ``step=-1``, previous) match: expand the groups
        around it, select it and centre the view on it."""
        if not self.names:
            return None
        self.current = (self.current + step) % len(self.names)
        return self.jump_to(self.names[self.current])

    def jump_to(self, name: str) -> str:
        canvas = self.canvas
        canvas.groups.reveal(name)
        canvas.select_names([name])
        canvas.center_on(name)
        if self.current < self.matches.count():
            self.matches.setCurrentRow(self.current)
        self.count.setText(self.tr("{i} of {n}").format(i=self.current + 1, n=len(self.names)))
        self.jumped.emit(name)
        return name

    def _activate_item(self, item: QListWidgetItem) -> None:
        name = item.data(Qt.ItemDataRole.UserRole)
        self.current = self.names.index(name)
        self.jump_to(name)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                self.next_match(-1 if shift else 1)
                return True
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if key == Qt.Key.Key_Down and self.names:
                self.matches.setFocus()
                self.matches.setCurrentRow(0)
                return True
        return super().eventFilter(watched, event)


def find_bar_for(canvas: Canvas) -> FindBar:
    """The canvas's find bar, made on first use."""
    bar = canvas.view.findChild(FindBar)
    return bar if isinstance(bar, FindBar) else FindBar(canvas)

