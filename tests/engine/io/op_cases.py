"""One small graph per registry op, from the kernel tests' sample inputs: input 0 a fed
placeholder, the others constants (ONNX takes some of them as attributes)."""

from __future__ import annotations

from typing import Any

import numpy as np

import engine
from engine.framework import dtypes as dt

from ..ops import test_grad_kernels as grad_kernel_cases
from ..ops import test_kernels as kernel_cases
from ..ops import test_lrn_kernels as lrn_cases
from ..ops import test_ml_kernels as ml_cases
from ..ops import test_space_kernels as space_cases
from ..ops import test_tf1_kernels as tf1_cases

#: ops that are not one node over sample inputs: the state and training ops need a variable
#: in a session (test_training_interop.py trains whole graphs through each format instead)
NO_CASE = {"Placeholder", "Const", "NoOp", "VariableV2", "Assign", "AssignAdd", "AssignSub",
           "ApplyGradientDescent", "ApplyMomentum", "ApplyAdam", "ApplyRMSProp", "ScatterAdd",
           "ScatterSub", "SparseApplyMomentum", "SparseApplyRMSProp", "ApplyCenteredRMSProp",
           "SparseApplyCenteredRMSProp", "IsVariableInitialized", "CountUpTo"}
#: Assert has no output to compare: test_assert_kernel.py and the TF cases check it
NO_CASE |= {"Assert"}

NO_CASE |= {"ApplyAdagrad", "SparseApplyAdagrad", "ApplyAdadelta", "SparseApplyAdadelta",
            "ApplyProximalGradientDescent", "SparseApplyProximalGradientDescent",
            "ApplyFtrl", "ApplyFtrlV2", "SparseApplyFtrl", "SparseApplyFtrlV2"}
#: the scatter updates and sliced assignment: test_scatter_interop.py runs a graph of them
#: through each format
NO_CASE |= {"ScatterUpdate", "ScatterMul", "ScatterDiv", "ScatterMax", "ScatterMin",
            "ScatterNdUpdate", "ScatterNdAdd", "ScatterNdSub", "ScatterNdMax", "ScatterNdMin",
            "StridedSliceAssign"}
#: ops whose input 0 ONNX takes as an attribute: their ONNX cases are built over a Const
#: ``in0`` (``op_graph(..., fed=False)``) and run without feeds
ONNX_CONST_FIRST = {"Conv2DBackpropInput", "Split"}
#: ops whose first output only TF lets a session fetch: its grappler folds an inference
#: FusedBatchNormV3 into a Mul and an Add, which have no outputs 1 to 5
TF_FIRST_OUTPUT_ONLY = {"FusedBatchNormV3"}


def tf_fetchable(op: engine.Operation) -> list[engine.Tensor]:
    """The outputs of ``op`` a TF session can fetch (see ``TF_FIRST_OUTPUT_ONLY``)."""
    return op.outputs[:1] if op.type in TF_FIRST_OUTPUT_ONLY else list(op.outputs)

F32, I32 = np.float32, np.int32


def _f(*shape: int, positive: bool = False) -> np.ndarray:
    n = int(np.prod(shape))
    base = np.arange(1, n + 1) if positive else np.arange(n) - n // 2
    return (base * 0.75).astype(F32).reshape(shape)


def _i(*values: Any) -> np.ndarray:
    return np.array(values, I32)


_IMAGE = _f(1, 4, 4, 1)
_POOLED = _IMAGE.reshape(2, 2, 2, 2).transpose(0, 2, 1, 3).max(axis=(2, 3)).reshape(1, 2, 2, 1)
_POOL = {"ksize": [1, 2, 2, 1], "strides": [1, 2, 2, 1], "padding": "VALID"}
_CONV = {"strides": [1, 1, 1, 1], "padding": "SAME"}
_ELEMENTWISE_GRAD = {"ReluGrad": {}, "Relu6Grad": {}, "EluGrad": {}, "TanhGrad": {},
                     "SigmoidGrad": {}, "SqrtGrad": {}, "RsqrtGrad": {}, "ReciprocalGrad": {},
                     "LeakyReluGrad": {"alpha": 0.3}}
#: the backprop ops' sample inputs (float32 values, int32 shapes and indices) and attributes
GRAD_CASES: dict[str, tuple[list[np.ndarray], dict[str, Any]]] = {
    **{t: ([_f(2, 3, positive=True), _f(2, 3)], a) for t, a in _ELEMENTWISE_GRAD.items()},
    "BroadcastGradientArgs": ([_i(2, 3), _i(3)], {}),
    "InvertPermutation": ([_i(2, 0, 1)], {}),
    "BiasAddGrad": ([_f(2, 3, 4)], {"data_format": "NHWC"}),
    "DynamicStitch": ([_i(0, 2), _i(1), _f(2, 3), _f(1, 3)], {"N": 2}),
    "ShapeN": ([_f(2, 3), _f(4)], {"N": 2}),
    "IdentityN": ([_f(2, 3), _i(4, 5)], {"N": 2}),
    "SplitV": ([_f(2, 6), _i(1, -1, 2), np.array(1, I32)], {"num_split": 3}),
    "Split": ([np.array(1, I32), _f(2, 6)], {"num_split": 3}),
    "FusedBatchNormV3": ([_f(1, 2, 2, 3), _f(3, positive=True), _f(3), _f(3),
                          _f(3, positive=True)], {"is_training": False, "epsilon": 0.001}),
    "ConcatOffset": ([np.array(1, I32), _i(2, 3), _i(2, 5)], {"N": 2}),
    "Unpack": ([_f(3, 2)], {"num": 3, "axis": 0}),
    "Pad": ([_f(2, 3), _i([1, 0], [0, 2])], {}),
    "StridedSliceGrad": ([_i(4), _i(1), _i(3), _i(1), _f(2)], {}),
    "UnsortedSegmentSum": ([_f(4, 2), _i(0, 1, 0, 1), np.array(2, I32)], {}),
    "Conv2DBackpropInput": ([_i(1, 4, 4, 1), _f(3, 3, 1, 2), _f(1, 4, 4, 2)], _CONV),
    "Conv2DBackpropFilter": ([_IMAGE, _i(3, 3, 1, 2), _f(1, 4, 4, 2)], _CONV),
    "MaxPoolGrad": ([_IMAGE, _POOLED, _f(1, 2, 2, 1)], _POOL),
    "AvgPoolGrad": ([_i(1, 4, 4, 1), _f(1, 2, 2, 1)], _POOL),
    "MaxPoolGradGrad": ([_IMAGE, _POOLED, _f(1, 4, 4, 1)], _POOL),
    # and the sparse updates' deduplication
    "Unique": ([_i(3, 1, 3, 2, 1)], {"out_idx": dt.int32}),
}


def case(op_type: str) -> tuple[Any, dict[str, Any], tuple[engine.DType, ...]]:
    """(inputs for a dtype, attrs, the dtypes the op takes)."""
    if op_type in GRAD_CASES:
        arrays, attrs = GRAD_CASES[op_type]
        return (lambda d: arrays), attrs, (dt.from_numpy(arrays[0].dtype),)
    if op_type in kernel_cases.CASES:
        c = kernel_cases.CASES[op_type]
        allowed = engine.get_op_def(op_type).allowed.get("T") or dt.ALL_DTYPES
        if op_type.startswith("Logical"):
            allowed = (dt.bool_,)
        return c.inputs, c.attrs, tuple(d for d in allowed if isinstance(d, engine.DType))
    if op_type in ml_cases.RANDOM:  # a shape in, a dtype's draws out
        if op_type == "RandomUniformInt":
            return (lambda d: [np.array([2, 3], np.int32), np.array(0, d.np_dtype),
                               np.array(9, d.np_dtype)]), {}, (dt.int32, dt.int64)
        return (lambda d: [np.array([2, 3], np.int32)]), {"dtype": dt.float32}, (dt.float32,)
    c = (ml_cases.CASES.get(op_type) or tf1_cases.CASES.get(op_type)
         or space_cases.CASES.get(op_type) or lrn_cases.CASES.get(op_type)
         or grad_kernel_cases.CASES[op_type])  # Cumsum, ListDiff...
    return c.inputs, c.attrs, c.dtypes


def op_graph(op_type: str, dtype: engine.DType, fed: bool = True
             ) -> tuple[engine.Graph, engine.Operation, list[np.ndarray]]:
    """The op over its sample inputs: input 0 the fed placeholder ``in0`` (a Const ``in0``
    when not ``fed``: for an ONNX attribute it holds, Conv2DBackpropInput's sizes)."""
    make, attrs, _ = case(op_type)
    arrays = [np.asarray(a) for a in make(dtype)]
    g = engine.Graph()
    first = ("Placeholder", {"shape": list(arrays[0].shape)}) if fed else \
        ("Const", {"value": arrays[0]})
    inputs = [g.add_op(first[0], "in0", {"dtype": dt.from_numpy(arrays[0].dtype),
                                         **first[1]}).outputs[0]]
    for i, a in enumerate(arrays[1:], 1):
        inputs.append(g.add_op("Const", f"c{i}", {"value": a,
                                                  "dtype": dt.from_numpy(a.dtype)}).outputs[0])
    extra = {"shape": list(arrays[0].shape)} if op_type == "PlaceholderWithDefault" else {}
    op = g.add_op(op_type, "op", {**attrs, **extra}, inputs=inputs)
    assert op.is_valid, op.error
    return g, op, arrays
