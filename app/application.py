"""Create the QApplication and the main window, and run the event loop.

Why split ``create_main_window`` from ``run_gui``: tools/screenshot.py and the
tests build exactly the window a user gets, without entering the event loop.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

import shiboken6
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

import engine
from app.failures import failure_message
from app.main_window import MainWindow
from app.settings import APPLICATION, LAST_FILE_KEY, ORGANIZATION, open_settings
from app.translations import initial_language, translations
from editor.i18n import translate

REPO_ROOT = Path(__file__).resolve().parent.parent
#: Opened when the app starts without a FILE and has no last file to reopen.
SEED_EXAMPLE = REPO_ROOT / "resources" / "examples" / "seed.json"


def create_app(argv: Sequence[str]) -> QApplication:
    """Return the QApplication (creating it once) with TensorCanvas's names set.

    The names decide where QSettings() stores data, so they are set before any
    window reads its saved geometry.
    """
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv))
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    start_language()
    return app


def start_language() -> None:
    """Install the interface language the user chose last, else the system locale's.

    Missing compiled translations are said on stderr and the interface stays English:
    a language is no reason not to start."""
    try:
        translations.set_language(initial_language())
    except (ValueError, OSError) as error:
        print(f"tensorcanvas: {error}", file=sys.stderr)


def initial_path(path: str | None, settings: QSettings | None = None) -> str | None:
    """The file to open at start: FILE, else the last file if it still exists,
    else the seed example (so the first start shows a graph, not an empty canvas)."""
    if path:
        return path
    settings = settings if settings is not None else open_settings()
    last = settings.value(LAST_FILE_KEY, "", type=str)
    if isinstance(last, str) and last and Path(last).is_file():
        return last
    return str(SEED_EXAMPLE)


def create_main_window(path: str | None) -> MainWindow:
    """Build the main window and open the start-up file through its one hook, unless the
    user restores the unsaved work of a window that crashed (its autosaved copy)."""
    window = MainWindow()
    if window.document.offer_recovery():
        return window
    target = initial_path(path)
    if target and window.document.may_reopen(target):  # asks if it stopped the last start
        window.open_path(target)
    return window


def report_unexpected_errors(window: MainWindow) -> None:
    """The last net under every slot: an exception that escapes one (PySide only prints
    it) is also said in the window, and the window goes on. Every user action catches its
    own errors first; this is for the ones nobody foresaw."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None,
             ) -> None:
        previous(kind, error, trace)  # still printed, for a bug report
        if not isinstance(error, Exception) or not shiboken6.isValid(window):
            return
        message = failure_message(translate("Application", "Something went wrong"), error)
        try:
            window.statusBar().showMessage(message, 15000)
            window.document.prompts.warn(translate("Application", "Internal Error"), message)
        except Exception:  # noqa: BLE001 — never a second error from the error report
            pass

    sys.excepthook = hook


def run_gui(path: str | None) -> int:
    """Open the editor on ``path`` (or the default file) and run until it closes."""
    # Only the program name goes to Qt: FILE must not be parsed as a Qt option.
    app = create_app(sys.argv[:1] or ["tensorcanvas"])
    window = create_main_window(path)
    report_unexpected_errors(window)
    window.show()
    # once the window has painted: numba starts and loads the kernels the last sessions ran,
    # so the first Run does not wait for them (nothing, if the kernel cache is empty)
    QTimer.singleShot(500, engine.warm_up_kernels)
    return app.exec()
