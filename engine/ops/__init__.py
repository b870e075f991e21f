"""The ops: one module per op family registering its ``OpDef``s into the framework's registry,
and the builder functions (``constant``, ``add``, ``a + b`` …) that create them in a graph.

Importing this package fills the registry, so the families are imported here.
"""

from __future__ import annotations

# the families in palette order: a category shows where its first op registers
from . import complex, constants, division, linalg, logical, math  # noqa: F401, I001

# isort: split
from . import (  # noqa: F401, I001  (the machine-learning families, in palette order)
    array,
    array_generate,
    array_join,
    selection,
    strided_slice,
    math_functions,
    math_trig,
    reductions,
    nn,
    nn_activations,
    conv_pool,
    random_ops,
    scans,
    grad_ops,
    array_grad_ops,
    conv_grad_ops,
)

from . import state  # noqa: F401, E402  (variables, assignments, NoOp, the apply ops)
from . import sparse_updates  # noqa: F401, E402  (Unique, Scatter*, the sparse apply ops)
from . import adaptive_apply  # noqa: F401, E402  (Adagrad's, Adadelta's, proximal GD's)
from . import ftrl_apply  # noqa: F401, E402  (FTRL-proximal's apply ops)
from . import identity_n  # noqa: F401, E402  (what tf.custom_gradient builds)
from . import split  # noqa: F401, E402  (Split, SplitV: tf.split)
from . import reverse  # noqa: F401, E402  (ReverseV2: tf.reverse)
from . import float_checks  # noqa: F401, E402  (IsFinite: tf.math.is_finite)
from . import batch_norm  # noqa: F401, E402  (FusedBatchNormV3: frozen TF1 CNNs)
from . import batch_norm_grad  # noqa: F401, E402  (FusedBatchNormGradV3, its gradient)
from . import padding  # noqa: F401, E402  (Pad, PadV2, MirrorPad: tf.pad; a slice's gradient)
from . import nd_indexing  # noqa: F401, E402  (GatherNd, ScatterNd: tf.gather_nd, scatter_nd)
from . import scatter_updates  # noqa: F401, E402  (ScatterUpdate … ScatterNdMin)
from . import slice_assign  # noqa: F401, E402  (StridedSliceAssign: v[1:3].assign)
from . import top_k  # noqa: F401, E402  (TopKV2: tf.math.top_k)
from . import einsum  # noqa: F401, E402  (Einsum: tf.einsum)
from . import einsum_grad  # noqa: F401, E402  (Einsum's gradient)
from . import depthwise_conv  # noqa: F401, E402  (DepthwiseConv2dNative: mobile CNNs)
from . import space_batch  # noqa: F401, E402  (SpaceToBatchND, BatchToSpaceND: atrous convs)
from . import space_depth  # noqa: F401, E402  (SpaceToDepth, DepthToSpace)
from . import lrn  # noqa: F401, E402  (LRN, LRNGrad: local response normalization)
from . import in_top_k  # noqa: F401, E402  (InTopKV2: top-k accuracy)
from . import partition  # noqa: F401, E402  (DynamicPartition, ParallelDynamicStitch)
from . import variable_checks  # noqa: F401, E402  (IsVariableInitialized and its reports)
from . import count_up_to  # noqa: F401, E402  (CountUpTo: epoch counters)
from . import assert_ops  # noqa: F401, E402  (Assert: TF's run-time checks)
