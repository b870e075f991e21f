"""A fused group as one cupy ElementwiseKernel: the group's C expression, its helpers, and
the dtypes its inputs and output have.

Why apart from ``fusion``: only a GPU session needs it, and cupy is imported here, when
the first group runs on the device, never by a CPU session.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..framework.dtypes import DType


def elementwise_kernel(expression: str, helpers: str, dtype: DType,
                       input_dtypes: Sequence[DType], names: Sequence[str],
                       n_ops: int) -> Any:
    """The kernel computing ``out = expression`` over the named inputs."""
    import cupy

    params = ", ".join(f"{d.np_dtype.name} {n}" for d, n in zip(input_dtypes, names))
    return cupy.ElementwiseKernel(
        params, f"{dtype.name} out", f"out = {expression}", f"tensorcanvas_fused_{n_ops}",
        preamble=helpers,
        # no a*b+c contracted into one FMA: the unfused kernels round twice
        options=("--fmad=false",),
    )
