"""Local response normalization (AlexNet's): LRN divides each element by ``(bias + alpha *
sum(x²))^beta``, the sum over the ``depth_radius`` channels on either side in the last
dimension; LRNGrad is its gradient, as TF registers them, and ``tf.nn.lrn``
(``local_response_normalization``).

The window sums are ``2 * depth_radius + 1`` shifted slices of the squares added up, on the
array namespace. TF's CPU kernels take float32, float16 and bfloat16; the engine computes
in float32 and rounds to the input's dtype.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..framework import dtypes as dt
from ..framework.errors import KernelError
from ..framework.operation import Operation, Tensor
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import with_rank
from . import _shape_fns as sf
from ._shape_fns import type_attr
from .grad_registry import register_gradient
from .grad_util import gen
from .list_apply import apply_op

_FLOATS = ("float16", "bfloat16", "float32")
_ATTRS = (AttrDef("depth_radius", "int", default=5, doc="channels summed on either side"),
          AttrDef("bias", "float", default=1.0, doc="added to the scaled sum"),
          AttrDef("alpha", "float", default=1.0, doc="the sum's scale"),
          AttrDef("beta", "float", default=0.5, doc="the exponent"))
_NAMES = tuple(a.name for a in _ATTRS)


def _lrn_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    sf.check_dtype(specs[0], _FLOATS, "input")
    return [TensorSpec(with_rank(specs[0].shape, 4), specs[0].dtype)]


def _grad_infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    t = sf.same_dtype("LRNGrad", specs, ("input_grads", "input_image", "output_image"),
                      _FLOATS)
    shape = with_rank(specs[0].shape, 4)
    for spec in specs[1:]:
        shape = sf.merge(shape, with_rank(spec.shape, 4))
    return [TensorSpec(shape, t)]


def _window_sum(xp: Any, v: Any, radius: int) -> Any:
    """Each element's sum over the channels ``radius`` either side of it (the last dim)."""
    depth = int(v.shape[-1])
    out = xp.zeros(v.shape, dtype=v.dtype)
    for offset in range(-min(radius, depth - 1), min(radius, depth - 1) + 1):
        if offset >= 0:
            out[..., :depth - offset] += v[..., offset:]
        else:
            out[..., -offset:] += v[..., :depth + offset]
    return out


def _norms(xp: Any, x: Any, attrs: Mapping[str, Any]) -> Any:
    squares = x * x
    return float(attrs["bias"]) + float(attrs["alpha"]) * _window_sum(
        xp, squares, int(attrs["depth_radius"]))


def _lrn_kernel(xp: Any, input: Any, **attrs: Any) -> Any:  # noqa: A002
    if len(input.shape) != 4:
        raise KernelError("in must be 4-dimensional")
    x = xp.astype(input, xp.float32)
    y = x * xp.pow(_norms(xp, x, attrs), -float(attrs["beta"]))
    return xp.astype(y, input.dtype)


def _lrn_grad_kernel(xp: Any, input_grads: Any, input_image: Any, output_image: Any,
                     **attrs: Any) -> Any:
    """``dx_d = dy_d N_d^-β - 2αβ x_d Σ_{k near d} dy_k x_k N_k^(-β-1)``."""
    if len(input_grads.shape) != 4 or len(input_image.shape) != 4:
        raise KernelError("inputs must be 4-dimensional")
    if not (input_grads.shape == input_image.shape == output_image.shape):
        raise KernelError("input_grads, input_image, and out_image should have the same shape")
    dy, x = xp.astype(input_grads, xp.float32), xp.astype(input_image, xp.float32)
    beta, alpha = float(attrs["beta"]), float(attrs["alpha"])
    norms = _norms(xp, x, attrs)
    through = _window_sum(xp, dy * x * xp.pow(norms, -beta - 1.0), int(attrs["depth_radius"]))
    dx = dy * xp.pow(norms, -beta) - 2.0 * alpha * beta * x * through
    return xp.astype(dx, input_grads.dtype)


register(OpDef(
    type="LRN", inputs=("input",), infer=_lrn_infer, kernel=_lrn_kernel,
    attrs=(type_attr("T", _FLOATS, default=dt.float32), *_ATTRS),
    derive=lambda s: {"T": s[0].dtype}, category="Activation", default_name="LRN",
    doc="Local response normalization: x / (bias + alpha * sum of nearby channels' x²)^beta.",
    extra={"arg_types": {"input": "T"}},
))
register(OpDef(
    type="LRNGrad", inputs=("input_grads", "input_image", "output_image"), infer=_grad_infer,
    kernel=_lrn_grad_kernel, attrs=(type_attr("T", _FLOATS, default=dt.float32), *_ATTRS),
    derive=lambda s: {"T": s[0].dtype}, category="Gradient", palette=False,
    default_name="LRNGrad", doc="LRN's gradient.",
    extra={"arg_types": {"input_grads": "T", "input_image": "T", "output_image": "T"}},
))


@register_gradient("LRN")
def _lrn_grad(op: Operation, grad: Any) -> Any:
    """TF's ``_LRNGrad``."""
    attrs = {k: op.get_attr(k) for k in _NAMES}
    return [gen("LRNGrad", attrs=attrs, input_grads=grad, input_image=op.inputs[0],
                output_image=op.outputs[0])]


def local_response_normalization(input: Any, depth_radius: int = 5,  # noqa: A002
                                 bias: float = 1.0, alpha: float = 1.0, beta: float = 0.5,
                                 name: str | None = None) -> Tensor:
    """``tf.nn.local_response_normalization`` (``tf.nn.lrn``): the op itself."""
    out = apply_op("LRN", name, {"depth_radius": depth_radius, "bias": bias, "alpha": alpha,
                                 "beta": beta}, input=input)
    assert isinstance(out, Tensor)
    return out


lrn = local_response_normalization
