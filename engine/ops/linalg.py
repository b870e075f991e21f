"""Matrix products: MatMul (rank 2) and BatchMatMulV2 (batched, broadcasting batch dims).

MatMul's ``transpose_a/b`` transpose; BatchMatMulV2's ``adj_x/y`` transpose and conjugate
(the builder inserts a Conj for a transpose of complex batches, as TF does). The kernels
check their inputs at run time with TF's words; TF has no CPU kernel for unsigned ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework.errors import KernelError
from ..framework.kernels import cpu_kernels
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import (
    TensorShape,
    broadcast_shapes,
    merge_dim,
    with_rank,
    with_rank_at_least,
)
from . import _gemm
from ._common import BATCH_MATMUL_TYPES, MATMUL_TYPES, derive_t, dtypes_named, same_type, shape_str

#: TF's CPU kernels of both products, in the order its message lists them
_KERNELS = cpu_kernels("T", *dtypes_named(
    "int64", "int32", "int16", "float64", "float32", "bfloat16", "float16", "complex128",
    "complex64"))


def _transpose(xp: Any, x: Any) -> Any:
    return xp.matrix_transpose(x) if hasattr(xp, "matrix_transpose") else xp.swapaxes(x, -1, -2)


def _matmul_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    t = same_type("MatMul", ("a", "b"), specs, MATMUL_TYPES)
    a = with_rank(specs[0].shape, 2).as_list()
    b = with_rank(specs[1].shape, 2).as_list()
    if attrs.get("transpose_a"):
        a = a[::-1]
    if attrs.get("transpose_b"):
        b = b[::-1]
    merge_dim(a[1], b[0])
    return [TensorSpec(TensorShape([a[0], b[1]]), t)]


def _matmul_kernel(xp: Any, a: Any, b: Any, **attrs: Any) -> Any:
    for i, m in enumerate((a, b)):
        if len(m.shape) != 2:  # TF's words, also for a rank above 2
            raise KernelError(f"In[{i}] ndims must be >= 2")
    inner_a = a.shape[0 if attrs.get("transpose_a") else 1]
    inner_b = b.shape[1 if attrs.get("transpose_b") else 0]
    if inner_a != inner_b:
        raise KernelError(f"Matrix size-incompatible: In[0]: {shape_str(a.shape)}, In[1]: "
                          f"{shape_str(b.shape)}")
    if xp is np:  # a large float product through MLAS, whose kernels fit this CPU
        fast = _gemm.matmul(a, b, bool(attrs.get("transpose_a")), bool(attrs.get("transpose_b")))
        if fast is not None:
            return fast
    if attrs.get("transpose_a"):
        a = _transpose(xp, a)
    if attrs.get("transpose_b"):
        b = _transpose(xp, b)
    return xp.matmul(a, b)


def _explain_matmul(arrays: Sequence[Any]) -> str | None:
    a, b = (tuple(x.shape) for x in arrays[:2])
    return f"Matrix size-incompatible: In[0]: {shape_str(a)}, In[1]: {shape_str(b)}"


register(
    OpDef(
        type="MatMul",
        inputs=("a", "b"),
        attrs=(
            AttrDef("T", "type", derived=True),
            AttrDef("grad_a", "bool", default=False, hidden=True),
            AttrDef("grad_b", "bool", default=False, hidden=True),
            AttrDef("transpose_a", "bool", default=False, doc="use the transpose of a"),
            AttrDef("transpose_b", "bool", default=False, doc="use the transpose of b"),
        ),
        infer=_matmul_infer,
        kernel=_matmul_kernel,
        derive=derive_t,
        category="Linear algebra",
        doc="The matrix product of two rank-2 tensors.",
        explain=_explain_matmul,
        default_name="MatMul",
        operator_name="matmul",
        input_types=("T", "T"),
        allowed={"T": MATMUL_TYPES},
        kernels=_KERNELS,
    )
)


def _batch_matmul_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    t = same_type("BatchMatMulV2", ("x", "y"), specs, BATCH_MATMUL_TYPES)
    xs, ys = specs[0].shape, specs[1].shape
    with_rank_at_least(xs, 2)
    with_rank_at_least(ys, 2)
    if xs.sizes is None or ys.sizes is None:
        return [TensorSpec(TensorShape(None), t)]
    x, y = list(xs.sizes), list(ys.sizes)
    if attrs.get("adj_x"):
        x[-2], x[-1] = x[-1], x[-2]
    if attrs.get("adj_y"):
        y[-2], y[-1] = y[-1], y[-2]
    merge_dim(x[-1], y[-2])  # TF checks the inner dimensions before the batch ones
    batch = broadcast_shapes(TensorShape(x[:-2]), TensorShape(y[:-2]))
    return [TensorSpec(TensorShape(batch.as_list() + [x[-2], y[-1]]), t)]


def _batch_dims_fit(xs: tuple[int, ...], ys: tuple[int, ...]) -> bool:
    n = max(len(xs), len(ys))
    xs, ys = (1,) * (n - len(xs)) + xs, (1,) * (n - len(ys)) + ys
    return all(a == b or a == 1 or b == 1 for a, b in zip(xs, ys))


def _check_batch(x: Any, y: Any, adj_x: bool, adj_y: bool, onednn: bool) -> None:
    """TF's BatchMatMulV2 kernel checks, in its order and words (``onednn``: float32 and
    bfloat16, whose oneDNN kernel adds the adjoint flags to its size message)."""
    for i, m in enumerate((x, y)):
        if len(m.shape) < 2:
            raise KernelError(f"In[{i}] ndims must be >= 2: {len(m.shape)}")
    xs, ys = tuple(int(d) for d in x.shape), tuple(int(d) for d in y.shape)
    if not _batch_dims_fit(xs[:-2], ys[:-2]):
        raise KernelError("In[0] and In[1] must have compatible batch dimensions: "
                          f"{shape_str(xs)} vs. {shape_str(ys)}")
    inner_x = xs[-2] if adj_x else xs[-1]
    inner_y = ys[-1] if adj_y else ys[-2]
    if inner_x != inner_y:
        flags = f" {int(adj_x)} {int(adj_y)}" if onednn else ""
        raise KernelError(f"Matrix size-incompatible: In[0]: {shape_str(xs)}, In[1]: "
                          f"{shape_str(ys)}{flags}")


def _batch_matmul_kernel(xp: Any, x: Any, y: Any, **attrs: Any) -> Any:
    _check_batch(x, y, bool(attrs.get("adj_x")), bool(attrs.get("adj_y")),
                 attrs["T"].name in ("float32", "bfloat16"))
    if attrs.get("adj_x"):
        x = _transpose(xp, x)
        if hasattr(xp, "conj") and attrs["T"].is_complex:
            x = xp.conj(x)
    if attrs.get("adj_y"):
        y = _transpose(xp, y)
        if hasattr(xp, "conj") and attrs["T"].is_complex:
            y = xp.conj(y)
    if xp is np and x.size and y.size:  # an empty product is numpy's (zeros of its shape)
        fast = _gemm.matmul(x, y) if x.ndim == y.ndim == 2 else _gemm.batch_matmul(x, y)
        if fast is not None:
            return fast
    return xp.matmul(x, y)


register(
    OpDef(
        type="BatchMatMulV2",
        inputs=("x", "y"),
        attrs=(
            AttrDef("T", "type", derived=True),
            AttrDef("adj_x", "bool", default=False, doc="use the adjoint of x"),
            AttrDef("adj_y", "bool", default=False, doc="use the adjoint of y"),
            AttrDef("grad_x", "bool", default=False, hidden=True),
            AttrDef("grad_y", "bool", default=False, hidden=True),
        ),
        infer=_batch_matmul_infer,
        kernel=_batch_matmul_kernel,
        derive=derive_t,
        category="Linear algebra",
        doc="Batched matrix product; the batch dimensions broadcast.",
        explain=_explain_matmul,
        default_name="MatMul",
        input_types=("T", "T"),
        allowed={"T": BATCH_MATMUL_TYPES},
        kernels=_KERNELS,
    )
)
