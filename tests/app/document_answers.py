"""The document's dialogs answered by a test: fixed answers, and a record of what was asked,
for the reliability tests (opening, saving and restoring whatever a file holds)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.application import SEED_EXAMPLE
from app.recovery import RecoveryEntry


class Answers:
    """Stands in for ``app.document_prompts.Prompts``."""

    def __init__(self, unsaved: str = "discard", save_path: str | None = None,
                 restore: bool = False, reopen: bool = False) -> None:
        self.unsaved = unsaved
        self.save_path = save_path
        self.restore = restore
        self.reopen = reopen
        self.warnings: list[str] = []
        self.reopen_asked: list[Path] = []

    def unsaved_changes(self, name: str) -> str:
        return self.unsaved

    def restore_recovery(self, entry: RecoveryEntry) -> bool:
        return self.restore

    def reopen_unfinished(self, path: Path) -> bool:
        self.reopen_asked.append(path)
        return self.reopen

    def open_file(self, start: str) -> str | None:
        return None

    def save_file(self, suggested: str) -> str | None:
        return self.save_path

    def warn(self, title: str, text: str) -> None:
        self.warnings.append(text)


def seed_document() -> dict[str, Any]:
    """The seed example as a document, to change a part of."""
    doc = json.loads(SEED_EXAMPLE.read_text())
    assert isinstance(doc, dict)
    return doc


def seed_text_with(old: str, new: str) -> str:
    """The seed example's text with one exact piece replaced (for values JSON cannot be
    given through ``json.dumps``: ``1e400``, 5,000-digit integers, lone surrogates)."""
    text = SEED_EXAMPLE.read_text()
    assert text.count(old) == 1, old
    return text.replace(old, new)


#: an editor position that JSON reads as infinity
X_1E400 = seed_text_with('"mul": {"x": 440, "y": 0}', '"mul": {"x": 1e400, "y": 0}')
#: a Const whose data is an integer of 5,000 digits (Python refuses to read it by default)
BIG_INTEGER = seed_text_with('"data": 5}', '"data": ' + "1" * 5000 + "}")
#: a string Const whose data is a lone surrogate (not encodable as UTF-8)
SURROGATE = seed_text_with(
    '{"value": {"dtype": "int32", "shape": [], "data": 5}, "dtype": "int32"}',
    '{"value": {"dtype": "string", "shape": [], "data": "\\ud800"}, "dtype": "string"}',
)
#: the seed's editor section with a value nested 900 objects deep beside its view
NESTED_900 = seed_text_with(
    '"zoom": 1.0}', '"zoom": 1.0}, "deep": ' + '{"a": ' * 900 + "0" + "}" * 900
)
