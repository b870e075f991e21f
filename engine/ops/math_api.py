"""The math functions of the builder API, each as ``tf.compat.v1``'s Python function does it.

TF's functions differ in small ways that show in the graph, and each is copied here as it is:
``tf.add`` opens a scope ``Add`` and converts ``y`` with a *hint* of ``x``'s dtype (a float
literal on an int32 tensor becomes a float32 Const, then the op refuses it), while
``tf.subtract`` is the raw op (the literal must convert to int32, or TF's "Expected int32
passed to parameter 'y'" error); ``tf.divide`` casts integers to floats (``truediv/Cast``);
``tf.abs`` of a complex tensor builds ComplexAbs; ``tf.conj`` of a real tensor is the tensor.
"""

from __future__ import annotations

from typing import Any, overload

from ..framework import dtypes as dt
from ..framework.dtypes import DType
from ..framework.graph import Graph
from ..framework.indexed_slices import IndexedSlices
from ..framework.operation import Tensor
from .apply import apply_op, convert_to_tensor, first_output, graph_of, scope

# TF's _TRUEDIV_TABLE: the float dtype integers are divided in (None: divided as they are)
TRUEDIV_TABLE: dict[DType, DType | None] = {
    dt.uint8: dt.float32, dt.int8: dt.float32, dt.uint16: dt.float32, dt.int16: dt.float32,
    dt.uint32: dt.float64, dt.int32: dt.float64, dt.uint64: dt.float64, dt.int64: dt.float64,
    dt.bfloat16: None, dt.float16: None, dt.float32: None, dt.float64: None,
    dt.complex64: None, dt.complex128: None,
}


def _op(op_type: str, *inputs: Any, name: str | None = None, **attrs: Any) -> Tensor:
    return first_output(apply_op(op_type, inputs, attrs or None, name))


# --- arithmetic -----------------------------------------------------------------------------------
def add(x: Any, y: Any, name: str | None = None) -> Tensor:
    graph = graph_of(x, y)
    with scope(graph, name, "Add") as op_name:
        x = convert_to_tensor(x, name="x", graph=graph)
        y = convert_to_tensor(y, preferred_dtype=x.dtype, name="y", graph=graph)
        return _op("Add" if x.dtype is dt.string else "AddV2", x, y, name=op_name)


def add_dispatch(x: Tensor, y: Any, name: str) -> Tensor:
    """``x + y`` (TF's ``_add_dispatch``): a literal ``y`` converts with ``x``'s dtype as a
    hint; strings concatenate with the older Add."""
    graph: Graph = (x._op._graph if type(x) is Tensor  # type: ignore[assignment]
                    else graph_of(x))
    x_dtype = x.dtype
    if not isinstance(y, Tensor):
        y = convert_to_tensor(y, preferred_dtype=x_dtype, name="y", graph=graph)
    return first_output(apply_op("Add" if x_dtype is dt.string else "AddV2", (x, y), None,
                                 name, graph))


def subtract(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _op("Sub", x, y, name=name)


def multiply(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _op("Mul", x, y, name=name)


def truediv(x: Any, y: Any, name: str | None = None) -> Tensor:
    """``x / y`` (TF's ``_truediv_python3``): integers are cast to a float first."""
    graph = graph_of(x, y)
    with scope(graph, name, "truediv") as op_name:
        x = convert_to_tensor(x, name="x", graph=graph)
        y = convert_to_tensor(y, preferred_dtype=x.dtype, name="y", graph=graph)
        if x.dtype is not y.dtype:
            raise TypeError(f"`x` and `y` must have the same dtype, got {_tf(x.dtype)} != "
                            f"{_tf(y.dtype)}.")
        x, y = true_div_operands(x, y, "__truediv__")
        return _op("RealDiv", x, y, name=op_name)


def true_div_operands(x: Tensor, y: Tensor, where: str) -> tuple[Tensor, Tensor]:
    """``x`` and ``y`` (of one dtype) cast to the float dtype TF divides their dtype in
    (``_TRUEDIV_TABLE``); TF's TypeError naming ``where`` for a dtype it does not divide."""
    if x.dtype not in TRUEDIV_TABLE:
        table = ", ".join(d.tf_repr for d in TRUEDIV_TABLE)
        raise TypeError(f"Invalid dtype {_tf(x.dtype)} in {where}. Expected one of "
                        f"{{{table}}}.")
    target = TRUEDIV_TABLE[x.dtype]
    if target is not None:
        x, y = cast(x, target), cast(y, target)
    return x, y


def _tf(dtype: DType | None) -> str:
    return dtype.tf_repr if dtype is not None else "None"


def divide(x: Any, y: Any, name: str | None = None) -> Tensor:
    """``tf.divide``: a literal ``x`` becomes a Const (named ``Const``) of ``y``'s dtype."""
    if name is not None:
        return truediv(x, y, name)
    if not isinstance(x, Tensor):
        dtype = y.dtype if isinstance(y, Tensor) else None
        x = convert_to_tensor(x, dtype=dtype, graph=graph_of(y))
    return x / y


def div(x: Any, y: Any, name: str | None = None) -> Tensor:
    """``tf.compat.v1.div``: floats divide (RealDiv), integers floor-divide (FloorDiv)."""
    graph = graph_of(x, y)
    with scope(graph, name, "div") as op_name:
        x = convert_to_tensor(x, name="x", graph=graph)
        y = convert_to_tensor(y, dtype=x.dtype, name="y", graph=graph)
        if x.dtype is not y.dtype:
            raise TypeError(f"`x` and `y` must have the same dtype, got {_tf(x.dtype)} != "
                            f"{_tf(y.dtype)}.")
        assert x.dtype is not None
        kind = "RealDiv" if x.dtype.is_floating or x.dtype.is_complex else "FloorDiv"
        return _op(kind, x, y, name=op_name)


def floordiv(x: Any, y: Any, name: str | None = None) -> Tensor:
    with scope(graph_of(x, y), name, "floordiv") as op_name:
        return _op("FloorDiv", x, y, name=op_name)


def floormod(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _op("FloorMod", x, y, name=name)


def mod_operator(x: Any, y: Any, name: str | None = None) -> Tensor:
    """``x % y`` (TF's ``math_ops.mod``): FloorMod in a scope named ``mod``."""
    with scope(graph_of(x, y), name, "mod") as op_name:
        return _op("FloorMod", x, y, name=op_name)


def truncatediv(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _op("TruncateDiv", x, y, name=name)


def truncatemod(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _op("TruncateMod", x, y, name=name)


def pow(x: Any, y: Any, name: str | None = None) -> Tensor:  # noqa: A001
    with scope(graph_of(x, y), name, "Pow") as op_name:
        return _op("Pow", x, y, name=op_name)


def maximum(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _op("Maximum", x, y, name=name)


def minimum(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _op("Minimum", x, y, name=name)


def is_finite(x: Any, name: str | None = None) -> Tensor:
    return _op("IsFinite", x, name=name)


def clip_by_value(t: Any, clip_value_min: Any, clip_value_max: Any,
                  name: str | None = None) -> Any:
    """TF's ``Minimum`` then ``Maximum`` (named ``name``); the bounds may broadcast into
    ``t`` but never widen it (TF's ValueError on incompatible shapes). An IndexedSlices
    has its values clipped and keeps its indices."""
    graph = graph_of(t, clip_value_min, clip_value_max)
    with scope(graph, name, "clip_by_value") as op_name:
        values = convert_to_tensor(t.values if isinstance(t, IndexedSlices) else t, name="t",
                                   graph=graph)
        t_min = minimum(values, clip_value_max)
        _assert_compatible(values, t_min)
        t_max = maximum(t_min, clip_value_min, name=op_name)
        _assert_compatible(values, t_max)
    if isinstance(t, IndexedSlices):
        return IndexedSlices(t_max, t.indices, t.dense_shape)
    return t_max


def _assert_compatible(x: Tensor, y: Tensor) -> None:
    if not x.shape.is_compatible_with(y.shape):
        raise ValueError(f"Shapes {x.shape} and {y.shape} are incompatible")


# --- comparisons ------------------------------------------------------------------------------
def less(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _op("Less", x, y, name=name)


def less_equal(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _op("LessEqual", x, y, name=name)


def greater(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _op("Greater", x, y, name=name)


def greater_equal(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _op("GreaterEqual", x, y, name=name)


def equal(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _op("Equal", x, y, name=name)


def not_equal(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _op("NotEqual", x, y, name=name)


# --- unary ------------------------------------------------------------------------------------
def negative(x: Any, name: str | None = None) -> Tensor:
    return _op("Neg", x, name=name)


def abs(x: Any, name: str | None = None) -> Tensor:  # noqa: A001
    """``tf.abs``: of a complex tensor, its magnitude (ComplexAbs, float32 for complex64)."""
    graph = graph_of(x)
    with scope(graph, name, "Abs") as op_name:
        x = convert_to_tensor(x, name="x", graph=graph)
        if x.dtype is not None and x.dtype.is_complex:
            return _op("ComplexAbs", x, name=op_name, Tout=x.dtype.real_dtype)
        return _op("Abs", x, name=op_name)


def square(x: Any, name: str | None = None) -> Tensor:
    return _op("Square", x, name=name)


def sqrt(x: Any, name: str | None = None) -> Tensor:
    return _op("Sqrt", x, name=name)


def exp(x: Any, name: str | None = None) -> Tensor:
    return _op("Exp", x, name=name)


def log(x: Any, name: str | None = None) -> Tensor:
    return _op("Log", x, name=name)


def conj(x: Any, name: str | None = None) -> Tensor:
    """The complex conjugate; a real tensor is returned as it is (no op)."""
    if isinstance(x, Tensor) and x.dtype is not None and (x.dtype.is_floating
                                                          or x.dtype.is_integer):
        return x
    graph = graph_of(x)
    with scope(graph, name, "Conj") as op_name:
        x = convert_to_tensor(x, name="x", graph=graph)
        assert x.dtype is not None
        if x.dtype.is_complex:
            return _op("Conj", x, name=op_name)
        if x.dtype.is_floating or x.dtype.is_integer:
            return x
        raise TypeError(f"Expected numeric or variant tensor, got dtype {x.dtype.tf_repr}.")


@overload
def cast(x: IndexedSlices, dtype: Any, name: str | None = None) -> IndexedSlices: ...


@overload
def cast(x: Any, dtype: Any, name: str | None = None) -> Tensor: ...


def cast(x: Any, dtype: Any, name: str | None = None) -> Any:
    """Convert to ``dtype``; a tensor that already has it is returned as is (as TF does).
    An ``IndexedSlices`` stays one, its values cast (a Cast named after the scope)."""
    target = dt.as_dtype(dtype)
    if isinstance(x, Tensor) and x.dtype is target:
        return x
    graph = graph_of(x)
    if isinstance(x, IndexedSlices):
        with scope(graph, name, "Cast") as op_name:
            return IndexedSlices(cast(x.values, target, name=op_name), x.indices,
                                 x.dense_shape)
    with scope(graph, name, "Cast") as op_name:
        x = convert_to_tensor(x, name="x", graph=graph)
        if x.dtype is not target:
            x = _op("Cast", x, name=op_name, DstT=target)
        return x


def _each_part(op_type: str, slices: IndexedSlices) -> IndexedSlices:
    """TF's identity of a composite tensor: the op on each of its tensors (values, indices,
    dense_shape), unnamed, as ``nest.map_structure`` applies it."""
    values, indices = _op(op_type, slices.values), _op(op_type, slices.indices)
    shape = None if slices.dense_shape is None else _op(op_type, slices.dense_shape)
    return IndexedSlices(values, indices, shape)


@overload
def identity(input: IndexedSlices, name: str | None = None) -> IndexedSlices: ...  # noqa: A002


@overload
def identity(input: Any, name: str | None = None) -> Tensor: ...  # noqa: A002


def identity(input: Any, name: str | None = None) -> Any:  # noqa: A002
    if isinstance(input, IndexedSlices):
        return _each_part("Identity", input)
    return _op("Identity", input, name=name)


@overload
def stop_gradient(input: IndexedSlices, name: str | None = None  # noqa: A002
                  ) -> IndexedSlices: ...


@overload
def stop_gradient(input: Any, name: str | None = None) -> Tensor: ...  # noqa: A002


def stop_gradient(input: Any, name: str | None = None) -> Any:  # noqa: A002
    """``tf.stop_gradient``: the input as it is, which ``gradients`` treats as a constant
    (of an IndexedSlices, each of its tensors)."""
    if isinstance(input, IndexedSlices):
        return _each_part("StopGradient", input)
    return _op("StopGradient", input, name=name)


# --- logical and bitwise ------------------------------------------------------------------------
def logical_and(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _op("LogicalAnd", x, y, name=name)


def logical_or(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _op("LogicalOr", x, y, name=name)


def logical_not(x: Any, name: str | None = None) -> Tensor:
    return _op("LogicalNot", x, name=name)


def logical_xor(x: Any, y: Any, name: str | None = "LogicalXor") -> Tensor:
    """TF's ``(x | y) & ~(x & y)``: four ops, the last one named ``name``."""
    return logical_and(logical_or(x, y), logical_not(logical_and(x, y)), name=name)


def bitwise_and(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _op("BitwiseAnd", x, y, name=name)


def bitwise_or(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _op("BitwiseOr", x, y, name=name)


def bitwise_xor(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _op("BitwiseXor", x, y, name=name)


def invert(x: Any, name: str | None = None) -> Tensor:
    return _op("Invert", x, name=name)
