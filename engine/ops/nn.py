"""Neural-network ops: activations (Relu, Relu6, Elu, LeakyRelu, Softplus), Softmax and
LogSoftmax, BiasAdd, L2Loss and the two softmax cross-entropy losses.

Relu and Relu6 fuse like any elementwise op (see ``math_functions.py`` for what each fused
path runs). The losses have two outputs, as TF's do: the loss per row and its gradient with
respect to the logits (``backprop``), which the gradients issue will use.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.errors import AttrError, KernelError, ShapeError
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import TensorShape, broadcast_shapes
from . import _shape_fns as sf
from . import _tf_types as tt
from ._shape_fns import type_attr
from .compiled_kernels import COMPILED
from .math_functions import unary

ACTIVATION = "Activation"
LOSS = "Loss"


# --- activations --------------------------------------------------------------------------------
def _relu_into(x: Any, out: np.ndarray) -> None:
    np.maximum(x, 0, out=out)


def _relu6_np(x: Any) -> Any:
    return np.minimum(np.maximum(x, 0), 6)


def _relu6_into(x: Any, out: np.ndarray) -> None:
    np.maximum(x, 0, out=out)
    np.minimum(out, 6, out=out)


def _relu_jit(t: Any) -> Any:
    zero = t(0)

    def relu(x: Any) -> Any:  # pragma: no cover - compiled
        return zero if x < 0 else x

    return relu


def _relu6_jit(t: Any) -> Any:
    zero, six = t(0), t(6)

    def relu6(x: Any) -> Any:  # pragma: no cover - compiled
        return zero if x < 0 else (six if x > 6 else x)

    return relu6


_NOT_NUMEXPR: dict[str, Any] = {"numexpr": False}
unary("Relu", lambda xp, x, **a: xp.maximum(x, xp.zeros((), dtype=x.dtype)), tt.RELU,
      "max(x, 0), the rectified linear unit.", category=ACTIVATION, param="features",
      fusion="tc_relu({0})", operator=lambda x: np.maximum(x, 0), ufunc=_relu_into,
      jit_operator_for=_relu_jit,
      c_helpers="template <typename T> __device__ T tc_relu(T x) "
                "{ return x < T(0) ? T(0) : x; }", **_NOT_NUMEXPR)
unary("Relu6", lambda xp, x, **a: xp.minimum(xp.maximum(x, xp.zeros((), dtype=x.dtype)),
                                             xp.full((), 6, dtype=x.dtype)),
      tt.RELU6, "min(max(x, 0), 6).", category=ACTIVATION, param="features",
      fusion="tc_relu6({0})", operator=_relu6_np, ufunc=_relu6_into, jit_operator_for=_relu6_jit,
      c_helpers="template <typename T> __device__ T tc_relu6(T x) "
                "{ return x < T(0) ? T(0) : (x > T(6) ? T(6) : x); }", **_NOT_NUMEXPR)
unary("Elu", lambda xp, x, **a: xp.where(x < 0, xp.expm1(x), x), tt.FLOATS,
      "x for x > 0, exp(x) - 1 otherwise.", category=ACTIVATION, param="features")


def _alpha_normalize(attrs: dict[str, Any]) -> dict[str, Any]:
    alpha = attrs.get("alpha", 0.2)
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.floating, np.integer)):
        raise AttrError(f"alpha: expected a number, got {alpha!r}")
    return {"alpha": float(alpha)}


def _leaky_relu(xp: Any, x: Any, **attrs: Any) -> Any:
    alpha = xp.asarray(np.float32(attrs["alpha"]), dtype=x.dtype)  # TF's float attr: 32 bits
    return xp.where(x > 0, x, x * alpha)


unary("LeakyRelu", _leaky_relu, tt.FLOATS, "x for x > 0, alpha * x otherwise.",
      category=ACTIVATION, param="features", normalize=_alpha_normalize,
      attrs=(AttrDef("alpha", "float", default=0.2, doc="the slope for x < 0"),))


_EPS = {"float16": 2.0 ** -10, "bfloat16": 2.0 ** -7, "float32": 2.0 ** -23, "float64": 2.0 ** -52}


def _softplus(xp: Any, x: Any, **attrs: Any) -> Any:
    """TF's stable form: x where exp(x) would not add to it, exp(x) where log1p would not
    change it, log1p(exp(x)) between."""
    eps = _EPS[attrs["T"].name]
    threshold = float(np.log(eps)) + 2.0
    large = x > -threshold
    small = x < threshold
    middle = xp.log1p(xp.exp(xp.where(large | small, xp.zeros_like(x), x)))
    return xp.where(large, x, xp.where(small, xp.exp(x), middle))


unary("Softplus", _softplus, tt.FLOATS, "log(exp(x) + 1), a smooth ReLU.",
      category=ACTIVATION, param="features")


# --- softmax ------------------------------------------------------------------------------------
def _softmax_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    sf.check_dtype(specs[0], tt.FLOATS, "logits")
    return [TensorSpec(sf.with_rank_at_least(specs[0].shape, 1), specs[0].dtype)]


def _shifted(xp: Any, x: Any) -> Any:
    if not math.prod(x.shape):  # nothing to shift (numpy's max of nothing refuses)
        return x
    if xp is np:  # the ufunc's own reduce: np.max's Python wrapper costs as much on small x
        return x - np.maximum.reduce(x, axis=-1, keepdims=True)
    return x - xp.max(x, axis=-1, keepdims=True)


def _sum_last(xp: Any, x: Any, keepdims: bool) -> Any:
    if xp is np:
        reduce: Any = np.add.reduce  # its overloads want a literal keepdims
        return reduce(x, axis=-1, keepdims=keepdims)
    return xp.sum(x, axis=-1, keepdims=keepdims)


def _softmax(xp: Any, x: Any, **attrs: Any) -> Any:
    if len(x.shape) == 0:
        raise KernelError("logits must have >= 1 dimension, got []")
    e = xp.exp(_shifted(xp, x))
    return e / xp.sum(e, axis=-1, keepdims=True)


def _log_softmax(xp: Any, x: Any, **attrs: Any) -> Any:
    if len(x.shape) == 0:
        raise KernelError("logits must have >= 1 dimension, got []")
    s = _shifted(xp, x)
    return s - xp.log(xp.sum(xp.exp(s), axis=-1, keepdims=True))


for _op, _kernel, _doc in (
    ("Softmax", _softmax, "exp(x) / sum(exp(x)) along the last dimension."),
    ("LogSoftmax", _log_softmax, "x - log(sum(exp(x))) along the last dimension."),
):
    register(OpDef(
        type=_op, inputs=("logits",), infer=_softmax_infer, kernel=_kernel,
        attrs=(type_attr("T", tt.FLOATS),),
        derive=lambda specs: {"T": specs[0].dtype}, category=ACTIVATION, doc=_doc,
        default_name=_op, extra={"arg_types": {"logits": "T"}},
    ))


# --- BiasAdd, L2Loss ----------------------------------------------------------------------------
def _format_normalize(attrs: dict[str, Any]) -> dict[str, Any]:
    fmt = attrs.get("data_format") or "NHWC"
    if isinstance(fmt, bytes):
        fmt = fmt.decode()
    if fmt not in ("NHWC", "NCHW"):
        raise AttrError(f"Attr 'data_format' of 'BiasAdd' Op passed string '{fmt}' not in: "
                        '"NHWC", "NCHW".')
    return {"data_format": fmt}


def _bias_add_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    t = sf.same_dtype("BiasAdd", specs, ("value", "bias"), tt.NUMBER)
    nchw = attrs["data_format"] == "NCHW"
    x = sf.with_rank_at_least(specs[0].shape, 3 if nchw else 2)
    bias = sf.with_rank(specs[1].shape, 1)
    if x.sizes is None:
        return [TensorSpec(sf.UNKNOWN, t)]
    dims = list(x.sizes)
    at = 1 if nchw else len(dims) - 1
    dims[at] = sf.merge_dim(dims[at], bias.sizes[0])  # type: ignore[index]
    return [TensorSpec(TensorShape(dims), t)]


def _bias_add(xp: Any, x: Any, bias: Any, **attrs: Any) -> Any:
    rank = len(x.shape)
    at = 1 if attrs["data_format"] == "NCHW" else rank - 1
    if rank < 2:
        raise KernelError(f"Input tensor must be at least 2D: [{','.join(map(str, x.shape))}]")
    if len(bias.shape) != 1:
        raise KernelError(f"Biases must be 1D: [{','.join(map(str, bias.shape))}]")
    if bias.shape[0] != x.shape[at]:
        raise KernelError(f"Must provide as many biases as the last dimension of the input "
                          f"tensor: [{','.join(map(str, bias.shape))}] vs. "
                          f"[{','.join(map(str, x.shape))}]")
    if at != rank - 1:
        bias = xp.reshape(bias, (bias.shape[0],) + (1,) * (rank - 1 - at))
    return xp.add(x, bias)


def _fusible_bias_add(op: Any) -> bool:
    if op._attrs["data_format"] != "NHWC":
        return False
    value, bias = (t.shape.sizes for t in op._inputs)
    return (value is not None and len(value) >= 2 and bias is not None and len(bias) == 1
            and value[-1] is not None and value[-1] == bias[0])


register(OpDef(
    type="BiasAdd", inputs=("value", "bias"), infer=_bias_add_infer, kernel=_bias_add,
    attrs=(type_attr("T", tt.NUMBER),
           AttrDef("data_format", "string", default="NHWC", choices=("NHWC", "NCHW"),
                   doc="where the channels are: last (NHWC) or second (NCHW)")),
    derive=lambda specs: {"T": specs[0].dtype}, normalize=_format_normalize,
    category=ACTIVATION, doc="Adds a bias vector to the channel dimension of value.",
    default_name="BiasAdd", fusion="({0} + {1})",
    # with channels last a bias add is numpy's broadcasting add, and fuses as one, when the
    # shapes known make it one (else the kernel's checks run: a vector value, a bias of
    # another size would broadcast where TF fails)
    extra={"arg_types": {"value": "T", "bias": "T"}, "operator": operator.add,
           "ufunc": "add", "fusible_if": _fusible_bias_add},
))


def _l2_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    sf.check_dtype(specs[0], tt.FLOATS, "t")
    return [TensorSpec(TensorShape([]), specs[0].dtype)]


def _l2_loss(xp: Any, x: Any, **attrs: Any) -> Any:
    flat = xp.reshape(x, (-1,))
    return xp.sum(flat * flat, dtype=x.dtype) / xp.asarray(2, dtype=x.dtype)


register(OpDef(
    type="L2Loss", inputs=("t",), infer=_l2_infer, kernel=_l2_loss,
    attrs=(type_attr("T", tt.FLOATS),), derive=lambda specs: {"T": specs[0].dtype},
    category=LOSS, doc="sum(t ** 2) / 2, half the squared L2 norm.", default_name="L2Loss",
    extra={"arg_types": {"t": "T"}},
))


# --- the softmax cross-entropy losses -------------------------------------------------------------
def _xent_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    t = sf.same_dtype("SoftmaxCrossEntropyWithLogits", specs, ("features", "labels"), tt.FLOATS)
    features = specs[0].shape
    try:
        merged = sf.merge(sf.with_rank(features, 2), specs[1].shape)
    except ShapeError:
        merged = broadcast_shapes(features, specs[1].shape)
        if merged.sizes is None:
            raise ShapeError("Shape must be broadcasted with rank 2, but is rank is "
                             "unknown.") from None
        if len(merged.sizes) != 2:
            raise ShapeError(f"Shape must be broadcasted with rank 2, but is rank "
                             f"{len(merged.sizes)}") from None
    return [TensorSpec(TensorShape([merged.sizes[0]]), t),  # type: ignore[index]
            TensorSpec(merged, t)]


def _xent(xp: Any, features: Any, labels: Any, **attrs: Any) -> tuple[Any, Any]:
    if len(features.shape) != 2 and len(labels.shape) != 2:
        raise KernelError("logits and labels must be either 2-dimensional, or broadcasted to be "
                          "2-dimensional")
    if xp is np:  # one compiled pass per row (compiler/loss_kernels.py), once it is ready
        compiled = COMPILED.get("SoftmaxCrossEntropyWithLogits")
        found = compiled(features, labels) if compiled is not None else None
        if found is not None:
            return found
    if tuple(labels.shape) != tuple(features.shape):
        try:  # TF broadcasts either to the other (a [1, n] row of logits to [m, n] labels)
            both = np.broadcast_shapes(tuple(features.shape), tuple(labels.shape))
        except ValueError:
            raise KernelError(f"logits and labels must be broadcastable: logits_size="
                              f"{_dims(features.shape)} labels_size={_dims(labels.shape)}"
                              ) from None
        features = xp.broadcast_to(features, both)
        labels = xp.broadcast_to(labels, both)
    shifted = _shifted(xp, features)
    e = xp.exp(shifted)
    total = _sum_last(xp, e, True)
    if tuple(labels.shape) != tuple(shifted.shape):
        labels = xp.broadcast_to(labels, shifted.shape)
    loss = _sum_last(xp, labels * (xp.log(total) - shifted), False)
    return loss, e / total - labels


def _dims(shape: Sequence[int]) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


def _sparse_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    t = sf.check_dtype(specs[0], tt.FLOATS, "features")
    sf.check_dtype(specs[1], tt.INDEX, "labels")
    features = sf.with_rank(specs[0].shape, 2)
    labels = sf.with_rank(specs[1].shape, 1)
    batch = sf.merge_dim(features.sizes[0], labels.sizes[0])  # type: ignore[index]
    return [TensorSpec(TensorShape([batch]), t),
            TensorSpec(TensorShape([batch, features.sizes[1]]), t)]  # type: ignore[index]


def _sparse_xent(xp: Any, features: Any, labels: Any, **attrs: Any) -> tuple[Any, Any]:
    if len(features.shape) != 2:
        raise KernelError(f"logits must be 2-D, but got shape "
                          f"{_dims(features.shape)}")
    if len(labels.shape) != 1:
        raise KernelError(f"labels must be 1-D, but got shape "
                          f"{_dims(labels.shape)}")
    n, classes = features.shape
    if labels.shape[0] != n:
        raise KernelError(f"logits and labels must have the same first dimension, got logits "
                          f"shape [{n},{classes}] and labels shape [{labels.shape[0]}]")
    if not classes:
        raise KernelError(f"Must have at least one class, but got logits shape "
                          f"{_dims(features.shape)}")
    host = np.asarray(labels.get() if hasattr(labels, "get") else labels)
    bad = (host < 0) | (host >= classes)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise KernelError(f"Received a label value of {int(host[k])} which is outside the valid "
                          f"range of [0, {classes}).  Label values: "
                          f"{' '.join(str(int(v)) for v in host)}")
    shifted = _shifted(xp, features)
    e = xp.exp(shifted)
    total = xp.sum(e, axis=-1, keepdims=True)
    hit = xp.reshape(labels, (n, 1)) == xp.reshape(xp.arange(classes, dtype=labels.dtype),
                                                    (1, classes))
    onehot = xp.astype(hit, features.dtype)
    # TF's loss generator: log(sum) - shifted at the label, 0 elsewhere (never 0 * inf)
    per_class = xp.log(total) - shifted
    loss = xp.sum(xp.where(hit, per_class, xp.zeros_like(per_class)), axis=-1)
    return loss, e / total - onehot


register(OpDef(
    type="SoftmaxCrossEntropyWithLogits", inputs=("features", "labels"), infer=_xent_infer,
    kernel=_xent, attrs=(type_attr("T", tt.FLOATS),),
    derive=lambda specs: {"T": specs[0].dtype}, category=LOSS, num_outputs=2,
    doc="Per row: -sum(labels * log_softmax(features)); output 1 is its gradient.",
    default_name="SoftmaxCrossEntropyWithLogits",
    extra={"arg_types": {"features": "T", "labels": "T"}},
))
register(OpDef(
    type="SparseSoftmaxCrossEntropyWithLogits", inputs=("features", "labels"),
    infer=_sparse_infer, kernel=_sparse_xent,
    attrs=(type_attr("T", tt.FLOATS),
           type_attr("Tlabels", tt.INDEX, default=dt.int64)),
    derive=lambda specs: {"T": specs[0].dtype, "Tlabels": specs[1].dtype}, category=LOSS,
    num_outputs=2, doc="Per row: -log_softmax(features)[label]; output 1 is its gradient.",
    default_name="SparseSoftmaxCrossEntropyWithLogits",
    extra={"arg_types": {"features": "T", "labels": "Tlabels"}},
))
