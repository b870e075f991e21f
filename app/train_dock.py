"""The Train dock (``trainDock``): data bindings, settings, Start/Pause/Stop, progress and
the live loss plot.

Why every setting goes through ``SetSection``: the setup is part of the document (saved in
the file's editor section, kept by autosave), so a change is an undo step like any edit
and marks the document unsaved; undoing it updates the fields, because the dock redraws
from the section whenever it changes, never from its own widgets.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.fit_plot import FitPlot
from app.loss_plot import LossPlot
from app.train_setup import SECTION_KEY, TrainSetup, setup_from_json
from editor.canvas import Canvas
from editor.i18n import tr
from editor.sections import set_section
from engine import DataSource, TrainConfig, format_shape

_SPIN_MAX = 2**31 - 1



def _spin(name: str, low: int, high: int = _SPIN_MAX, special: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setRange(low, high)
    if special:
        spin.setSpecialValueText(special)
    spin.setKeyboardTracking(False)  # one change per value typed, not per digit
    return spin


class TrainDock(QDockWidget):
    """The dock; ``setup()`` is what the document's section says now."""

    #: the user asked to bind a placeholder (name, whether for validation)
    bindRequested = Signal(str, bool)

    def __init__(self, canvas: Canvas, parent: QWidget | None = None) -> None:
        super().__init__(tr("Train"), parent)
        self.setObjectName("trainDock")
        self.canvas = canvas
        self._updating = False
        # two columns: what to train on (data, settings; scrolled, so the dock never forces
        # the window's minimum size up) beside how it goes (controls, progress, plot)
        setup_box = QWidget()
        left = QVBoxLayout(setup_box)
        left.setContentsMargins(6, 6, 6, 6)
        left.addWidget(self._build_data())
        left.addWidget(self._build_settings())
        left.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(setup_box)
        scroll.setMinimumWidth(260)
        progress_box = QWidget()
        right = QVBoxLayout(progress_box)
        right.setContentsMargins(6, 6, 6, 6)
        right.addLayout(self._build_controls())
        right.addWidget(self._build_plot(), 1)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.setObjectName("trainSplitter")
        body.addWidget(scroll)
        body.addWidget(progress_box)
        body.setStretchFactor(1, 1)
        # scrolled as a whole too: a narrow or short dock scrolls instead of widening the window
        outer = QScrollArea()
        outer.setWidgetResizable(True)
        outer.setFrameShape(QFrame.Shape.NoFrame)
        outer.setWidget(body)
        self.setWidget(outer)
        canvas.sections.changed.connect(self._section_changed)
        canvas.adapter.opAdded.connect(lambda *_: self.refresh())
        canvas.adapter.opRemoved.connect(lambda *_: self.refresh())
        canvas.adapter.opRenamed.connect(lambda *_: self.refresh())
        self.refresh()

    # --- building --------------------------------------------------------------------------
    def _build_data(self) -> QGroupBox:
        group = QGroupBox(tr("Data"))
        box = QVBoxLayout(group)
        self.bindings = QTableWidget(0, 4)
        self.bindings.setObjectName("trainBindings")
        self.bindings.setHorizontalHeaderLabels(
            [tr("Placeholder"), tr("Shape"), tr("Training file"), tr("Validation file")])
        self.bindings.verticalHeader().hide()
        self.bindings.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.bindings.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.bindings.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.bindings.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.bindings.setMaximumHeight(110)
        self.bindings.cellDoubleClicked.connect(
            lambda row, column: self._ask_bind(row, column == 3))
        box.addWidget(self.bindings)
        buttons = QHBoxLayout()
        self.bind_button = QPushButton(tr("Bind File…"))
        self.bind_button.setObjectName("trainBindButton")
        self.bind_button.clicked.connect(lambda: self._ask_bind(self._row(), False))
        self.bind_val_button = QPushButton(tr("Validation File…"))
        self.bind_val_button.setObjectName("trainBindValidationButton")
        self.bind_val_button.clicked.connect(lambda: self._ask_bind(self._row(), True))
        self.unbind_button = QPushButton(tr("Unbind"))
        self.unbind_button.setObjectName("trainUnbindButton")
        self.unbind_button.clicked.connect(self._unbind_selected)
        for button in (self.bind_button, self.bind_val_button, self.unbind_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("trainProblem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #b3261e;")
        self.problem_label.hide()
        box.addWidget(self.problem_label)
        return group

    def _build_settings(self) -> QGroupBox:
        group = QGroupBox(tr("Settings"))
        form = QFormLayout(group)
        self.train_op_combo = QComboBox()
        self.train_op_combo.setObjectName("trainOpCombo")
        self.loss_combo = QComboBox()
        self.loss_combo.setObjectName("trainLossCombo")
        self.metric_combo = QComboBox()
        self.metric_combo.setObjectName("trainMetricCombo")
        for combo, key in ((self.train_op_combo, "train_op"), (self.loss_combo, "loss"),
                           (self.metric_combo, "metric")):
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            combo.activated.connect(lambda _i, c=combo, k=key: self._set_name(k, c.currentText()))
            line = combo.lineEdit()
            assert line is not None
            line.editingFinished.connect(
                lambda c=combo, k=key: self._set_name(k, c.currentText()))
        form.addRow(tr("Train op"), self.train_op_combo)
        form.addRow(tr("Loss"), self.loss_combo)
        form.addRow(tr("Metric"), self.metric_combo)
        self.batch = _spin("trainBatchSize", 0, special=tr("all rows"))
        form.addRow(tr("Batch size"), self.batch)
        shuffle_row = QHBoxLayout()
        self.shuffle = QCheckBox(tr("Shuffle, seed"))
        self.shuffle.setObjectName("trainShuffle")
        self.seed = _spin("trainSeed", 0)
        shuffle_row.addWidget(self.shuffle)
        shuffle_row.addWidget(self.seed, 1)
        form.addRow(tr("Order"), shuffle_row)
        length = QHBoxLayout()
        self.epochs = _spin("trainEpochs", 1)
        self.steps = _spin("trainSteps", 0, special=tr("by epochs"))
        length.addWidget(QLabel(tr("epochs")))
        length.addWidget(self.epochs, 1)
        length.addWidget(QLabel(tr("or steps")))
        length.addWidget(self.steps, 1)
        form.addRow(tr("Length"), length)
        self.eval_every = _spin("trainEvalEvery", 0, special=tr("at the end"))
        self.eval_every.setSuffix(tr(" steps"))
        form.addRow(tr("Evaluate every"), self.eval_every)
        self.val_fraction = QDoubleSpinBox()
        self.val_fraction.setObjectName("trainValidationFraction")
        self.val_fraction.setRange(0.0, 0.9)
        self.val_fraction.setSingleStep(0.05)
        self.val_fraction.setDecimals(2)
        self.val_fraction.setKeyboardTracking(False)
        self.val_fraction.setSpecialValueText(tr("none (or a validation file)"))
        form.addRow(tr("Validation split"), self.val_fraction)
        for spin in (self.batch, self.seed, self.epochs, self.steps, self.eval_every):
            spin.valueChanged.connect(self._settings_edited)
        self.val_fraction.valueChanged.connect(self._settings_edited)
        self.shuffle.toggled.connect(self._settings_edited)
        self.settings_group = group
        return group

    def _build_controls(self) -> QVBoxLayout:
        box = QVBoxLayout()
        row = QHBoxLayout()
        self.start_button = QToolButton()
        self.pause_button = QToolButton()
        self.stop_button = QToolButton()
        for button in (self.start_button, self.pause_button, self.stop_button):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            row.addWidget(button)
        row.addStretch(1)
        box.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setObjectName("trainProgress")
        self.progress.setFormat("")  # no count before a run: "0 / 1 steps" meant nothing
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        box.addWidget(self.progress)
        self.rate_label = QLabel()
        self.rate_label.setObjectName("trainRate")
        # its text changes several times a second: a fixed size keeps that from laying
        # the dock out again each time
        self.rate_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        box.addWidget(self.rate_label)
        return box

    def _build_plot(self) -> QWidget:
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        self.plot = LossPlot()
        self.fit_plot = FitPlot()
        self.plots = QTabWidget()
        self.plots.setObjectName("trainPlots")
        self.plots.addTab(self.plot, tr("Loss"))
        self.plots.addTab(self.fit_plot, tr("Fit"))
        self.plots.setTabVisible(1, False)  # shown for one input and one target (fit_plot)
        box.addWidget(self.plots, 1)
        row = QHBoxLayout()
        self.log_scale = QCheckBox(tr("Log scale"))
        self.log_scale.setObjectName("trainLogScale")
        self.log_scale.toggled.connect(self.plot.set_log_scale)
        self.export_png_button = QPushButton(tr("Export PNG…"))
        self.export_png_button.setObjectName("trainExportPng")
        self.export_csv_button = QPushButton(tr("Export History CSV…"))
        self.export_csv_button.setObjectName("trainExportCsv")
        row.addWidget(self.log_scale)
        row.addStretch(1)
        row.addWidget(self.export_png_button)
        row.addWidget(self.export_csv_button)
        box.addLayout(row)
        return holder

    # --- the setup -------------------------------------------------------------------------
    def setup(self) -> TrainSetup:
        return setup_from_json(self.canvas.sections.get(SECTION_KEY))

    def _store(self, setup: TrainSetup, text: str, merge_id: int = -1) -> None:
        set_section(self.canvas.undo_stack, self.canvas.sections, SECTION_KEY,
                    setup.to_json(), text, merge_id)

    def bind(self, name: str, source: DataSource | None, validation: bool = False) -> None:
        """Bind placeholder ``name`` to ``source`` (None: unbind), one undo step."""
        setup = self.setup()
        table = setup.validation if validation else setup.data
        if source is None:
            if name not in table:
                return
            del table[name]
            text = tr("Unbind {name}").format(name=name)
        else:
            table[name] = DataSource(os.path.abspath(source.path), source.array, source.columns)
            text = tr("Bind {name} to {file}").format(name=name, file=source.describe())
        self._store(setup, text)

    def set_names(self, train_op: str | None = None, loss: str | None = None,
                  metric: str | None = None) -> None:
        """Choose the train op, loss and metric (one undo step)."""
        setup = self.setup()
        for key, value in (("train_op", train_op), ("loss", loss), ("metric", metric)):
            if value is not None:
                setattr(setup, key, value.strip())
        self._store(setup, tr("Change Training Ops"))

    def set_config(self, config: TrainConfig) -> None:
        """Change the settings (one undo step; typing in one field merges)."""
        setup = self.setup()
        setup.config = config
        self._store(setup, tr("Change Training Settings"), merge_id=0x7A1)

    def _set_name(self, key: str, text: str) -> None:
        if not self._updating and getattr(self.setup(), key) != text.strip():
            self.set_names(**{key: text})

    def _settings_edited(self, *_: object) -> None:
        if self._updating:
            return
        config = TrainConfig(
            batch_size=self.batch.value(), shuffle=self.shuffle.isChecked(),
            seed=self.seed.value(), epochs=self.epochs.value(),
            steps=self.steps.value() or None, eval_every=self.eval_every.value(),
            validation_fraction=round(self.val_fraction.value(), 4))
        self.set_config(config)

    def _row(self) -> int:
        rows = self.bindings.selectionModel().selectedRows()
        return rows[0].row() if rows else (0 if self.bindings.rowCount() == 1 else -1)

    def _ask_bind(self, row: int, validation: bool) -> None:
        if row < 0 or row >= self.bindings.rowCount():
            self.show_problem(tr("Select a placeholder to bind first"))
            return
        item = self.bindings.item(row, 0)
        assert item is not None
        self.bindRequested.emit(item.text(), validation)

    def _unbind_selected(self) -> None:
        row = self._row()
        item = self.bindings.item(row, 0) if row >= 0 else None
        if item is not None:
            self.bind(item.text(), None)
            self.bind(item.text(), None, validation=True)

    def show_problem(self, text: str) -> None:
        self.problem_label.setText(text)
        self.problem_label.setVisible(bool(text))

    # --- showing the section ---------------------------------------------------------------
    def _section_changed(self, key: str) -> None:
        if key in ("", SECTION_KEY):
            self.refresh()

    def _fit_rows(self, rows: int) -> None:
        """Tall enough for every placeholder's row (up to the table's maximum height, then
        it scrolls): a layout squeezed by the dock would otherwise show half a row."""
        table = self.bindings
        height = (table.horizontalHeader().sizeHint().height()
                  + table.verticalHeader().defaultSectionSize() * max(1, rows)
                  + table.horizontalScrollBar().sizeHint().height() + 2 * table.frameWidth())
        table.setMinimumHeight(min(height, table.maximumHeight()))

    def refresh(self) -> None:
        """Show the section's setup and the graph's placeholders and ops."""
        setup = self.setup()
        graph = self.canvas.graph
        self._updating = True
        try:
            placeholders = [op for op in graph.get_operations()
                            if op.type in ("Placeholder", "PlaceholderWithDefault")]
            self.bindings.setRowCount(len(placeholders))
            for row, op in enumerate(placeholders):
                spec = op.outputs[0].spec
                shape = (f"{format_shape(spec.shape)} {spec.dtype.name}" if spec is not None
                         else "?")
                cells = [op.name, shape, _describe(setup.data.get(op.name)),
                         _describe(setup.validation.get(op.name))]
                for column, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    source = (setup.data if column == 2 else setup.validation).get(op.name)
                    if column >= 2 and source is not None:
                        item.setToolTip(source.path)
                    self.bindings.setItem(row, column, item)
            self._fit_rows(len(placeholders))
            names = [op.name for op in graph.get_operations()]
            tensors = [t.name for op in graph.get_operations() for t in op.outputs
                       if t.spec is not None and t.spec.shape.rank == 0]
            _fill(self.train_op_combo, names, setup.train_op)
            _fill(self.loss_combo, tensors, setup.loss)
            _fill(self.metric_combo, [""] + tensors, setup.metric)
            config = setup.config
            self.batch.setValue(config.batch_size)
            self.shuffle.setChecked(config.shuffle)
            self.seed.setValue(config.seed)
            self.epochs.setValue(config.epochs)
            self.steps.setValue(config.steps or 0)
            self.eval_every.setValue(config.eval_every)
            self.val_fraction.setValue(config.validation_fraction)
            self.seed.setEnabled(config.shuffle)
            self.epochs.setEnabled(config.steps is None)
        finally:
            self._updating = False
        self.show_problem("\n".join(setup.problems))


def _describe(source: DataSource | None) -> str:
    return source.describe() if source is not None else ""


def _fill(combo: QComboBox, items: list[str], current: str) -> None:
    combo.blockSignals(True)
    combo.clear()
    combo.addItems(items)
    combo.setEditText(current)
    if current in items:
        combo.setCurrentIndex(items.index(current))
    combo.blockSignals(False)

