"""Start TensorCanvas: ``python main.py [FILE]`` or ``python main.py run FILE ...``.

Kept tiny on purpose: the logic lives in app/cli_entry.py so that the installed
``tensorcanvas`` console script and this file behave the same.
"""

import sys

from app.cli_entry import main

if __name__ == "__main__":
    sys.exit(main())
