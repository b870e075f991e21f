"""Making runs fast: fused elementwise groups, their chunked and compiled (numba) paths, the
interpreter for long groups of small arrays, and the buffers they run in.

Above the ops (it reads their fusion templates), below the client that runs plans.
"""

# the optimizers' compiled updates plug into the apply ops' kernels when this layer loads
from . import update_kernels as update_kernels  # noqa: E402
