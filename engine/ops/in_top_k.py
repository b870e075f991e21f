"""InTopKV2: whether each row's target class is among its ``k`` largest predictions
(``tf.nn.in_top_k``, a classifier's top-k accuracy). As TF's kernel counts: the target is in
the top ``k`` when fewer than ``k`` predictions are strictly larger than its own, so ties
count in its favour; a target out of range or a non-finite prediction in the row gives
false. TF registers no gradient for it (its output is bool, so none flows).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.errors import KernelError, ShapeError
from ..framework.operation import Tensor
from ..framework.registry import OpDef, TensorSpec, register
from ..framework.shapes import TensorShape, with_rank
from ._common import host
from ._shape_fns import type_attr
from .apply import graph_of
from .list_apply import apply_op

_INDEX = ("int32", "int64")


def _infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    """TF's InTopKV2 shape function: predictions a matrix, targets its rows, k a scalar."""
    predictions = with_rank(specs[0].shape, 2)
    targets = with_rank(specs[1].shape, 1)
    with_rank(specs[2].shape, 0)
    rows = predictions.sizes[0] if predictions.sizes is not None else None
    count = targets.sizes[0] if targets.sizes is not None else None
    if rows is not None and count is not None and rows != count:
        raise ShapeError(f"Dimensions must be equal, but are {rows} and {count}")
    return [TensorSpec(TensorShape([rows if rows is not None else count]), dt.bool_)]


def _kernel(xp: Any, predictions: Any, targets: Any, k: Any, **attrs: Any) -> Any:
    p = host(predictions)
    t = host(targets).astype(np.int64)
    if p.ndim != 2:
        raise KernelError(f"predictions must be 2-dimensional, got {p.ndim}")
    if p.shape[0] != t.shape[0]:
        raise KernelError(f"First dimension of predictions {p.shape[0]} must match length of "
                          f"targets {t.shape[0]}")
    classes = p.shape[1]
    k_value = int(host(k))
    valid = (t >= 0) & (t < classes)
    own = p[np.arange(p.shape[0]), np.where(valid, t, 0)] if classes else np.zeros(len(t))
    finite = np.isfinite(p).all(axis=1) & np.isfinite(own)
    larger = (p > own[:, None]).sum(axis=1)
    return xp.asarray(valid & finite & (larger < k_value))


register(OpDef(
    type="InTopKV2", inputs=("predictions", "targets", "k"), infer=_infer, kernel=_kernel,
    attrs=(type_attr("T", _INDEX, default=dt.int32),),
    derive=lambda s: {"T": s[1].dtype}, category="Array", default_name="InTopKV2",
    doc="Whether each row's target class is among its k largest predictions.",
    extra={"arg_types": {"predictions": dt.float32, "targets": "T", "k": "T"}},
))


def in_top_k(predictions: Any, targets: Any, k: Any, name: str | None = None) -> Tensor:
    """``tf.compat.v1.nn.in_top_k``: one InTopKV2 in the scope ``in_top_k``."""
    graph = graph_of(predictions, targets, k)
    with graph.name_scope(name or "in_top_k"):
        out = apply_op("InTopKV2", name, predictions=predictions, targets=targets, k=k)
    assert isinstance(out, Tensor)
    return out
