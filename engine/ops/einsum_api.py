"""``tf.einsum`` (TF's ``_einsum_v2``): the equation checked and written out in full (the
implicit form ``ij,jk`` gets the labels seen once, sorted), then one ``Einsum`` op for one
or two operands, or, for three or more, the pairwise contractions opt_einsum's greedy path
chooses (as TF asks it: static dims, an unknown one taken as 1, the ellipsis kept out of its
sight as the label ``0``), each an ``Einsum`` op (``einsum/Einsum``, ``einsum/Einsum_1`` …).
"""

from __future__ import annotations

import collections
import re
from typing import Any

import numpy as np

from ..framework.operation import Tensor
from .apply import graph_of as _graph_of
from .list_apply import apply_op

_HIDDEN = "0"  # TF's stand-in for the ellipsis while opt_einsum reads the equation


def resolve(equation: str, shapes: list[list[int | None] | None]
            ) -> tuple[str, list[list[int]] | None, bool]:
    """TF's ``_einsum_v2_parse_and_resolve_equation``: the explicit equation (the ellipsis
    as ``0``), for three or more operands each one's dims by label (unknown ones as the
    largest known dim of their label, else 1), and whether there is an ellipsis."""
    resolved = equation.replace(" ", "")
    ellipsis = "..." in equation
    if ellipsis:
        if _HIDDEN in resolved:
            raise ValueError(f'Invalid character "{_HIDDEN}" in equation: {equation}.')
        resolved = resolved.replace("...", _HIDDEN)
    allowed = "a-zA-Z" + (_HIDDEN if ellipsis else "")
    match = re.match(f"^([{allowed},]*)(->[{allowed}]*)?$", resolved)
    if not match:
        raise ValueError(f"Subscripts have incorrect format: {resolved}")
    input_labels = match.group(1).split(",")
    output_labels = match.group(2)[2:] if match.group(2) else None
    if len(shapes) != len(input_labels):
        raise ValueError(f'Got {len(shapes)} inputs for equation "{equation}", expecting '
                         f"{len(input_labels)}")
    if "->" not in resolved:
        counts = collections.Counter(match.group(1))
        output_labels = "".join(x for x in sorted(counts) if x != "," and counts[x] == 1)
        resolved += "->" + output_labels
    assert output_labels is not None
    if output_labels and len(set(output_labels)) != len(output_labels):
        raise ValueError("Output subscripts contain a label appearing more than once: "
                         f"{equation}")
    for label in output_labels:
        if label != _HIDDEN and label not in match.group(1):
            raise ValueError(f"Output subscripts contain the label {label} not present in the "
                             "input subscripts.")
    if len(shapes) <= 2:
        return resolved, None, ellipsis
    return resolved, _resolved_shapes(equation, input_labels, shapes, ellipsis), ellipsis


def _resolved_shapes(equation: str, input_labels: list[str],
                     shapes: list[list[int | None] | None], ellipsis: bool) -> list[list[int]]:
    """Each operand's dims as opt_einsum is given them (the ellipsis' dims as one: their
    product)."""
    label_dim: dict[str, int] = collections.defaultdict(lambda: 1)
    for i, (subs, shape) in enumerate(zip(input_labels, shapes)):
        if shape is None:
            continue
        shape = list(shape)
        start = subs.find(_HIDDEN) if ellipsis else -1
        if start != -1:
            if start != subs.rfind(_HIDDEN):
                raise ValueError(f"Too many ellipses in input label "
                                 f"{subs.replace(_HIDDEN, '...')}.")
            if len(subs) > len(shape) + 1:
                raise ValueError(f"Too many named labels in {i}th subscript string of equation "
                                 f"{equation} for input shape {shape} ")
            end = start + len(shape) + 1 - len(subs)
            known = [d for d in shape[start:end] if d]
            shape[start:end] = [int(np.prod(known, dtype=np.int64))]
        elif len(subs) != len(shape):
            raise ValueError(f"Number of named labels in input #{i} of equation {equation} "
                             f"must be equal to the number of dimensions in shape {shape}")
        for d, label in zip(shape, subs):
            if d is not None:
                label_dim[label] = max(label_dim[label], d)
    return [[label_dim[label] for label in subs] for subs in input_labels]


def contraction_order(equation: str, shapes: list[list[int]], optimize: str = "greedy"
                      ) -> list[tuple[tuple[int, ...], str]]:
    """opt_einsum's pairwise path (``greedy`` by default), as TF asks for it: per step the
    positions of the operands it takes (popped from the list, the result appended) and its
    equation."""
    import opt_einsum

    shaped = collections.namedtuple("shaped", ["shape"])
    _, contractions = opt_einsum.contract_path(
        equation, *[shaped(tuple(s)) for s in shapes], optimize=optimize, einsum_call=True,
        use_blas=True)
    return [(tuple(c[0]), str(c[2])) for c in contractions]


def einsum(equation: str, *inputs: Any, **kwargs: Any) -> Tensor:
    """``tf.einsum(equation, *inputs, name=None, optimize='greedy')``."""
    name = kwargs.pop("name", None)
    optimize = kwargs.pop("optimize", "greedy")
    if kwargs:
        raise TypeError(f"Invalid keyword arguments for einsum: {', '.join(kwargs)}. "
                        "Valid arguments: name, optimize, greedy.")
    graph = _graph_of(*inputs)
    with graph.name_scope(name or "einsum"):
        operands = list(inputs)
        resolved, dims, ellipsis = resolve(equation, [_shape_of(x) for x in operands])
        if dims is None:
            return _op(operands, resolved.replace(_HIDDEN, "...") if ellipsis else resolved)
        for positions, pair in contraction_order(resolved, dims, optimize):
            taken = [operands.pop(p) for p in positions]
            operands.append(_op(taken, pair.replace(_HIDDEN, "...") if ellipsis else pair))
        result: Tensor = operands[0]
        return result


def _shape_of(x: Any) -> list[int | None] | None:
    """An operand's static dims (None: unknown rank), as TF reads ``operand.shape``."""
    if isinstance(x, Tensor):
        return x.shape.as_list() if x.shape.rank is not None else None
    return [int(d) for d in np.shape(x)]


def _op(operands: list[Any], equation: str) -> Tensor:
    out = apply_op("Einsum", None, {"equation": equation}, inputs=operands)
    assert isinstance(out, Tensor)
    return out
