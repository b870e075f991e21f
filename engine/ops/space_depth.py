"""SpaceToDepth and DepthToSpace: each ``block_size`` × ``block_size`` patch of an NHWC image
moved into the depth, and back (``tf.nn.space_to_depth``, ``depth_to_space``; sub-pixel
convolution's upsampling).

Inference is TF's shape function (the spatial sizes divided, the depth multiplied, or the
other way round, for any data format TF's op allows); TF's CPU registers its kernels for NHWC
only, so an NCHW op builds and has no kernel to run, as in TF. Each op's gradient is the other.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..framework.errors import AttrError, KernelError
from ..framework.kernels import KernelSet
from ..framework.operation import Operation, Tensor
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from ..framework.shapes import Dim, TensorShape, with_rank
from . import _shape_fns as sf
from ._common import dtypes_named
from .array import T_ANY
from .conv_pool import _choice
from .grad_registry import register_gradient
from .list_apply import apply_op
from .space_batch import _divide

CATEGORY = "Array"
_FORMATS = ("NHWC", "NCHW", "NCHW_VECT_C")
_KERNEL_TYPES = dtypes_named(
    "string", "bool", "complex128", "complex64", "float64", "float32", "bfloat16", "float16",
    "int32", "int8", "uint8", "int16", "uint16", "uint32", "int64", "uint64")


def _kernels(op_type: str) -> KernelSet:
    unlisted = ("DT_QINT8", "DT_VARIANT", "DT_RESOURCE") if op_type == "SpaceToDepth" else (
        "DT_VARIANT", "DT_RESOURCE")
    return KernelSet("T", tuple(("CPU", d) for d in _KERNEL_TYPES), only=("data_format",
                     '"NHWC"'), unlisted=unlisted)


def _normalizer(op_type: str) -> Any:
    def normalize(attrs: dict[str, Any]) -> dict[str, Any]:
        size = int(attrs.get("block_size", 0))
        if size < 2:
            raise AttrError(f"Attr 'block_size' of '{op_type}' Op passed {size} less than "
                            "minimum 2.")
        fmt = _choice(op_type, attrs, "data_format", _FORMATS, "NHWC")
        return {"block_size": size, "data_format": fmt}
    return normalize


def _infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any], to_depth: bool
           ) -> list[TensorSpec]:
    fmt = attrs.get("data_format", "NHWC")
    shape = with_rank(specs[0].shape, 5 if fmt == "NCHW_VECT_C" else 4)
    size = int(attrs["block_size"])
    dims: list[Dim] = list(shape.sizes) if shape.sizes is not None else [None] * 4
    n, h, w, c = (0, 1, 2, 3) if fmt == "NHWC" else (0, 2, 3, 1)
    if to_depth:
        height, width = _divide(dims[h], size), _divide(dims[w], size)
        depth = sf.multiply(dims[c], size * size)
    else:
        height, width = sf.multiply(dims[h], size), sf.multiply(dims[w], size)
        depth = _divide(dims[c], size * size)
    out = [dims[n], height, width, depth] if fmt == "NHWC" else [dims[n], depth, height, width]
    if fmt == "NCHW_VECT_C":
        out.append(dims[4])
    return [TensorSpec(TensorShape(out), specs[0].dtype)]


def _inferrer(to_depth: bool) -> Callable[[Sequence[TensorSpec], Mapping[str, Any]],
                                           list[TensorSpec]]:
    def infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
        return _infer(specs, attrs, to_depth)
    return infer


def _rank(x: Any) -> None:
    if len(x.shape) != 4:
        raise KernelError(f"Input rank should be: 4 instead of: {len(x.shape)}")


def _space_to_depth_kernel(xp: Any, input: Any, **attrs: Any) -> Any:  # noqa: A002
    _rank(input)
    size = int(attrs["block_size"])
    b, h, w, c = (int(d) for d in input.shape)
    if h % size or w % size:
        raise KernelError(f"Image width {w} and height {h} should be divisible by block_size: "
                          f"{size}")
    x = xp.reshape(input, (b, h // size, size, w // size, size, c))
    x = xp.permute_dims(x, (0, 1, 3, 2, 4, 5))
    return xp.reshape(x, (b, h // size, w // size, size * size * c))


def _depth_to_space_kernel(xp: Any, input: Any, **attrs: Any) -> Any:  # noqa: A002
    _rank(input)
    size = int(attrs["block_size"])
    b, h, w, c = (int(d) for d in input.shape)
    if c % (size * size):
        raise KernelError(f"Input depth dimension {c} should be divisible by: {size * size}")
    x = xp.reshape(input, (b, h, w, size, size, c // (size * size)))
    x = xp.permute_dims(x, (0, 1, 3, 2, 4, 5))
    return xp.reshape(x, (b, h * size, w * size, c // (size * size)))


for _type, _to_depth, _kernel, _doc in (
        ("SpaceToDepth", True, _space_to_depth_kernel,
         "Each block_size × block_size patch of the image moved into the depth."),
        ("DepthToSpace", False, _depth_to_space_kernel,
         "The depth spread out into block_size × block_size patches of the image.")):
    register(OpDef(
        type=_type, inputs=("input",),
        infer=_inferrer(_to_depth), kernel=_kernel,
        attrs=(T_ANY, AttrDef("block_size", "int", default=2, doc="the patch's side, ≥ 2"),
               AttrDef("data_format", "string", default="NHWC", choices=_FORMATS)),
        derive=lambda s: {"T": s[0].dtype}, normalize=_normalizer(_type), category=CATEGORY,
        doc=_doc, default_name=_type, kernels=_kernels(_type),
    ))


def space_to_depth(input: Any, block_size: int, name: str | None = None,  # noqa: A002
                   data_format: str = "NHWC") -> Tensor:
    """``tf.compat.v1.space_to_depth`` (and ``tf.nn``'s)."""
    out = apply_op("SpaceToDepth", name, {"block_size": block_size, "data_format": data_format},
                   input=input)
    assert isinstance(out, Tensor)
    return out


def depth_to_space(input: Any, block_size: int, name: str | None = None,  # noqa: A002
                   data_format: str = "NHWC") -> Tensor:
    """``tf.compat.v1.depth_to_space`` (and ``tf.nn``'s)."""
    out = apply_op("DepthToSpace", name, {"block_size": block_size, "data_format": data_format},
                   input=input)
    assert isinstance(out, Tensor)
    return out


def _grad(op: Operation, grad: Any, to_depth: bool) -> Any:
    fmt = op.get_attr("data_format")
    if fmt == "NCHW_VECT_C":
        raise ValueError(f"Cannot compute {op.type} gradient with NCHW_VECT_C. NCHW_VECT_C "
                         "requires qint8 data type.")
    size = op.get_attr("block_size")
    build = space_to_depth if to_depth else depth_to_space
    return [build(grad, size, data_format=fmt)]


@register_gradient("SpaceToDepth")
def _space_to_depth_grad(op: Operation, grad: Any) -> Any:
    """TF's ``_SpaceToDepthGrad``: DepthToSpace of the gradient."""
    return _grad(op, grad, False)


@register_gradient("DepthToSpace")
def _depth_to_space_grad(op: Operation, grad: Any) -> Any:
    """TF's ``_DepthToSpaceGrad``: SpaceToDepth of the gradient."""
    return _grad(op, grad, True)
