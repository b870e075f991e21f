"""Einsum: one or two operands contracted as an equation says (``tf.einsum``), the forms a
TF1 model writes: a matrix product (``ij,jk->ik``), a batch one (``bij,bjk->bik``), an
outer or dot product, a transpose (``ij->ji``), sums over axes (``ij->i``) and traces
(``ii->``). The implicit form (``ij,jk``) gets numpy's and TF's output: the labels seen
once, sorted. An ellipsis (``...``) and three or more operands are refused with a message
saying so.

The gradient is TF's ``_EinsumGrad`` for these forms: an einsum of the output's gradient
with the other operand, and for summed labels the gradient broadcast back (through an
einsum that repeats a label, ``i->ii``, for a trace).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.errors import AttrError, ShapeError
from ..framework.operation import Operation, Tensor
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import Dim, TensorShape, merge_dim
from . import _shape_fns as sf
from ._common import host
from ._shape_fns import type_attr
from .apply import graph_of as _graph_of
from .array_join import N_ATTR, _n_normalize
from .grad_registry import register_gradient
from .list_apply import apply_op

_TYPES = ("bfloat16", "float16", "float32", "float64", "int32", "int64", "complex64",
          "complex128")


def parse(equation: str, n: int | None = None) -> tuple[list[str], str]:
    """The operands' subscripts and the output's, the implicit form resolved; a form the
    engine does not take raises ValueError naming it."""
    text = "".join(equation.split())
    if "." in text:
        raise ValueError(f'einsum: the equation "{equation}" uses an ellipsis (...), which the '
                         "engine's einsum does not take: write every axis's label out")
    lhs, arrow, rhs = text.partition("->")
    inputs = lhs.split(",")
    for subs in [*inputs, rhs]:
        if not all(c.isalpha() for c in subs):
            raise ValueError(f'einsum: the equation "{equation}" has a subscript that is not '
                             "letters: only labels a-z and A-Z, commas and -> are allowed")
    if n is not None and len(inputs) != n:
        raise ValueError(f'Got {n} inputs for equation "{text}", expecting {len(inputs)}')
    if len(inputs) > 2:
        raise ValueError(f'einsum: the equation "{equation}" has {len(inputs)} operands; the '
                         "engine's einsum takes one or two (contract them in pairs)")
    if not arrow:
        counts = {c: lhs.count(c) for c in lhs if c != ","}
        rhs = "".join(sorted(c for c, k in counts.items() if k == 1))
    for c in rhs:
        if c not in lhs:
            raise ValueError(f"Output subscripts contain the label {c} not present in the "
                             "input subscripts.")
    return inputs, rhs


def _equation(attrs: Mapping[str, Any]) -> tuple[list[str], str]:
    try:
        return parse(str(attrs["equation"]))
    except ValueError as err:
        raise ShapeError(str(err)) from None


def _einsum_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    t = sf.same_dtype("Einsum", specs, [f"inputs[{i}]" for i in range(len(specs))], _TYPES)
    inputs, output = _equation(attrs)
    if len(inputs) != len(specs):
        raise ShapeError(f"Expecting {len(inputs)} inputs but got {len(specs)}")
    dims: dict[str, Dim] = {}
    for i, (subs, spec) in enumerate(zip(inputs, specs)):
        if spec.shape.sizes is None:
            continue
        if len(spec.shape.sizes) != len(subs):
            raise ShapeError(f"Expected input {i} to have rank {len(subs)} but got: "
                             f"{len(spec.shape.sizes)}")
        for label, d in zip(subs, spec.shape.sizes):
            dims[label] = merge_dim(dims[label], d) if label in dims else d
    return [TensorSpec(TensorShape([dims.get(c) for c in output]), t)]


def _einsum_kernel(xp: Any, *operands: Any, **attrs: Any) -> Any:
    inputs, output = parse(str(attrs["equation"]))
    arrays = [host(a) for a in operands]
    unique = "".join(dict.fromkeys(output))
    if unique == output:
        # np.array: a C-ordered copy that keeps a scalar's rank 0
        return xp.asarray(np.array(np.einsum(f"{','.join(inputs)}->{output}", *arrays)))
    # a label repeated in the output (a trace's gradient): the values on its diagonal
    sizes = {c: d for subs, a in zip(inputs, arrays) for c, d in zip(subs, a.shape)}
    values = np.einsum(f"{','.join(inputs)}->{unique}", *arrays)
    out = np.zeros([sizes[c] for c in output], values.dtype)
    np.einsum(f"{output}->{unique}", out)[...] = values
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


def einsum(equation: str, *inputs: Any, **kwargs: Any) -> Tensor:
    """``tf.einsum``: one Einsum op named ``einsum/Einsum`` (or ``NAME/Einsum``) with the
    equation written out in full."""
    name = kwargs.pop("name", None)
    if kwargs:
        raise TypeError(f"Invalid keyword arguments for this function: "
                        f"{', '.join(sorted(kwargs))}. Expected: name.")
    subs, output = parse(equation, len(inputs))
    graph = _graph_of(*inputs)
    with graph.name_scope(name or "einsum"):
        out = apply_op("Einsum", None, {"equation": f"{','.join(subs)}->{output}"},
                       inputs=list(inputs))
        assert isinstance(out, Tensor)
        return out


def _gen_einsum(operands: list[Any], equation: str) -> Any:
    return apply_op("Einsum", None, {"equation": equation}, inputs=operands)


def _grad_reduced(output_grad: Any, output_subs: str, input_subs: str, input_shape: Any,
                  reduced: set[str]) -> Any:
    """TF's ``_GetGradReduced``: the gradient of a unary einsum that sums labels."""
    from .array_builders import broadcast_to, concat, ones, reshape, shape, stack
    from .list_apply import convert_to_tensor
    from .reduction_grad import _reduced_shape

    reduced_subs = "".join(sorted(reduced))
    reduced_axes = [input_subs.find(s) for s in reduced_subs]
    reduced_dims = stack([input_shape[ax] for ax in reduced_axes])
    repeated = len(set(input_subs)) + len(set(output_subs)) < len(input_subs) + len(output_subs)
    without_reduced = "".join(s for s in input_subs if s not in reduced)
    if not repeated and without_reduced == output_subs:
        reduced_shape = _reduced_shape(input_shape, convert_to_tensor(reduced_axes))
        return broadcast_to(reshape(output_grad, reduced_shape), input_shape)
    full_shape = concat([reduced_dims, shape(output_grad)], axis=0)
    reduced_shape = concat([ones(len(reduced), dtype=dt.int32), shape(output_grad)], axis=0)
    grad = broadcast_to(reshape(output_grad, reduced_shape), full_shape)
    return _gen_einsum([grad], f"{reduced_subs + output_subs}->{input_subs}")


def _grad_wrt(output_grad: Any, other: Any, input_shape: Any, input_subs: str,
              other_subs: str, output_subs: str) -> Any:
    """TF's ``_GetGradWrt``: one operand's gradient of a binary einsum."""
    reduced = set(input_subs) - set(output_subs + other_subs + ".")
    left_subs = "".join(s for s in input_subs if s not in reduced)
    grad = _gen_einsum([output_grad, other], f"{output_subs},{other_subs}->{left_subs}")
    if not reduced:
        return grad
    return _grad_reduced(grad, left_subs, input_subs, input_shape, reduced)


@register_gradient("Einsum")
def _einsum_grad(op: Operation, grad: Any) -> Any:
    """TF's ``_EinsumGrad`` without the ellipsis (which the engine's einsum refuses)."""
    from .array_builders import shape
    from .math_api import conj

    input_subs, output_subs = str(op.get_attr("equation")).split("->")
    if len(op.inputs) == 1:
        input_shape: Any = shape(op.inputs[0])
        reduced = set(input_subs) - set(output_subs + "...")
        if not reduced:
            return _gen_einsum([grad], f"{output_subs}->{input_subs}")
        return _grad_reduced(grad, output_subs, input_subs, input_shape, reduced)
    x_subs, y_subs = input_subs.split(",")
    x, y = op.inputs[0], op.inputs[1]
    if grad.dtype.is_complex:
        x, y = conj(x), conj(y)
    x_shape, y_shape = shape(x), shape(y)
    return (_grad_wrt(grad, y, x_shape, x_subs, y_subs, output_subs),
            _grad_wrt(grad, x, y_shape, y_subs, x_subs, output_subs))
