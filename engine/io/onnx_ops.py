"""The ONNX mapping table: for each registry op type, how it is written as ONNX nodes.

Data keyed by op type (``ONNX_OPS``: a converter; ``NOT_EXPORTABLE``: why not), read by
``onnx_export`` and by docs/INTEROP.md's generated table; ``tests/engine/io/
test_interop_tables.py`` fails for a registry op in neither. A converter writes the op's own
tensors under their TF names (``out(op, i)``); composites follow tf2onnx's rewrites (FloorDiv
of integers, SparseSoftmaxCrossEntropyWithLogits, NHWC convolutions between Transposes). Where
ONNX takes an attribute that TF passes as a tensor (a Transpose's perm, a Concat's axis) the
tensor must be constant, else the op is an ``ExportError`` naming it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from onnx import TensorProto, numpy_helper

from ..framework.input_values import value_of
from ..framework.operation import Operation
from ..ops.equality import lenient_shape
from .onnx_functions import TRIG_NOTES, TRIG_OPS
from .onnx_grad_ops import GRAD_NOT_EXPORTABLE, GRAD_OPS
from .onnx_nn_ops import NN_OPS
from .onnx_nodes import (
    INT64_MAX,
    Context,
    Converter,
    cast_to,
    const,
    int64,
    model_input,
    one_hot_mask,
    out,
    rank,
    same,
    scalar,
    select,
    widened,
    x,
)
from .onnx_norm_ops import NORM_NOT_EXPORTABLE, NORM_OPS
from .onnx_slicing import reverse_v2, strided_slice
from .onnx_space_ops import SPACE_OPS
from .onnx_tf1_ops import TF1_NOT_EXPORTABLE, TF1_OPS, is_inf_input


# --- elementwise ------------------------------------------------------------------------------
def _equality(negate: bool) -> Converter:
    """Equal (NotEqual: its Not). Told not to fail (``incompatible_shape_error`` False), it
    is exported only where both shapes are known and broadcast: ONNX's Equal has no mode
    that answers one scalar for shapes that do not."""
    def convert(ctx: Context, op: Operation) -> None:
        a, b = (t.shape for t in op.inputs if t is not None)
        if not op.get_attr("incompatible_shape_error") and not (
                a.is_fully_defined() and b.is_fully_defined()
                and lenient_shape(a, b) is None):
            raise ctx.fail("incompatible_shape_error=False on shapes that may not broadcast "
                           "(TF answers one scalar for those; ONNX's Equal has no such mode)")
        if negate:
            ctx.node("Not", [ctx.node("Equal", [x(op, 0), x(op, 1)])], out(op))
        else:
            ctx.node("Equal", [x(op, 0), x(op, 1)], out(op))
    return convert


def _relu(ctx: Context, op: Operation) -> None:
    """Relu; of an unsigned integer (which ONNX's Relu does not take), the value itself."""
    t = op.inputs[0]
    unsigned = t is not None and t.dtype is not None and t.dtype.is_unsigned
    ctx.node("Identity" if unsigned else "Relu", [x(op, 0)], out(op))


def _identity_n(ctx: Context, op: Operation) -> None:
    for i in range(len(op.outputs)):
        ctx.node("Identity", [x(op, i)], out(op, i))


def _square(ctx: Context, op: Operation) -> None:
    ctx.node("Mul", [x(op, 0), x(op, 0)], out(op))


def _rsqrt(ctx: Context, op: Operation) -> None:
    ctx.node("Reciprocal", [ctx.node("Sqrt", [x(op, 0)])], out(op))


def _log1p(ctx: Context, op: Operation) -> None:
    ctx.node("Log", [ctx.node("Add", [x(op, 0), scalar(ctx, op, 1)])], out(op))


def _is_int(op: Operation) -> bool:
    t = op.inputs[0]
    return t is not None and t.dtype is not None and t.dtype.is_integer


def _floor_div(ctx: Context, op: Operation) -> None:
    a, b = x(op, 0), x(op, 1)
    if not _is_int(op):
        ctx.node("Floor", [ctx.node("Div", [a, b])], out(op))
        return
    q = ctx.node("Div", [a, b])  # truncated; one less where the remainder's sign differs
    r = ctx.node("Sub", [a, ctx.node("Mul", [q, b])])
    zero = scalar(ctx, op, 0)
    differ = ctx.node("Xor", [ctx.node("Less", [r, zero]), ctx.node("Less", [b, zero])])
    adjust = ctx.node("And", [differ, ctx.node("Not", [ctx.node("Equal", [r, zero])])])
    t = op.inputs[0]
    assert t is not None
    ctx.node("Sub", [q, cast_to(ctx, adjust, t.dtype)], out(op))


def _floor_mod(ctx: Context, op: Operation) -> None:
    a, b = x(op, 0), x(op, 1)
    if _is_int(op):
        ctx.node("Mod", [a, b], out(op), fmod=0)
        return
    floor = ctx.node("Floor", [ctx.node("Div", [a, b])])
    ctx.node("Sub", [a, ctx.node("Mul", [floor, b])], out(op))


def _truncate_div(ctx: Context, op: Operation) -> None:
    if _is_int(op):
        ctx.node("Div", [x(op, 0), x(op, 1)], out(op))
        return
    q = ctx.node("Div", [x(op, 0), x(op, 1)])
    ctx.node("Mul", [ctx.node("Sign", [q]), ctx.node("Floor", [ctx.node("Abs", [q])])], out(op))


def _cast(ctx: Context, op: Operation) -> None:
    cast_to(ctx, x(op, 0), op.get_attr("DstT"), out(op))


def _const(ctx: Context, op: Operation) -> None:
    value = np.asarray(op.get_attr("value"))
    name = op.outputs[0].name
    if value.dtype == object:
        from onnx import helper
        items: Any = [v if isinstance(v, bytes) else str(v).encode() for v in value.reshape(-1)]
        ctx.initializers.append(helper.make_tensor(name, TensorProto.STRING, value.shape, items))
        return
    from onnx import numpy_helper
    ctx.initializers.append(numpy_helper.from_array(value, name))


def _placeholder_with_default(ctx: Context, op: Operation) -> None:
    """A constant default: a model input whose initializer is the default, so it may still
    be fed, as in TF; a computed one: its value (ONNX cannot feed a computed value)."""
    t, result = op.inputs[0], op.outputs[0]
    default = value_of(t.spec) if t is not None and t.spec is not None else None
    if default is None:
        ctx.node("Identity", [x(op, 0)], out(op))
        return
    ctx.inputs.append(model_input(ctx, result, op.name))
    ctx.initializers.append(numpy_helper.from_array(np.asarray(default), result.name))


# --- matrices -------------------------------------------------------------------------------
def _transposed_last2(ctx: Context, op: Operation, i: int, flag: bool) -> str:
    if not flag:
        return x(op, i)
    r = rank(op, i)
    if r is None:
        raise ctx.fail("a transposed input needs a known rank")
    perm = list(range(r - 2)) + [r - 1, r - 2]
    return ctx.node("Transpose", [x(op, i)], perm=perm)


def _matmul(ctx: Context, op: Operation) -> None:
    a = _transposed_last2(ctx, op, 0, bool(op.get_attr("transpose_a")))
    b = _transposed_last2(ctx, op, 1, bool(op.get_attr("transpose_b")))
    ctx.node("MatMul", [a, b], out(op))


def _batch_matmul(ctx: Context, op: Operation) -> None:
    a = _transposed_last2(ctx, op, 0, bool(op.get_attr("adj_x")))
    b = _transposed_last2(ctx, op, 1, bool(op.get_attr("adj_y")))
    ctx.node("MatMul", [a, b], out(op))


# --- arrays ---------------------------------------------------------------------------------
def _reshape(ctx: Context, op: Operation) -> None:
    ctx.node("Reshape", [x(op, 0), int64(ctx, op, 1)], out(op), allowzero=1)


def _transpose(ctx: Context, op: Operation) -> None:
    """A Transpose with its perm as the attribute ONNX wants: TF's negative entries count from
    the end (ONNX's checker refuses them), and a scalar's empty perm is an Identity (an empty
    list attribute has no type ONNX can tell)."""
    perm = [int(p) for p in const(ctx, op, 1, "perm").reshape(-1)]
    if not perm:
        ctx.node("Identity", [x(op, 0)], out(op))
        return
    ctx.node("Transpose", [x(op, 0)], out(op), perm=[p % len(perm) for p in perm])


def _expand_dims(ctx: Context, op: Operation) -> None:
    axes = ctx.node("Reshape", [int64(ctx, op, 1), ctx.const(np.array([1], np.int64))])
    ctx.node("Unsqueeze", [x(op, 0), axes], out(op))


def _squeeze(ctx: Context, op: Operation) -> None:
    dims = list(op.get_attr("squeeze_dims") or [])
    inputs = [x(op, 0)] + ([ctx.const(np.array(dims, np.int64), "axes")] if dims else [])
    ctx.node("Squeeze", inputs, out(op))


def _expand(index: int) -> Converter:
    def convert(ctx: Context, op: Operation) -> None:
        ctx.node("Expand", [x(op, 1 - index), int64(ctx, op, index)], out(op))
    return convert


def _like(value: float) -> Converter:
    def convert(ctx: Context, op: Operation) -> None:
        shape = ctx.node("Shape", [x(op, 0)])
        ctx.node("Expand", [scalar(ctx, op, value), shape], out(op))
    return convert


def _shape_like(onnx_type: str) -> Converter:
    def convert(ctx: Context, op: Operation) -> None:
        cast_to(ctx, ctx.node(onnx_type, [x(op, 0)]), op.outputs[0].dtype, out(op))
    return convert


def _rank(ctx: Context, op: Operation) -> None:
    size = ctx.node("Size", [ctx.node("Shape", [x(op, 0)])])
    cast_to(ctx, size, op.outputs[0].dtype, out(op))


def _one_hot(ctx: Context, op: Operation) -> None:
    r = rank(op, 0)
    if r is None:
        raise ctx.fail("the indices' rank must be known")
    indices = ctx.node("Cast", [x(op, 0)], to=TensorProto.INT64)
    depth = ctx.node("Reshape", [int64(ctx, op, 1), ctx.const(np.array([], np.int64))])
    mask = one_hot_mask(ctx, indices, depth, int(op.get_attr("axis")), r + 1)
    select(ctx, mask, x(op, 2), x(op, 3), op.outputs[0].dtype, out(op))


def _add_n(ctx: Context, op: Operation) -> None:
    t = op.inputs[0]
    assert t is not None and t.dtype is not None
    names = [x(op, i) for i in range(len(op.inputs))]
    if t.dtype.is_floating or len(names) == 1:
        ctx.node("Sum", names, out(op))  # ONNX's Sum takes floating types only
        return
    total = names[0]
    for i, name in enumerate(names[1:], 2):
        total = ctx.node("Add", [total, name], out(op) if i == len(names) else None)


def _concat(ctx: Context, op: Operation) -> None:
    n = len(op.inputs) - 1
    axis = int(const(ctx, op, n, "axis"))
    ctx.node("Concat", [x(op, i) for i in range(n)], out(op), axis=axis)


def _split(ctx: Context, op: Operation) -> None:
    """Split (its axis first) and SplitV (its sizes, one -1 for the rest: resolved from the
    split dim, which must then be known): one ONNX Split."""
    v = op.type == "SplitV"
    value = op.inputs[0 if v else 1]
    assert value is not None
    axis = int(const(ctx, op, 2 if v else 0, "split_dim"))
    outs = [t.name for t in op.outputs]
    if not v:
        ctx.node("Split", [value.name], outs, axis=axis, num_outputs=len(outs))
        return
    sizes = const(ctx, op, 1, "size_splits").astype(np.int64).reshape(-1)
    if -1 in sizes:
        dims = value.shape.sizes
        size = None if dims is None else dims[axis]
        if size is None:
            raise ctx.fail("a -1 in size_splits needs the split dim's size to be known")
        sizes[int(np.flatnonzero(sizes == -1)[0])] = size - (int(sizes.sum()) + 1)
    ctx.node("Split", [value.name, ctx.const(sizes, "split")], outs, axis=axis)


def _pack(ctx: Context, op: Operation) -> None:
    axis = int(op.get_attr("axis"))
    axes = ctx.const(np.array([axis], np.int64), "axes")
    parts = [ctx.node("Unsqueeze", [x(op, i), axes]) for i in range(len(op.inputs))]
    ctx.node("Concat", parts, out(op), axis=axis)


def _gather(ctx: Context, op: Operation) -> None:
    if int(op.get_attr("batch_dims") or 0):
        raise ctx.fail("batch_dims other than 0 has no ONNX Gather")
    axis = int(const(ctx, op, 2, "axis"))
    ctx.node("Gather", [x(op, 0), x(op, 1)], out(op), axis=axis)


def _slice(ctx: Context, op: Operation) -> None:
    begin, size = int64(ctx, op, 1), int64(ctx, op, 2)
    to_end = ctx.node("Equal", [size, ctx.const(np.array(-1, np.int64))])
    end = ctx.node("Where", [to_end, ctx.const(np.array(INT64_MAX, np.int64)),
                             ctx.node("Add", [begin, size])])
    ctx.node("Slice", [x(op, 0), begin, end], out(op))


def _select(ctx: Context, op: Operation) -> None:
    cond = x(op, 0)
    rc, rt = rank(op, 0), rank(op, 1)
    if op.type == "Select" and rc == 1 and rt is not None and rt > 1:  # TF picks rows
        axes = ctx.const(np.arange(1, rt, dtype=np.int64), "axes")
        cond = ctx.node("Unsqueeze", [cond, axes])
    select(ctx, cond, x(op, 1), x(op, 2), op.outputs[0].dtype, out(op))


def _where(ctx: Context, op: Operation) -> None:
    t = op.inputs[0]
    assert t is not None and t.dtype is not None
    data = x(op, 0)
    if not t.dtype.is_bool:  # onnxruntime's NonZero has few dtypes: compare with zero first
        data = ctx.node("Not", [ctx.node("Equal", [data, scalar(ctx, op, 0)])])
    ctx.node("Transpose", [ctx.node("NonZero", [data])], out(op), perm=[1, 0])


# --- reductions ----------------------------------------------------------------------------
def _maybe_empty_float(op: Operation) -> bool:
    t = op.inputs[0]
    assert t is not None and t.dtype is not None
    sizes = t.shape.sizes
    return t.dtype.is_floating and (sizes is None or any(d in (None, 0) for d in sizes))


def _empty_mean(ctx: Context, op: Operation, data: str, axes: str, keep: int) -> None:
    """A float Mean that may reduce an empty tensor: TF's is 0 / 0, NaN, but ONNX's
    ReduceMean of an empty set is 0, so NaN is chosen where the input has no element (then
    either the output is empty too or every element of it averaged nothing)."""
    t = op.inputs[0]
    assert t is not None and t.dtype is not None
    mean = ctx.node("ReduceMean", [data, axes], keepdims=keep, noop_with_empty_axes=1)
    empty = ctx.node("Equal", [ctx.node("Size", [data]), ctx.const(np.int64(0))])
    nan = ctx.const(np.array(np.nan, dtype=t.dtype.np_dtype), "nan")
    ctx.node("Where", [empty, nan, mean], out(op))


def _reduce(onnx_type: str, as_bool: bool = False) -> Converter:
    def convert(ctx: Context, op: Operation) -> None:
        axes = ctx.node("Reshape", [int64(ctx, op, 1), ctx.const(np.array([-1], np.int64))])
        data = x(op, 0)
        if as_bool:  # onnxruntime reduces no bools: through int32 and back
            data = ctx.node("Cast", [data], to=TensorProto.INT32)
        keep = int(bool(op.get_attr("keep_dims")))
        if onnx_type == "ReduceMean" and _maybe_empty_float(op):
            _empty_mean(ctx, op, data, axes, keep)
            return
        if not as_bool:
            widened(ctx, op, onnx_type, [data, axes], keepdims=keep, noop_with_empty_axes=1)
            return
        reduced = ctx.node(onnx_type, [data, axes], keepdims=keep, noop_with_empty_axes=1)
        if onnx_type == "ReduceMax":  # Any: an empty reduction's max is INT32_MIN, not 0,
            ctx.node("Greater", [reduced, ctx.const(np.int32(0))], out(op))  # and is False
            return
        ctx.node("Cast", [reduced], out(op), to=TensorProto.BOOL)
    return convert


def _arg(onnx_type: str) -> Converter:
    def convert(ctx: Context, op: Operation) -> None:
        axis = int(const(ctx, op, 1, "dimension"))
        data = x(op, 0)
        t = op.inputs[0]
        if t is not None and t.dtype is not None and t.dtype.is_bool:
            data = ctx.node("Cast", [data], to=TensorProto.INT32)
        index = ctx.node(onnx_type, [data], axis=axis, keepdims=0)
        cast_to(ctx, index, op.get_attr("output_type"), out(op))
    return convert


# --- scans and set difference --------------------------------------------------------------
def _cumsum(ctx: Context, op: Operation) -> None:
    widened(ctx, op, "CumSum", [x(op, 0), x(op, 1)], exclusive=int(bool(op.get_attr(
        "exclusive"))), reverse=int(bool(op.get_attr("reverse"))))


def _div_no_nan(ctx: Context, op: Operation) -> None:
    """``x / y``, and 0 where ``y`` is 0 (the Where picks 0 over the division's inf or nan)."""
    zero = scalar(ctx, op, 0, 1)
    ctx.node("Where", [ctx.node("Equal", [x(op, 1), zero]), zero,
                       ctx.node("Div", [x(op, 0), x(op, 1)])], out(op))


def _list_diff(ctx: Context, op: Operation) -> None:
    """The values of ``x`` equal to none of ``y`` (each compared with all: a count of the
    matches, 0 also where ``y`` is empty) and their indices, both by ``Compress``."""
    def i64(value: object) -> str:
        return ctx.const(np.array(value, np.int64))

    pairs = ctx.node("Equal", [ctx.node("Unsqueeze", [x(op, 0), i64([1])]),
                               ctx.node("Unsqueeze", [x(op, 1), i64([0])])])
    matches = ctx.node("ReduceSum", [ctx.node("Cast", [pairs], to=TensorProto.INT32),
                                     i64([1])], keepdims=0)
    keep = ctx.node("Equal", [matches, ctx.const(np.array(0, np.int32))])
    ctx.node("Compress", [x(op, 0), keep], out(op, 0), axis=0)
    n = ctx.node("Squeeze", [ctx.node("Shape", [x(op, 0)]), i64([0])])
    idx = op.outputs[1].dtype
    positions = ctx.node("Range", [cast_to(ctx, i64(0), idx), cast_to(ctx, n, idx),
                                   cast_to(ctx, i64(1), idx)])
    ctx.node("Compress", [positions, keep], out(op, 1), axis=0)


_SAME = {name: same(name) for name in (
    "Add", "Sub", "Mul", "Pow", "Less", "Greater", "Neg", "Abs", "Sqrt", "Exp", "Log",
    "Identity", "Tanh", "Sigmoid", "Reciprocal", "Sign", "Floor", "Ceil", "Sin", "Cos",
    "Elu", "Softplus", "Selu", "Softsign")}

#: registry op type -> its converter
ONNX_OPS: dict[str, Converter] = {
    **{k: v for k, v in _SAME.items() if k != "Add"},
    "AddV2": same("Add"), "Add": same("Add"), "Rint": same("Round"), "Maximum": same("Max"),
    "Minimum": same("Min"),
    "LessEqual": same("LessOrEqual"), "GreaterEqual": same("GreaterOrEqual"),
    "Round": lambda ctx, op: ctx.node("Identity" if _is_int(op) else "Round", [x(op, 0)],
                                      out(op)),
    "Equal": _equality(False), "NotEqual": _equality(True), "Relu": _relu, "Square": _square,
    "Rsqrt": _rsqrt, "Log1p": _log1p,
    "RealDiv": same("Div"), "FloorDiv": _floor_div, "FloorMod": _floor_mod,
    "TruncateDiv": _truncate_div, "TruncateMod": same("Mod", fmod=1),
    "SquaredDifference": lambda ctx, op: _square_of_difference(ctx, op),
    "Cast": _cast, "Const": _const, "Placeholder": lambda ctx, op: None,
    "PlaceholderWithDefault": _placeholder_with_default,
    "MatMul": _matmul, "BatchMatMulV2": _batch_matmul,
    "LogicalAnd": same("And"), "LogicalOr": same("Or"), "LogicalNot": same("Not"),
    "BitwiseAnd": same("BitwiseAnd"), "BitwiseOr": same("BitwiseOr"),
    "BitwiseXor": same("BitwiseXor"), "Invert": same("BitwiseNot"),
    "Reshape": _reshape, "Transpose": _transpose,
    "ConjugateTranspose": _transpose,  # ONNX has no complex types: on real ones, a Transpose
    "ExpandDims": _expand_dims,
    "Squeeze": _squeeze, "BroadcastTo": _expand(1), "Tile": lambda ctx, op: ctx.node(
        "Tile", [x(op, 0), int64(ctx, op, 1)], out(op)),
    "Fill": _expand(0), "ZerosLike": _like(0), "OnesLike": _like(1),
    "Shape": _shape_like("Shape"), "Size": _shape_like("Size"), "Rank": _rank,
    "OneHot": _one_hot, "Range": same("Range"), "ConcatV2": _concat, "Pack": _pack,
    "AddN": _add_n, "Split": _split, "SplitV": _split, "GatherV2": _gather, "Slice": _slice,
    "Select": _select,
    "SelectV2": _select, "Where": _where, "StridedSlice": strided_slice,
    "ReverseV2": reverse_v2, "IsFinite": lambda ctx, op: ctx.node("Not", [ctx.node("Or", [
        ctx.node("IsInf", [is_inf_input(ctx, op)]), ctx.node("IsNaN", [x(op, 0)])])], out(op)),
    "Sum": _reduce("ReduceSum"), "Mean": _reduce("ReduceMean"), "Max": _reduce("ReduceMax"),
    "Min": _reduce("ReduceMin"), "Prod": _reduce("ReduceProd"),
    "All": _reduce("ReduceMin", as_bool=True), "Any": _reduce("ReduceMax", as_bool=True),
    "ArgMax": _arg("ArgMax"), "ArgMin": _arg("ArgMin"),
    "StopGradient": same("Identity"), "IdentityN": _identity_n, "Cumsum": _cumsum,
    "DivNoNan": _div_no_nan, "ListDiff": _list_diff,
    **NN_OPS, **GRAD_OPS, **TRIG_OPS, **TF1_OPS, **SPACE_OPS, **NORM_OPS,
    "NoOp": lambda ctx, op: None,
    "VariableV2": lambda ctx, op: _variable(ctx),
}


def _variable(ctx: Context) -> None:
    """A variable the caller gave no value (with one, it is an initializer, written before
    any converter runs)."""
    raise ctx.fail("a variable's value is not in the graph: pass values= or a session to "
                   "export its current value")


def _square_of_difference(ctx: Context, op: Operation) -> None:
    d = ctx.node("Sub", [x(op, 0), x(op, 1)])
    ctx.node("Mul", [d, d], out(op))


_RANDOM = ("ONNX's random ops draw other numbers than TF's Philox streams: the model would "
           "compute something else")
#: why no complex tensor is exported (a valid ONNX model, but one no runtime runs)
COMPLEX = "ONNX Runtime has no complex tensors"

#: registry op type -> why it has no ONNX form
NOT_EXPORTABLE: dict[str, str] = {
    "RandomStandardNormal": _RANDOM, "RandomUniform": _RANDOM, "TruncatedNormal": _RANDOM,
    "RandomUniformInt": _RANDOM, "Conj": COMPLEX, "ComplexAbs": COMPLEX,
    "Complex": COMPLEX, "Real": COMPLEX, "Imag": COMPLEX, "Angle": COMPLEX,
    "Cumprod": "ONNX has no running product (only CumSum), and Exp(CumSum(Log(x))) is not "
               "one: it loses zeros and signs and rounds differently",
    **GRAD_NOT_EXPORTABLE, **TF1_NOT_EXPORTABLE, **NORM_NOT_EXPORTABLE,
}

#: what the table's converters write, for docs/INTEROP.md (a converter's ONNX node types)
NOTES: dict[str, str] = {
    **TRIG_NOTES,
    "NoOp": "dropped (ONNX has no control dependencies)",
    "Placeholder": "a graph input; unknown dims symbolic",
    "Const": "an initializer",
    "VariableV2": "an initializer of its current value (values= or session=; without them "
                  "the export names the variable)",
    "PlaceholderWithDefault": "a graph input whose initializer is the default (still "
                              "feedable) when the default is constant, else Identity",
}
