"""ONNX form of local response normalization: TF's LRN is ONNX's LRN in NCHW, its window
``2 * depth_radius + 1`` channels wide and its ``alpha`` scaled by that size (ONNX divides
the sum of squares by the window's size, TF does not). LRNGrad and InTopKV2 have none.
Data keyed by op type, merged into ``onnx_ops``' tables."""

from __future__ import annotations

from ..framework.operation import Operation
from .onnx_nn_ops import nchw, to_nhwc
from .onnx_nodes import Context, Converter, x


def _lrn(ctx: Context, op: Operation) -> None:
    size = 2 * int(op.get_attr("depth_radius")) + 1
    result = ctx.node("LRN", [nchw(ctx, x(op, 0), True)], size=size,
                      alpha=float(op.get_attr("alpha")) * size, beta=float(op.get_attr("beta")),
                      bias=float(op.get_attr("bias")))
    to_nhwc(ctx, op, result, True)


NORM_OPS: dict[str, Converter] = {"LRN": _lrn}

NORM_NOT_EXPORTABLE: dict[str, str] = {
    "InTopKV2": "a classifier's top-k accuracy (a training metric): TensorCanvas writes no ONNX "
                "composite for it; export the model's logits and compare them outside",
    "LRNGrad": "a backprop op with no ONNX node, and TensorCanvas writes no composite for it: "
               "export the forward graph (an inference model never runs the backward pass)",
}
