"""Fused groups' kernels described as plain data, so a later process can load them before a
run asks for them.

A group's kernel module (``kernel_source.group_source``) depends on its structure only: which
op reads what, where each input is read from, and the argument types; the ops' operators
are handed to it at load time. A record keeps exactly that (ints, bools, dtype strings and the
group's expression) beside the module's name, in the cache's list of recent kernels
(``kernel_files.remember``). ``jit.warm_up`` rebuilds the module's text and argument types
from a record and loads the kernel's machine code from numba's cache without its operators:
the operators are only needed to compile, and a kernel whose code is not in the cache fails to
compile without them (it is then dropped, never run). A run whose group has the same key and
module name then finds its kernel loaded.

Records are data, never code: every field is checked before use, and the text imported is
generated here, as for any kernel.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

#: the kinds of group inputs, in ``jit.py``'s order (FULL, SCALAR, ROW, COLUMN)
_KINDS = 4
_NAME = re.compile(r"k[0-9a-f]{32}")
#: what an expression may hold (it goes into the module's docstring)
_EXPRESSION = re.compile(r"[A-Za-z0-9_ .,+\-*/()<>=!&|%^~?:\[\]]*")
_DTYPES = {np.dtype(np.float32).str, np.dtype(np.float64).str}


def describe(name: str, expression: str, dtype: Any, layout: Sequence[tuple[int, int]],
             ins: tuple[Any, ...], flat: bool, args: Sequence[tuple[int, ...]]) -> dict[str, Any]:
    """The record of one group kernel (see the module's docstring)."""
    return {
        "name": name, "expression": expression, "dtype": np.dtype(dtype).str,
        "layout": [list(p) for p in layout], "flat": bool(flat),
        "args": [list(a) for a in args],
        "scalars": [np.dtype(type(v)).str for v in ins[1]],
        "arrays": [[kind, a.dtype.str, bool(a.flags.writeable)]
                   for kind, group in enumerate(ins) if kind != 1 for a in group],
    }


def rebuild(record: dict[str, Any]) -> tuple[Any, ...] | None:
    """(name, expression, dtype, layout, ins, flat, args) from a record, with stand-ins for
    the inputs (one-element arrays of the same dtypes and flags, scalars of the same types),
    or None when any field is not what ``describe`` writes."""
    try:
        name, expression = record["name"], record["expression"]
        if not (isinstance(name, str) and _NAME.fullmatch(name) and isinstance(expression, str)
                and _EXPRESSION.fullmatch(expression) and record["dtype"] in _DTYPES
                and isinstance(record["flat"], bool)):
            return None
        dtype = np.dtype(record["dtype"])
        layout = tuple((_int(k, _KINDS), _int(j, 1 << 16)) for k, j in record["layout"])
        groups: list[list[Any]] = [[] for _ in range(_KINDS)]
        for kind, code, writeable in record["arrays"]:
            if _int(kind, _KINDS) == 1 or code not in _DTYPES or not isinstance(writeable, bool):
                return None
            stand_in = np.empty(1, dtype=np.dtype(code))
            stand_in.flags.writeable = writeable
            groups[kind].append(stand_in)
        for code in record["scalars"]:
            if code not in _DTYPES:
                return None
            groups[1].append(np.dtype(code).type(0))
        if sorted(layout) != sorted((k, j) for k in range(_KINDS)
                                    for j in range(len(groups[k]))):
            return None
        n_inputs = len(layout)
        args = [tuple(_ref(r, n, n_inputs) for r in a) for n, a in enumerate(record["args"])]
        if not args:
            return None
    except (KeyError, TypeError, ValueError):
        return None
    ins = tuple(tuple(g) for g in groups)
    return name, expression, dtype, layout, ins, record["flat"], args


def _int(value: Any, limit: int) -> int:
    if type(value) is not int or not 0 <= value < limit:
        raise ValueError(f"not an int below {limit}: {value!r}")
    return value


def _ref(value: Any, n: int, n_inputs: int) -> int:
    """An op's argument: an earlier op's result (0..n-1) or a group input (-1..-n_inputs)."""
    if type(value) is not int or not -n_inputs <= value < n:
        raise ValueError(f"not an argument of op {n}: {value!r}")
    return value
