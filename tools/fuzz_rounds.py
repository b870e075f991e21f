"""The fuzzers' round robin: each generator's name in turn, until each has run ``count``
times (the caller counts its runs in ``runs``) or, without a count, until ``seconds`` pass."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator, Sequence


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
