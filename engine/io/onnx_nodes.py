"""What ONNX converters write into (``Context``) and the helpers they are written with: an
op's input and output names, constant inputs ONNX takes as attributes, int64 casts, and
composites several converters share (a one-hot mask, a ``Where`` for every dtype). The
``onnx`` package is optional (the ``interop`` extra): importing this without it raises an
``ImportError`` that says what to install."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

try:
    import onnx
    from onnx import TensorProto, helper, numpy_helper
except ImportError as e:  # pragma: no cover - the interop extra is in dev
    raise ImportError("ONNX export needs the onnx package: pip install 'tensorcanvas[interop]' "
                      "(or pip install onnx onnxruntime)") from e

from ..framework import dtypes as dt
from ..framework.dtypes import DType
from ..framework.errors import EngineError
from ..framework.input_values import value_of
from ..framework.operation import Operation, Tensor


class ExportError(EngineError, ValueError):
    """The graph cannot be exported as asked; the message names the op and says why."""


def onnx_dtype(dtype: DType) -> int:
    if dtype.is_string:
        return int(TensorProto.STRING)
    return int(helper.np_dtype_to_tensor_dtype(np.dtype(dtype.np_dtype)))


def value_info(name: str, t: Tensor, dim_prefix: str | None) -> onnx.ValueInfoProto:
    """``t``'s ONNX type under ``name``; unknown dims symbolic ``PREFIX_dimI`` when a prefix
    is given (a model input's), else left unnamed."""
    dtype = t.dtype
    assert dtype is not None
    dims = t.shape.sizes
    if dims is None:
        return helper.make_tensor_value_info(name, onnx_dtype(dtype), None)
    shape = [d if d is not None else (f"{dim_prefix}_dim{i}" if dim_prefix else None)
             for i, d in enumerate(dims)]
    return helper.make_tensor_value_info(name, onnx_dtype(dtype), shape)


def model_input(ctx: Context, t: Tensor, dim_prefix: str) -> onnx.ValueInfoProto:
    """A model input's type (``value_info`` with symbolic dims): its rank must be known, as
    ONNX's checker requires of a model's inputs."""
    if t.shape.rank is None:
        raise ctx.fail(f"the rank of {t.name} is unknown: an ONNX model's inputs need one "
                       "(give the placeholder a shape)")
    return value_info(t.name, t, dim_prefix)


class Context:
    """What a converter writes into: nodes, initializers, and fresh names for the values
    a composite needs between its nodes."""

    def __init__(self) -> None:
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []
        self.inputs: list[onnx.ValueInfoProto] = []
        self._names: set[str] = set()
        self._nodes: set[str] = set()
        self.op: Operation | None = None  # the op being converted

    def fresh(self, hint: str) -> str:
        base = f"{self.op.name}/{hint}" if self.op is not None else hint
        name, i = base, 1
        while name in self._names:
            name, i = f"{base}_{i}", i + 1
        self._names.add(name)
        return name

    def node(self, op_type: str, inputs: Sequence[str], outputs: Sequence[str] | None = None,
             **attrs: Any) -> str:
        """Add a node; returns its (first) output's name. The node that writes the op's own
        tensors (``outputs`` given) is named as the op, the others get fresh names."""
        outs = list(outputs) if outputs is not None else [self.fresh(op_type)]
        if outputs is not None and self.op is not None and self.op.name not in self._nodes:
            name = self.op.name
        else:
            name = self.fresh(op_type + "_node")
        self._nodes.add(name)
        self.nodes.append(helper.make_node(op_type, list(inputs), outs, name=name, **attrs))
        return outs[0]

    def const(self, value: Any, hint: str = "const", dtype: Any = None) -> str:
        arr = np.asarray(value, dtype=dtype)
        name = self.fresh(hint)
        if arr.dtype == object:
            items: Any = [v if isinstance(v, bytes) else str(v).encode() for v in arr.reshape(-1)]
            self.initializers.append(helper.make_tensor(name, TensorProto.STRING, arr.shape,
                                                        items))
        else:
            self.initializers.append(numpy_helper.from_array(arr, name))
        return name

    def fail(self, why: str) -> ExportError:
        op = self.op
        assert op is not None
        return ExportError(f"op {op.name!r} ({op.type}) cannot be exported to ONNX: {why}")



Converter = Callable[[Context, Operation], object]
INT64_MAX = np.iinfo(np.int64).max


def x(op: Operation, i: int) -> str:
    t = op.inputs[i]
    assert t is not None
    return t.name


def out(op: Operation, i: int = 0) -> list[str]:
    return [op.outputs[i].name]


def rank(op: Operation, i: int) -> int | None:
    t = op.inputs[i]
    assert t is not None
    return t.shape.rank


def const(ctx: Context, op: Operation, i: int, what: str) -> np.ndarray:
    t = op.inputs[i]
    assert t is not None and t.spec is not None
    value = value_of(t.spec)
    if value is None:
        raise ctx.fail(f"its {what} ({t.name}) must be a constant: ONNX takes it as an "
                       "attribute")
    return np.asarray(value)


def int64(ctx: Context, op: Operation, i: int) -> str:
    """Input ``i`` as int64 (ONNX's shapes and axes): a constant when inference knows it."""
    t = op.inputs[i]
    assert t is not None and t.spec is not None
    value = value_of(t.spec)
    if value is not None:
        return ctx.const(np.asarray(value).astype(np.int64), "i64")
    return ctx.node("Cast", [t.name], to=TensorProto.INT64)


def cast_to(ctx: Context, name: str, dtype: Any, outputs: list[str] | None = None) -> str:
    return ctx.node("Cast", [name], outputs, to=onnx_dtype(dtype))


#: the integer types ONNX's ReduceSum, ReduceProd, ReduceMean and CumSum take none of (and
#: onnxruntime runs them on no unsigned type), computed in int64: their sums and products
#: wrap as TF's do once cast back (modular arithmetic is the same in the wider type)
NARROW_INTS: dict[str, Any] = dict.fromkeys(("int8", "int16", "uint8", "uint16", "uint32"),
                                            dt.int64)


def widened(ctx: Context, op: Operation, onnx_type: str, inputs: list[str],
            **attrs: Any) -> None:
    """``onnx_type`` over ``inputs`` into the op's output; for a narrow integer first input,
    computed in ``NARROW_INTS``' wider type and cast back."""
    t = op.inputs[0]
    assert t is not None and t.dtype is not None
    wide = NARROW_INTS.get(t.dtype.name)
    if wide is None:
        ctx.node(onnx_type, inputs, out(op), **attrs)
        return
    result = ctx.node(onnx_type, [cast_to(ctx, inputs[0], wide), *inputs[1:]], **attrs)
    cast_to(ctx, result, t.dtype, out(op))


def scalar(ctx: Context, op: Operation, value: float, i: int = 0) -> str:
    t = op.inputs[i]
    assert t is not None and t.dtype is not None
    return ctx.const(np.array(value, dtype=t.dtype.np_dtype), "scalar")


def same(onnx_type: str, **attrs: Any) -> Converter:
    """An op that is one ONNX node of the same inputs."""
    def convert(ctx: Context, op: Operation) -> None:
        ctx.node(onnx_type, [x(op, i) for i in range(len(op.inputs))], out(op), **attrs)
    return convert


def one_hot_mask(ctx: Context, indices: str, depth: str, axis: int, rank: int) -> str:
    """Where ``indices`` equal each class in ``range(depth)``, the classes on ``axis`` of an
    output of ``rank``: a negative or too large index matches none (TF's all-off row)."""
    axis = axis if axis >= 0 else rank - 1
    classes = ctx.node("Range", [ctx.const(np.array(0, np.int64)), depth,
                                 ctx.const(np.array(1, np.int64))])
    shape = ctx.const(np.array([-1] + [1] * (rank - 1 - axis), np.int64))
    classes = ctx.node("Reshape", [classes, shape])
    expanded = ctx.node("Unsqueeze", [indices, ctx.const(np.array([axis], np.int64))])
    return ctx.node("Equal", [expanded, classes])


def select(ctx: Context, mask: str, on: str, off: str, dtype: Any,
           outputs: list[str] | None = None) -> str:
    """``Where`` for every dtype (onnxruntime's has no bool kernel: bools go by And/Or)."""
    if dtype.is_bool:
        picked = ctx.node("And", [mask, on])
        return ctx.node("Or", [picked, ctx.node("And", [ctx.node("Not", [mask]), off])],
                        outputs)
    return ctx.node("Where", [mask, on, off], outputs)


