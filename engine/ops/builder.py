"""The builder API: ``constant``, ``placeholder``, ``add`` … and Tensor's Python operators.

Each function opens a name scope the way ``tf.compat.v1`` does, so ops get TF's names
(``add``, ``add_1/y`` for a Python literal operand, ``truediv/Cast``), and a failed op still
consumes its name. Python literals are converted to the other operand's dtype and never
promoted; mismatched tensors raise TypeError in TF's words.
"""

from __future__ import annotations

from typing import Any

from ..framework import dtypes as dt
from ..framework.convert import reshape_for_constant, to_array
from ..framework.dtypes import DType
from ..framework.graph import Graph, get_default_graph
from ..framework.operation import Operation, Tensor
from ..framework.shapes import as_shape

_TRUEDIV_TARGET: dict[DType, DType | None] = {
    dt.uint8: dt.float32, dt.int8: dt.float32, dt.uint16: dt.float32, dt.int16: dt.float32,
    dt.uint32: dt.float64, dt.int32: dt.float64, dt.uint64: dt.float64, dt.int64: dt.float64,
    dt.bfloat16: None, dt.float16: None, dt.float32: None, dt.float64: None,
    dt.complex64: None, dt.complex128: None,
}


def _graph_of(*values: Any) -> Graph:
    graph: Graph | None = None
    first: Tensor | None = None
    for v in values:
        if isinstance(v, Tensor):
            if graph is None:
                owner = v.graph
                assert isinstance(owner, Graph)  # the one kind of graph there is
                graph, first = owner, v
            elif v.graph is not graph:
                raise ValueError(
                    f"{v} must be from the same graph as {first} (graphs are {v.graph!r} and "
                    f"{graph!r})."
                )
    return graph if graph is not None else get_default_graph()


def _const(graph: Graph, value: Any, dtype: DType | None, name: str) -> Tensor:
    arr = to_array(value, dtype)
    arr.setflags(write=False)
    attrs = {"value": arr, "dtype": dtype if dtype is not None else dt.from_numpy(arr.dtype)}
    return graph.create_op("Const", [], attrs, name, normalized=True).outputs[0]


def _convert_operand(
    graph: Graph, value: Any, dtype: DType | None, param: str, op_type: str
) -> Tensor:
    """A literal operand becomes a Const named ``param`` in the current scope."""
    if isinstance(value, Tensor):
        return value
    if isinstance(value, Operation):
        raise TypeError(f"Can not convert an Operation ({value.name}) into a Tensor.")
    try:
        return _const(graph, value, dtype, param)
    except TypeError as e:
        if dtype is None:
            raise
        raise TypeError(
            f"Expected {dtype.name} passed to parameter '{param}' of op '{op_type}', got "
            f"{value!r} of type '{type(value).__name__}' instead. Error: {e}"
        ) from None


def _binary(op_type: str, x: Any, y: Any, name: str | None, scope: str) -> Tensor:
    graph = _graph_of(x, y)
    with graph.name_scope(name or scope) as op_name:
        if isinstance(x, Tensor):
            y = _convert_operand(graph, y, x.dtype, "y", op_type)
        elif isinstance(y, Tensor):
            x = _convert_operand(graph, x, y.dtype, "x", op_type)
        else:
            x = _convert_operand(graph, x, None, "x", op_type)
            y = _convert_operand(graph, y, x.dtype, "y", op_type)
        if op_type == "AddV2" and x.dtype is dt.string:
            op_type = "Add"  # TF dispatches string addition to the older Add op
        return graph.create_op(op_type, [x, y], name=op_name).outputs[0]


def _unary(op_type: str, x: Any, name: str | None, scope: str) -> Tensor:
    graph = _graph_of(x)
    with graph.name_scope(name or scope) as op_name:
        x = _convert_operand(graph, x, None, "x", op_type)
        return graph.create_op(op_type, [x], name=op_name).outputs[0]


# --- sources ---------------------------------------------------------------------------------
def constant(
    value: Any, dtype: Any = None, shape: Any = None, name: str | None = "Const"
) -> Tensor:
    """A Const op holding ``value``, with ``tf.constant``'s dtype rules."""
    if isinstance(value, (Tensor, Operation)):
        raise TypeError("constant() takes a value, not a Tensor; use identity() instead.")
    target = dt.as_dtype(dtype) if dtype is not None else None
    arr = to_array(value, target)
    if shape is not None:
        arr = reshape_for_constant(arr, shape, name or "Const")
    arr.setflags(write=False)
    graph = get_default_graph()
    op = graph.create_op(
        "Const", [], {"value": arr, "dtype": dt.from_numpy(arr.dtype)}, name or "Const"
    )
    return op.outputs[0]


def convert_to_tensor(value: Any, dtype: Any = None, name: str | None = None) -> Tensor:
    if isinstance(value, Tensor):
        if dtype is not None and value.dtype is not dt.as_dtype(dtype):
            raise ValueError(
                f"Tensor conversion requested dtype {dt.as_dtype(dtype).name} for Tensor with "
                f"dtype {value.dtype.name if value.dtype else '<unknown>'}: {value!r}"
            )
        return value
    return constant(value, dtype=dtype, name=name or "Const")


def placeholder(dtype: Any, shape: Any = None, name: str | None = None) -> Tensor:
    """A value the session must feed; ``None`` dims and ``shape=None`` are unknown."""
    graph = get_default_graph()
    attrs = {"dtype": dt.as_dtype(dtype), "shape": as_shape(shape)}
    return graph.create_op("Placeholder", [], attrs, name or "Placeholder").outputs[0]


def placeholder_with_default(input: Any, shape: Any, name: str | None = None) -> Tensor:  # noqa: A002
    """Passes ``input`` through unless a run feeds another value of the given shape."""
    graph = _graph_of(input)
    with graph.name_scope(name or "PlaceholderWithDefault") as op_name:
        value = _convert_operand(graph, input, None, "input", "PlaceholderWithDefault")
        op = graph.create_op("PlaceholderWithDefault", [value], {"shape": as_shape(shape)},
                             op_name)
        return op.outputs[0]


# --- math ------------------------------------------------------------------------------------
def add(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _binary("AddV2", x, y, name, "Add")


def subtract(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _binary("Sub", x, y, name, "Sub")


def multiply(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _binary("Mul", x, y, name, "Mul")


def divide(x: Any, y: Any, name: str | None = None) -> Tensor:
    """``x / y`` (TF's truediv): integers are cast to floats first (``truediv/Cast``)."""
    return _truediv(x, y, name)


def _truediv(x: Any, y: Any, name: str | None) -> Tensor:
    graph = _graph_of(x, y)
    with graph.name_scope(name or "truediv") as op_name:
        if isinstance(x, Tensor):
            y = _convert_operand(graph, y, x.dtype, "y", "RealDiv")
        elif isinstance(y, Tensor):
            x = _convert_operand(graph, x, y.dtype, "x", "RealDiv")
        else:
            x = _convert_operand(graph, x, None, "x", "RealDiv")
            y = _convert_operand(graph, y, x.dtype, "y", "RealDiv")
        if x.dtype is not y.dtype:
            raise TypeError(
                f"`x` and `y` must have the same dtype, got {x.dtype!r} != {y.dtype!r}."
            )
        if x.dtype not in _TRUEDIV_TARGET:
            raise TypeError(f"Invalid dtype {x.dtype!r} in __truediv__")
        target = _TRUEDIV_TARGET[x.dtype]
        if target is not None:
            x = cast(x, target)
            y = cast(y, target)
        return graph.create_op("RealDiv", [x, y], name=op_name).outputs[0]


def floordiv(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _binary("FloorDiv", x, y, name, "floordiv")


def floormod(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _binary("FloorMod", x, y, name, "FloorMod")


def pow(x: Any, y: Any, name: str | None = None) -> Tensor:  # noqa: A001
    return _binary("Pow", x, y, name, "Pow")


def maximum(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _binary("Maximum", x, y, name, "Maximum")


def minimum(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _binary("Minimum", x, y, name, "Minimum")


def less(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _binary("Less", x, y, name, "Less")


def less_equal(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _binary("LessEqual", x, y, name, "LessEqual")


def greater(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _binary("Greater", x, y, name, "Greater")


def greater_equal(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _binary("GreaterEqual", x, y, name, "GreaterEqual")


def equal(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _binary("Equal", x, y, name, "Equal")


def not_equal(x: Any, y: Any, name: str | None = None) -> Tensor:
    return _binary("NotEqual", x, y, name, "NotEqual")


def negative(x: Any, name: str | None = None) -> Tensor:
    return _unary("Neg", x, name, "Neg")


def abs(x: Any, name: str | None = None) -> Tensor:  # noqa: A001
    return _unary("Abs", x, name, "Abs")


def square(x: Any, name: str | None = None) -> Tensor:
    return _unary("Square", x, name, "Square")


def sqrt(x: Any, name: str | None = None) -> Tensor:
    return _unary("Sqrt", x, name, "Sqrt")


def exp(x: Any, name: str | None = None) -> Tensor:
    return _unary("Exp", x, name, "Exp")


def log(x: Any, name: str | None = None) -> Tensor:
    return _unary("Log", x, name, "Log")


def identity(input: Any, name: str | None = None) -> Tensor:  # noqa: A002
    graph = _graph_of(input)
    with graph.name_scope(name or "Identity") as op_name:
        value = _convert_operand(graph, input, None, "input", "Identity")
        return graph.create_op("Identity", [value], name=op_name).outputs[0]


def cast(x: Any, dtype: Any, name: str | None = None) -> Tensor:
    """Convert to ``dtype``; a tensor that already has it is returned as is (as TF does)."""
    target = dt.as_dtype(dtype)
    if isinstance(x, Tensor) and x.dtype is target:
        return x
    graph = _graph_of(x)
    with graph.name_scope(name or "Cast") as op_name:
        value = _convert_operand(graph, x, None, "x", "Cast")
        if value.dtype is target:
            return value
        return graph.create_op("Cast", [value], {"DstT": target}, op_name).outputs[0]


def matmul(
    a: Any,
    b: Any,
    transpose_a: bool = False,
    transpose_b: bool = False,
    name: str | None = None,
) -> Tensor:
    """The matrix product; inputs of rank > 2 (or unknown rank) use BatchMatMulV2."""
    return _matmul(a, b, transpose_a, transpose_b, name or "MatMul")


def _matmul(a: Any, b: Any, transpose_a: bool, transpose_b: bool, scope: str) -> Tensor:
    graph = _graph_of(a, b)
    with graph.name_scope(scope) as op_name:
        a = _convert_operand(graph, a, None, "a", "MatMul")
        b = _convert_operand(graph, b, a.dtype, "b", "MatMul")
        ra, rb = a.shape.rank, b.shape.rank
        if ra is None or rb is None or ra > 2 or rb > 2:
            attrs = {"adj_x": transpose_a, "adj_y": transpose_b}
            return graph.create_op("BatchMatMulV2", [a, b], attrs, op_name).outputs[0]
        attrs = {"transpose_a": transpose_a, "transpose_b": transpose_b}
        return graph.create_op("MatMul", [a, b], attrs, op_name).outputs[0]


# --- Tensor's operators ------------------------------------------------------------------------
def _install_operators() -> None:
    def binary(op_type: str, scope: str) -> tuple[Any, Any]:
        def forward(self: Tensor, other: Any) -> Tensor:
            return _binary(op_type, self, other, None, scope)

        def reverse(self: Tensor, other: Any) -> Tensor:
            return _binary(op_type, other, self, None, scope)

        return forward, reverse

    for dunder, op_type, scope in (
        ("add", "AddV2", "add"), ("sub", "Sub", "sub"), ("mul", "Mul", "mul"),
        ("floordiv", "FloorDiv", "floordiv"), ("mod", "FloorMod", "mod"), ("pow", "Pow", "pow"),
    ):
        fwd, rev = binary(op_type, scope)
        setattr(Tensor, f"__{dunder}__", fwd)
        setattr(Tensor, f"__r{dunder}__", rev)
    for dunder, op_type in (("lt", "Less"), ("le", "LessEqual"), ("gt", "Greater"),
                            ("ge", "GreaterEqual")):
        setattr(Tensor, f"__{dunder}__", binary(op_type, op_type)[0])
    extras: dict[str, Any] = {
        "__truediv__": lambda self, other: _truediv(self, other, None),
        "__rtruediv__": lambda self, other: _truediv(other, self, None),
        "__matmul__": lambda self, other: _matmul(self, other, False, False, "matmul"),
        "__rmatmul__": lambda self, other: _matmul(other, self, False, False, "matmul"),
        "__neg__": lambda self: _unary("Neg", self, None, "Neg"),
        "__abs__": lambda self: _unary("Abs", self, None, "Abs"),
    }
    for dunder, method in extras.items():
        setattr(Tensor, dunder, method)


_install_operators()
