"""Grouped convolution's products: an input of ``groups × fin`` channels against a filter of
``fin`` input channels, each group of input channels feeding its own share of the outputs.

TF's Conv2D computes it (input depth a multiple of the filter's), and its oneDNN
backprops (float32, bfloat16) take it too. With the patches laid out tap by tap and, within
a tap, channel by channel (``conv_pool._taps``), a group's patch columns are every tap's
slice of that group's channels; one batched product per direction covers every group at
once, so grouping adds no Python loop.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def forward(xp: Any, cols: Any, f: Any, groups: int) -> Any:
    """The output rows [M, fout] of patch columns ``cols`` [M, taps·depth] and filter ``f``
    [kh, kw, fin, fout]."""
    kh, kw, fin, fout = f.shape
    m, per = cols.shape[0], fout // groups
    taps = kh * kw
    # [M, taps, G, fin] → [G, M, taps·fin]: each group's patch matrix
    grouped = xp.reshape(xp.permute_dims(xp.reshape(cols, (m, taps, groups, fin)),
                                         (2, 0, 1, 3)), (groups, m, taps * fin))
    # [taps·fin, G, per] → [G, taps·fin, per]: each group's filter matrix
    kernel = xp.permute_dims(xp.reshape(f, (taps * fin, groups, per)), (1, 0, 2))
    out = xp.matmul(grouped, kernel)  # [G, M, per]
    return xp.reshape(xp.permute_dims(out, (1, 0, 2)), (m, fout))


def input_columns(dy: np.ndarray, f: np.ndarray, groups: int) -> np.ndarray:
    """The patch columns' gradient [M, taps, depth] from the output's [M, fout]."""
    kh, kw, fin, fout = f.shape
    m, per, taps = dy.shape[0], fout // groups, kh * kw
    upstream = dy.reshape(m, groups, per).transpose(1, 0, 2)  # [G, M, per]
    kernel = f.reshape(taps * fin, groups, per).transpose(1, 2, 0)  # [G, per, taps·fin]
    cols = np.matmul(upstream, kernel).reshape(groups, m, taps, fin)
    return cols.transpose(1, 2, 0, 3).reshape(m, taps, groups * fin)


def filter_gradient(cols: np.ndarray, dy: np.ndarray, shape: tuple[int, int, int, int],
                    groups: int) -> np.ndarray:
    """The filter's gradient [kh, kw, fin, fout] from the patch columns [M, taps·depth] and
    the output's gradient [M, fout]."""
    kh, kw, fin, fout = shape
    m, per, taps = dy.shape[0], fout // groups, kh * kw
    patches = cols.reshape(m, taps, groups, fin).transpose(2, 1, 3, 0).reshape(
        groups, taps * fin, m)
    upstream = dy.reshape(m, groups, per).transpose(1, 0, 2)  # [G, M, per]
    out = np.matmul(patches, upstream).reshape(groups, taps, fin, per)
    return out.transpose(1, 2, 0, 3).reshape(kh, kw, fin, fout)
