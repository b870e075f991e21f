"""Write the user guide's pictures (docs/guide/*.png) from the running app, in English and
Korean: ``python tools/guide_screenshots.py``.

Why from the app itself, offscreen: the guide must show what a user gets today, in both
languages, and come out the same on any machine (private settings, no display). Each
picture is the real window or dialog after the steps a user would take; the Korean ones
are the same steps after View → Language → 한국어.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from guide_training_shots import interop_shots, training_shots
from offscreen import REPO_ROOT, isolate  # tools/ is on sys.path when run as a script

OUTPUT = REPO_ROOT / "docs" / "guide"
SIZE = (1200, 760)


def main() -> int:
    isolate()

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtGui import QPixmap
    from PySide6.QtWidgets import QApplication, QWidget

    from app.application import SEED_EXAMPLE, create_app, create_main_window
    from app.examples import EXAMPLES_DIR
    from app.export_image import ExportImageDialog
    from app.feed_dialog import FeedDialog, FeedRequest
    from app.main_window import MainWindow
    from app.translations import translations

    app = create_app([sys.argv[0]])
    OUTPUT.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def settle() -> None:
        for _ in range(3):
            app.processEvents()

    def run_and_wait(window: MainWindow, start: Callable[[], bool]) -> None:
        loop = QEventLoop()
        controller = window.run.controller
        controller.finished.connect(lambda *_: loop.quit())
        controller.failed.connect(lambda *_: loop.quit())
        QTimer.singleShot(10_000, loop.quit)
        if start():
            loop.exec()
        settle()

    def save_pixmap(picture: QPixmap, name: str) -> None:
        path = OUTPUT / name
        if not picture.save(str(path)):
            raise OSError(f"cannot write {path}")
        written.append(path)

    def save(widget: QWidget, name: str) -> None:
        save_pixmap(widget.grab(), name)

    from app.settings import open_settings

    for language in ("en", "ko"):
        open_settings().clear()  # each language's pictures start from the first-start layout
        translations.set_language(language)
        suffix = f"_{language}.png"

        # building and running: the seed graph, run, mul selected
        window = create_main_window(str(SEED_EXAMPLE))
        window.resize(*SIZE)
        window.show()
        settle()
        run_and_wait(window, window.run.controller.run)
        window.canvas.select_names(["mul"])
        settle()
        save(window, "run" + suffix)

        # the tutorial, at step 2 after "Show me"
        panel = window.tutorial.show()
        panel.go(1)
        panel.show_me_now()
        settle()
        save(window, "tutorial" + suffix)

        # shapes before data: the [None, 3] placeholder through a MatMul
        panel.go(4)
        panel.show_me_now()
        settle()
        save(window, "shapes" + suffix)

        # feeding placeholders: the dialog a run of placeholders.json opens
        window.open_path(EXAMPLES_DIR / "placeholders.json")
        graph = window.canvas.graph
        requests = [FeedRequest(graph.get_tensor_by_name(f"{n}:0"), None) for n in ("a", "b")]
        dialog = FeedDialog(requests, window)
        dialog.fields["a"].setText("3")
        dialog.fields["b"].setText("4.5")
        dialog.show()
        settle()
        save(dialog, "feeds" + suffix)
        dialog.close()

        # export image: the options dialog over the seed graph
        window.open_path(SEED_EXAMPLE)
        settle()
        export = ExportImageDialog(window.canvas, window)
        export.show()
        settle()
        save(export, "export" + suffix)
        export.close()
        if window.tutorial.dock is not None:  # the next window starts with the usual layout
            window.tutorial.dock.close()
        window.close()
        window.deleteLater()
        settle()

        # training, and graphs in other formats: windows of their own (guide_training_shots)
        training_shots(app, save, suffix)
        interop_shots(app, save, save_pixmap, suffix)

    # what Export Image writes with the print theme (the same in both languages)
    from editor.image_export import ImageOptions, save_picture

    window = create_main_window(str(SEED_EXAMPLE))
    settle()
    target = OUTPUT / "seed_print.png"
    save_picture(window.canvas.scene, target, ImageOptions(scale=2, print_theme=True))
    written.append(target)
    window.close()
    translations.set_language("en")
    QApplication.processEvents()
    for path in written:
        print(f"guide_screenshots: wrote {path.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
