"""Any exception from a user action as one short message a person can read.

Why one place: every user action (open, save, autosave, restore …) catches whatever it
gets — a save that raises ``OverflowError`` must still say so, and leave the document and
the file as they were — and an exception's text can be enormous (a loader message quoting
a 200 MB value), so each message is cut to a size a dialog and a status bar can show.
"""

from __future__ import annotations

import engine
from editor.i18n import translate

#: the most characters of an exception's text a message keeps
MAX_REASON = 300
#: the most characters of a file problem's message (the engine's: file, field and reason)
MAX_FILE_MESSAGE = 900


def short_text(text: str, limit: int = MAX_REASON) -> str:
    """``text`` cut to ``limit`` characters, saying how long it was."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… " + translate("Failures", "({count} characters)").format(
        count=f"{len(text):,}")


def failure_reason(error: BaseException) -> str:
    """Why it failed: the engine's own message for a file problem, else the exception's
    class and text (an internal error: nothing the user did wrong, but still said)."""
    if isinstance(error, engine.GraphFileError):  # names the file and the field: kept longer
        return short_text(str(error), MAX_FILE_MESSAGE)
    text = short_text(str(error).strip())
    if isinstance(error, OSError):
        return short_text(error.strerror or "") or text or type(error).__name__
    cause = f"{type(error).__name__}: {text}" if text else type(error).__name__
    return translate("Failures", "internal error ({cause})").format(cause=cause)


def failure_message(what: str, error: BaseException) -> str:
    """``"Cannot save seed.json: …"``; a file problem's message already names the file, so
    it is shown as the engine wrote it."""
    if isinstance(error, engine.GraphFileError):
        return failure_reason(error)
    return f"{what}: {failure_reason(error)}"
