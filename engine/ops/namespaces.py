"""``engine.math``, ``engine.linalg``, ``engine.bitwise`` and ``engine.dtypes``: the builder
functions under the sub-namespaces ``tf.compat.v1`` also has them in (``tf.math.floormod``,
``tf.linalg.matmul``), so a TF program runs on the engine unchanged."""

from __future__ import annotations

from types import SimpleNamespace

from ..framework import dtypes as dt
from . import math_api as m
from . import math_trig_builders as t
from .matmul_api import matmul


def _namespace(name: str, **members: object) -> SimpleNamespace:
    ns = SimpleNamespace(**members)
    ns.__doc__ = f"tf.compat.v1.{name}'s functions that the engine has."
    return ns


math = _namespace(
    "math", abs=m.abs, add=m.add, conj=m.conj, divide=m.divide, equal=m.equal, exp=m.exp,
    floordiv=m.floordiv, floormod=m.floormod, greater=m.greater, greater_equal=m.greater_equal,
    less=m.less, less_equal=m.less_equal, log=m.log, logical_and=m.logical_and,
    logical_not=m.logical_not, logical_or=m.logical_or, logical_xor=m.logical_xor,
    maximum=m.maximum, minimum=m.minimum, mod=m.floormod, multiply=m.multiply,
    negative=m.negative, not_equal=m.not_equal, pow=m.pow, sqrt=m.sqrt, square=m.square,
    subtract=m.subtract, truediv=m.truediv,
    acos=t.acos, acosh=t.acosh, asin=t.asin, asinh=t.asinh, atan=t.atan, atan2=t.atan2,
    atanh=t.atanh, cosh=t.cosh, divide_no_nan=t.div_no_nan, erf=t.erf,
    erfc=t.erfc, expm1=t.expm1, sinh=t.sinh,
    tan=t.tan,
)
linalg = _namespace("linalg", matmul=matmul)
bitwise = _namespace("bitwise", bitwise_and=m.bitwise_and, bitwise_or=m.bitwise_or,
                     bitwise_xor=m.bitwise_xor, invert=m.invert)
dtypes = _namespace("dtypes", DType=dt.DType, as_dtype=dt.as_dtype, cast=m.cast,
                    **{d.name: d for d in dt.ALL_DTYPES}, half=dt.float16, double=dt.float64)

# the composite functions tf.math has as well (reduce_logsumexp is built from reductions)
from .math_builders import reduce_logsumexp  # noqa: E402

math.clip_by_value, math.is_finite = m.clip_by_value, m.is_finite
math.reduce_logsumexp = reduce_logsumexp

# the running sums and products, the float checks, the k largest
from .einsum_api import einsum  # noqa: E402
from .float_checks import is_inf, is_nan  # noqa: E402
from .scans import cumprod, cumsum  # noqa: E402
from .top_k import top_k  # noqa: E402

math.cumsum, math.cumprod, math.is_nan, math.is_inf = cumsum, cumprod, is_nan, is_inf
math.top_k = top_k
linalg.einsum = einsum

# complex numbers: tf.math has their parts, tf.dtypes (and the top level) tf.complex
from . import complex_api as _c  # noqa: E402

math.real, math.imag, math.angle = _c.real, _c.imag, _c.angle
dtypes.complex = _c.complex

# the rest of tf.math's members the engine has at its top level or in tf.nn (tf.math.reduce_sum,
# tf.math.sigmoid, tf.math.softmax are the same functions there)
from . import array_builders as _a  # noqa: E402
from . import math_builders as _mb  # noqa: E402
from . import nn_builders as _nn  # noqa: E402
from . import random_builders as _r  # noqa: E402

for _name in ("argmax", "argmin", "ceil", "cos", "floor", "log1p", "reciprocal", "reduce_all",
              "reduce_any", "reduce_max", "reduce_mean", "reduce_min", "reduce_prod",
              "reduce_sum", "rint", "round", "rsqrt", "sigmoid", "sign", "sin",
              "squared_difference", "tanh"):
    setattr(math, _name, getattr(_mb, _name))
math.add_n = _a.add_n
math.log_softmax, math.softmax, math.softplus = _nn.log_softmax, _nn.softmax, _nn.softplus
from .nn_activations import log_sigmoid as _log_sigmoid  # noqa: E402

math.log_sigmoid = _log_sigmoid
random = _namespace("random", normal=_r.random_normal, uniform=_r.random_uniform,
                    truncated_normal=_r.truncated_normal, set_random_seed=_r.set_random_seed,
                    get_seed=_r.get_seed)
