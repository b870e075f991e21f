"""``python main.py render FILE OUT.png|OUT.svg``: a picture of a graph file, headless.

Exit status as ``run``'s: 0 done; 2 for a usage or file error (a file that does not load);
1 when the picture cannot be made (an empty graph, a folder that cannot be written).

Why Qt's offscreen platform: the picture is drawn by the same scene items as the
editor's canvas (what Export Image writes), which needs a QApplication but never a
display; so it works over SSH, in CI and in a Makefile that builds slides.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

USAGE = "python main.py render FILE OUT.png|OUT.svg [options]"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python main.py render", usage=USAGE,
        description="Draw a graph file as a PNG or SVG picture, as File → Export Image does.")
    parser.add_argument("file", help="the graph file (.json)")
    parser.add_argument("out", help="the picture to write: .png or .svg")
    parser.add_argument("--scale", type=int, choices=(1, 2, 4), default=1,
                        help="PNG pixels per canvas unit (default 1)")
    parser.add_argument("--transparent", action="store_true",
                        help="no background (default: the canvas colour)")
    parser.add_argument("--print-theme", action="store_true",
                        help="light colours for printing")
    parser.add_argument("--tensor-names", action="store_true",
                        help="label links with their tensor names too (mul:0)")
    return parser


def render_main(argv: Sequence[str]) -> int:
    """Parse ``argv`` (after ``render``), write the picture; the exit status."""
    args = _parser().parse_args(list(argv))
    out = Path(args.out)
    if out.suffix.lower() not in (".png", ".svg"):
        print(f"error: {out}: the picture must end in .png or .svg", file=sys.stderr)
        return 2
    # nothing is shown: no display needed, whatever DISPLAY says
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from app.startup import gui_import_problem

    problem = gui_import_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from PySide6.QtWidgets import QApplication

    import engine
    from editor.canvas import Canvas
    from editor.image_export import ExportError, ImageOptions, save_picture

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "render"])
    try:
        graph, editor_section = engine.load_graph(args.file)
    except engine.GraphFileError as error:  # the file: a usage error, as for ``run``
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"error: {args.file}: {error.strerror or error}", file=sys.stderr)
        return 2
    canvas = Canvas(graph=None)
    canvas.set_graph(graph, editor_section)
    canvas.set_show_tensor_names(args.tensor_names)
    options = ImageOptions(scale=args.scale if out.suffix.lower() == ".png" else 1,
                           transparent=args.transparent, print_theme=args.print_theme)
    try:
        size = save_picture(canvas.scene, out, options, title=Path(args.file).stem)
    except ExportError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        canvas.deleteLater()
        app.processEvents()
    print(f"wrote {out} ({size.width()}×{size.height()})")
    return 0
