"""Random specs for ``tools/fuzz_tf.py`` on the engine functions no other generator draws:
complex numbers (``complex``, ``real``, ``imag``, ``angle``, ``conj``, ``abs``),
``clip_by_value``, ``dynamic_partition``, the scatter updates of variables, ``count_up_to``,
the bitwise ops, ``xw_plus_b``, ``strided_slice`` with its masks, ``compute_weighted_loss``,
``depthwise_conv2d_native`` and the random seeds (``set_random_seed``, ``get_seed``). What a
spec means is ``tests/engine/tf_cases/fuzzed_more_programs.py``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tools.fuzz_specs import (
    FLOATS,
    REDUCTIONS,
    Rng,
    Spec,
    _broadcast_pair,
    _float_grad,
    _inp,
    _pick,
    _shape,
    _weights_shape,
)

INTS = ["int32", "int32", "int64", "int8", "uint8", "int16"]


def complex_ops(rng: Rng) -> Spec:
    fn = _pick(rng, ["complex", "complex", "real", "imag", "angle", "conj", "abs"])
    dtype = _pick(rng, ["float32", "float32", "float64", "float16", "int32"])
    a, b = _broadcast_pair(rng)
    dtype2 = dtype if rng.rand() < 0.92 else _pick(rng, ["float32", "float64"])
    kw: Spec = {"fn": fn}
    if fn != "complex" and rng.rand() < 0.25:  # of a real tensor
        kw["make"] = False
        x = _inp(rng, a, _pick(rng, FLOATS + ["int32"]), special=rng.rand() < 0.1)
        return _float_grad({"fn": "complex_fn", "inputs": [x], "kw": kw}, 0)
    if rng.rand() < 0.1:
        kw["name"] = "z"
    inputs = [_inp(rng, a, dtype, special=rng.rand() < 0.08), _inp(rng, b, dtype2)]
    return _float_grad({"fn": "complex_fn", "inputs": inputs, "kw": kw}, 0, 1)


def clip_by_value(rng: Rng) -> Spec:
    shape = _shape(rng, 0, 3, empty=0.06)
    dtype = _pick(rng, FLOATS + ["int32", "int64"])
    x = _inp(rng, shape, dtype, special=rng.rand() < 0.08, round=rng.rand() < 0.2)
    inputs = [x]
    kw: Spec = {}
    for key, default in (("lo", -1), ("hi", 1)):
        r = rng.rand()
        if r < 0.5:
            value = default + (int(rng.randint(-1, 2)) if rng.rand() < 0.3 else 0)
            kw[key] = float(value) if dtype.startswith(("float", "bfloat")) and (
                rng.rand() < 0.7) else value
        else:  # a tensor bound of the input's shape, one that broadcasts, or a scalar
            bshape = _pick(rng, [[], list(shape), shape[1:], [1] * len(shape)])
            if rng.rand() < 0.05 and bshape:
                bshape = [bshape[0] + 1] + bshape[1:]
            bdtype = dtype if rng.rand() < 0.92 else _pick(rng, ["float32", "int32"])
            lo, hi = (-2, 0) if key == "lo" else (0, 2)
            inputs.append(_inp(rng, bshape, bdtype, lo=lo, hi=hi))
    if rng.rand() < 0.05:  # a minimum above the maximum
        kw["lo"], kw["hi"] = 2, 1
        inputs = inputs[:1]
    if rng.rand() < 0.1:
        kw["name"] = "clip"
    return _float_grad({"fn": "clip_by_value", "inputs": inputs, "kw": kw},
                       *range(len(inputs)))


def dynamic_partition(rng: Rng) -> Spec:
    shape = _shape(rng, 1, 3, empty=0.08)
    m = int(rng.randint(0, len(shape) + 1))
    num = int(rng.randint(1, 4))
    hi = num + (1 if rng.rand() < 0.08 else 0)
    lo = -1 if rng.rand() < 0.04 else 0
    pshape = shape[:m]
    if rng.rand() < 0.05 and pshape:
        pshape = [pshape[0] + 1] + pshape[1:]
    pdtype = "int32" if rng.rand() < 0.93 else _pick(rng, ["int64", "float32"])
    parts = _inp(rng, pshape, pdtype, lo=lo, hi=hi)
    data = _inp(rng, shape, _pick(rng, FLOATS + ["int32", "bool"]))
    kw: Spec = {"num_partitions": num if rng.rand() < 0.96 else _pick(rng, [0, -1])}
    return _float_grad({"fn": "dynamic_partition", "inputs": [data, parts], "kw": kw}, 0)


SCATTERS = ["scatter_update", "scatter_add", "scatter_sub", "scatter_mul", "scatter_div",
            "scatter_max", "scatter_min"]
ND_SCATTERS = ["scatter_nd_update", "scatter_nd_add", "scatter_nd_sub"]


def var_scatter(rng: Rng) -> Spec:
    fn = _pick(rng, SCATTERS * 2 + ND_SCATTERS + ["batch_scatter_update"])
    shape = [int(rng.randint(1, 5))] + _shape(rng, 0, 2, empty=0.05)
    dtype = _pick(rng, FLOATS + ["int32", "int64"])
    idtype = _pick(rng, ["int32", "int32", "int64"])
    bad = 1 if rng.rand() < 0.08 else 0
    if fn in ND_SCATTERS:
        k = int(rng.randint(1, len(shape) + 1))
        lead = _shape(rng, 0, 2, empty=0.05)
        idx = _inp(rng, lead + [k], idtype, lo=0, hi=min(shape[:k]) + bad)
        ushape = lead + shape[k:]
    elif fn == "batch_scatter_update":
        shape = [int(rng.randint(1, 3)), int(rng.randint(1, 4))] + shape[1:2]
        n = int(rng.randint(0, 3))
        idx = _inp(rng, shape[:1] + [n], idtype, lo=0, hi=shape[1] + bad)
        ushape = shape[:1] + [n] + shape[2:]
    else:
        ishape = _shape(rng, 0, 2, empty=0.05)
        lo = -1 if rng.rand() < 0.04 else 0
        idx = _inp(rng, ishape, idtype, lo=lo, hi=shape[0] + bad)
        ushape = ishape + shape[1:]
        if rng.rand() < 0.1:
            ushape = []  # a scalar update, which TF broadcasts
    if rng.rand() < 0.05 and ushape:
        ushape = ushape[:-1] + [ushape[-1] + 1]
    udtype = dtype if rng.rand() < 0.94 else _pick(rng, ["float32", "int32", "float64"])
    var = _inp(rng, shape, dtype, feed=False, lo=1, hi=4, round=rng.rand() < 0.3)
    upd = _inp(rng, ushape, udtype, lo=-2 if fn != "scatter_div" else 1, hi=3,
               round=fn == "scatter_div" and rng.rand() < 0.3)
    kw: Spec = {"fn": fn}
    if rng.rand() < 0.2:
        kw["use_locking"] = bool(rng.rand() < 0.5)
    if fn != "batch_scatter_update" and rng.rand() < 0.25:
        kw["method"] = True
    if rng.rand() < 0.1:  # the ScatterNd functions take a name as their policy (TF 2.21)
        kw["name"] = _pick(rng, ["upd", "upd", "IGNORE", "ERROR"])
    return {"fn": "var_scatter", "inputs": [var, idx, upd], "kw": kw}


def count_up_to(rng: Rng) -> Spec:
    limit = int(rng.randint(0, 5)) if rng.rand() < 0.95 else -1
    steps = int(rng.randint(1, max(limit, 0) + 2)) if rng.rand() < 0.8 else limit + 2
    kw: Spec = {"limit": limit, "steps": max(steps, 1),
                "dtype": _pick(rng, ["int32", "int32", "int64", "float32", "int16"])}
    if rng.rand() < 0.2:
        kw["start"] = int(rng.randint(-1, 5))
    return {"fn": "count_up_to", "kw": kw}


def bitwise(rng: Rng) -> Spec:
    fn = _pick(rng, ["bitwise_and", "bitwise_or", "bitwise_xor", "invert"])
    dtype = _pick(rng, INTS + ["uint16", "bool", "float32"])
    lo = 0 if dtype.startswith("uint") else -8
    if fn == "invert":
        return {"fn": "bitwise", "inputs": [_inp(rng, _shape(rng, 0, 3), dtype, lo=lo, hi=8)],
                "kw": {"fn": fn}}
    a, b = _broadcast_pair(rng)
    dtype2 = dtype if rng.rand() < 0.92 else _pick(rng, INTS)
    lo = 0 if "uint" in dtype + dtype2 else -8
    inputs = [_inp(rng, a, dtype, lo=lo, hi=8), _inp(rng, b, dtype2, lo=lo, hi=8)]
    return {"fn": "bitwise", "inputs": inputs, "kw": {"fn": fn}}


def xw_plus_b(rng: Rng) -> Spec:
    # no empty dims: TF's fused MatMul + BiasAdd (oneDNN) kills the process on some
    n, k, m = (int(rng.randint(1, 4)) for _ in range(3))
    dtype = _pick(rng, FLOATS + ["int32"])
    xshape = [n, k] if rng.rand() < 0.92 else _pick(rng, [[k], [1, n, k]])
    wshape = [k if rng.rand() < 0.95 else k + 1, m]
    bshape = [m] if rng.rand() < 0.92 else _pick(rng, [[m + 1], [], [1, m]])
    dtype3 = dtype if rng.rand() < 0.95 else _pick(rng, FLOATS)
    inputs = [_inp(rng, xshape, dtype), _inp(rng, wshape, dtype), _inp(rng, bshape, dtype3)]
    kw: Spec = {"name": "dense"} if rng.rand() < 0.2 else {}
    return _float_grad({"fn": "xw_plus_b", "inputs": inputs, "kw": kw}, 0, 1, 2)


def strided_slice(rng: Rng) -> Spec:
    shape = _shape(rng, 1, 3, empty=0.06)
    n = len(shape) + int(_pick(rng, [0, 0, 0, -1, 1]))
    n = max(n, 1)
    begin = [int(rng.randint(-4, 5)) for _ in range(n)]
    end = [int(rng.randint(-4, 5)) for _ in range(n)]
    strides = [int(_pick(rng, [1, 1, 1, 2, -1, -2, 3])) for _ in range(n)]
    if rng.rand() < 0.03:
        strides[0] = 0
    kw: Spec = {"begin": begin, "end": end}
    if rng.rand() < 0.8:
        kw["strides"] = strides
    for mask in ("begin_mask", "end_mask", "shrink_axis_mask", "new_axis_mask",
                 "ellipsis_mask"):
        if rng.rand() < (0.35 if mask in ("begin_mask", "end_mask") else 0.15):
            kw[mask] = int(rng.randint(1, 1 << n))
    if "ellipsis_mask" in kw and rng.rand() < 0.7:
        kw["ellipsis_mask"] = 1 << int(rng.randint(n))
    if rng.rand() < 0.25:
        kw["tensors"] = _pick(rng, ["const", "default"])
    dtype = _pick(rng, FLOATS + ["int32", "bool"])
    x = _inp(rng, shape, dtype)
    return _float_grad({"fn": "strided_slice", "inputs": [x], "kw": kw}, 0)


SEEDS: list[Any] = [None, None, 0, 1, 5, -3, 2**31 - 1, 2**31, 2**40, 87654321, 1.5]


def seeds(rng: Rng) -> Spec:
    kw: Spec = {"op_seeds": [_pick(rng, SEEDS) for _ in range(int(rng.randint(0, 4)))],
                "ops": int(rng.randint(0, 3))}
    if rng.rand() < 0.7:
        kw["graph_seed"] = _pick(rng, SEEDS)
    return {"fn": "seeds", "kw": kw}


def weighted_loss(rng: Rng) -> Spec:
    shape = _shape(rng, 0, 3, empty=0.05)
    dtype = _pick(rng, FLOATS + ["int32"])
    inputs = [_inp(rng, shape, dtype, lo=0, hi=3)]
    kw: Spec = {}
    r = rng.rand()
    if r < 0.5:
        kw["weights"] = "input"
        wdtype = dtype if rng.rand() < 0.9 else _pick(rng, ["float32", "float64"])
        inputs.append(_inp(rng, _weights_shape(rng, shape), wdtype, lo=0, hi=2,
                           round=rng.rand() < 0.4))
    elif r < 0.7:
        kw["weights"] = float(_pick(rng, [0.0, 2.0, 0.5]))
    if rng.rand() < 0.7:
        kw["reduction"] = _pick(rng, REDUCTIONS)
    if rng.rand() < 0.15:
        kw["scope"] = "wl"
    for x in inputs:  # known shapes: TF's run-time Assert on unknown ones is not the engine's
        if "feed" in x:
            x["feed"] = list(x["shape"])
    # TF computes the loss in float32 whatever the dtype
    return _float_grad({"fn": "weighted_loss", "inputs": inputs, "kw": kw, "tol": "float32"},
                       *range(len(inputs)))


def depthwise_native(rng: Rng) -> Spec:
    n, h, w, c = (int(rng.randint(1, 3)), int(rng.randint(1, 6)), int(rng.randint(1, 6)),
                  int(rng.randint(1, 3)))
    fh, fw, mult = int(rng.randint(1, 4)), int(rng.randint(1, 4)), int(rng.randint(1, 3))
    stride = int(_pick(rng, [1, 1, 2]))
    padding = _pick(rng, ["SAME", "VALID"])
    if padding == "VALID":
        fh, fw = min(fh, h), min(fw, w)
    kw: Spec = {"strides": [1, stride, stride, 1], "padding": padding}
    r = rng.rand()
    if r < 0.15:
        kw["dilations"] = [1, 2, 2, 1]
    elif r < 0.2:
        kw["strides"] = [stride, stride]
    elif r < 0.25:
        kw["data_format"] = "NCHW"
    cin = c if rng.rand() < 0.95 else c + 1
    dtype = _pick(rng, ["float32", "float32", "float64", "float16"])
    inputs = [_inp(rng, [n, h, w, c], dtype), _inp(rng, [fh, fw, cin, mult], dtype, feed=False)]
    return _float_grad({"fn": "depthwise_native", "inputs": inputs, "kw": kw, "tol": "float32"},
                       0, 1)


MORE_GENERATORS: dict[str, Callable[[Rng], Spec]] = {
    f.__name__: f for f in (
        complex_ops, clip_by_value, dynamic_partition, var_scatter, count_up_to, bitwise,
        xw_plus_b, strided_slice, weighted_loss, depthwise_native, seeds)
}
