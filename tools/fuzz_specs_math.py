"""Random specs for ``tools/fuzz_tf.py`` on the core math, reduction and nn ops: binary
elementwise functions and operators (broadcasting, dtype mixes, Python scalars on either
side), unary functions, reductions and arg-reductions, matmul, activations, softmaxes, cross
entropies, bias_add, conv2d, pooling and moments. What a spec means is
``tests/engine/tf_cases/fuzzed_math_programs.py``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from tools.fuzz_specs import (
    FLOATS,
    Rng,
    Spec,
    _axis,
    _broadcast_pair,
    _float_grad,
    _inp,
    _pick,
    _shape,
)

INTS = ["int32", "int32", "int64", "int8", "uint8"]
#: what the binary functions and operators draw: mostly what users write, some TF refuses
BIN_DTYPES = FLOATS + ["int32", "int32", "int64", "int8", "uint8", "bool", "complex64"]

BINARY_FNS = ["add", "subtract", "multiply", "divide", "truediv", "floordiv", "floormod", "mod",
              "truncatediv", "truncatemod", "pow", "maximum", "minimum", "squared_difference",
              "equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
              "logical_and", "logical_or", "logical_xor", "realdiv", "div", "div_no_nan"]
OPERATORS = ["+", "-", "*", "/", "//", "%", "**", "<", "<=", ">", ">=", "&", "|", "^"]
UNARY_FNS = ["abs", "negative", "sign", "square", "sqrt", "rsqrt", "exp", "log", "log1p",
             "tanh", "sigmoid", "reciprocal", "floor", "ceil", "round", "sin", "cos",
             "expm1", "logical_not", "rint"]
REDUCE_FNS = ["reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod",
              "reduce_all", "reduce_any", "reduce_logsumexp"]
ACTIVATIONS = ["relu", "relu6", "elu", "selu", "leaky_relu", "softplus", "softsign",
               "softmax", "log_softmax", "sigmoid", "tanh", "crelu"]


def _scalar(rng: Rng, dtype: str) -> Any:
    """A Python number as a user types it next to a tensor of ``dtype``."""
    if dtype == "bool":
        return bool(rng.rand() < 0.5)
    if dtype.startswith(("int", "uint")) or rng.rand() < 0.3:
        return int(rng.randint(-3, 4))
    return float(_pick(rng, [0.5, 2.0, -1.5, 3.0, 0.0]))


def _pair(rng: Rng, fn: str) -> tuple[list[Spec], Spec]:
    """Two inputs (or one and a Python scalar in ``kw``) for a binary function or operator."""
    dtype = _pick(rng, BIN_DTYPES)
    if fn.startswith("logical") or (fn in "&|^" and rng.rand() < 0.8):
        dtype = "bool"
    a, b = _broadcast_pair(rng)
    dtype2 = dtype if rng.rand() < 0.92 else _pick(rng, BIN_DTYPES)
    lo = 0 if "uint" in dtype + dtype2 else -4
    kw: Spec = {}
    inputs = [_inp(rng, a, dtype, lo=lo, hi=4, special=rng.rand() < 0.08)]
    r = rng.rand()
    if r < 0.2:
        kw["scalar"] = _scalar(rng, dtype)
        kw["left"] = bool(rng.rand() < 0.5)
    elif r < 0.28:  # a nested Python list
        values = np.asarray([_scalar(rng, dtype) for _ in range(int(np.prod(b)))])
        kw["scalar"] = values.reshape(b).tolist()
        kw["left"] = bool(rng.rand() < 0.5)
    else:
        inputs.append(_inp(rng, b, dtype2, lo=lo, hi=4))
    return inputs, kw


def binary_ops(rng: Rng) -> Spec:
    fn = _pick(rng, BINARY_FNS)
    inputs, kw = _pair(rng, fn)
    if rng.rand() < 0.15:
        kw["name"] = "op"
    return _float_grad({"fn": "binary", "inputs": inputs, "kw": {"fn": fn, **kw}},
                       *range(len(inputs)))


def operators(rng: Rng) -> Spec:
    op = _pick(rng, OPERATORS)
    inputs, kw = _pair(rng, op)
    return _float_grad({"fn": "operator", "inputs": inputs, "kw": {"op": op, **kw}},
                       *range(len(inputs)))


def unary_ops(rng: Rng) -> Spec:
    fn = _pick(rng, UNARY_FNS)
    dtype = "bool" if fn == "logical_not" else _pick(rng, FLOATS + INTS + ["complex64"])
    x = _inp(rng, _shape(rng, 0, 3), dtype, lo=0 if dtype == "uint8" else -3,
             special=rng.rand() < 0.15, round=rng.rand() < 0.1)
    kw: Spec = {"fn": fn}
    if fn in ("round", "rint") and rng.rand() < 0.5:  # halves: banker's rounding
        kw["values"] = [v / 2 for v in range(-7, 8)]
        kw["dtype"] = _pick(rng, FLOATS)
        return {"fn": "unary", "kw": kw}
    if rng.rand() < 0.1:
        kw["name"] = "u"
    return _float_grad({"fn": "unary", "inputs": [x], "kw": kw}, 0)


def _reduce_axis(rng: Rng, rank: int) -> Any:
    r = rng.rand()
    if r < 0.2 or rank == 0 and r < 0.6:
        return None
    if r < 0.55:
        return _axis(rng, max(rank, 1), 0.06)
    if r < 0.7:
        return []
    axes = [_axis(rng, max(rank, 1), 0.04) for _ in range(int(rng.randint(1, 4)))]
    return axes if rng.rand() < 0.8 else tuple(axes)


def reductions(rng: Rng) -> Spec:
    fn = _pick(rng, REDUCE_FNS)
    shape = _shape(rng, 0, 3, empty=0.15)
    dtype = "bool" if fn in ("reduce_all", "reduce_any") else _pick(rng, FLOATS + INTS)
    if rng.rand() < 0.05:
        dtype = _pick(rng, ["bool", "int32", "float32", "complex64"])
    kw: Spec = {"fn": fn, "axis": _reduce_axis(rng, len(shape))}
    if isinstance(kw["axis"], tuple):
        kw["axis"] = list(kw["axis"])
        kw["as_tuple"] = True
    if rng.rand() < 0.4:
        kw["keepdims"] = bool(rng.rand() < 0.6)
    if kw["axis"] is not None and rng.rand() < 0.15:
        kw["axis_tensor"] = _pick(rng, ["int32", "int64", "placeholder"])
    if rng.rand() < 0.1:
        kw["name"] = "r"
    x = _inp(rng, shape, dtype, lo=0 if dtype == "uint8" else -3, round=rng.rand() < 0.3,
             special=rng.rand() < 0.05)
    return _float_grad({"fn": "reduce", "inputs": [x], "kw": kw}, 0)


def arg_minmax(rng: Rng) -> Spec:
    shape = _shape(rng, 0, 3, empty=0.1)
    kw: Spec = {"fn": _pick(rng, ["argmax", "argmin"])}
    r = rng.rand()
    if r < 0.8:
        kw["axis"] = _axis(rng, max(len(shape), 1), 0.06)
    elif r < 0.9:
        kw["axis"] = None
    if rng.rand() < 0.3:
        kw["output_type"] = _pick(rng, ["int32", "int64", "int16", "float32"])
    dtype = _pick(rng, FLOATS + INTS + ["bool"])
    x = _inp(rng, shape, dtype, lo=0 if dtype == "uint8" else -3, round=rng.rand() < 0.5,
             special=rng.rand() < 0.15)
    return {"fn": "argminmax", "inputs": [x], "kw": kw}


def matmuls(rng: Rng) -> Spec:
    m, k, n = (int(rng.randint(0 if rng.rand() < 0.05 else 1, 4)) for _ in range(3))
    r = rng.rand()
    batch_a: list[int] = []
    batch_b: list[int] = []
    if r < 0.3:
        batch_a = _shape(rng, 1, 2, empty=0.05)
        batch_b = [1 if rng.rand() < 0.3 else d for d in batch_a][int(rng.randint(0, 2)):]
        if rng.rand() < 0.5:
            batch_a, batch_b = batch_b, batch_a
    kw: Spec = {}
    for key in ("transpose_a", "transpose_b", "adjoint_a", "adjoint_b"):
        if rng.rand() < 0.25:
            kw[key] = True
    ta = kw.get("transpose_a") or kw.get("adjoint_a")
    tb = kw.get("transpose_b") or kw.get("adjoint_b")
    k2 = k if rng.rand() < 0.94 else k + 1
    a = batch_a + ([k, m] if ta else [m, k])
    b = batch_b + ([n, k2] if tb else [k2, n])
    if rng.rand() < 0.04:
        a = a[-1:]
    dtype = _pick(rng, FLOATS + ["int32", "int64", "complex64", "int8"])
    dtype2 = dtype if rng.rand() < 0.95 else _pick(rng, FLOATS)
    inputs = [_inp(rng, a, dtype), _inp(rng, b, dtype2)]
    if rng.rand() < 0.2:
        kw["op"] = True  # a @ b
    return _float_grad({"fn": "matmul", "inputs": inputs, "kw": kw}, 0, 1)


def activations(rng: Rng) -> Spec:
    fn = _pick(rng, ACTIVATIONS)
    shape = _shape(rng, 0, 3)
    kw: Spec = {"fn": fn}
    if fn == "leaky_relu" and rng.rand() < 0.7:
        kw["alpha"] = float(_pick(rng, [0.2, 0.01, 0.5, 1.5, -0.3]))
    if fn in ("softmax", "log_softmax", "crelu") and rng.rand() < 0.5:
        kw["axis"] = _axis(rng, max(len(shape), 1), 0.08)
    dtype = _pick(rng, FLOATS + ["int32", "int64", "int8"])
    x = _inp(rng, shape, dtype, special=rng.rand() < 0.08)
    return _float_grad({"fn": "activation", "inputs": [x], "kw": kw}, 0)


def cross_entropy(rng: Rng) -> Spec:
    fn = _pick(rng, ["softmax_cross_entropy_with_logits", "softmax_cross_entropy_with_logits_v2",
                     "sparse_softmax_cross_entropy_with_logits",
                     "sigmoid_cross_entropy_with_logits"])
    shape = _shape(rng, 1, 3, empty=0.05)
    dtype = _pick(rng, FLOATS)
    kw: Spec = {"fn": fn}
    logits = _inp(rng, shape, dtype)
    if fn.startswith("sparse"):
        lshape = shape[:-1] if rng.rand() < 0.9 else shape
        hi = shape[-1] + (1 if rng.rand() < 0.1 else 0)
        labels = _inp(rng, lshape, _pick(rng, ["int32", "int64", "int32", "float32"]),
                      lo=0, hi=max(hi, 1))
    else:
        lshape = list(shape) if rng.rand() < 0.92 else shape[:-1] + [shape[-1] + 1]
        ldtype = dtype if rng.rand() < 0.93 else _pick(rng, FLOATS + ["int32"])
        labels = _inp(rng, lshape, ldtype, lo=0, hi=1)
        if fn.startswith("softmax") and rng.rand() < 0.3:
            kw["dim" if fn.endswith("logits") and rng.rand() < 0.5 else "axis"] = _axis(
                rng, len(shape), 0.05)
    return _float_grad({"fn": "xent", "inputs": [labels, logits], "kw": kw}, 0, 1)


def nn_misc(rng: Rng) -> Spec:
    r = rng.rand()
    dtype = _pick(rng, FLOATS + ["int32"])
    if r < 0.2:
        x = _inp(rng, _shape(rng, 0, 3), dtype)
        return _float_grad({"fn": "l2_loss", "inputs": [x]}, 0)
    if r < 0.6:
        shape = _shape(rng, 1, 4)
        fmt = _pick(rng, [None, "NHWC", "NCHW", "NC..."])
        c = shape[1 if fmt in ("NCHW", "NC...") and len(shape) > 1 else -1]
        bshape = [c if rng.rand() < 0.92 else c + 1]
        if rng.rand() < 0.03:
            bshape = [c, 1]
        kw: Spec = {} if fmt is None else {"data_format": fmt}
        inputs = [_inp(rng, shape, dtype), _inp(rng, bshape, dtype)]
        return _float_grad({"fn": "bias_add", "inputs": inputs, "kw": kw}, 0, 1)
    shape = _shape(rng, 1, 3)
    rank = len(shape)
    axes = sorted({_axis(rng, rank, 0.03) for _ in range(int(rng.randint(1, 3)))})
    kw = {"axes": axes}
    if rng.rand() < 0.4:
        kw["keep_dims" if rng.rand() < 0.5 else "keepdims"] = bool(rng.rand() < 0.5)
    return _float_grad({"fn": "moments", "inputs": [_inp(rng, shape, dtype)], "kw": kw}, 0)


def _stride_list(rng: Rng, k: int) -> Any:
    form = rng.rand()
    if form < 0.3:
        return k
    if form < 0.5:
        return [k, k]
    return [1, k, k, 1]


def conv2ds(rng: Rng) -> Spec:
    n, h, w, c = (int(rng.randint(1, 3)), int(rng.randint(1, 6)), int(rng.randint(1, 6)),
                  int(rng.randint(1, 3)))
    fh, fw, out = int(rng.randint(1, 4)), int(rng.randint(1, 4)), int(rng.randint(1, 3))
    stride = int(_pick(rng, [1, 1, 2, 3]))
    kw: Spec = {"strides": _stride_list(rng, stride)}
    r = rng.rand()
    if r < 0.15:
        kw["padding"] = [[0, 0], [int(rng.randint(0, 2)), int(rng.randint(0, 3))],
                         [int(rng.randint(0, 2)), 1], [0, 0]]
    else:
        kw["padding"] = _pick(rng, ["SAME", "VALID", "SAME", "same"])
    if stride == 1 and rng.rand() < 0.2:
        kw["dilations"] = _pick(rng, [[1, 2, 2, 1], 2, [1, 1, 2, 1]])
    cin = c if rng.rand() < 0.93 else c + 1
    # no int32: TF's integer Conv2D dies on some strides (SIGFPE)
    dtype = _pick(rng, ["float32", "float32", "float64", "float16"])
    span = 2 if "dilations" in kw else 1
    if kw["padding"] not in ("SAME", "same"):
        # no empty output: TF's kernels crash the process on one (SIGFPE, SIGSEGV)
        fh, fw = min(fh, (h - 1) // span + 1), min(fw, (w - 1) // span + 1)
    nchw = rng.rand() < 0.1
    if nchw:
        kw["data_format"] = "NCHW"
        if isinstance(kw["padding"], list):
            kw["padding"] = [[0, 0], [0, 0]] + kw["padding"][1:3]
    if rng.rand() < 0.03:  # padding the depth, which TF refuses
        kw["padding"] = [[0, 0], [1, 0], [0, 0], [0, 1]]
    xshape = [n, c, h, w] if nchw else [n, h, w, c]
    inputs = [_inp(rng, xshape, dtype), _inp(rng, [fh, fw, cin, out], dtype, feed=False)]
    spec = _float_grad({"fn": "conv2d", "inputs": inputs, "kw": kw, "tol": "float32"}, 0, 1)
    if dtype == "float16" and stride > 1:
        spec["grad"] = []  # TF's half-precision backprop of a strided Conv2D dies (SIGFPE)
    return spec


def pools(rng: Rng) -> Spec:
    n, h, w, c = (int(rng.randint(1, 3)), int(rng.randint(1, 6)), int(rng.randint(1, 6)),
                  int(rng.randint(1, 3)))
    k = int(rng.randint(1, 4))
    s = int(rng.randint(1, 3))
    padding = _pick(rng, ["SAME", "VALID"])
    if padding == "VALID":  # no empty output: TF's pooling backprops abort the process on one
        k = min(k, h, w)
    kw: Spec = {"fn": _pick(rng, ["max_pool", "avg_pool", "max_pool2d", "avg_pool2d"]),
                "ksize": _stride_list(rng, k), "strides": _stride_list(rng, s),
                "padding": padding}
    if rng.rand() < 0.05:
        kw["ksize"] = [2, k, k, 1]
    dtype = _pick(rng, ["float32", "float32", "float64", "float16", "int32"])
    x = _inp(rng, [n, h, w, c], dtype, round=rng.rand() < 0.3)
    return _float_grad({"fn": "pool", "inputs": [x], "kw": kw}, 0)


MATH_GENERATORS: dict[str, Callable[[Rng], Spec]] = {
    f.__name__: f for f in (
        binary_ops, operators, unary_ops, reductions, arg_minmax, matmuls, activations,
        cross_entropy, nn_misc, conv2ds, pools)
}
