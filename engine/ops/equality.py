"""Equal and NotEqual's ``incompatible_shape_error``: the attribute every TF 2 graph writes
on them (``tf.math.equal`` sets it to True), so a GraphDef's comparisons import as the
registry's ops and are written back with it.

With it False, TF compares tensors whose shapes do not broadcast instead of failing: the
answer is one scalar, "all unequal" (``False`` for Equal, ``True`` for NotEqual). Its static shape
is TF's: a scalar where the known dims do not broadcast, unknown where a dim is unknown and
the other one not 1 (the run decides), else the broadcast.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..framework import dtypes as dt
from ..framework.registry import AttrDef, TensorSpec
from ..framework.shapes import TensorShape
from ._common import ALL, binary_infer

SHAPE_ERROR_ATTR = AttrDef(
    "incompatible_shape_error", "bool", default=True, hidden=True,
    doc="True: shapes that do not broadcast are an error; False: they compare unequal, as "
        "one scalar")


def _broadcastable(x: Sequence[int], y: Sequence[int]) -> bool:
    return all(a == b or a == 1 or b == 1 for a, b in zip(reversed(x), reversed(y)))


def equality_kernel(name: str) -> Any:
    """The kernel of Equal (``name`` ``equal``) or NotEqual (``not_equal``)."""
    unequal = name == "not_equal"

    def kernel(xp: Any, x: Any, y: Any, incompatible_shape_error: bool = True,
               **attrs: Any) -> Any:
        if not incompatible_shape_error and not _broadcastable(x.shape, y.shape):
            return xp.asarray(unequal)
        return getattr(xp, name)(x, y)

    return kernel


def lenient_shape(x: TensorShape, y: TensorShape) -> TensorShape | None:
    """The static shape of a comparison told not to fail (TF's shape function): None where
    it is the ordinary broadcast."""
    if x.rank is None or y.rank is None:
        return TensorShape(None)
    for a, b in zip(reversed(x.as_list()), reversed(y.as_list())):
        if a is not None and b is not None:
            if a != b and a != 1 and b != 1:
                return TensorShape([])
        elif (a if b is None else b) not in (None, 1):
            return TensorShape(None)
    return None


def equality_infer(op_type: str) -> Any:
    """Inference: a broadcast as any comparison's, or ``lenient_shape``'s answer when the op
    is told not to fail."""
    base = binary_infer(op_type, ALL, dt.bool_)

    def infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
        if not attrs.get("incompatible_shape_error", True):
            shape = lenient_shape(specs[0].shape, specs[1].shape)
            if shape is not None:
                base([specs[0], specs[0]], attrs)  # the dtype checks
                if specs[1].dtype is not specs[0].dtype:
                    return base(specs, attrs)  # TF's words for the mismatch
                return [TensorSpec(shape, dt.bool_)]
        return base(specs, attrs)

    return infer
