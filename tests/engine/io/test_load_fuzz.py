"""The loader against thousands of hostile files (``file_fuzz.py``): every one either loads
(and then saves back) or is a GraphFileError with a short message that says where; none
takes more than 5 s (a hang check, not a timing). CI runs 3,000 cases; ``pytest -m slow``
runs 30,000 more with another seed. A failure names its case: ``case_text(SEED, i)``
rebuilds the file."""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path

import pytest

import engine
from engine.io.graph_files import load_graph, save_graph

from .file_fuzz import cases

_LOCATION = re.compile(r"\(line \d+, column \d+|by line \d+, column \d+")


def problems(seed: int, count: int, tmp_path: Path) -> tuple[Counter[str], list[str]]:
    """The outcomes by kind, and what went wrong (at most 20, each with its case)."""
    path = tmp_path / "graph.json"
    outcomes: Counter[str] = Counter()
    wrong: list[str] = []
    for i, text in cases(seed, count):
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        started = time.perf_counter()
        try:
            graph, editor = load_graph(path)
        except engine.GraphFileError as e:
            outcomes["refused"] += 1
            text_of = str(e)
            if len(text_of) >= 1000:
                wrong.append(f"case {i}: a message of {len(text_of)} characters")
            if e.field is None and not _LOCATION.search(e.reason):
                wrong.append(f"case {i}: no location in {text_of[:200]!r}")
        except Exception as e:  # noqa: BLE001 - the finding is the class
            wrong.append(f"case {i}: {type(e).__name__}: {str(e)[:200]}")
        else:
            outcomes["loaded"] += 1
            try:
                save_graph(tmp_path / "saved.json", graph, editor)
                load_graph(tmp_path / "saved.json")
            except Exception as e:  # noqa: BLE001
                wrong.append(f"case {i}: loads, but saving it back raised {type(e).__name__}: "
                             f"{str(e)[:200]}")
        seconds = time.perf_counter() - started
        if seconds > 5:
            wrong.append(f"case {i}: took {seconds:.1f} s")
    return outcomes, wrong[:20]


def test_3000_hostile_files_are_each_loaded_or_refused_with_a_placed_short_message(
    tmp_path: Path,
) -> None:
    outcomes, wrong = problems(seed=1, count=3000, tmp_path=tmp_path)
    assert wrong == []
    assert outcomes["refused"] > 2000 and outcomes["loaded"] > 20  # the cases reach deep


@pytest.mark.slow
def test_30000_more_hostile_files_are_each_loaded_or_refused(tmp_path: Path) -> None:
    _, wrong = problems(seed=2, count=30_000, tmp_path=tmp_path)
    assert wrong == []
