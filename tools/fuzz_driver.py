"""What the fuzzers (``fuzz_tf.py``, ``fuzz_interop.py``, ``fuzz_onnx.py``) share: their
command line, the specs a replay file holds, the generators asked for, and the round robin
that draws from each in turn until each has run ``count`` times (the caller counts its runs in
``runs``) or, without a count, until ``seconds`` pass."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any


def parser(description: str, out: str) -> argparse.ArgumentParser:
    """The options every fuzzer takes; a fuzzer adds its own."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--seconds", type=float, default=120.0)
    p.add_argument("--count", type=int, default=0, help="draws per function (0: by time)")
    p.add_argument("--only", default="", help="comma-separated generator names")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", default=out)
    p.add_argument("--replay", default="", help="a file of specs to run again")
    p.add_argument("--quiet", action="store_true")
    return p


def replayed(path: str) -> list[dict[str, Any]]:
    """The specs of a findings file (one JSON object a line, its spec under ``spec``)."""
    return [json.loads(line)["spec"] for line in Path(path).read_text().splitlines()
            if line.strip()]


def generator_names(tool: str, only: str, generators: Mapping[str, Any],
                    skip: str = "") -> list[str] | None:
    """The generators asked for (all but ``skip`` by default); None, said on stderr, when
    one does not exist."""
    left_out = {n for n in skip.split(",") if n}
    names = [n for n in only.split(",") if n] or sorted(set(generators) - left_out)
    unknown = [n for n in names if n not in generators]
    if unknown:
        print(f"{tool}: no generator {unknown}; there are {sorted(generators)}",
              file=sys.stderr)
        return None
    return names


def rounds(names: Sequence[str], count: int, seconds: float, runs: Counter[str]
           ) -> Iterator[str]:
    deadline = time.monotonic() + seconds
    i = 0
    while True:
        name = names[i % len(names)]
        i += 1
        if count and runs[name] >= count:
            if all(runs[n] >= count for n in names):
                return
            continue
        if not count and time.monotonic() > deadline:
            return
        yield name
