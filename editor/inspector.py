"""The inspector: the selected node's type, name, attributes, outputs and error.

Each attribute gets an editor chosen by its kind (``type`` → dtype combo box, ``shape`` →
text read with ``parse_shape``, ``tensor`` → text read with ``parse_value``, ``bool`` →
check box), so an op added to the registry is editable with no change here. Every applied
change is one ``canvas.set_attrs`` (or ``canvas.rename``) call, i.e. one undo step; a value
the parser or the engine refuses is not applied, its reason shows in red under the field,
and the field goes back to the op's value. The fields are in ``editor.attr_editors``, the
value rules in ``editor.attr_values``; this module is the panel that holds them.

The inspector never edits the graph directly and redraws from ``canvas.opChanged``, so undo,
redo and edits made elsewhere show up here the same way as its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import shiboken6
from PySide6.QtCore import QEvent, Qt, SignalInstance
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
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
from editor.attr_editors import AttrEditor, TensorEditor, editor_for, error_label
from editor.attr_values import REFUSED, defines_dtype, preview_spec
from editor.i18n import category_name, is_language_change, translate, translates_itself
from editor.labels import error_title, name_error_text, tensor_label
from engine import AttrDef, Operation

__all__ = ["CanvasLike", "Inspector", "OpForm"]


class CanvasLike(Protocol):
    """What the inspector uses of ``editor.canvas.Canvas``."""

    graph: engine.Graph
    selectionChanged: SignalInstance
    opChanged: SignalInstance
    graphReplaced: SignalInstance

    def selected_op_names(self) -> list[str]: ...
    def set_attrs(self, op_name: str, changes: dict[str, Any]) -> None: ...
    def rename(self, op_name: str, new_name: str) -> None: ...


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
        category = QLabel(category_name(op_def.category), self)
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
        self.name_error = error_label(name_box, "inspectorNameError")
        self.name_edit.textEdited.connect(lambda _text: self.name_error.hide())
        name_layout.addWidget(self.name_edit)
        name_layout.addWidget(self.name_error)
        form.addRow(translate("Inspector", "Name"), name_box)

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
                self.result_label.setWordWrap(True)  # "not a value yet: …" is long
                self.result_label.setTextFormat(Qt.TextFormat.PlainText)
                self.result_label.setToolTip(
                    translate("Inspector", "The shape and dtype of the value"))
                form.addRow(translate("Inspector", "Result"), self.result_label)
                editor.edit.textEdited.connect(
                    lambda text, a=attr: self._preview(a, text)
                )

        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        self.inputs_label: QLabel | None = None
        if op_def.inputs:
            self.inputs_label = self._section(
                layout, translate("Inspector", "Inputs"), "inspectorInputs")
        self.outputs_label = self._section(
            layout, translate("Inspector", "Outputs"), "inspectorOutputs")
        self.error_label = error_label(self, "inspectorError")
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
            for param, tensor in zip(op.input_names, op.inputs):
                if tensor is None:
                    rows.append(f"{param}   " + translate("Inspector", "not connected"))
                else:
                    rows.append(f"{param} \u2190 {tensor.name}   {tensor_label(tensor.spec)}")
            self.inputs_label.setText("\n".join(rows))
        specs = op.output_specs
        lines = []
        for i in range(len(op.outputs)):
            spec = None if specs is None else specs[i]
            lines.append(f"{op.name}:{i}   {tensor_label(spec)}")
        self.outputs_label.setText("\n".join(lines) or translate("Inspector", "none"))
        if self.result_label is not None:
            self.result_label.setText(tensor_label(specs[0]) if specs else "?")
        if op.error:
            self.error_label.setText(f"{error_title(op.error_kind)}: {op.error}")
            self.error_label.show()
        else:
            self.error_label.clear()
            self.error_label.hide()


class Inspector(QWidget):
    """The inspector panel for a canvas (put it in a dock named ``inspectorDock``)."""

    def __init__(self, canvas: CanvasLike, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        translates_itself(self)
        self.canvas = canvas
        self.op: Operation | None = None
        self.form: OpForm | None = None
        #: more sections for some ops (a Variable's initializer): each builder returns a
        #: widget for the op, or None; they go at the end of its form
        self.extra_sections: list[Callable[[Operation], QWidget | None]] = []

        self.placeholder = QLabel(self)
        self.placeholder.setObjectName("inspectorPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setMargin(12)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        # the form is as wide as the dock: its long lines wrap instead of running off it
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
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

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):  # the form's labels and texts: built again
            self._drop_form()
            self.refresh()
        super().changeEvent(event)

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
            self.placeholder.setText(translate(
                "Inspector", "No node selected.\n\nSelect a node to edit it. Add nodes from the "
                "palette, or press Tab on the canvas."))
        else:
            self.placeholder.setText(translate("Inspector", "{count} nodes selected").format(
                count=count))
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
        layout = self.form.layout()
        for build in self.extra_sections:
            extra = build(op)
            if extra is not None:
                layout.insertWidget(layout.count() - 1, extra)  # type: ignore[attr-defined]
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
        except REFUSED as e:
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
        except REFUSED as e:
            form.name_error.setText(name_error_text(str(e), new_name))
            form.name_error.show()
            form.name_edit.setText(op.name)
            return
        form.refresh()
