"""FusedBatchNormGradV3, the op TF's gradient of FusedBatchNormV3 builds
(``_BaseFusedBatchNormGrad``): ``x``'s, ``scale``'s and ``offset``'s gradients from the
forward op's saved batch statistics (training) or from the population ones (inference, in
NHWC: an NCHW op's gradient transposes around it, as TF's does).

Training: ``dx = scale * inv * (dy - mean(dy) - xhat * mean(dy * xhat))``, ``dscale =
sum(dy * xhat)``, ``doffset = sum(dy)`` with ``xhat = (x - mean) * inv``; inference: ``dx =
dy * scale * inv``. The op's own gradient (a second derivative) is built of ordinary ops:
the same formula written out and differentiated, where TF has ``_BatchNormGradGrad``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.errors import ShapeError
from ..framework.operation import Operation
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import Dim, TensorShape
from . import _shape_fns as sf
from ._common import host
from ._shape_fns import type_attr
from .array_builders import reshape, transpose
from .grad_registry import register_gradient
from .grad_util import gen, ins
from .math_api import cast
from .math_builders import reduce_mean, reduce_sum, rsqrt

_FLOATS = ("float16", "bfloat16", "float32")
_ATTRS = ("epsilon", "data_format", "is_training")


def _infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    """TF's ``FusedBatchNormGradShape``."""
    t = sf.same_dtype("FusedBatchNormGradV3", specs[:2], ("y_backprop", "x"), _FLOATS)
    u = sf.same_dtype("FusedBatchNormGradV3", specs[2:], (
        "scale", "reserve_space_1", "reserve_space_2", "reserve_space_3"), ("float32",))
    dy = sf.merge(sf.with_rank(specs[0].shape, 4), sf.with_rank(specs[1].shape, 4))
    channel = 1 if attrs["data_format"] == "NCHW" else 3
    sizes: list[Dim] = list(dy.sizes) if dy.sizes is not None else [None] * 4
    c = sizes[channel]
    for spec in specs[2:5]:
        v = sf.with_rank(spec.shape, 1).sizes
        got = v[0] if v is not None else None
        if c is not None and got is not None and c != got:
            raise ShapeError(f"Dimensions must be equal, but are {c} and {got}")
        c = c if c is not None else got
    sizes[channel] = c
    vector = TensorSpec(TensorShape([c]), u)
    empty = TensorSpec(TensorShape([0]), u)
    return [TensorSpec(TensorShape(sizes), t), vector, vector, empty, empty]


def _kernel(xp: Any, y_backprop: Any, x: Any, scale: Any, reserve_space_1: Any,
            reserve_space_2: Any, reserve_space_3: Any, **attrs: Any) -> Any:
    nchw = attrs["data_format"] == "NCHW"
    axes = (0, 2, 3) if nchw else (0, 1, 2)
    shape = [1, -1, 1, 1] if nchw else [1, 1, 1, -1]
    dy = host(y_backprop).astype(np.float32)
    data = host(x).astype(np.float32)
    mean = host(reserve_space_1).reshape(shape)
    inv = 1.0 / np.sqrt(host(reserve_space_2).reshape(shape) + np.float32(attrs["epsilon"]))
    gamma = host(scale).reshape(shape)
    xhat = (data - mean) * inv
    d_offset = dy.sum(axis=axes)
    d_scale = (dy * xhat).sum(axis=axes)
    if attrs["is_training"]:
        dx = gamma * inv * (dy - dy.mean(axis=axes, keepdims=True)
                            - xhat * (dy * xhat).mean(axis=axes, keepdims=True))
    else:
        dx = dy * gamma * inv
    empty = xp.asarray(np.zeros(0, np.float32))
    return (xp.asarray(dx.astype(host(x).dtype)), xp.asarray(d_scale.astype(np.float32)),
            xp.asarray(d_offset.astype(np.float32)), empty, empty)


register(OpDef(
    type="FusedBatchNormGradV3",
    inputs=("y_backprop", "x", "scale", "reserve_space_1", "reserve_space_2", "reserve_space_3"),
    infer=_infer, kernel=_kernel,
    attrs=(type_attr("T", _FLOATS), type_attr("U", ("float32",)),
           AttrDef("epsilon", "float", default=0.0001, doc="added to the variance"),
           AttrDef("data_format", "string", default="NHWC", choices=("NHWC", "NCHW")),
           AttrDef("is_training", "bool", default=True,
                   doc="the saved batch statistics' chain too (else the population ones')")),
    derive=lambda s: {"T": s[0].dtype, "U": s[2].dtype}, category="Gradient", palette=False,
    num_outputs=5, const_eval=False, default_name="FusedBatchNormGradV3",
    doc="FusedBatchNormV3's gradients for x, scale and offset.",
    extra={"arg_types": {"y_backprop": "T", "x": "T", "scale": "U", "reserve_space_1": "U",
                         "reserve_space_2": "U", "reserve_space_3": "U"}},
))


@register_gradient("FusedBatchNormV3")
def _fused_batch_norm_grad(op: Operation, grad: Any, *unused: Any) -> Any:
    """TF's ``_BaseFusedBatchNormGrad`` (version 2)."""
    x, scale, _, mean, variance = ins(op)
    fmt = op.get_attr("data_format")
    training = op.get_attr("is_training")
    attrs = {"epsilon": op.get_attr("epsilon"), "data_format": fmt, "is_training": training}
    if training:
        dx, d_scale, d_offset, _, _ = gen(
            "FusedBatchNormGradV3", attrs=attrs, y_backprop=grad, x=x, scale=scale,
            reserve_space_1=op.outputs[3], reserve_space_2=op.outputs[4],
            reserve_space_3=op.outputs[5])
        return [dx, d_scale, d_offset, None, None]
    dy = grad
    if fmt == "NCHW":
        x = transpose(x, [0, 2, 3, 1])
        dy = transpose(dy, [0, 2, 3, 1])
    dx, d_scale, d_offset, _, _ = gen(
        "FusedBatchNormGradV3", attrs={**attrs, "data_format": "NHWC"}, y_backprop=dy, x=x,
        scale=scale, reserve_space_1=mean, reserve_space_2=variance,
        reserve_space_3=op.outputs[5])
    if fmt == "NCHW":
        dx = transpose(dx, [0, 3, 1, 2])
    return [dx, d_scale, d_offset, None, None]


def _written_out(dy: Any, x: Any, scale: Any, mean: Any, variance: Any,
                 attrs: Mapping[str, Any]) -> list[Any]:
    """The grad op's three gradients as ordinary ops (the training form from ``x``'s own
    statistics, as the forward op computed them)."""
    nchw = attrs["data_format"] == "NCHW"
    axes = [0, 2, 3] if nchw else [0, 1, 2]

    def per_channel(v: Any) -> Any:
        return reshape(v, [1, -1, 1, 1]) if nchw else v

    x32, dy32 = cast(x, dt.float32), cast(dy, dt.float32)
    eps: Any = np.float32(attrs["epsilon"])
    if attrs["is_training"]:
        centered = x32 - reduce_mean(x32, axes, keepdims=True)
        inv = rsqrt(reduce_mean(centered * centered, axes, keepdims=True) + eps)
        xhat = centered * inv
        dx = per_channel(scale) * inv * (dy32 - reduce_mean(dy32, axes, keepdims=True)
                                         - xhat * reduce_mean(dy32 * xhat, axes, keepdims=True))
    else:
        inv = per_channel(rsqrt(variance + eps))
        xhat = (x32 - per_channel(mean)) * inv
        dx = dy32 * per_channel(scale) * inv
    return [cast(dx, x.dtype), reduce_sum(dy32 * xhat, axes), reduce_sum(dy32, axes)]


@register_gradient("FusedBatchNormGradV3")
def _fused_batch_norm_grad_grad(op: Operation, *grads: Any) -> Any:
    """The second derivative: the grad op's formula written out and differentiated."""
    from .gradients import gradients

    dy, x, scale, mean, variance, _ = ins(op)
    attrs = {k: op.get_attr(k) for k in _ATTRS}
    outs = _written_out(dy, x, scale, mean, variance, attrs)
    pairs = [(o, g) for o, g in zip(outs, grads[:3]) if g is not None]
    if not pairs:
        return [None] * 6
    wrt = [dy, x, scale] if attrs["is_training"] else [dy, x, scale, mean, variance]
    found = gradients([o for o, _ in pairs], wrt, grad_ys=[g for _, g in pairs],
                      name="FusedBatchNormGradV3_grad", stop_gradients=wrt)  # each on its own
    if attrs["is_training"]:
        return [*found, None, None, None]
    return [*found, None]
