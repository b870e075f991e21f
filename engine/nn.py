"""``engine.nn``: the engine's ``tf.nn`` — activations, softmax, losses, bias_add, conv2d and
pooling, named and spelled as ``tf.compat.v1.nn``.

Like ``engine/__init__.py`` this module is public API and nothing else: the functions live
in ``engine/ops/nn_builders.py``. ``import engine`` makes it available as ``engine.nn``.
"""

from __future__ import annotations

from .ops.conv_transpose_api import (
    atrous_conv2d_transpose,
    conv1d_transpose,
    conv2d_backprop_filter,
    conv2d_backprop_input,
    conv2d_transpose,
    depthwise_conv2d_native_backprop_filter,
    depthwise_conv2d_native_backprop_input,
)
from .ops.convolution_api import atrous_conv2d, conv1d, convolution
from .ops.depthwise_conv import depthwise_conv2d, depthwise_conv2d_native, separable_conv2d
from .ops.in_top_k import in_top_k
from .ops.lrn import local_response_normalization, lrn
from .ops.nn_activations import crelu, selu, softsign
from .ops.nn_builders import (
    avg_pool,
    avg_pool2d,
    bias_add,
    conv2d,
    elu,
    l2_loss,
    leaky_relu,
    log_softmax,
    max_pool,
    max_pool2d,
    moments,
    relu,
    relu6,
    sigmoid,
    sigmoid_cross_entropy_with_logits,
    softmax,
    softmax_cross_entropy_with_logits,
    softmax_cross_entropy_with_logits_v2,
    softplus,
    sparse_softmax_cross_entropy_with_logits,
    tanh,
    xw_plus_b,
)
from .ops.nn_composites import dropout, embedding_lookup, l2_normalize
from .ops.nn_moments import (
    log_poisson_loss,
    normalize_moments,
    relu_layer,
    sufficient_statistics,
    weighted_moments,
)
from .ops.nn_norms import (
    batch_normalization,
    fused_batch_norm,
    weighted_cross_entropy_with_logits,
)
from .ops.pool_api import avg_pool1d, max_pool1d, pool
from .ops.space_batch import space_to_batch
from .ops.space_batch_api import with_space_to_batch
from .ops.space_depth import depth_to_space, space_to_depth
from .ops.top_k import top_k

__all__ = [
    "avg_pool", "bias_add", "conv2d", "elu", "l2_loss", "leaky_relu", "log_softmax",
    "max_pool", "moments", "relu", "relu6", "sigmoid", "sigmoid_cross_entropy_with_logits",
    "softmax",
    "softmax_cross_entropy_with_logits", "softmax_cross_entropy_with_logits_v2", "softplus",
    "sparse_softmax_cross_entropy_with_logits", "tanh", "xw_plus_b",
    "depthwise_conv2d", "depthwise_conv2d_native", "dropout", "embedding_lookup",
    "l2_normalize", "top_k", "avg_pool2d", "crelu", "max_pool2d", "selu", "softsign",
    "depth_to_space", "separable_conv2d", "space_to_batch", "space_to_depth",
    "with_space_to_batch", "atrous_conv2d", "conv1d", "convolution",
    "atrous_conv2d_transpose", "conv1d_transpose", "conv2d_backprop_filter",
    "conv2d_backprop_input", "conv2d_transpose",
    "batch_normalization", "fused_batch_norm", "weighted_cross_entropy_with_logits",
    "avg_pool1d", "max_pool1d", "pool", "local_response_normalization", "lrn",
    "log_poisson_loss", "normalize_moments", "relu_layer", "sufficient_statistics",
    "weighted_moments", "in_top_k",
    "depthwise_conv2d_backprop_filter", "depthwise_conv2d_backprop_input",
    "depthwise_conv2d_native_backprop_filter", "depthwise_conv2d_native_backprop_input",
]

#: TF1 spells them both ways
depthwise_conv2d_backprop_filter = depthwise_conv2d_native_backprop_filter
depthwise_conv2d_backprop_input = depthwise_conv2d_native_backprop_input
