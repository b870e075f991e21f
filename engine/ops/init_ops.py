"""TF1's variable initializers (``tf.compat.v1.zeros_initializer`` … ``glorot_uniform_initializer``,
``tf.compat.v1.initializers``): callables ``(shape, dtype=None, partition_info=None)`` that
build a variable's initial value with TF's ops — ``zeros``, ``Const``, or the random ops
scaled as TF scales them. ``get_variable`` calls them inside ``<variable>/Initializer``.

The random ones draw with TF's seeds (graph- and op-level, as ``random_uniform`` does), not
TF's bit streams: the same distribution and determinism per seed.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..framework import dtypes as dt
from ..framework.operation import Tensor
from .array_builders import ones, zeros
from .builder import constant
from .random_builders import random_normal, random_uniform, truncated_normal


def _dtype(value: Any) -> dt.DType:
    return dt.as_dtype(value)


class Initializer:
    """The base class: ``get_config`` and ``from_config`` as TF's."""

    dtype: dt.DType = dt.float32

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None) -> Tensor:
        raise NotImplementedError  # each initializer says how it builds its value

    def get_config(self) -> dict[str, Any]:
        return {}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Initializer:
        return cls(**config)


class Zeros(Initializer):
    """``tf.compat.v1.zeros_initializer``: ``zeros(shape)`` (a Const named ``zeros``)."""

    def __init__(self, dtype: Any = dt.float32) -> None:
        self.dtype = _dtype(dtype)

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None) -> Tensor:
        return zeros(shape, self.dtype if dtype is None else _dtype(dtype))

    def get_config(self) -> dict[str, Any]:
        return {"dtype": self.dtype.name}


class Ones(Zeros):
    """``tf.compat.v1.ones_initializer``: ``ones(shape)``."""

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None) -> Tensor:
        return ones(shape, self.dtype if dtype is None else _dtype(dtype))


class Constant(Initializer):
    """``tf.compat.v1.constant_initializer``: ``constant(value, dtype, shape)``."""

    def __init__(self, value: Any = 0, dtype: Any = dt.float32, verify_shape: bool = False
                 ) -> None:
        if not (np.isscalar(value) or isinstance(value, (list, tuple, np.ndarray))):
            raise TypeError(f"Invalid type for initial value={value} of type: "
                            f"{type(value).__name__}. Expected Python scalar, list or tuple of "
                            "values, or numpy.ndarray.")
        self.value, self.dtype, self.verify_shape = value, _dtype(dtype), verify_shape

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None,
                 verify_shape: bool | None = None) -> Tensor:
        verify = self.verify_shape if verify_shape is None else verify_shape
        return constant(self.value, dtype=self.dtype if dtype is None else _dtype(dtype),
                        shape=shape, verify_shape=verify)

    def get_config(self) -> dict[str, Any]:
        return {"value": self.value, "dtype": self.dtype.name,
                "verify_shape": self.verify_shape}


class RandomUniform(Initializer):
    """``tf.compat.v1.random_uniform_initializer``."""

    def __init__(self, minval: Any = 0.0, maxval: Any = None, seed: int | None = None,
                 dtype: Any = dt.float32) -> None:
        self.minval, self.maxval, self.seed, self.dtype = minval, maxval, seed, _dtype(dtype)

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None) -> Tensor:
        return random_uniform(shape, self.minval, self.maxval,
                              self.dtype if dtype is None else _dtype(dtype), seed=self.seed)

    def get_config(self) -> dict[str, Any]:
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed,
                "dtype": self.dtype.name}


class RandomNormal(Initializer):
    """``tf.compat.v1.random_normal_initializer``."""

    def __init__(self, mean: Any = 0.0, stddev: Any = 1.0, seed: int | None = None,
                 dtype: Any = dt.float32) -> None:
        self.mean, self.stddev, self.seed, self.dtype = mean, stddev, seed, _dtype(dtype)

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None) -> Tensor:
        return random_normal(shape, self.mean, self.stddev,
                             self.dtype if dtype is None else _dtype(dtype), seed=self.seed)

    def get_config(self) -> dict[str, Any]:
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed,
                "dtype": self.dtype.name}


class TruncatedNormal(RandomNormal):
    """``tf.compat.v1.truncated_normal_initializer``."""

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None) -> Tensor:
        return truncated_normal(shape, self.mean, self.stddev,
                                self.dtype if dtype is None else _dtype(dtype), seed=self.seed)


def _fans(shape: list[int]) -> tuple[float, float]:
    """TF's ``_compute_fans``: a convolution's receptive field multiplies both."""
    if len(shape) < 1:
        return 1.0, 1.0
    if len(shape) == 1:
        return float(shape[0]), float(shape[0])
    if len(shape) == 2:
        return float(shape[0]), float(shape[1])
    field = float(np.prod(shape[:-2]))
    return shape[-2] * field, shape[-1] * field


class VarianceScaling(Initializer):
    """``tf.compat.v1.variance_scaling_initializer``: a scale over the fans, drawn from a
    truncated normal (TF's 0.8796… correction), a normal or a uniform."""

    def __init__(self, scale: float = 1.0, mode: str = "fan_in",
                 distribution: str = "truncated_normal", seed: int | None = None,
                 dtype: Any = dt.float32) -> None:
        if scale <= 0.0:
            raise ValueError(f"Argument `scale` must be a positive float. Received: {scale}")
        if mode not in ("fan_in", "fan_out", "fan_avg"):
            raise ValueError("Argument `mode` should be one of ('fan_in', 'fan_out', "
                             f"'fan_avg'). Received: {mode}")
        distribution = distribution.lower()
        if distribution not in ("normal", "uniform", "truncated_normal", "untruncated_normal"):
            raise ValueError("Argument `distribution` should be one of ('normal', uniform', "
                             "'truncated_normal', 'untruncated_normal'). Received: "
                             f"{distribution}")
        self.scale, self.mode, self.distribution = scale, mode, distribution
        self.seed, self.dtype = seed, _dtype(dtype)

    def __call__(self, shape: Any, dtype: Any = None, partition_info: Any = None) -> Tensor:
        dtype = self.dtype if dtype is None else _dtype(dtype)
        fan_in, fan_out = _fans(list(shape))
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}
        scale = self.scale / max(1.0, n[self.mode])
        if self.distribution in ("normal", "truncated_normal"):
            stddev = math.sqrt(scale) / .87962566103423978
            return truncated_normal(shape, 0.0, stddev, dtype, seed=self.seed)
        if self.distribution == "untruncated_normal":
            return random_normal(shape, 0.0, math.sqrt(scale), dtype, seed=self.seed)
        limit = math.sqrt(3.0 * scale)
        return random_uniform(shape, -limit, limit, dtype, seed=self.seed)

    def get_config(self) -> dict[str, Any]:
        return {"scale": self.scale, "mode": self.mode, "distribution": self.distribution,
                "seed": self.seed, "dtype": self.dtype.name}


class GlorotUniform(VarianceScaling):
    """``tf.compat.v1.glorot_uniform_initializer`` (get_variable's default for floats)."""

    def __init__(self, seed: int | None = None, dtype: Any = dt.float32) -> None:
        super().__init__(1.0, "fan_avg", "uniform", seed, dtype)

    def get_config(self) -> dict[str, Any]:
        return {"seed": self.seed, "dtype": self.dtype.name}


class GlorotNormal(VarianceScaling):
    """``tf.compat.v1.glorot_normal_initializer``."""

    def __init__(self, seed: int | None = None, dtype: Any = dt.float32) -> None:
        super().__init__(1.0, "fan_avg", "truncated_normal", seed, dtype)

    def get_config(self) -> dict[str, Any]:
        return {"seed": self.seed, "dtype": self.dtype.name}


zeros_initializer = Zeros
ones_initializer = Ones
constant_initializer = Constant
random_uniform_initializer = RandomUniform
random_normal_initializer = RandomNormal
truncated_normal_initializer = TruncatedNormal
variance_scaling_initializer = VarianceScaling
glorot_uniform_initializer = GlorotUniform
glorot_normal_initializer = GlorotNormal
