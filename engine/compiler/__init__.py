"""Making runs fast: fused elementwise groups, their chunked and compiled (numba) paths, the
interpreter for long groups of small arrays, and the buffers they run in.

Above the ops (it reads their fusion templates), below the client that runs plans.
"""
