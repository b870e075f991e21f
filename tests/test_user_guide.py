"""The user guide, docs/USER_GUIDE.md and its Korean twin: the same sections in the same
order, each picture there, small, and in the guide's own language.

Why a test: the two files are edited by hand and their pictures are made by a tool
(tools/guide_screenshots.py); a section added to one guide only, or a picture renamed in
the tool, must fail here rather than reach a reader as a broken image."""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"
GUIDES = {"en": DOCS / "USER_GUIDE.md", "ko": DOCS / "USER_GUIDE.ko.md"}
#: ``![alt](path.png)``, the alt text possibly holding brackets (``[None, 3]``)
PICTURE = re.compile(r"!\[(?:[^\[\]]|\[[^\]]*\])*\]\(([^)]+\.png)\)")
HEADING = re.compile(r"^(#{2,3}) (\d+\.)?", re.MULTILINE)
#: what the existing pictures weigh at most: a guide is read over the network
MAX_BYTES = 300_000


def _pictures(language: str) -> list[str]:
    return PICTURE.findall(GUIDES[language].read_text(encoding="utf-8"))


def test_both_guides_have_the_same_sections_in_the_same_order() -> None:
    shapes = {lang: HEADING.findall(path.read_text(encoding="utf-8"))
              for lang, path in GUIDES.items()}
    assert shapes["en"] == shapes["ko"]
    assert len(shapes["en"]) >= 11


def test_the_korean_guide_shows_the_korean_pictures_where_the_english_shows_its_own() -> None:
    assert [p.replace("_en.png", "_ko.png") for p in _pictures("en")] == _pictures("ko")


def test_every_picture_a_guide_shows_exists_and_is_small() -> None:
    for language in GUIDES:
        for picture in _pictures(language):
            path = DOCS / picture
            assert path.is_file(), f"{GUIDES[language].name} shows {picture}, which is missing"
            assert path.stat().st_size < MAX_BYTES, f"{picture}: {path.stat().st_size} bytes"


def test_every_picture_in_docs_guide_is_shown_by_a_guide() -> None:
    shown = {Path(p).name for language in GUIDES for p in _pictures(language)}
    assert {p.name for p in (DOCS / "guide").glob("*.png")} <= shown


def test_the_guides_show_training_and_import_export_pictures() -> None:
    names = {Path(p).name for p in _pictures("en")}
    assert {"train_en.png", "add_training_en.png", "file_menu_en.png",
            "import_en.png"} <= names
