"""One small graph per registry op, from the kernel tests' sample inputs: input 0 a fed
placeholder, the others constants (ONNX takes some of them as attributes)."""

from __future__ import annotations

from typing import Any

import numpy as np

import engine
from engine.framework import dtypes as dt

from ..ops import test_kernels as kernel_cases
from ..ops import test_ml_kernels as ml_cases

#: ops that are not one node over sample inputs
NO_CASE = {"Placeholder", "Const", "NoOp"}


def case(op_type: str) -> tuple[Any, dict[str, Any], tuple[engine.DType, ...]]:
    """(inputs for a dtype, attrs, the dtypes the op takes)."""
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
    c = ml_cases.CASES[op_type]
    return c.inputs, c.attrs, c.dtypes


def op_graph(op_type: str, dtype: engine.DType
             ) -> tuple[engine.Graph, engine.Operation, list[np.ndarray]]:
    make, attrs, _ = case(op_type)
    arrays = [np.asarray(a) for a in make(dtype)]
    g = engine.Graph()
    inputs = [g.add_op("Placeholder", "in0", {"dtype": dt.from_numpy(arrays[0].dtype),
                                              "shape": list(arrays[0].shape)}).outputs[0]]
    for i, a in enumerate(arrays[1:], 1):
        inputs.append(g.add_op("Const", f"c{i}", {"value": a,
                                                  "dtype": dt.from_numpy(a.dtype)}).outputs[0])
    extra = {"shape": list(arrays[0].shape)} if op_type == "PlaceholderWithDefault" else {}
    op = g.add_op(op_type, "op", {**attrs, **extra}, inputs=inputs)
    assert op.is_valid, op.error
    return g, op, arrays
