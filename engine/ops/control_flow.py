"""NoOp: TF's op that does nothing; imported graphs use it to group control dependencies
(a frozen model's ``Identity`` waits on a ``NoOp`` that waits on the variable reads)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..framework.registry import OpDef, TensorSpec, register


def _no_op_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    return []


def _no_op_kernel(xp: Any, **attrs: Any) -> tuple[()]:
    return ()


register(OpDef(type="NoOp", inputs=(), infer=_no_op_infer, kernel=_no_op_kernel,
               category="Control", doc="Does nothing: a node to hang control dependencies on.",
               num_outputs=0, default_name="NoOp", const_eval=False))
