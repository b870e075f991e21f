"""Cumulative sums and products along an axis (Cumsum, Cumprod, with TF's ``exclusive`` and
``reverse``), DivNoNan (x / y, 0 where y is 0) and ListDiff (what of x is not in y): the ops
TF's product gradient builds, registered as ordinary ops."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.errors import KernelError
from ..framework.input_values import value_of
from ..framework.operation import Tensor
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import TensorShape
from . import _shape_fns as sf
from . import _tf_types as tt
from ._common import MUL_TYPES, binary_infer, derive_t, explain_broadcast, host
from ._shape_fns import type_attr
from .apply import graph_of as _graph_of
from .array import T_ANY, _ints
from .list_apply import apply_op, convert
from .math import T_ATTR

CATEGORY = "Math"


def _scan_infer(op_type: str) -> Any:
    def infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
        t = sf.check_dtype(specs[0], tt.NUMBER, "x")
        sf.check_dtype(specs[1], ("int32", "int64"), "axis")
        sf.with_rank(specs[1].shape, 0)
        return [TensorSpec(specs[0].shape, t)]

    return infer


def _scan(kind: str) -> Any:
    """Cumsum or Cumprod: ``exclusive`` shifts in the identity, ``reverse`` scans from the
    end, as TF's kernels do."""

    def kernel(xp: Any, x: Any, axis: Any, **attrs: Any) -> Any:
        a = host(x)
        ax = _ints(xp, axis)[0]
        if ax < 0:  # TF adds the rank first, and quotes the axis it got so
            ax += a.ndim
        if not 0 <= ax < a.ndim:
            raise KernelError(f"ScanOp: Expected scan axis in the range [{-a.ndim}, {a.ndim}), "
                              f"but got {ax}")
        if attrs.get("reverse"):
            a = np.flip(a, ax)
        scan = np.cumsum if kind == "sum" else np.cumprod
        out = scan(a, axis=ax, dtype=a.dtype)
        if kind == "sum" and a.dtype.kind in "fc":  # TF's scan starts from +0: no -0.0
            out = out + a.dtype.type(0)
        if attrs.get("exclusive") and a.shape[ax]:
            first = np.zeros_like(np.take(a, [0], axis=ax)) if kind == "sum" else (
                np.ones_like(np.take(a, [0], axis=ax)))
            out = np.concatenate([first, np.take(out, range(a.shape[ax] - 1), axis=ax)], ax)
        if attrs.get("reverse"):
            out = np.flip(out, ax)
        return xp.asarray(np.ascontiguousarray(out))

    return kernel


def _flag_normalize(attrs: dict[str, Any]) -> dict[str, Any]:
    return {"exclusive": bool(attrs.get("exclusive")), "reverse": bool(attrs.get("reverse"))}


for _op, _kind, _doc in (("Cumsum", "sum", "The running sum of x along axis."),
                         ("Cumprod", "prod", "The running product of x along axis.")):
    register(OpDef(
        type=_op, inputs=("x", "axis"), infer=_scan_infer(_op), kernel=_scan(_kind),
        attrs=(AttrDef("exclusive", "bool", default=False,
                       doc="each result leaves out its own element"),
               AttrDef("reverse", "bool", default=False, doc="scan from the end"),
               type_attr("T", tt.NUMBER), type_attr("Tidx", ("int32", "int64"),
                                                    default=dt.int32)),
        derive=lambda s: {"T": s[0].dtype, "Tidx": s[1].dtype}, normalize=_flag_normalize,
        category=CATEGORY, doc=_doc + " (exclusive: without the element; reverse: from the end)",
        default_name=_op, extra={"arg_types": {"x": "T", "axis": "Tidx"}},
    ))


def _div_no_nan(xp: Any, x: Any, y: Any, **attrs: Any) -> Any:
    zero = y == 0
    safe = xp.where(zero, xp.ones_like(y), y)
    return xp.where(zero, xp.zeros_like(x * y), x / safe)


register(OpDef(
    type="DivNoNan", inputs=("x", "y"), attrs=T_ATTR,
    infer=binary_infer("DivNoNan", tuple(d for d in MUL_TYPES if d.is_floating or d.is_complex)),
    kernel=_div_no_nan, derive=derive_t, category="Arithmetic", explain=explain_broadcast,
    doc="x / y, and 0 where y is 0 (broadcasting).", default_name="DivNoNan",
))


def _list_diff_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]
                     ) -> list[TensorSpec]:
    t = sf.same_dtype("ListDiff", specs, ("x", "y"), [d.name for d in dt.ALL_DTYPES])
    for spec in specs:
        sf.with_rank(spec.shape, 1)
    out_idx = attrs.get("out_idx") or dt.int32
    x, y = value_of(specs[0]), value_of(specs[1])
    if x is not None and y is not None:  # TF's shape refiner evaluates it: known results
        keep = ~np.isin(x, y)
        out, idx = np.asarray(x)[keep], np.nonzero(keep)[0].astype(out_idx.np_dtype)
        out.setflags(write=False)
        idx.setflags(write=False)
        return [TensorSpec(TensorShape([out.size]), t, out),
                TensorSpec(TensorShape([idx.size]), out_idx, idx)]
    return [TensorSpec(TensorShape([None]), t), TensorSpec(TensorShape([None]), out_idx)]


def _list_diff_kernel(xp: Any, x: Any, y: Any, **attrs: Any) -> Any:
    a, b = host(x), host(y)
    keep = ~np.isin(a, b)
    out_idx = attrs.get("out_idx") or dt.int32
    return xp.asarray(a[keep]), xp.asarray(np.nonzero(keep)[0].astype(out_idx.np_dtype))


register(OpDef(
    type="ListDiff", inputs=("x", "y"), infer=_list_diff_infer, kernel=_list_diff_kernel,
    attrs=(T_ANY, AttrDef("out_idx", "type", default=dt.int32, allowed=(dt.int32, dt.int64))),
    derive=lambda s: {"T": s[0].dtype}, category="Array", num_outputs=2, const_eval=False,
    doc="The values of x that are not in y, in order, and where they are in x.",
    default_name="ListDiff", extra={"arg_types": {"x": "T", "y": "T"}},
))


def _scan_builder(op_type: str, x: Any, axis: Any, exclusive: bool, reverse: bool,
                  name: str | None) -> Tensor:
    """TF's ``math_ops.cumsum``/``cumprod``: x converted in the op's scope, then the op."""
    graph = _graph_of(x, axis)
    with graph.name_scope(name or op_type) as scope:
        x = convert(graph, x, "x")
        out = apply_op(op_type, scope, {"exclusive": exclusive, "reverse": reverse}, x=x,
                       axis=axis)
        assert isinstance(out, Tensor)
        return out


def cumsum(x: Any, axis: Any = 0, exclusive: bool = False, reverse: bool = False,
           name: str | None = None) -> Tensor:
    """``tf.cumsum``: the running sum along ``axis`` (exclusive: each leaves out its own
    element; reverse: from the end)."""
    return _scan_builder("Cumsum", x, axis, exclusive, reverse, name)


def cumprod(x: Any, axis: Any = 0, exclusive: bool = False, reverse: bool = False,
            name: str | None = None) -> Tensor:
    """``tf.math.cumprod``: the running product along ``axis``."""
    return _scan_builder("Cumprod", x, axis, exclusive, reverse, name)
