"""The Einsum op: operands contracted as an equation says (``a,b->c``), as TF's ``Einsum``
kernel takes it: one or two operands, labels a-z and A-Z, at most one ellipsis (``...``) per
subscript standing for broadcast batch dims (``...ij,...jk->...ik``), repeated labels for
diagonals and traces (``ii->``), and, as the gradients write them, a label repeated in the
output (``i->ii``: the values put on a diagonal).

``tf.einsum`` (``einsum_api.py``) writes the equation out and splits three or more operands
into several of these ops; the gradient is in ``einsum_grad.py``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework.errors import AttrError, ShapeError
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import Dim, TensorShape, broadcast_shapes, merge_dim
from . import _shape_fns as sf
from ._common import host
from ._shape_fns import type_attr
from .array_join import N_ATTR, _n_normalize

_TYPES = ("bfloat16", "float16", "float32", "float64", "int32", "int64", "complex64",
          "complex128")
ELLIPSIS = "..."


def labels(subscripts: str) -> list[str]:
    """A subscript's labels, the ellipsis one of them: ``a...b`` → ``[a, ..., b]``."""
    before, found, after = subscripts.partition(ELLIPSIS)
    return [*before, ELLIPSIS, *after] if found else list(subscripts)


def split(equation: str) -> tuple[list[str], str]:
    """An Einsum op's equation as its operands' subscripts and the output's, checked as
    TF's kernel checks it (``EinsumHelper::ParseEquation``)."""
    lhs, arrow, rhs = equation.partition("->")
    if not arrow:
        raise ShapeError(f"Expecting exactly one '->' in einsum equation: {equation}")
    inputs = lhs.split(",")
    for kind, subs in [*(("input", x) for x in inputs), ("output", rhs)]:
        periods = subs.count(".")
        if periods and (periods != 3 or ELLIPSIS not in subs):
            raise ShapeError(f"Expected at most one ellipsis (...), but found {periods} "
                             f"periods (.) in the {kind} subscript: {subs}")
        if not all(c.isalpha() for c in subs.replace(ELLIPSIS, "")):
            raise ShapeError(f"Invalid character in einsum equation: {equation}")
    if len(inputs) > 2:
        raise ShapeError(f"Expecting 1 or 2 input subscripts in equation '{equation}' but "
                         f"got: {len(inputs)}")
    return inputs, rhs


def _equation(attrs: Mapping[str, Any]) -> tuple[str, list[str], str]:
    equation = str(attrs["equation"])
    inputs, output = split(equation)
    return equation, inputs, output


def _operand_dims(i: int, subs: str, shape: TensorShape, equation: str
                  ) -> tuple[dict[str, Dim], TensorShape | None]:
    """One operand's dim per label and its batch shape (the ellipsis' dims: ``()`` without
    one, None where its rank is unknown)."""
    named = [c for c in labels(subs) if c != ELLIPSIS]
    has_ellipsis = ELLIPSIS in subs
    if shape.sizes is None:
        return {}, None if has_ellipsis else TensorShape([])
    rank = len(shape.sizes)
    if has_ellipsis and rank < len(named):
        raise ShapeError(f"Shape must be at least rank {len(named)} but is rank {rank}\n\t "
                         f"for {i}th input and equation: {equation}")
    if not has_ellipsis and rank != len(named):
        raise ShapeError(f"Shape must be rank {len(named)} but is rank {rank}\n\t "
                         f"for {i}th input and equation: {equation}")
    before = subs.partition(ELLIPSIS)[0] if has_ellipsis else subs
    after = subs.partition(ELLIPSIS)[2] if has_ellipsis else ""
    dims = list(shape.sizes)
    batch = TensorShape(dims[len(before):rank - len(after)])
    out: dict[str, Dim] = {}
    for label, d in [*zip(before, dims), *zip(after, dims[rank - len(after):])]:
        out[label] = merge_dim(out[label], d) if label in out else d
    return out, batch


def _einsum_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    t = sf.same_dtype("Einsum", specs, [f"inputs[{i}]" for i in range(len(specs))], _TYPES)
    equation, inputs, output = _equation(attrs)
    if len(inputs) != len(specs):
        raise ShapeError(f"Expecting {len(inputs)} inputs but got {len(specs)}")
    dims: dict[str, Dim] = {}
    batch: TensorShape | None = TensorShape([])
    for i, (subs, spec) in enumerate(zip(inputs, specs)):
        found, operand_batch = _operand_dims(i, subs, spec.shape, equation)
        for label, d in found.items():
            dims[label] = merge_dim(dims[label], d) if label in dims else d
        batch = None if batch is None or operand_batch is None else broadcast_shapes(
            batch, operand_batch)
    for c in output.replace(ELLIPSIS, ""):
        if c not in "".join(inputs):
            raise ShapeError(f"Output subscripts contain the label {c} not present in the "
                             "input subscripts.")
    if ELLIPSIS not in output:
        if batch is not None and batch.sizes:
            raise ShapeError(f"Shape must be at most rank 0 but is rank {len(batch.sizes)}\n\t "
                             f"for einsum equation '{equation}' without ellipsis (...) in the "
                             "output subscripts where input(s) have non-empty broadcasting "
                             "shape")
        return [TensorSpec(TensorShape([dims.get(c) for c in output]), t)]
    if batch is None or batch.sizes is None:
        return [TensorSpec(TensorShape(None), t)]
    out: list[Dim] = []
    for label in labels(output):
        out.extend(batch.sizes if label == ELLIPSIS else [dims.get(label)])
    return [TensorSpec(TensorShape(out), t)]


def _einsum_kernel(xp: Any, *operands: Any, **attrs: Any) -> Any:
    """numpy's einsum on host arrays (the array API has none); its ellipsis broadcasts as
    TF's does."""
    equation, inputs, output = _equation(attrs)
    arrays = [host(a) for a in operands]
    out_labels = labels(output)
    unique = list(dict.fromkeys(out_labels))
    if unique == out_labels:
        # np.array: a C-ordered copy that keeps a scalar's rank 0
        return xp.asarray(np.array(np.einsum(equation, *arrays)))
    # a label repeated in the output (a trace's gradient): the values on its diagonal
    sizes: dict[str, Any] = {}
    batches = []
    for subs, a in zip(inputs, arrays):
        before, _, after = subs.partition(ELLIPSIS)
        ends = a.shape[len(a.shape) - len(after):] if after else ()
        sizes.update(zip(before, a.shape))
        sizes.update(zip(after, ends))
        if ELLIPSIS in subs:
            batches.append(a.shape[len(before):a.ndim - len(after)])
    batch = np.broadcast_shapes(*batches) if batches else ()
    shape: list[int] = []
    for label in out_labels:
        shape.extend(batch if label == ELLIPSIS else [sizes[label]])
    values = np.einsum(f"{','.join(inputs)}->{''.join(unique)}", *arrays)
    out = np.zeros(shape, values.dtype)
    np.einsum(f"{output}->{''.join(unique)}", out)[...] = values
    return xp.asarray(out)

def _normalize(attrs: dict[str, Any]) -> dict[str, Any]:
    equation = attrs.get("equation")
    if isinstance(equation, bytes):
        equation = equation.decode()
    if not isinstance(equation, str) or "->" not in equation:
        raise AttrError(f"equation: expected an explicit einsum equation (ij,jk->ik), got "
                        f"{equation!r}")
    return {**_n_normalize(attrs), "equation": equation}


register(OpDef(
    type="Einsum", inputs=("inputs",), infer=_einsum_infer, kernel=_einsum_kernel,
    attrs=(AttrDef("equation", "string", default="ij,jk->ik",
                   doc="the subscripts of the operands and the output"), N_ATTR,
           type_attr("T", _TYPES)),
    derive=lambda s: {"T": s[0].dtype}, normalize=_normalize, list_inputs={"inputs": "N"},
    category="Math", default_name="Einsum", const_eval=False,
    doc="The operands contracted as equation says (ij,jk->ik: a matrix product).",
    extra={"arg_types": {"inputs": "T"}},
))


