"""The inspector's attribute fields: one editor per attribute, chosen by its kind.

Why a class per kind (``type`` → dtype combo box, ``shape`` → text read with
``parse_shape``, ``tensor`` → text read with ``parse_value``, ``bool`` → check box, any
other → a literal): an op added to the registry is then editable with no change here.
A field never edits the op: it emits the changes it wants (``changeRequested``), and a
value the parser refuses shows its reason in red under the field, which goes back to
the op's value.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget

import engine
from editor.attr_values import (
    MAX_EDITABLE_ELEMENTS,
    MAX_TYPED_CHARS,
    REFUSED,
    conversion_warning,
    is_editable_value,
    too_long,
    value_changes,
    value_text,
)
from editor.i18n import translate
from engine import (
    ALL_DTYPES,
    AttrDef,
    DType,
    Operation,
    TensorShape,
    format_shape,
    format_value,
    parse_shape,
    parse_value,
)

ERROR_COLOR = "#c62828"


def error_label(parent: QWidget, name: str) -> QLabel:
    """The red line under a field, hidden until a value is refused (the panel's name
    field and op error use it too, so every refusal reads alike)."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setTextFormat(Qt.TextFormat.PlainText)  # messages quote "<unknown>" shapes
    label.setStyleSheet(f"color: {ERROR_COLOR};")
    label.hide()
    return label


class AttrEditor(QObject):
    """One attribute's field plus the red line under it for a refused value."""

    #: the changes to apply (a dict for one ``set_attrs`` call)
    changeRequested = Signal(object)

    def __init__(self, op: Operation, attr: AttrDef, parent: QWidget) -> None:
        super().__init__(parent)
        self.op = op
        self.attr = attr
        self.container = QWidget(parent)
        self.container.setObjectName(f"attr_{attr.name}")
        self.layout = QVBoxLayout(self.container)
        self.layout.setContentsMargins(0, 0, 0, 0)
        self.layout.setSpacing(2)
        self.error = error_label(self.container, f"attrError_{attr.name}")

    def finish(self, field: QWidget) -> None:
        self.field = field
        field.setObjectName(f"attrField_{self.attr.name}")
        field.setToolTip(self.attr.doc)
        self.layout.addWidget(field)
        self.layout.addWidget(self.error)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def clear_error(self) -> None:
        self.error.clear()
        self.error.hide()

    def current(self) -> Any:
        return self.op.attrs.get(self.attr.name)

    def refresh(self) -> None:
        """Show the op's value (after a change, an undo, or a refused value)."""
        raise NotImplementedError


class DTypeEditor(AttrEditor):
    def __init__(self, op: Operation, attr: AttrDef, parent: QWidget) -> None:
        super().__init__(op, attr, parent)
        self.combo = QComboBox(self.container)
        for dtype in ALL_DTYPES:
            self.combo.addItem(dtype.name, dtype.name)
        self.combo.activated.connect(self._chosen)  # user choices only, not refresh()
        self.finish(self.combo)
        self.refresh()

    def refresh(self) -> None:
        value = self.current()
        name = value.name if isinstance(value, DType) else ""
        self.combo.setCurrentIndex(self.combo.findData(name))

    def _chosen(self, index: int) -> None:
        name = self.combo.itemData(index)
        value = self.current()
        if isinstance(value, DType) and value.name == name:
            return
        self.changeRequested.emit({self.attr.name: engine.as_dtype(name)})


class BoolEditor(AttrEditor):
    def __init__(self, op: Operation, attr: AttrDef, parent: QWidget) -> None:
        super().__init__(op, attr, parent)
        self.check = QCheckBox(attr.doc or attr.name, self.container)
        self.check.clicked.connect(lambda checked: self.changeRequested.emit(
            {self.attr.name: bool(checked)}))
        self.finish(self.check)
        self.check.setToolTip("")
        self.refresh()

    def refresh(self) -> None:
        self.check.setChecked(bool(self.current()))


class TextEditor(AttrEditor):
    """A line edit applied on Enter or when it loses focus; subclasses parse and format.

    Typing clears a refusal shown for an earlier text (it no longer applies). A value the
    conversion would change (``warning``) is not applied at once: the reason shows, the
    text stays, and Enter on the same text again applies it.
    """

    placeholder = ""

    def __init__(self, op: Operation, attr: AttrDef, parent: QWidget) -> None:
        super().__init__(op, attr, parent)
        self.edit = QLineEdit(self.container)
        self.edit.setPlaceholderText(self.placeholder)
        # one over the limit: a longer paste is refused with a reason, never cut silently
        self.edit.setMaxLength(MAX_TYPED_CHARS + 1)
        self.edit.returnPressed.connect(self._enter_pressed)
        self.edit.editingFinished.connect(self.commit)
        self.edit.textEdited.connect(lambda _text: self.clear_error())
        self.finish(self.edit)
        self._shown = ""
        self._by_enter = False
        #: the text whose conversion warning was shown: Enter on it again applies it
        self._warned = ""
        self.refresh()

    def format(self, value: Any) -> str:
        raise NotImplementedError

    def parse(self, text: str) -> dict[str, Any]:
        """The ``set_attrs`` changes for ``text``; raises ValueError with the reason."""
        raise NotImplementedError

    def warning(self, text: str, changes: dict[str, Any]) -> str | None:
        """What applying ``changes`` would change about the typed value (None: nothing)."""
        return None

    def refresh(self) -> None:
        self._shown = self.format(self.current())
        self._warned = ""
        self.edit.setText(self._shown)
        self.edit.setCursorPosition(0)

    def _enter_pressed(self) -> None:
        self._by_enter = True  # editingFinished follows at once

    def commit(self) -> None:
        by_enter, self._by_enter = self._by_enter, False
        text = self.edit.text()
        if text == self._shown or self.edit.isReadOnly():
            return
        try:
            reason = too_long(text)
            if reason is not None:
                raise ValueError(reason)
            changes = self.parse(text)
            warning = self.warning(text, changes)
        except REFUSED as e:
            self.show_error(str(e))
            self.refresh()
            return
        if warning is not None and not (by_enter and text == self._warned):
            if by_enter:
                self._warned = text
                self.show_error(translate(
                    "AttrEditors", "{warning}. Press Enter again to use it, or change it.",
                ).format(warning=warning))
            else:  # the field lost its focus: nothing was confirmed
                self.show_error(translate("AttrEditors", "{warning}: not applied.").format(
                    warning=warning))
                self.refresh()
            return
        self._warned = ""
        self.changeRequested.emit(changes)


class ShapeEditor(TextEditor):
    @property
    def placeholder(self) -> str:  # type: ignore[override]
        return translate("AttrEditors", "None, 3   (unknown: unknown; rank 0: scalar)")

    def format(self, value: Any) -> str:
        return format_shape(value) if isinstance(value, TensorShape) else ""

    def parse(self, text: str) -> dict[str, Any]:
        return {self.attr.name: parse_shape(text)}


class TensorEditor(TextEditor):
    """A value typed as a literal: ``5``, ``[[1, 2], [3, 4]]``, ``"text"``. Optional
    values (a Placeholder's default) can be cleared; huge values are only previewed."""

    @property
    def placeholder(self) -> str:  # type: ignore[override]
        return (translate("AttrEditors", "none (optional)") if self.attr.optional
                else "[[1, 2], [3, 4]]")

    def __init__(self, op: Operation, attr: AttrDef, parent: QWidget) -> None:
        self._parsed: Any = None
        super().__init__(op, attr, parent)
        if attr.optional:
            self.edit.setClearButtonEnabled(True)

    def format(self, value: Any) -> str:
        if value is None:
            return ""
        return value_text(value) if is_editable_value(value) else format_value(value, 80)

    def refresh(self) -> None:
        editable = is_editable_value(self.current())
        self.edit.setReadOnly(not editable)
        self.edit.setToolTip(
            self.attr.doc if editable else
            f"{self.attr.doc}\n" + translate(
                "AttrEditors", "Too large to edit here (more than {count} elements).",
            ).format(count=MAX_EDITABLE_ELEMENTS)
        )
        super().refresh()

    def parse(self, text: str) -> dict[str, Any]:
        if not text.strip():
            self._parsed = None
            if self.attr.optional:
                return {self.attr.name: None}
            raise ValueError(translate("AttrEditors", "{attr}: needs a value, such as 0 or "
                                       "[1, 2]").format(attr=self.attr.name))
        self._parsed = parse_value(text)
        return value_changes(self.op, self.attr, self._parsed)

    def warning(self, text: str, changes: dict[str, Any]) -> str | None:
        return conversion_warning(self.op, self.attr, self._parsed, changes)


class LiteralEditor(TextEditor):
    """Any other kind (``int`` …): a literal read with ``parse_value``."""

    def format(self, value: Any) -> str:
        return "" if value is None else value_text(value)

    def parse(self, text: str) -> dict[str, Any]:
        if not text.strip() and self.attr.optional:
            return {self.attr.name: None}
        return {self.attr.name: parse_value(text)}


EDITORS: dict[str, type[AttrEditor]] = {
    "type": DTypeEditor,
    "shape": ShapeEditor,
    "tensor": TensorEditor,
    "bool": BoolEditor,
}


def editor_for(op: Operation, attr: AttrDef, parent: QWidget) -> AttrEditor:
    """The field for ``attr``, by its kind; a kind with no editor of its own is typed as
    a literal, so a new kind of attribute is still editable."""
    return EDITORS.get(attr.kind, LiteralEditor)(op, attr, parent)
