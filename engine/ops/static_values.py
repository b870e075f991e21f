"""What TF knows of a tensor's value while building a graph: ``constant_value`` (TF's
``tensor_util.constant_value``, which folds only a few op types, so that builders and
gradients take the branches TF takes) and ``known_value`` (all that inference knows)."""

from __future__ import annotations

from typing import Any

from ..framework.input_values import value_of
from ..framework.operation import Tensor

#: the ops TF's ``tensor_util.constant_value`` folds, by which inputs must be constant
#: (TF folds no arithmetic: ``begin + 1`` is no constant to it, though inference knows it)
_FOLDS: dict[str, tuple[int, ...] | None] = {
    "Const": (), "Shape": (), "Size": (), "Rank": (), "Fill": (1,),
    "Range": None, "Cast": None, "Concat": None, "ConcatV2": None, "Pack": None,
    "Unpack": None, "Split": (1,), "Equal": None, "NotEqual": None, "StopGradient": None,
    "Identity": None, "CheckNumericsV2": None, "DebugIdentityV2": None,
}


def known_value(t: Tensor) -> Any:
    """The value inference knows (any op over constants), or None: for what TF computes in
    Python while building a gradient (the tile scaling of Sum's gradient)."""
    spec = t.spec
    return None if spec is None else value_of(spec)


def constant_value(t: Tensor) -> Any:
    """TF's ``tensor_util.constant_value``: the value of a Const, of a Shape, Size or Rank
    of a known shape, or of the few ops TF folds over such values; otherwise None, even
    where inference knows the value, so that gradients build the ops TF builds."""
    spec = t.spec
    if spec is None or t.op.type not in _FOLDS:
        return None
    needed = _FOLDS[t.op.type]
    inputs = t.op.inputs
    for i in range(len(inputs)) if needed is None else needed:
        x = inputs[i]
        if x is None or constant_value(x) is None:
            return None
    return value_of(spec)
