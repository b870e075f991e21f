"""TensorCanvas's engine: TensorFlow-1-style dataflow graphs, with no Qt.

Build a graph first (shapes and dtypes, no data), then run it in a Session::

    import engine
    g = engine.Graph()
    with g.as_default():
        d = (engine.constant(5) + engine.constant(6)) * engine.constant(7)
    with engine.Session(graph=g) as sess:
        sess.run(d)  # np.int32(77)
"""

from __future__ import annotations

from . import errors, raw_ops
from .backends import DeviceInfo, devices
from .builder import (
    abs,
    add,
    cast,
    constant,
    convert_to_tensor,
    divide,
    equal,
    exp,
    floordiv,
    floormod,
    greater,
    greater_equal,
    identity,
    less,
    less_equal,
    log,
    matmul,
    maximum,
    minimum,
    multiply,
    negative,
    not_equal,
    placeholder,
    placeholder_with_default,
    pow,
    sqrt,
    square,
    subtract,
)
from .cli import main as cli_main  # the command line, for app's dispatcher
from .dtypes import (
    ALL_DTYPES,
    DType,
    as_dtype,
    bfloat16,
    complex64,
    complex128,
    double,
    float16,
    float32,
    float64,
    half,
    int8,
    int16,
    int32,
    int64,
    string,
    uint8,
    uint16,
    uint32,
    uint64,
)
from .dtypes import bool_ as bool  # noqa: A001  (TF spells it tf.bool)
from .errors import (
    AttrError,
    CancelledError,
    CycleError,
    DeviceError,
    DTypeError,
    EngineError,
    GraphEditError,
    GraphFileError,
    InferenceError,
    InvalidArgumentError,
    InvalidGraphError,
    OpError,
    ShapeError,
)
from .files import graph_from_document, graph_to_document, load_graph, save_graph
from .graph import (
    Graph,
    GraphEvent,
    Operation,
    Tensor,
    get_default_graph,
    name_scope,
    reset_default_graph,
)
from .ops import AttrDef, OpDef, TensorSpec, get_op_def, op_defs
from .parse import ValueParseError, format_shape, format_value, parse_shape, parse_value
from .session import OpStats, RunMetadata, Session, ValueCache, convert_feed, get_default_session
from .shapes import TensorShape

truediv = divide

__all__ = [
    "ALL_DTYPES", "AttrDef", "AttrError", "CancelledError", "DTypeError", "EngineError",
    "OpStats", "ShapeError", "ValueCache", "ValueParseError", "cli_main", "convert_feed",
    "format_shape", "format_value", "parse_shape", "parse_value", "CycleError", "DType",
    "DeviceError", "DeviceInfo", "Graph",
    "GraphEditError", "GraphEvent", "GraphFileError", "InferenceError", "InvalidArgumentError",
    "InvalidGraphError", "OpDef", "OpError", "Operation", "RunMetadata", "Session", "Tensor",
    "TensorShape", "TensorSpec", "abs", "add", "as_dtype", "bfloat16", "bool", "cast",
    "complex64", "complex128", "constant", "convert_to_tensor", "devices", "divide", "double",
    "equal", "errors", "exp", "float16", "float32", "float64", "floordiv", "floormod",
    "get_default_graph", "get_default_session", "get_op_def", "graph_from_document",
    "graph_to_document", "greater", "greater_equal", "half", "identity", "int8", "int16",
    "int32", "int64", "less", "less_equal", "load_graph", "log",
    "matmul", "maximum", "minimum", "multiply", "name_scope", "negative", "not_equal",
    "op_defs", "placeholder", "placeholder_with_default", "pow", "raw_ops", "reset_default_graph",
    "save_graph", "sqrt", "square", "string", "subtract", "truediv", "uint8", "uint16",
    "uint32", "uint64",
]
