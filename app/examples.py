"""The example graphs shipped in the program's directory (``resources/examples``).

Why they open as untitled copies: they are the program's files, not the user's. Saving
one in place would change what the next first start shows (or fail in a read-only
install); so an example opens with no file name, and Save asks where to put it.
"""

from __future__ import annotations

from pathlib import Path

#: where the examples live (the seed example among them)
EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "resources" / "examples"


def is_example(path: Path, examples: Path = EXAMPLES_DIR) -> bool:
    """Whether ``path`` is one of the shipped examples (by where it really is)."""
    try:
        return path.resolve().is_relative_to(examples.resolve())
    except OSError:
        return False
