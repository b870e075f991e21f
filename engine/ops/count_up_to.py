"""``CountUpTo``: increment an integer variable and return its value before, failing with
TF's ``OutOfRangeError`` once it reaches ``limit``.

TF1's input pipelines count epochs with it (``tf.compat.v1.count_up_to(v, limit)``,
``Variable.count_up_to``). Like the assignments it takes the variable's reference and
changes the value the session keeps; being about state it is never folded or cached.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.errors import DTypeError, KernelError, OutOfRangeError, ShapeError
from ..framework.graph import Graph
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import TensorShape
from .grad_registry import not_differentiable
from .state import _current, _fresh, _ref_spec
from .variables import ref_of

_INTS = (dt.int32, dt.int64)


def _infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    ref = _ref_spec("CountUpTo", specs)
    base = ref.dtype.base_dtype
    if base not in _INTS:
        raise DTypeError(f"Value passed to parameter 'ref' has DataType {base.name} not in "
                         "list of allowed values: int32, int64")
    if ref.shape.rank not in (None, 0):
        raise ShapeError(f"Shape must be rank 0 but is rank {ref.shape.rank}")
    return [TensorSpec(TensorShape([]), base)]


def _kernel(xp: Any, *, _refs: Sequence[dict[str, Any]], limit: int, **attrs: Any) -> Any:
    state = _refs[0]
    before = _current(state, "Attempting to use uninitialized value ")
    if np.ndim(before) != 0:
        shape = "[" + ",".join(str(d) for d in np.shape(before)) + "]"
        raise KernelError(f"input is not a scalar: {shape}")
    if int(before) >= limit:
        raise KernelError(f"Reached limit of {limit}", OutOfRangeError)
    state["value"] = _fresh(xp, np.asarray(before + 1, dtype=np.asarray(before).dtype))
    return before


register(OpDef(
    type="CountUpTo", inputs=("ref",), infer=_infer, kernel=_kernel,
    attrs=(AttrDef("limit", "int", default=10, doc="the count at which the op fails"),
           AttrDef("T", "type", derived=True)),
    derive=lambda s: {"T": s[0].dtype.base_dtype}, category="State",
    default_name="CountUpTo", stateful=True, const_eval=False, extra={"ref_inputs": (0,)},
    doc="Adds 1 to the integer variable wired into ref and outputs its value before; fails "
        "with OutOfRangeError once that value reaches limit.",
))
not_differentiable("CountUpTo")


def count_up_to(ref: Any, limit: int, name: str | None = None) -> Any:
    """The value of the int32/int64 variable ``ref`` before adding 1 to it; running it at
    ``limit`` fails with ``OutOfRangeError`` (``Reached limit of …``)."""
    target = ref_of(ref, "handle")  # TF then takes it for a resource variable
    graph = target.graph
    assert isinstance(graph, Graph)
    return graph.create_op("CountUpTo", [target], {"limit": int(limit)},
                           name or "CountUpTo").outputs[0]
