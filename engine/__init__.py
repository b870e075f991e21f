"""TensorCanvas's engine: TensorFlow-1-style dataflow graphs, with no Qt.

This module is the public API, and only that: app/, editor/ and users import ``engine`` and
the names below, never its subpackages (``framework``, ``ops``, ``compiler``, ``client``,
``backends``, ``io``; see docs/ARCHITECTURE.md).

Build a graph first (shapes and dtypes, no data), then run it in a Session::

    import engine
    g = engine.Graph()
    with g.as_default():
        d = (engine.constant(5) + engine.constant(6)) * engine.constant(7)
    with engine.Session(graph=g) as sess:
        sess.run(d)  # np.int32(77)
"""

from __future__ import annotations

from . import (
    losses,  # noqa: E402  (engine.losses, TF's tf.compat.v1.losses)
    nn,  # noqa: E402  (engine.nn, TF's tf.nn)
    train,  # noqa: E402  (engine.train, TF's tf.compat.v1.train)
)
from .backends.backend import DeviceInfo
from .backends.dask_cluster import DaskCluster, WorkerInfo
from .backends.select import devices
from .cli import convert_main
from .cli import main as cli_main  # the command line, for app's dispatcher
from .client.run_metadata import OpStats, RunMetadata
from .client.session import Session, convert_feed
from .client.train_loop import Column, History, StepRecord, TrainConfig, TrainLoop
from .client.value_cache import ValueCache
from .client.variable_values import set_variable_values, uninitialized, variable_values
from .compiler.jit import wait as wait_for_kernels
from .compiler.warm import warm_up_kernels
from .framework import errors
from .framework.allocation import TensorSizeError, max_tensor_bytes, set_max_tensor_bytes
from .framework.default_session import get_default_session
from .framework.dimension import Dimension, dimension_value
from .framework.dtypes import (
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
from .framework.dtypes import bool_ as bool  # noqa: A001  (TF spells it tf.bool)
from .framework.errors import (
    AbortedError,
    AttrError,
    CancelledError,
    CycleError,
    DeviceError,
    DTypeError,
    EngineError,
    FailedPreconditionError,
    GraphEditError,
    GraphFileError,
    InferenceError,
    InternalError,
    InvalidArgumentError,
    InvalidGraphError,
    OpError,
    ShapeError,
    UnimplementedError,
)
from .framework.events import GraphEvent
from .framework.graph import Graph, get_default_graph, reset_default_graph
from .framework.indexed_slices import IndexedSlices, IndexedSlicesValue
from .framework.operation import Operation, Tensor
from .framework.registry import AttrDef, OpDef, TensorSpec, get_op_def, op_defs
from .framework.removal import remove_ops
from .framework.scopes import (
    common_scope,
    free_scope_name,
    move_to_scope,
    name_scope,
    rename_ops,
    scope_names,
    scope_of,
    ungroup_scope,
)
from .framework.shapes import TensorShape, dimension_at_index
from .io.atomic_write import remove_stale_temp_files
from .io.convert import EXPORT_FORMATS, IMPORT_FORMATS, export_graph, import_graph
from .io.data_bindings import (
    bindings_from_json,
    load_columns,
    load_feeds,
    source_from_json,
    source_to_json,
)
from .io.data_files import (
    CsvLayout,
    DataFileError,
    DataSource,
    csv_layout,
    file_kind,
    npz_members,
    read_data,
)
from .io.exact_values import lossy_conversion
from .io.graph_files import (
    graph_from_document,
    graph_from_text,
    graph_to_document,
    load_graph,
    save_graph,
)
from .io.graphdef_read import ImportReport, graph_from_graphdef, read_graphdef
from .io.graphdef_write import graph_to_graphdef, write_graphdef
from .io.npy_in import check_file_feed, open_npy
from .io.parse import ValueParseError, format_shape, format_value, parse_shape, parse_value
from .io.python_export import graph_to_python
from .io.variable_section import decode_variable_values, encode_variable_values
from .ops import raw_ops
from .ops import slicing as _slicing  # noqa: F401, E402  (installs tensor[...])
from .ops.array_builders import (  # noqa: E402
    add_n,
    broadcast_to,
    concat,
    expand_dims,
    fill,
    gather,
    newaxis,
    one_hot,
    ones,
    ones_like,
    range,
    rank,
    reshape,
    reverse,
    reverse_v2,
    shape,
    size,
    slice,
    squeeze,
    stack,
    tile,
    transpose,
    unstack,
    where,
    where_v2,
    zeros,
    zeros_like,
)
from .ops.builder import (
    abs,
    add,
    cast,
    conj,
    constant,
    div,
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
    logical_and,
    logical_not,
    logical_or,
    logical_xor,
    matmul,
    maximum,
    minimum,
    mod,
    multiply,
    negative,
    not_equal,
    placeholder,
    placeholder_with_default,
    pow,
    sqrt,
    square,
    subtract,
    truediv,
    truncatediv,
    truncatemod,
)
from .ops.clip_norms import clip_by_global_norm, clip_by_norm, global_norm  # noqa: E402
from .ops.complex_api import (  # noqa: E402
    angle,
    complex,  # noqa: A004, E402  (TF spells it tf.complex)
    imag,
    real,
)
from .ops.count_up_to import count_up_to  # noqa: E402
from .ops.gradients import (  # noqa: E402  (also registers every op's gradient)
    AggregationMethod,
    UnconnectedGradients,
    gradients,
)
from .ops.graph_keys import GraphKeys  # noqa: E402
from .ops.list_apply import convert_to_tensor  # noqa: E402
from .ops.math_api import clip_by_value, stop_gradient  # noqa: E402
from .ops.math_builders import (  # noqa: E402
    argmax,
    argmin,
    ceil,
    cos,
    floor,
    log1p,
    reciprocal,
    reduce_all,
    reduce_any,
    reduce_logsumexp,
    reduce_max,
    reduce_mean,
    reduce_min,
    reduce_prod,
    reduce_sum,
    rint,
    round,
    rsqrt,
    sigmoid,
    sign,
    sin,
    squared_difference,
    tanh,
)
from .ops.math_trig_builders import (  # noqa: E402
    acos,
    acosh,
    asin,
    asinh,
    atan,
    atan2,
    atanh,
    cosh,
    div_no_nan,
    erf,
    erfc,
    expm1,
    realdiv,
    sinh,
    tan,
)
from .ops.namespaces import bitwise, dtypes, linalg, math, random
from .ops.nn_activations import log_sigmoid  # noqa: E402
from .ops.random_builders import (  # noqa: E402
    get_seed,
    random_normal,
    random_uniform,
    set_random_seed,
    truncated_normal,
)
from .ops.slicing import strided_slice  # noqa: E402
from .ops.sparse_builders import (  # noqa: E402
    batch_scatter_update,
    scatter_add,
    scatter_div,
    scatter_max,
    scatter_min,
    scatter_mul,
    scatter_nd_add,
    scatter_nd_sub,
    scatter_nd_update,
    scatter_sub,
    scatter_update,
    unique,
)
from .ops.tf1_api import (  # noqa: E402  (the TF1 functions between a model's layers)  # noqa: E402  (variable sharing and initializers)
    AUTO_REUSE,
    VariableScope,
    batch_to_space,
    batch_to_space_nd,
    boolean_mask,
    constant_initializer,
    cumprod,
    cumsum,
    depth_to_space,
    dynamic_partition,
    einsum,
    gather_nd,
    get_variable,
    get_variable_scope,
    glorot_normal_initializer,
    glorot_uniform_initializer,
    is_finite,
    is_inf,
    is_nan,
    ones_initializer,
    pad,
    random_normal_initializer,
    random_uniform_initializer,
    required_space_to_batch_paddings,
    scatter_nd,
    sequence_mask,
    space_to_batch,
    space_to_batch_nd,
    space_to_depth,
    split,
    truncated_normal_initializer,
    variable_scope,
    variance_scaling_initializer,
    zeros_initializer,
)
from .ops.variable_checks import (  # noqa: E402
    assert_variables_initialized,
    is_variable_initialized,
    report_uninitialized_variables,
)
from .ops.variables import (  # noqa: E402
    Variable,
    add_to_collection,
    add_to_collections,
    assign,
    assign_add,
    assign_sub,
    control_dependencies,
    get_collection,
    get_collection_ref,
    global_variables,
    global_variables_initializer,
    group,
    initialize_all_variables,
    initialize_local_variables,
    initialize_variables,
    local_variables,
    local_variables_initializer,
    no_op,
    trainable_variables,
    variables_initializer,
)

__all__ = [
    "WorkerInfo", "check_file_feed", "open_npy",
    "ALL_DTYPES", "AttrDef", "AttrError", "CancelledError", "DTypeError", "EngineError",
    "OpStats", "ShapeError", "ValueCache", "ValueParseError", "cli_main", "convert_feed",
    "format_shape", "format_value", "parse_shape", "parse_value", "CycleError", "DType",
    "DaskCluster", "DeviceError", "DeviceInfo", "Graph",
    "GraphEditError", "GraphEvent", "GraphFileError", "InferenceError", "InvalidArgumentError",
    "InvalidGraphError", "OpDef", "OpError", "Operation", "RunMetadata", "Session", "Tensor",
    "TensorShape", "TensorSpec", "abs", "add", "as_dtype", "bfloat16", "bool", "cast",
    "complex64", "complex128", "constant", "convert_to_tensor", "devices", "divide", "double",
    "equal", "errors", "exp", "float16", "float32", "float64", "floordiv", "floormod",
    "get_default_graph", "get_default_session", "get_op_def", "graph_from_document",
    "graph_from_text", "graph_to_document", "remove_stale_temp_files", "TensorSizeError",
    "max_tensor_bytes", "set_max_tensor_bytes", "lossy_conversion",
    "greater", "greater_equal", "half", "identity", "int8", "int16",
    "int32", "int64", "less", "less_equal", "load_graph", "log",
    "matmul", "maximum", "minimum", "multiply", "name_scope", "negative", "not_equal",
    "op_defs", "placeholder", "placeholder_with_default", "pow", "raw_ops", "reset_default_graph",
    "save_graph", "sqrt", "square", "string", "subtract", "truediv", "uint8", "uint16",
    "uint32", "uint64", "wait_for_kernels", "InternalError", "UnimplementedError", "conj",
    "warm_up_kernels", "log_sigmoid", "AbortedError",
    "div", "logical_and", "logical_not", "logical_or", "logical_xor", "mod", "truncatediv",
    "truncatemod", "bitwise", "dtypes", "linalg", "math", "random",
    # the machine-learning ops (issue 11)
    "add_n", "argmax", "argmin", "broadcast_to", "ceil", "concat", "cos", "expand_dims",
    "fill", "floor", "gather", "get_seed", "log1p", "newaxis", "nn", "one_hot", "ones",
    "ones_like", "random_normal", "random_uniform", "range", "rank", "reciprocal",
    "reduce_all", "reduce_any", "reduce_max", "reduce_mean", "reduce_min", "reduce_prod",
    "reduce_sum", "reshape", "rint", "round", "rsqrt", "set_random_seed", "shape", "sigmoid",
    "sign", "sin", "size", "slice", "squared_difference", "squeeze", "stack", "strided_slice",
    "tanh", "tile", "transpose", "truncated_normal", "where", "where_v2", "zeros", "zeros_like",
    # the trigonometric, hyperbolic and error functions; the divisions by their op names
    "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh",
    "cosh", "div_no_nan", "erf", "erfc", "expm1", "realdiv", "sinh", "tan",
    # name scopes as an edit (the editor's groups)
    "common_scope", "free_scope_name", "move_to_scope", "rename_ops", "scope_names",
    "scope_of", "ungroup_scope",
    # removing many ops as one edit (the editor's Delete)
    "remove_ops",
    # variables and training
    "FailedPreconditionError", "Variable", "assign", "assign_add", "assign_sub",
    "control_dependencies", "global_variables", "global_variables_initializer", "group",
    "no_op", "trainable_variables", "variables_initializer", "train",
    "local_variables", "local_variables_initializer", "initialize_all_variables",
    "initialize_local_variables", "initialize_variables", "is_variable_initialized",
    "report_uninitialized_variables", "count_up_to",
    "assert_variables_initialized",
    "GraphKeys", "get_collection", "get_collection_ref", "add_to_collection",
    "add_to_collections",
    # gradients
    "gradients", "AggregationMethod", "UnconnectedGradients", "stop_gradient",
    "IndexedSlices", "IndexedSlicesValue",
    # sparse updates
    "scatter_update", "scatter_add", "scatter_sub", "scatter_mul", "scatter_div",
    "scatter_max", "scatter_min", "scatter_nd_update", "scatter_nd_add", "scatter_nd_sub",
    "batch_scatter_update", "unique",
    # data files and the training loop (the editor's Train dock)
    "Column", "CsvLayout", "DataFileError", "DataSource", "History", "StepRecord",
    "TrainConfig", "TrainLoop", "bindings_from_json", "csv_layout", "load_columns",
    "decode_variable_values", "encode_variable_values", "set_variable_values",
    "uninitialized", "variable_values",
    "load_feeds", "file_kind", "npz_members", "read_data", "source_from_json", "source_to_json",
    # interop: GraphDef in and out, ONNX and Python export, control dependencies
    "EXPORT_FORMATS", "IMPORT_FORMATS", "convert_main", "ImportReport",
    "export_graph",
    "graph_from_graphdef", "graph_to_graphdef", "graph_to_python", "import_graph",
    "read_graphdef", "write_graphdef",
    # composite and array ops: clipping, unstacking, reversing, log-sum-exp
    "clip_by_value", "reduce_logsumexp", "reverse", "reverse_v2", "unstack",
    # the TF1 functions between a model's layers
    "boolean_mask", "cumprod", "cumsum", "dynamic_partition", "einsum", "gather_nd",
    "is_finite", "is_inf", "is_nan", "pad", "scatter_nd", "sequence_mask", "split",
    "batch_to_space", "batch_to_space_nd", "depth_to_space", "required_space_to_batch_paddings",
    "space_to_batch", "space_to_batch_nd", "space_to_depth",
    # variable sharing (get_variable in variable scopes) and the initializers
    "AUTO_REUSE", "VariableScope", "get_variable", "get_variable_scope", "variable_scope",
    "constant_initializer", "glorot_normal_initializer", "glorot_uniform_initializer",
    "ones_initializer", "random_normal_initializer", "random_uniform_initializer",
    "truncated_normal_initializer", "variance_scaling_initializer", "zeros_initializer",
    # tf.compat.v1.losses, gradient clipping by norm
    "losses", "clip_by_global_norm", "clip_by_norm", "global_norm",
    # TF1's Dimension objects in static shapes
    "Dimension", "dimension_at_index", "dimension_value",
    # complex numbers from their parts and back
    "angle", "complex", "imag", "real",
]
