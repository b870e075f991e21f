"""``matmul`` as ``tf.compat.v1.matmul`` builds it.

Rank-2 operands make a MatMul, whose ``transpose_a/b`` transpose. ``adjoint_a/b`` conjugate
too: TF inserts a Conj (``MatMul/Conj``) before a transposing MatMul. Operands of rank above
2, or of unknown rank, make a BatchMatMulV2, whose ``adj_x/y`` always conjugate: there TF
inserts the Conj for a plain *transpose*, so a transpose of complex batches conjugates twice
and stays unconjugated. (TF's sparse and ``output_type`` variants are not here.)
"""

from __future__ import annotations

from typing import Any

from ..framework.operation import Tensor
from .apply import apply_op, convert_to_tensor, graph_of, scope
from .math_api import conj


def matmul(
    a: Any,
    b: Any,
    transpose_a: bool = False,
    transpose_b: bool = False,
    adjoint_a: bool = False,
    adjoint_b: bool = False,
    grad_a: bool = False,
    grad_b: bool = False,
    name: str | None = None,
) -> Tensor:
    """The matrix product ``a @ b``; inputs of rank > 2 (or unknown rank) are batches."""
    graph = graph_of(a, b)
    with scope(graph, name, "MatMul") as op_name:
        if transpose_a and adjoint_a:
            raise ValueError("Only one of `transpose_a` and `adjoint_a` can be True. Received "
                             f"`transpose_a`={transpose_a}, `adjoint_a`={adjoint_a}.")
        if transpose_b and adjoint_b:
            raise ValueError("Only one of `transpose_b` and `adjoint_b` can be True. Received "
                             f"`transpose_b`={transpose_b}, `adjoint_b`={adjoint_b}.")
        a = convert_to_tensor(a, name="a", graph=graph)
        b = convert_to_tensor(b, preferred_dtype=a.dtype, name="b", graph=graph)
        ra, rb = a.shape.rank, b.shape.rank
        if ra is None or rb is None or ra > 2 or rb > 2:
            if transpose_a:
                a, adjoint_a = conj(a), True
            if transpose_b:
                b, adjoint_b = conj(b), True
            attrs = {"adj_x": adjoint_a, "adj_y": adjoint_b, "grad_x": grad_a, "grad_y": grad_b}
            return apply_op("BatchMatMulV2", (a, b), attrs, op_name).outputs[0]
        if adjoint_a:
            a, transpose_a = conj(a), True
        if adjoint_b:
            b, transpose_b = conj(b), True
        attrs = {"transpose_a": transpose_a, "transpose_b": transpose_b, "grad_a": grad_a,
                 "grad_b": grad_b}
        return apply_op("MatMul", (a, b), attrs, op_name).outputs[0]
