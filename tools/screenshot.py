"""Write docs/screenshot.png: the real main window, offscreen, on the seed example.

Why offscreen and a private config dir: the screenshot must come out the same on
any machine, with or without a display, and must not read or change the user's
saved window geometry or last file.
"""

from __future__ import annotations

import sys

from offscreen import REPO_ROOT, isolate  # tools/ is on sys.path when run as a script

OUTPUT = REPO_ROOT / "docs" / "screenshot.png"
SIZE = (1200, 760)


def main() -> int:
    """Build the window exactly as run_gui does, grab it, save the PNG."""
    isolate()

    from app.application import SEED_EXAMPLE, create_app, create_main_window

    app = create_app([sys.argv[0]])
    window = create_main_window(str(SEED_EXAMPLE))
    window.resize(*SIZE)
    window.show()
    app.processEvents()
    # run the seed graph, as a user would press Run, so the picture shows results
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    controller = window.run.controller
    controller.finished.connect(lambda *_: loop.quit())
    controller.failed.connect(lambda *_: loop.quit())
    QTimer.singleShot(10_000, loop.quit)
    if controller.run():
        loop.exec()
    window.canvas.select_names(["mul"])
    app.processEvents()
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(OUTPUT)):
        print(f"screenshot: could not write {OUTPUT}", file=sys.stderr)
        return 1
    print(f"screenshot: wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
