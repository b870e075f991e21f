"""Making runs fast: fused elementwise groups, their chunked and compiled (numba) paths, the
interpreter for long groups of small arrays, and the buffers they run in.

Above the ops (it reads their fusion templates), below the client that runs plans.
"""

# compiled forms of ops' kernels (the optimizers' updates, softmax cross-entropy) plug into
# the ops when this layer loads
from . import loss_kernels as loss_kernels  # noqa: E402
from . import update_kernels as update_kernels  # noqa: E402
