"""A seeded mutator of graph files, for the loader's fuzz test (``test_load_fuzz.py``).

Why a mutator of our own rather than hypothesis: the cases must be hostile in the ways real
files are (integers of thousands of digits, ``1e400``, lone surrogates, NaN literals, keys
twice, nesting a thousand deep, truncated or corrupted text), start from valid documents so
that most of them get deep into the loader, and be reproducible from one seed and a count,
so a failure in CI is replayed exactly with ``case_text(seed, i)``.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from typing import Any

import numpy as np

import engine
from engine.io.graph_files import graph_to_document

#: markers that ``json.dumps`` writes as strings and the mutator turns into raw JSON text
_RAW = "\x00raw:"


def _raw(text: str) -> str:
    return f"{_RAW}{text}\x00"


HOSTILE: list[Any] = [
    None, True, False, 0, -1, 1, 2**31, 2**63, 2**64, -(2**63) - 1, 255, 256, -129,
    0.5, -0.0, 1e300, 3.5e38, 70000.0, 1e-50,
    _raw("1" * 5000), _raw("-" + "9" * 4301), _raw("7" * 4300), _raw("1e400"),
    _raw("-1e400"), _raw("1" + "0" * 400 + ".5"), _raw("NaN"), _raw("Infinity"),
    _raw("-Infinity"), _raw("[" * 3000 + "]" * 3000), _raw("[" * 70 + "]" * 70),
    _raw('{"a":' * 1200 + "1" + "}" * 1200),
    "", "\ud800", "x\udfffy", "a" * 100_000, "Const_1:0\n", "Const:" + "1" * 5000,
    "Const:00", "nan", "inf", "-inf", "float32", "string", "base64", "json", "Const",
    "AddV2", "x\n", "\x00", "é" * 300, "\u2028",
    [], {}, [1, 2, 3], [[1], [2, 3]], [None], [[]], {"dtype": "int8"},
    [10**6, 10**6], [2**62, 2**62], [2**20, 2**20], [0, 10**6], [-1], [1] * 40,
    {"dtype": "float32", "shape": [2], "data": [1.0, _raw("1e400")]},
    {"dtype": "string", "shape": [1], "data": ["\ud800"]},
    {"dtype": "string", "shape": [], "data": "\udc80"},
    {"dtype": "int8", "shape": [3], "data": [1, _raw("1" * 5000), 3]},
    {"dtype": "float32", "shape": [1], "encoding": "base64", "data": "\ud800AAA"},
    {"dtype": "bool", "shape": [2**20, 2**20], "encoding": "base64", "data": ""},
    {"x": _raw("1e400"), "y": 0}, {"center": [_raw("Infinity"), 0], "zoom": 1.0},
]


def _base_graphs() -> list[tuple[engine.Graph, dict[str, Any] | None]]:
    out: list[tuple[engine.Graph, dict[str, Any] | None]] = []
    g = engine.Graph()
    with g.as_default():
        a, b, c = engine.constant(5), engine.constant(6), engine.constant(7)
        _ = (a + b) * c
    editor = {"nodes": {op.name: {"x": i * 100, "y": -60} for i, op in
                        enumerate(g.get_operations())}, "view": {"center": [0, 0], "zoom": 1.0}}
    out.append((g, editor))
    g = engine.Graph()
    with g.as_default():
        p = engine.placeholder_with_default(np.ones((2, 3), np.float32), shape=[None, 3])
        x = engine.placeholder(engine.float32, shape=[None, 3], name="x")
        _ = engine.matmul(p + x, engine.constant(np.eye(3, dtype=np.float32)))
    out.append((g, None))
    g = engine.Graph()
    with g.as_default():
        for dtype in engine.ALL_DTYPES:
            if dtype.is_string:
                engine.constant([b"ab", "\u00e9".encode(), b"\xff"], name="s")
            elif dtype.is_bool:
                engine.constant([True, False], name="flags")
            else:
                engine.constant(np.arange(6).reshape(2, 3).astype(dtype.np_dtype),
                                name=f"c_{dtype.name}")
        engine.constant(np.arange(300, dtype=np.float32), name="big")  # base64
    out.append((g, {"nodes": {}, "view": {"center": [1.5, -2.5], "zoom": 0.75}}))
    return out


def base_documents() -> list[dict[str, Any]]:
    """Valid documents: the seed, placeholders and matmul, one tensor of every dtype."""
    return [graph_to_document(g, editor) for g, editor in _base_graphs()]


def _paths(doc: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) pair in ``doc``, in document order."""
    out: list[tuple[Any, Any]] = []
    stack = [doc]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            out.append((node, key))
            if isinstance(value, (dict, list)):
                stack.append(value)
    return out


def _dumps(doc: Any) -> str:
    text = json.dumps(doc)  # ensure_ascii: lone surrogates become \\ud800 escapes
    opening = '"\\u0000raw:'
    while opening in text:  # a marker string "\\u0000raw:TEXT\\u0000" -> TEXT, unescaped
        start = text.index(opening)
        end = text.index('\\u0000"', start) + len('\\u0000"')
        raw = json.loads(text[start:end])[len(_RAW):-1]
        text = text[:start] + raw + text[end:]
    return text


def _hostile(rng: random.Random) -> Any:
    return copy.deepcopy(rng.choice(HOSTILE))  # a fresh copy: later mutations stay local


def _mutate_doc(rng: random.Random, doc: Any) -> None:
    paths = _paths(doc)
    if not paths:
        return
    container, key = rng.choice(paths)
    action = rng.random()
    if action < 0.7:
        container[key] = _hostile(rng)
    elif action < 0.8 and isinstance(container, dict):
        del container[key]
    elif action < 0.9 and isinstance(container, dict):
        container[rng.choice(["extra", "device", "T", "name", "editor", "view"])] = rng.choice(
            HOSTILE)
    elif isinstance(container, list):
        container.append(_hostile(rng))
    else:
        container[key] = [copy.deepcopy(container[key]) for _ in range(rng.randint(0, 3))]


_PUNCT = list('{}[],:"\\ \n0123456789.eE-+tfn') + ["\\u", "\\ud800", "NaN", "1e999", '"a":1,']


def _mutate_text(rng: random.Random, text: str) -> str:
    if not text:
        return text
    i = rng.randrange(len(text))
    action = rng.random()
    if action < 0.2:
        return text[:i]  # truncated
    if action < 0.45:
        return text[:i] + rng.choice(_PUNCT) + text[i + 1:]
    if action < 0.65:
        return text[:i] + rng.choice(_PUNCT) + text[i:]
    if action < 0.8:
        j = min(len(text), i + rng.randint(1, 40))
        return text[:i] + text[j:]
    if action < 0.9:  # a key twice in one object
        k = text.find("{", i)
        k = text.find("{") if k < 0 else k
        if k >= 0:
            key = rng.choice(["name", "format", "dtype", "x", "data", "inputs", "nodes"])
            return text[:k + 1] + f'"{key}": 1, ' + text[k + 1:]
        return text
    j = min(len(text), i + rng.randint(1, 200))
    return text[:j] + text[i:j] + text[j:]  # a span repeated


def case_text(seed: int, index: int, bases: list[dict[str, Any]] | None = None) -> str:
    """The text of fuzz case ``index`` of ``seed``: a base document with one to three
    document-level mutations, then (half the time) a text-level one."""
    rng = random.Random(seed * 1_000_003 + index)
    bases = bases if bases is not None else base_documents()
    doc = json.loads(json.dumps(rng.choice(bases)))
    for _ in range(rng.randint(1, 3)):
        _mutate_doc(rng, doc)
    text = _dumps(doc)
    if rng.random() < 0.5:
        for _ in range(rng.randint(1, 2)):
            text = _mutate_text(rng, text)
    return text


def cases(seed: int, count: int) -> Iterator[tuple[int, str]]:
    bases = base_documents()
    for i in range(count):
        yield i, case_text(seed, i, bases)
