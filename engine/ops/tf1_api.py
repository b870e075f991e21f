"""The TF1 functions a model calls between its layers, gathered for the public API: each
lives in the module of its ops (``split``, ``padding``, ``scans``, ``float_checks``,
``nd_indexing``, ``masks``, ``einsum``, ``partition``, ``space_batch``, ``space_depth``);
``engine/__init__.py`` exports them from here."""

from __future__ import annotations

from .einsum_api import einsum
from .float_checks import is_inf, is_nan
from .init_ops import (
    constant_initializer,
    glorot_normal_initializer,
    glorot_uniform_initializer,
    ones_initializer,
    random_normal_initializer,
    random_uniform_initializer,
    truncated_normal_initializer,
    variance_scaling_initializer,
    zeros_initializer,
)
from .masks import boolean_mask, sequence_mask
from .math_api import is_finite
from .nd_indexing import gather_nd, scatter_nd
from .padding import pad
from .partition import dynamic_partition
from .scans import cumprod, cumsum
from .space_batch import batch_to_space, batch_to_space_nd, space_to_batch, space_to_batch_nd
from .space_batch_api import required_space_to_batch_paddings
from .space_depth import depth_to_space, space_to_depth
from .split import split
from .variable_scope import (
    AUTO_REUSE,
    VariableScope,
    get_variable,
    get_variable_scope,
    variable_scope,
)

__all__ = ["boolean_mask", "cumprod", "cumsum", "dynamic_partition", "einsum", "gather_nd",
           "is_finite", "is_inf", "is_nan", "pad", "scatter_nd", "sequence_mask", "split",
           "batch_to_space", "batch_to_space_nd", "depth_to_space",
           "required_space_to_batch_paddings", "space_to_batch", "space_to_batch_nd",
           "space_to_depth", "AUTO_REUSE", "VariableScope", "get_variable",
           "get_variable_scope", "variable_scope", "constant_initializer",
           "glorot_normal_initializer", "glorot_uniform_initializer", "ones_initializer",
           "random_normal_initializer", "random_uniform_initializer",
           "truncated_normal_initializer", "variance_scaling_initializer", "zeros_initializer"]
