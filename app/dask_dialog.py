"""The "Dask cluster…" dialog: where dask runs go, and what that cluster has.

Why a dialog: a dask run needs to know where its cluster is, either a local one that
TensorCanvas starts on this machine's cores, or a scheduler someone started with
``dask scheduler`` (its address, ``tcp://host:8786``). Connecting shows the cluster's
workers (threads, memory) and its dashboard's link, where dask draws its task stream and
memory use; OK is offered only once connected, so a run never starts against a cluster
that is not there. The dialog hands the connected ``engine.DaskCluster`` to its caller,
which owns it from then on; Cancel closes what the dialog started.
"""

from __future__ import annotations

import html
import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine import DaskCluster, DeviceError


def _bytes(n: int) -> str:
    if n <= 0:
        return "—"
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if n < 1024 or unit == "TiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n} B"


class DaskClusterDialog(QDialog):
    """Asks for a scheduler address (or a local cluster), connects, shows the workers."""

    def __init__(self, address: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("daskClusterDialog")
        self.setWindowTitle(self.tr("Dask Cluster"))
        self.cluster: DaskCluster | None = None

        self.local = QRadioButton(self.tr("Local cluster on this machine (%1 cores)")
                                  .replace("%1", str(os.cpu_count() or 1)))
        self.local.setObjectName("daskLocal")
        self.remote = QRadioButton(self.tr("Scheduler at:"))
        self.remote.setObjectName("daskRemote")
        group = QButtonGroup(self)
        group.addButton(self.local)
        group.addButton(self.remote)
        self.address = QLineEdit(address)
        self.address.setObjectName("daskAddress")
        self.address.setPlaceholderText("tcp://host:8786")
        self.address.setToolTip(self.tr("The address a 'dask scheduler' prints when it starts"))
        (self.remote if address else self.local).setChecked(True)
        self.address.textEdited.connect(lambda _t: self.remote.setChecked(True))
        self.connect_button = QPushButton(self.tr("Connect"))
        self.connect_button.setObjectName("daskConnect")
        self.connect_button.clicked.connect(self.connect_cluster)

        self.status = QLabel(self.tr("Not connected"))
        self.status.setObjectName("daskStatus")
        self.status.setWordWrap(True)
        self.dashboard = QLabel()
        self.dashboard.setObjectName("daskDashboard")
        self.dashboard.setOpenExternalLinks(True)
        self.dashboard.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.workers = QTreeWidget()
        self.workers.setObjectName("daskWorkers")
        self.workers.setHeaderLabels([self.tr("Worker"), self.tr("Threads"), self.tr("Memory")])
        self.workers.setRootIsDecorated(False)
        self.workers.setMinimumHeight(110)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._ok().setEnabled(False)

        where = QGridLayout()
        where.addWidget(self.local, 0, 0, 1, 2)
        where.addWidget(self.remote, 1, 0)
        where.addWidget(self.address, 1, 1)
        where.addWidget(self.connect_button, 2, 1, Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.addLayout(where)
        layout.addWidget(self.status)
        layout.addWidget(self.workers)
        layout.addWidget(self.dashboard)
        layout.addWidget(self.buttons)
        self.resize(520, 340)

    def _ok(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def scheduler(self) -> str | None:
        """What to connect to: an address, or None for a local cluster."""
        return self.address.text().strip() if self.remote.isChecked() else None

    def connect_cluster(self) -> bool:
        """Connect (or start the local cluster); show its workers and dashboard."""
        self._close_cluster()
        scheduler = self.scheduler()
        if scheduler == "":
            self._failed(self.tr("Type the scheduler's address, such as tcp://host:8786"))
            return False
        self.status.setText(self.tr("Connecting…"))
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.cluster = DaskCluster(scheduler)
        except (DeviceError, OSError, ValueError) as e:
            self._failed(str(e))
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.show_cluster()
        self._ok().setEnabled(True)
        return True

    def show_cluster(self) -> None:
        cluster = self.cluster
        if cluster is None:
            return
        self.status.setStyleSheet("")
        self.status.setText(cluster.describe())
        self.workers.clear()
        for w in cluster.workers():
            item = QTreeWidgetItem([w.address, str(w.threads), _bytes(w.memory_limit)])
            self.workers.addTopLevelItem(item)
        for column in range(3):
            self.workers.resizeColumnToContents(column)
        link = cluster.dashboard_link
        if link:
            safe = html.escape(link, quote=True)
            self.dashboard.setText(self.tr("Dashboard: %1").replace(
                "%1", f'<a href="{safe}">{html.escape(link)}</a>'))
        else:
            self.dashboard.setText(self.tr("This cluster has no dashboard"))

    def _failed(self, message: str) -> None:
        self.status.setStyleSheet("color: #c0392b")
        self.status.setText(message)
        self.workers.clear()
        self.dashboard.clear()
        self._ok().setEnabled(False)

    def take_cluster(self) -> DaskCluster | None:
        """The connected cluster, now the caller's (the dialog no longer closes it)."""
        cluster, self.cluster = self.cluster, None
        return cluster

    def reject(self) -> None:
        self._close_cluster()
        super().reject()

    def _close_cluster(self) -> None:
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None
