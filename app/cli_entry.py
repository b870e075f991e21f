"""Command-line dispatch shared by ``main.py`` and the ``tensorcanvas`` script.

Why a separate module: the headless ``run`` command must work on machines with
no display and no Qt system libraries, so nothing here imports Qt at module
level; the GUI is imported only after :func:`app.startup.preflight` has checked
that Qt can start.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

USAGE = """\
usage: python main.py [FILE]          open the editor (FILE, else the last file or the seed example)
       python main.py run FILE ...    run a graph file headless (no Qt needed)
       python main.py convert IN OUT  convert between .json, .pbtxt, .pb, .onnx, .py (no Qt)
       python main.py render FILE OUT.png|OUT.svg [--scale 1|2|4] [--transparent]
                                      [--print-theme] [--tensor-names]
                                      draw a graph file as a picture, headless"""


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch on the arguments (without the program name); return the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)

    if args and args[0] == "run":
        # Imported here, like the GUI below: each path loads only what it needs (the
        # engine has no Qt, so a headless run never loads it).
        from engine import cli_main

        status = cli_main(args[1:])
        return int(status or 0)
    if args and args[0] == "convert":
        from engine import convert_main

        return int(convert_main(args[1:]) or 0)

    if args and args[0] == "render":
        from app.render_cli import render_main

        return render_main(args[1:])

    if args and args[0] in ("-h", "--help"):
        print(USAGE)
        return 0
    if len(args) > 1 or (args and args[0].startswith("-")):
        print(USAGE, file=sys.stderr)
        return 2

    from app.startup import preflight

    problem = preflight(os.environ, sys.platform)
    if problem:
        print(problem, file=sys.stderr)
        return 2

    from app.application import run_gui

    return run_gui(args[0] if args else None)
