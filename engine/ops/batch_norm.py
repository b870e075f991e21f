"""FusedBatchNormV3: batch normalization in one op, as TF1's ``tf.nn.fused_batch_norm`` and
``tf.compat.v1.layers.batch_normalization(fused=True)`` build it, so every frozen TF1 CNN
(ResNet, Inception, MobileNet from TF-slim) holds it.

In inference (``is_training`` false) ``y = (x - mean) * rsqrt(variance + epsilon) * scale +
offset`` per channel; the other outputs are TF's: the mean and variance given (twice), and
an empty ``reserve_space_3`` (of static shape ``[0]`` where TF infers none: what its CPU
kernel gives, and a shape an ONNX output needs). In training the batch's own statistics
normalize ``x``; ``batch_mean`` and ``batch_variance`` are the running statistics TF
reports (the batch's, its variance unbiased, blended with the given ones by
``exponential_avg_factor`` when that is under 1), ``reserve_space_1``/``_2`` the batch's
mean and biased variance. The channels are the last dim (``NHWC``) or dim 1 (``NCHW``).

Its gradient is TF's: one FusedBatchNormGradV3 (``batch_norm_grad``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework.errors import AttrError, ShapeError
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import TensorShape
from . import _shape_fns as sf
from ._common import host
from ._shape_fns import type_attr

_FLOATS = ("float16", "bfloat16", "float32")


def _normalize(attrs: dict[str, Any]) -> dict[str, Any]:
    fmt = attrs.get("data_format") or "NHWC"
    fmt = fmt.decode() if isinstance(fmt, bytes) else fmt
    if fmt not in ("NHWC", "NCHW"):  # (TF's 3-D formats are for FusedBatchNormV3 of rank 5)
        raise AttrError(f"Attr 'data_format' of 'FusedBatchNormV3' Op passed string '{fmt}' "
                        "not in: \"NHWC\", \"NCHW\", \"NDHWC\", \"NCDHW\".")
    epsilon = attrs.get("epsilon")
    factor = attrs.get("exponential_avg_factor")
    return {"epsilon": 0.0001 if epsilon is None else float(epsilon),
            "exponential_avg_factor": 1.0 if factor is None else float(factor),
            "data_format": fmt, "is_training": bool(attrs.get("is_training", True))}


def _infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    x = specs[0]
    sf.check_dtype(x, _FLOATS, "x")
    u = sf.same_dtype("FusedBatchNormV3", specs[1:], ("scale", "offset", "mean", "variance"),
                      ("float32",))
    shape = x.shape
    if shape.rank is not None and shape.rank != 4:
        raise ShapeError(f"Shape must be rank 4 but is rank {shape.rank}")
    for spec in specs[1:]:
        sf.with_rank(spec.shape, 1)
    channels: int | None = None
    if shape.rank is not None:
        channels = shape.as_list()[1 if attrs["data_format"] == "NCHW" else 3]
    for spec in specs[1:3] if attrs["is_training"] else specs[1:]:
        c = spec.shape.as_list()[0]
        if channels is not None and c is not None and c != channels:
            raise ShapeError(f"Dimensions must be equal, but are {channels} and {c}")
        channels = channels if channels is not None else c
    vector = TensorSpec(TensorShape([channels]), u)
    return [TensorSpec(shape, x.dtype), vector, vector, vector, vector,
            TensorSpec(TensorShape([0]), u)]  # reserve_space_3: what TF's CPU kernel gives


def _kernel(xp: Any, x: Any, scale: Any, offset: Any, mean: Any, variance: Any,
            **attrs: Any) -> Any:
    a = host(x)
    axis = 1 if attrs["data_format"] == "NCHW" else 3
    others = tuple(i for i in range(4) if i != axis)
    shape = [1, 1, 1, 1]
    shape[axis] = -1
    data = a.astype(np.float32)
    if attrs["is_training"]:
        batch_mean = data.mean(axis=others)
        batch_var = data.var(axis=others)
        n = data.size // max(batch_mean.size, 1)
        unbiased = batch_var * (n / max(n - 1, 1))
        use_mean, use_var = batch_mean, batch_var
        f = attrs["exponential_avg_factor"]
        running_mean, running_var = batch_mean, unbiased
        if f != 1.0:
            running_mean = (1 - f) * host(mean) + f * batch_mean
            running_var = (1 - f) * host(variance) + f * unbiased
        saved = (running_mean, running_var, batch_mean, batch_var)
    else:
        use_mean, use_var = host(mean), host(variance)
        saved = (use_mean, use_var, use_mean, use_var)
    inv = 1.0 / np.sqrt(use_var.reshape(shape) + np.float32(attrs["epsilon"]))
    y = (data - use_mean.reshape(shape)) * inv * host(scale).reshape(shape) + \
        host(offset).reshape(shape)
    vectors = tuple(xp.asarray(np.asarray(v, np.float32)) for v in saved)
    return (xp.asarray(y.astype(a.dtype)), *vectors, xp.asarray(np.zeros(0, np.float32)))


register(OpDef(
    type="FusedBatchNormV3", inputs=("x", "scale", "offset", "mean", "variance"),
    infer=_infer, kernel=_kernel,
    attrs=(type_attr("T", _FLOATS), type_attr("U", ("float32",)),
           AttrDef("epsilon", "float", default=0.0001, doc="added to the variance"),
           AttrDef("exponential_avg_factor", "float", default=1.0,
                   doc="the batch statistics' weight in the running ones (training)"),
           AttrDef("data_format", "string", default="NHWC", choices=("NHWC", "NCHW")),
           AttrDef("is_training", "bool", default=True,
                   doc="normalize by the batch's statistics (else by mean and variance)")),
    derive=lambda s: {"T": s[0].dtype, "U": s[1].dtype}, normalize=_normalize,
    category="Convolution", palette=False, num_outputs=6, const_eval=False,
    default_name="FusedBatchNormV3",
    doc="Batch normalization: (x - mean) / sqrt(variance + epsilon) * scale + offset.",
    extra={"arg_types": {"x": "T", "scale": "U", "offset": "U", "mean": "U",
                         "variance": "U"}},
))
