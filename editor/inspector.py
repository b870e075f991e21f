"""The inspector: the selected node's type, name, attributes, outputs and error.

Each attribute gets an editor chosen by its kind (``type`` → dtype combo box, ``shape`` →
text read with ``parse_shape``, ``tensor`` → text read with ``parse_value``, ``bool`` →
check box), so an op added to the registry is editable with no change here. Every applied
change is one ``canvas.set_attrs`` (or ``canvas.rename``) call, i.e. one undo step; a value
the parser or the engine refuses is not applied, its reason shows in red under the field,
and the field goes back to the op's value.

The inspector never edits the graph directly and redraws from ``canvas.opChanged``, so undo,
redo and edits made elsewhere show up here the same way as its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Protocol

import numpy as np
import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, SignalInstance
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

import engine
from editor.labels import ERROR_TITLES, tensor_label
from engine import ALL_DTYPES, AttrDef, DType, Operation, TensorShape
from engine.errors import EngineError
from engine.parse import format_shape, format_value, parse_shape, parse_value

#: Values with more elements than this are shown as a read-only preview, not edited as text.
MAX_EDITABLE_ELEMENTS = 1024
ERROR_COLOR = "#c62828"
_REFUSED = (EngineError, ValueError, TypeError, KeyError, OverflowError)


class CanvasLike(Protocol):
    """What the inspector uses of ``editor.canvas.Canvas``."""

    graph: engine.Graph
    selectionChanged: SignalInstance
    opChanged: SignalInstance
    graphReplaced: SignalInstance

    def selected_op_names(self) -> list[str]: ...
    def set_attrs(self, op_name: str, changes: dict[str, Any]) -> None: ...
    def rename(self, op_name: str, new_name: str) -> None: ...


# -- value text --------------------------------------------------------------------------


def _scalar_text(value: Any) -> str:
    if isinstance(value, bytes):
        return json.dumps(value.decode("utf-8", "replace"), ensure_ascii=False)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (complex, np.complexfloating)):
        text = str(value)  # numpy and Python print "(1+2j)"; parse_value reads "1+2j"
        return text[1:-1] if text.startswith("(") else text
    return str(value)  # numpy's shortest text for its own dtype: 0.1, not 0.10000000149


def value_text(value: Any) -> str:
    """The text ``parse_value`` reads back as ``value``: ``[[1, 2], [3, 4]]``, ``2.5``."""
    arr = np.asarray(value)

    def nest(a: np.ndarray) -> str:
        if a.ndim == 0:
            return _scalar_text(a[()])
        return "[" + ", ".join(nest(a[i : i + 1].reshape(a.shape[1:])) for i in
                               range(a.shape[0])) + "]"

    return nest(arr)


def is_editable_value(value: Any) -> bool:
    return value is None or np.asarray(value).size <= MAX_EDITABLE_ELEMENTS


def _literal_kind(value: Any) -> str | None:
    """The kind of numbers a parsed literal holds (as ``DType.kind`` names them), or None
    for an empty list; this is what ``tf.constant(value)`` infers its dtype from."""
    leaves: list[Any] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        else:
            leaves.append(item)
    if not leaves:
        return None
    if any(isinstance(v, str) for v in leaves):
        return "string"
    if all(isinstance(v, bool) for v in leaves):
        return "bool"
    if any(isinstance(v, complex) for v in leaves):
        return "complex"
    if any(isinstance(v, float) for v in leaves):
        return "float"
    return "int"


def _same_family(kind: str | None, dtype: DType) -> bool:
    if kind is None:
        return True
    ints = ("int", "uint")
    return kind == dtype.kind or (kind in ints and dtype.kind in ints)


def _literal_shape(value: Any) -> list[int]:
    dims = []
    while isinstance(value, list):
        dims.append(len(value))
        if not value:
            break
        value = value[0]
    return dims


def value_changes(op: Operation, attr: AttrDef, parsed: Any) -> dict[str, Any]:
    """The ``set_attrs`` changes for a new tensor value typed into ``attr``.

    A value that defines its op's dtype (a Const's ``value``) keeps the op's dtype when the
    literal holds the same kind of numbers (floats in a float64 Const stay float64), and
    otherwise lets the literal choose, as ``tf.constant([[1, 2], [3, 4]])`` gives int32.
    """
    changes: dict[str, Any] = {attr.name: parsed}
    if defines_dtype(op, attr):
        current = op.attrs.get("dtype")
        if isinstance(current, DType) and not _same_family(_literal_kind(parsed), current):
            changes["dtype"] = None
    return changes


def defines_dtype(op: Operation, attr: AttrDef) -> bool:
    """Whether ``attr`` (a tensor) is the value that the op's ``dtype`` attr describes."""
    if attr.kind != "tensor" or attr.optional:
        return False
    try:
        dtype_attr = op.op_def.attr("dtype")
    except KeyError:
        return False
    return dtype_attr.kind == "type" and not dtype_attr.derived


def preview_spec(op: Operation, attr: AttrDef, text: str) -> str:
    """What a Const would become with ``text`` as its value: ``2×2 int32``."""
    try:
        parsed = parse_value(text)
    except _REFUSED as e:
        return f"not a value yet: {e}"
    kind = _literal_kind(parsed)
    current = op.attrs.get("dtype")
    if isinstance(current, DType) and _same_family(kind, current):
        dtype_name = current.name
    else:
        dtype_name = {"int": "int32", "float": "float32", "complex": "complex128"}.get(
            kind or "", kind or "float32"
        )
    shape = TensorShape(_literal_shape(parsed))
    return tensor_label(engine.TensorSpec(shape, engine.as_dtype(dtype_name)))


# -- attribute editors -------------------------------------------------------------------


def _error_label(parent: QWidget, name: str) -> QLabel:
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
    changeRequested = Signal(dict)

    def __init__(self, op: Operation, attr: AttrDef, parent: QWidget) -> None:
        super().__init__(parent)
        self.op = op
        self.attr = attr
        self.container = QWidget(parent)
        self.container.setObjectName(f"attr_{attr.name}")
        self.layout = QVBoxLayout(self.container)
        self.layout.setContentsMargins(0, 0, 0, 0)
        self.layout.setSpacing(2)
        self.error = _error_label(self.container, f"attrError_{attr.name}")

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
    """A line edit applied on Enter or when it loses focus; subclasses parse and format."""

    placeholder = ""

    def __init__(self, op: Operation, attr: AttrDef, parent: QWidget) -> None:
        super().__init__(op, attr, parent)
        self.edit = QLineEdit(self.container)
        self.edit.setPlaceholderText(self.placeholder)
        self.edit.editingFinished.connect(self.commit)
        self.finish(self.edit)
        self._shown = ""
        self.refresh()

    def format(self, value: Any) -> str:
        raise NotImplementedError

    def parse(self, text: str) -> dict[str, Any]:
        """The ``set_attrs`` changes for ``text``; raises ValueError with the reason."""
        raise NotImplementedError

    def refresh(self) -> None:
        self._shown = self.format(self.current())
        self.edit.setText(self._shown)
        self.edit.setCursorPosition(0)

    def commit(self) -> None:
        text = self.edit.text()
        if text == self._shown or self.edit.isReadOnly():
            return
        try:
            changes = self.parse(text)
        except _REFUSED as e:
            self.show_error(str(e))
            self.refresh()
            return
        self.changeRequested.emit(changes)


class ShapeEditor(TextEditor):
    placeholder = "None, 3   (unknown: unknown; rank 0: scalar)"

    def format(self, value: Any) -> str:
        return format_shape(value) if isinstance(value, TensorShape) else ""

    def parse(self, text: str) -> dict[str, Any]:
        return {self.attr.name: parse_shape(text)}


class TensorEditor(TextEditor):
    """A value typed as a literal: ``5``, ``[[1, 2], [3, 4]]``, ``"text"``. Optional
    values (a Placeholder's default) can be cleared; huge values are only previewed."""

    @property
    def placeholder(self) -> str:  # type: ignore[override]
        return "none (optional)" if self.attr.optional else "[[1, 2], [3, 4]]"

    def __init__(self, op: Operation, attr: AttrDef, parent: QWidget) -> None:
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
            f"{self.attr.doc}\nToo large to edit here "
            f"(more than {MAX_EDITABLE_ELEMENTS} elements)."
        )
        super().refresh()

    def parse(self, text: str) -> dict[str, Any]:
        if not text.strip():
            if self.attr.optional:
                return {self.attr.name: None}
            raise ValueError(f"{self.attr.name}: needs a value, such as 0 or [1, 2]")
        return value_changes(self.op, self.attr, parse_value(text))


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
    return EDITORS.get(attr.kind, LiteralEditor)(op, attr, parent)


# -- the panel ---------------------------------------------------------------------------


class OpForm(QWidget):
    """Everything the inspector shows for one op; built when the selection changes."""

    def __init__(
        self,
        op: Operation,
        apply: Callable[[AttrEditor, dict[str, Any]], None],
        rename: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("inspectorForm")
        self.op = op
        op_def = op.op_def
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)

        self.type_label = QLabel(self)
        self.type_label.setObjectName("inspectorType")
        font = QFont(self.type_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.type_label.setFont(font)
        self.type_label.setText(f"{op_def.type}")
        category = QLabel(op_def.category, self)
        category.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.doc_label = QLabel(op_def.doc, self)
        self.doc_label.setObjectName("inspectorDoc")
        self.doc_label.setWordWrap(True)
        layout.addWidget(self.type_label)
        layout.addWidget(category)
        layout.addWidget(self.doc_label)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        layout.addLayout(form)

        name_box = QWidget(self)
        name_layout = QVBoxLayout(name_box)
        name_layout.setContentsMargins(0, 0, 0, 0)
        name_layout.setSpacing(2)
        self.name_edit = QLineEdit(op.name, name_box)
        self.name_edit.setObjectName("inspectorName")
        self.name_edit.editingFinished.connect(lambda: rename(self.name_edit.text()))
        self.name_error = _error_label(name_box, "inspectorNameError")
        name_layout.addWidget(self.name_edit)
        name_layout.addWidget(self.name_error)
        form.addRow("Name", name_box)

        self.editors: dict[str, AttrEditor] = {}
        self.result_label: QLabel | None = None
        for attr in op_def.editable_attrs:
            editor = editor_for(op, attr, self)
            editor.changeRequested.connect(lambda changes, e=editor: apply(e, changes))
            self.editors[attr.name] = editor
            label = QLabel(attr.name, self)
            label.setToolTip(attr.doc)
            form.addRow(label, editor.container)
            if defines_dtype(op, attr) and isinstance(editor, TensorEditor):
                self.result_label = QLabel(self)
                self.result_label.setObjectName("inspectorResult")
                self.result_label.setToolTip("The shape and dtype of the value")
                form.addRow("Result", self.result_label)
                editor.edit.textEdited.connect(
                    lambda text, a=attr: self._preview(a, text)
                )

        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        self.inputs_label: QLabel | None = None
        if op_def.inputs:
            self.inputs_label = self._section(layout, "Inputs", "inspectorInputs")
        self.outputs_label = self._section(layout, "Outputs", "inspectorOutputs")
        self.error_label = _error_label(self, "inspectorError")
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        self.refresh()

    def _section(self, layout: QVBoxLayout, title: str, name: str) -> QLabel:
        """A bold title and, under it, a read-only, selectable text."""
        layout.addSpacing(4)
        heading = QLabel(title, self)
        bold = QFont(heading.font())
        bold.setBold(True)
        heading.setFont(bold)
        layout.addWidget(heading)
        body = QLabel(self)
        body.setObjectName(name)
        body.setTextFormat(Qt.TextFormat.PlainText)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        body.setWordWrap(True)
        layout.addWidget(body)
        return body

    def _preview(self, attr: AttrDef, text: str) -> None:
        if self.result_label is not None:
            self.result_label.setText(preview_spec(self.op, attr, text))

    def refresh(self) -> None:
        """Show the op's current name, attribute values, outputs and error. The op has
        changed (an edit, an undo …), so earlier refusals no longer apply: they go."""
        op = self.op
        self.name_edit.setText(op.name)
        self.name_error.clear()
        self.name_error.hide()
        for editor in self.editors.values():
            editor.clear_error()
            editor.refresh()
        if self.inputs_label is not None:
            rows = []
            for param, tensor in zip(op.op_def.inputs, op.inputs):
                if tensor is None:
                    rows.append(f"{param}   not connected")
                else:
                    rows.append(f"{param} \u2190 {tensor.name}   {tensor_label(tensor.spec)}")
            self.inputs_label.setText("\n".join(rows))
        specs = op.output_specs
        lines = []
        for i in range(len(op.outputs)):
            spec = None if specs is None else specs[i]
            lines.append(f"{op.name}:{i}   {tensor_label(spec)}")
        self.outputs_label.setText("\n".join(lines) or "none")
        if self.result_label is not None:
            self.result_label.setText(tensor_label(specs[0]) if specs else "?")
        if op.error:
            title = ERROR_TITLES.get(op.error_kind or "", "Error")
            self.error_label.setText(f"{title}: {op.error}")
            self.error_label.show()
        else:
            self.error_label.clear()
            self.error_label.hide()


class Inspector(QWidget):
    """The inspector panel for a canvas (put it in a dock named ``inspectorDock``)."""

    def __init__(self, canvas: CanvasLike, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self.canvas = canvas
        self.op: Operation | None = None
        self.form: OpForm | None = None

        self.placeholder = QLabel(self)
        self.placeholder.setObjectName("inspectorPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setMargin(12)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        canvas.selectionChanged.connect(self.refresh)
        canvas.graphReplaced.connect(self.refresh)
        canvas.opChanged.connect(self._op_changed)
        self.refresh()

    # -- what is shown -------------------------------------------------------------------

    def _alive(self, op: Operation | None) -> bool:
        graph = self.canvas.graph
        return op is not None and op.graph is graph and op.name in graph and (
            graph.get_operation_by_name(op.name) is op
        )

    def refresh(self) -> None:
        """Show the selected op (rebuilding the form when it is another op)."""
        if not shiboken6.isValid(self.canvas):  # the window is being torn down
            return
        names = self.canvas.selected_op_names()
        graph = self.canvas.graph
        op = None
        if len(names) == 1 and names[0] in graph:
            op = graph.get_operation_by_name(names[0])
        if op is None:
            self._show_placeholder(len(names))
            return
        if op is not self.op or self.form is None:
            self._build(op)
        else:
            self.form.refresh()

    def _show_placeholder(self, count: int) -> None:
        self.op = None
        if count == 0:
            self.placeholder.setText(
                "No node selected.\n\nSelect a node to edit it. Add nodes from the palette, "
                "or press Tab on the canvas."
            )
        else:
            self.placeholder.setText(f"{count} nodes selected")
        self.stack.setCurrentWidget(self.placeholder)
        self._drop_form()

    def _drop_form(self) -> None:
        if self.form is not None:
            old = self.scroll.takeWidget()
            if old is not None:
                old.hide()
                old.deleteLater()
            self.form = None

    def _build(self, op: Operation) -> None:
        self._drop_form()
        self.op = op
        self.form = OpForm(
            op,
            lambda editor, changes, o=op: self._apply(o, editor, changes),
            lambda text, o=op: self._rename(o, text),
        )
        self.scroll.setWidget(self.form)
        self.stack.setCurrentWidget(self.scroll)

    def _op_changed(self, name: str) -> None:
        if self.op is None or not shiboken6.isValid(self.canvas):
            return
        if not self._alive(self.op):
            self.refresh()
        elif name == self.op.name and self.form is not None:
            self.form.refresh()

    # -- edits ---------------------------------------------------------------------------

    def _apply(self, op: Operation, editor: AttrEditor, changes: dict[str, Any]) -> None:
        if op is not self.op or not self._alive(op):
            return  # the field of a node no longer shown lost its focus: drop the edit
        try:
            self.canvas.set_attrs(op.name, changes)
        except _REFUSED as e:
            editor.show_error(str(e))
            editor.refresh()
            return
        if self.form is not None and op is self.op:
            self.form.refresh()

    def _rename(self, op: Operation, text: str) -> None:
        if op is not self.op or self.form is None or not self._alive(op):
            return
        form = self.form
        new_name = text.strip()
        if new_name == op.name:
            form.name_edit.setText(op.name)
            form.name_error.hide()
            return
        try:
            self.canvas.rename(op.name, new_name)
        except _REFUSED as e:
            form.name_error.setText(str(e))
            form.name_error.show()
            form.name_edit.setText(op.name)
            return
        form.refresh()
