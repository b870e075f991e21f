"""What the document says about its file, in the interface's language: the untitled
name, the status bar's file label and the messages after opening.

Why apart from ``app.document``: pure functions of a few facts (the file, whether it is a
copy of an example, the nodes moved while opening), tested without a window, and said
again in the new words when the language changes.
"""

from __future__ import annotations

from pathlib import Path

from editor.i18n import translate


def untitled() -> str:
    return translate("Document", "Untitled")


def file_label(path: Path | None, origin: tuple[str, str] | None) -> str:
    """``seed.json``; ``Untitled (copy of the example seed.json)``; ``Untitled (imported
    from model.pb)``; ``Untitled``. ``origin``: ``("example" | "import", file name)``."""
    if path is not None:
        return path.name
    if origin is not None and origin[0] == "example":
        return translate("Document", "{untitled} (copy of the example {file})").format(
            untitled=untitled(), file=origin[1])
    if origin is not None:
        return translate("Document", "{untitled} (imported from {file})").format(
            untitled=untitled(), file=origin[1])
    return untitled()


def opened_message(name: str, example: bool, moved: list[str]) -> str:
    """The status bar's line once a file (or an example, as an untitled copy) is open."""
    opened = (translate("Document", "Opened the example {file} as an untitled copy") if example
              else translate("Document", "Opened {file}"))
    return opened.format(file=name) + moved_note(moved)


def moved_note(names: list[str]) -> str:
    """What the status bar adds when stored positions could not be used as they were."""
    if not names:
        return ""
    shown = ", ".join(names[:3])
    if len(names) > 3:
        shown += translate("Document", " and {count} more").format(count=len(names) - 3)
    return translate(
        "Document", " — stored position out of range, moved inside the canvas: {names} "
        "(View → Auto Layout rearranges)").format(names=shown)
