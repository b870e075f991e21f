"""The text of the compiled kernels' modules: what ``kernel_files.py`` writes and numba caches.

numba's on-disk cache keeps the machine code of a function defined in a module file (it cannot
keep code built with ``exec``, nor closures over other compiled functions: it must find the
function again by its file and name in a later process). So a fused group's loop is written as
the source of a small module: one statement per op, each calling that op's Python operator,
which the loader puts in the module's globals as ``_ops`` before the module runs (the operators
stay the registry's own; the text holds only the group's structure: which op reads what, and
where each input is read from).

Each kernel takes its inputs flat: the full arrays, then the scalars, rows and columns
(``jit.split`` sorts them so), then for a row loop the row length and piece width, then the
range of elements (or row pieces) it computes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

#: where a group input is read in the inner loop, per kind (FULL, SCALAR, ROW, COLUMN in
#: ``jit.py``'s order): whole arrays and rows through views of the piece, whose index runs
#: from 0 (so numba drops its negative-index check and the loop vectorizes), a column's
#: value once per row
_READ = ("a{j}[i]", "s{j}", "b{j}[i]", "c{j}")
_PREFIX = ("f", "s", "w", "k")
_HEADER = '''"""A compiled kernel of TensorCanvas, written by engine/compiler/kernel_source.py.

{what}.
The loader puts the ops' operators in ``_ops`` before it runs this file; numba keeps
the machine code beside it, in __pycache__.
"""

import numba
'''
_DECORATOR = '@numba.njit(parallel={parallel}, error_model="numpy", nogil=True, cache={cache})'


def group_source(program: Sequence[tuple[Any, tuple[int, ...]]],
                 layout: Sequence[tuple[int, int]], flat: bool, counts: Sequence[int],
                 cache: bool, what: str) -> str:
    """The module of one fused group's loop: ``kernel(out, f0.., s0.., w0.., k0..[, cols,
    width], lo, hi)``, computing ``out[i]`` for i in [lo, hi) (a flat loop) or the row
    pieces lo..hi (a row loop: row r's columns cut in pieces of ``width``) from the group's
    inputs as ``program`` says (see ``jit.Program``); ``counts`` are how many inputs each
    kind has. It runs on one thread; ``framework/pieces.py`` shares its range over the cores,
    by its twin ``together`` (``together_source``) once that is compiled."""
    params = ", ".join(["out"] + [f"{_PREFIX[kind]}{j}" for kind in range(4)
                                  for j in range(counts[kind])])
    body: list[str] = []
    for n, (_, args) in enumerate(program):
        parts = ", ".join(f"t{r}" if r >= 0 else _READ[layout[-1 - r][0]].format(
            j=layout[-1 - r][1]) for r in args)
        body.append(f"t{n} = _op{n}({parts})")
    body.append(f"o[i] = t{len(program) - 1}")
    ops = "".join(f"_op{n} = _ops[{n}]\n" for n in range(len(program)))
    head = _HEADER.format(what=what) + "\n" + ops + "\n\n" + _DECORATOR.format(
        parallel=False, cache=cache) + "\n"
    if flat:
        views = ["o = out[lo:hi]"] + [f"a{j} = f{j}[lo:hi]" for j in range(counts[0])]
        loop = (f"def kernel({params}, lo, hi):  # pragma: no cover - compiled\n"
                + "".join(f"    {line}\n" for line in views)
                + "    for i in range(o.shape[0]):\n"
                + "".join(f"        {line}\n" for line in body))
        return head + loop + together_source(params, cache)
    views = (["o = out[base + start:base + end]"]
             + [f"a{j} = f{j}[base + start:base + end]" for j in range(counts[0])]
             + [f"b{j} = w{j}[start:end]" for j in range(counts[2])]
             + [f"c{j} = k{j}[r]" for j in range(counts[3])])
    loop = (f"def kernel({params}, cols, width, lo, hi):  # pragma: no cover - compiled\n"
            "    pieces = (cols + width - 1) // width\n"
            "    for task in range(lo, hi):\n"
            "        r = task // pieces\n"
            "        start = (task - r * pieces) * width\n"
            "        end = min(start + width, cols)\n"
            "        base = r * cols\n"
            + "".join(f"        {line}\n" for line in views)
            + "        for i in range(o.shape[0]):\n"
            + "".join(f"            {line}\n" for line in body))
    return head + loop + together_source(f"{params}, cols, width", cache)


def together_source(params: str, cache: bool) -> str:
    """``together(params.., lo, hi, block)``: the module's ``kernel`` over [lo, hi) in blocks
    of ``block``, the blocks run by numba's threads (``compiler/together.py``). Each element
    is computed by the same loop as ``kernel`` alone computes it, so the two agree bit for
    bit; only who runs which block differs."""
    return ("\n\n" + _DECORATOR.format(parallel=True, cache=cache) + "\n"
            f"def together({params}, lo, hi, block):  # pragma: no cover - compiled\n"
            "    for b in numba.prange((hi - lo + block - 1) // block):\n"
            "        start = lo + b * block\n"
            f"        kernel({params}, start, min(start + block, hi))\n")


def chain_source(cache: bool) -> str:
    """``acc = acc <op> operand`` for each (code, operand): a long chain of scalar ops in
    one call, each op in the chain's dtype exactly as numpy's scalar arithmetic does it."""
    return _HEADER.format(what="The scalar-chain interpreter") + "\n\n" + _DECORATOR.format(
        parallel=False, cache=cache) + '''
def kernel(acc, codes, operands):  # pragma: no cover - compiled
    for k in range(codes.shape[0]):
        code = codes[k]
        if code == 0:
            acc = acc + operands[k]
        elif code == 1:
            acc = acc - operands[k]
        elif code == 2:
            acc = acc * operands[k]
        else:
            acc = acc / operands[k]
    return acc
'''


def vm_source(cache: bool) -> str:
    """Per op: one loop over the elements of two workspace rows into a third (see
    ``interpreter.py`` for the encoding: codes, and per op a_src, a_row, b_src, b_row,
    dst)."""
    return _HEADER.format(what="The small-array interpreter") + "\n\n" + _DECORATOR.format(
        parallel=False, cache=cache) + '''
def kernel(out, constants, inputs, registers, codes, args):  # pragma: no cover - compiled
    m = out.shape[0]
    for k in range(codes.shape[0]):
        src, row = args[k, 0], args[k, 1]
        a = constants[row] if src == 0 else (inputs[row] if src == 1 else registers[row])
        src, row = args[k, 2], args[k, 3]
        b = constants[row] if src == 0 else (inputs[row] if src == 1 else registers[row])
        o = out if args[k, 4] < 0 else registers[args[k, 4]]
        code = codes[k]
        if code == 0:
            for i in range(m):
                o[i] = a[i] + b[i]
        elif code == 1:
            for i in range(m):
                o[i] = a[i] - b[i]
        elif code == 2:
            for i in range(m):
                o[i] = a[i] * b[i]
        elif code == 3:
            for i in range(m):
                o[i] = a[i] / b[i]
        elif code == 4:
            for i in range(m):
                o[i] = -a[i]
        else:
            for i in range(m):
                o[i] = a[i] * a[i]
'''
