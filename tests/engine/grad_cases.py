"""One gradient check case per differentiable op of the registry: how to build the op from
float64 inputs of random shapes (broadcasting ones for the binary ops), and the inputs,
drawn by hypothesis, away from the kinks where a derivative jumps (relu at 0, max at a tie,
floor at an integer). ``tests/engine/test_gradient_finite_differences.py`` checks each
case's symbolic gradient against central finite differences."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import strategies as st

import engine as tf

raw = tf.raw_ops
Draw = Callable[[Any], Any]


@dataclass
class Built:
    """What a case drew: ``build(*placeholders)`` gives the output(s); ``inputs`` are the
    values fed to the differentiated (float) placeholders; ``h`` is the step."""

    build: Callable[..., Any]
    inputs: list[np.ndarray]
    h: float = 1e-6
    #: the check's tolerance: float64's, but for an op TF computes in float32 only
    rtol: float = 1e-5
    atol: float = 1e-6


CASES: dict[str, Callable[[Draw], Built]] = {}


def case(*op_types: str) -> Callable[[Callable[[Draw], Built]], Callable[[Draw], Built]]:
    def register(fn: Callable[[Draw], Built]) -> Callable[[Draw], Built]:
        for t in op_types:
            CASES[t] = fn
        return fn

    return register


# --- drawing shapes and values ------------------------------------------------------------
def shape(draw: Draw, min_rank: int = 0, max_rank: int = 3, max_dim: int = 3) -> tuple[int, ...]:
    rank = draw(st.integers(min_rank, max_rank))
    return tuple(draw(st.integers(1, max_dim)) for _ in range(rank))


def broadcast_pair(draw: Draw) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Two shapes that broadcast: a common shape, each with leading dims dropped and some
    dims set to 1."""
    base = shape(draw, 1, 3)

    def operand() -> tuple[int, ...]:
        drop = draw(st.integers(0, len(base)))
        dims = list(base[drop:])
        return tuple(1 if draw(st.booleans()) else d for d in dims)

    return operand(), operand()


def rng(draw: Draw) -> np.random.Generator:
    return np.random.default_rng(draw(st.integers(0, 2**32 - 1)))


def values(draw: Draw, dims: tuple[int, ...], lo: float = -2.0, hi: float = 2.0,
           away: float | None = None, margin: float = 0.1) -> np.ndarray:
    """Uniform values in [lo, hi]; with ``away``, none within ``margin`` of it."""
    r = rng(draw)
    x = r.uniform(lo, hi, size=dims)
    if away is not None:
        close = np.abs(x - away) < margin
        x = np.where(close, away + np.sign(x - away + 1e-12) * margin * 2, x)
    return x


def distinct(draw: Draw, dims: tuple[int, ...]) -> np.ndarray:
    """Values with no two closer than 0.05 (no ties for max, min, argmax pooling)."""
    n = int(np.prod(dims)) if dims else 1
    r = rng(draw)
    return (r.permutation(n) * 0.1 + r.uniform(0, 0.05) - n * 0.05).reshape(dims)


def positive(draw: Draw, dims: tuple[int, ...]) -> np.ndarray:
    return values(draw, dims, 0.5, 2.0)


# --- elementwise ----------------------------------------------------------------------------
def _binary(build: Callable[[Any, Any], Any], x_dom: Callable[..., np.ndarray] = values,
            y_dom: Callable[..., np.ndarray] = values) -> Callable[[Draw], Built]:
    def make(draw: Draw) -> Built:
        sx, sy = broadcast_pair(draw)
        return Built(build, [x_dom(draw, sx), y_dom(draw, sy)])

    return make


def _nonzero(draw: Draw, dims: tuple[int, ...]) -> np.ndarray:
    return values(draw, dims, away=0.0, margin=0.3)


for _t, _f in (("AddV2", lambda x, y: raw.AddV2(x=x, y=y)), ("Add", lambda x, y: raw.Add(x=x, y=y)),
               ("Sub", lambda x, y: x - y), ("Mul", lambda x, y: x * y),
               ("SquaredDifference", tf.squared_difference)):
    CASES[_t] = _binary(_f)
CASES["RealDiv"] = _binary(lambda x, y: x / y, y_dom=_nonzero)
CASES["Pow"] = _binary(tf.pow, x_dom=positive)
CASES["Atan2"] = _binary(tf.atan2, x_dom=positive)


@case("Maximum", "Minimum")
def _max_min(draw: Draw) -> Built:
    sx, sy = broadcast_pair(draw)
    x, y = values(draw, sx), values(draw, sy)
    big = np.broadcast_shapes(sx, sy)
    for _ in range(20):  # a tie would make the derivative jump: move y off x
        if not np.any(np.abs(np.broadcast_to(x, big) - np.broadcast_to(y, big)) < 0.05):
            break
        y = y + 0.137
    return Built(lambda a, b: tf.maximum(a, b) + tf.minimum(a, b) * 2.0, [x, y])


@case("FloorMod")
def _floor_mod(draw: Draw) -> Built:
    sx, sy = broadcast_pair(draw)
    big = np.broadcast_shapes(sx, sy)
    y = values(draw, sy, 0.5, 2.0) * np.where(values(draw, sy) > 0, 1.0, -1.0)
    k = np.floor(values(draw, big, -3, 3))
    x = (k + values(draw, big, 0.2, 0.8)) * np.broadcast_to(y, big)  # x / y off integers
    return Built(lambda a, b: tf.math.floormod(a, b), [x, y])


def _unary(build: Callable[[Any], Any], dom: Callable[..., np.ndarray] = values,
           h: float = 1e-6) -> Callable[[Draw], Built]:
    def make(draw: Draw) -> Built:
        return Built(build, [dom(draw, shape(draw))], h)

    return make


def _off_integers(draw: Draw, dims: tuple[int, ...]) -> np.ndarray:
    x = values(draw, dims, -3, 3)
    return np.floor(x) + 0.2 + 0.6 * (x - np.floor(x))


def _inside_one(draw: Draw, dims: tuple[int, ...]) -> np.ndarray:
    return values(draw, dims, -0.8, 0.8)  # the inverse sine, cosine and tanh's domain


def _off(point: float, margin: float = 0.2) -> Callable[..., np.ndarray]:
    return lambda draw, dims: values(draw, dims, -3, 8, away=point, margin=margin)


for _t, _f, _d in (
    ("Neg", lambda x: -x, values), ("Abs", tf.abs, _nonzero), ("Square", tf.square, values),
    ("Sqrt", tf.sqrt, positive), ("Exp", tf.exp, values), ("Log", tf.log, positive),
    ("Tanh", tf.tanh, values), ("Sigmoid", tf.sigmoid, values), ("Rsqrt", tf.rsqrt, positive),
    ("Reciprocal", tf.reciprocal, _nonzero), ("Sign", lambda x: tf.sign(x) * x, _nonzero),
    ("Floor", lambda x: tf.floor(x) * x, _off_integers),
    ("Ceil", lambda x: tf.ceil(x) * x, _off_integers),
    ("Round", lambda x: tf.round(x) * x, lambda d, s: _off_integers(d, s) - 0.5),
    ("Log1p", tf.log1p, positive), ("Sin", tf.sin, values), ("Cos", tf.cos, values),
    ("Identity", tf.identity, values),
    ("Tan", tf.tan, values), ("Sinh", tf.sinh, values), ("Cosh", tf.cosh, values),
    ("Asinh", tf.asinh, values), ("Atan", tf.atan, values), ("Expm1", tf.expm1, values),
    ("Erf", tf.erf, values), ("Erfc", tf.erfc, values),
    ("Asin", tf.asin, _inside_one), ("Acos", tf.acos, _inside_one),
    ("Atanh", tf.atanh, _inside_one), ("Acosh", lambda x: tf.acosh(x + 1.5), positive),
    ("Relu", tf.nn.relu, _nonzero),
    ("Elu", tf.nn.elu, _nonzero), ("LeakyRelu", lambda x: tf.nn.leaky_relu(x, 0.3), _nonzero),
    ("Softplus", tf.nn.softplus, values), ("L2Loss", tf.nn.l2_loss, values),
    ("Selu", tf.nn.selu, _nonzero), ("Softsign", tf.nn.softsign, _nonzero),
    ("Rint", lambda x: tf.rint(x) * x, lambda d, s: _off_integers(d, s) - 0.5),
):
    CASES[_t] = _unary(_f, _d)
CASES["Cast"] = _unary(lambda x: tf.cast(tf.cast(x, tf.float32), tf.float64) * 3.0, values,
                       h=1e-2)
CASES["PlaceholderWithDefault"] = _unary(
    lambda x: tf.placeholder_with_default(x, x.shape) * 2.0, values)


@case("Relu6")
def _relu6(draw: Draw) -> Built:
    x = values(draw, shape(draw), -2, 8)
    x = np.where(np.abs(x) < 0.2, 0.5, x)
    x = np.where(np.abs(x - 6) < 0.2, 5.0, x)
    return Built(tf.nn.relu6, [x])


@case("Softmax", "LogSoftmax")
def _softmax(draw: Draw) -> Built:
    dims = shape(draw, 1, 3)
    return Built(lambda x: [tf.nn.softmax(x), tf.nn.log_softmax(x)], [values(draw, dims)])


@case("Conj", "ComplexAbs")
def _complex(draw: Draw) -> Built:
    dims = shape(draw)

    def build(a: Any, b: Any) -> Any:
        z = tf.cast(a, tf.complex128) + tf.cast(b, tf.complex128) * tf.constant(1j)
        return tf.abs(tf.conj(z * z))

    return Built(build, [_nonzero(draw, dims), _nonzero(draw, dims)])


@case("Complex", "Real", "Imag", "Angle")
def _complex_parts(draw: Draw) -> Built:
    """Parts that broadcast, and a positive real part: the angle away from its branch cut."""
    dx, dy = broadcast_pair(draw)

    def build(a: Any, b: Any) -> Any:
        z = tf.complex(a, b)
        return tf.real(z * z) + tf.imag(z) * tf.angle(z)

    return Built(build, [values(draw, dx, 0.5, 2.0), _nonzero(draw, dy)])


@case("AddN")
def _add_n(draw: Draw) -> Built:
    dims = shape(draw)
    n = draw(st.integers(2, 4))
    return Built(lambda *xs: tf.add_n([x * float(i + 1) for i, x in enumerate(xs)]),
                 [values(draw, dims) for _ in range(n)])


@case("Select", "SelectV2")
def _select(draw: Draw) -> Built:
    sx, sy = broadcast_pair(draw)
    big = np.broadcast_shapes(sx, sy)
    cond = values(draw, big) > 0
    full_x, full_y = values(draw, big), values(draw, big)
    return Built(lambda a, b, c, d: [tf.where(tf.constant(cond), a, b),
                                     tf.where_v2(tf.constant(cond), c, d)],
                 [full_x, full_y, values(draw, sx), values(draw, sy)])


# --- matrix products, nn ----------------------------------------------------------------------
@case("MatMul")
def _mat_mul(draw: Draw) -> Built:
    m, k, n = (draw(st.integers(1, 3)) for _ in range(3))
    ta, tb = draw(st.booleans()), draw(st.booleans())
    a = values(draw, (k, m) if ta else (m, k))
    b = values(draw, (n, k) if tb else (k, n))
    return Built(lambda x, y: tf.matmul(x, y, transpose_a=ta, transpose_b=tb), [a, b])


@case("BatchMatMulV2")
def _batch_mat_mul(draw: Draw) -> Built:
    m, k, n = (draw(st.integers(1, 3)) for _ in range(3))
    bx, by = broadcast_pair(draw)
    ax, ay = draw(st.booleans()), draw(st.booleans())
    a = values(draw, (*bx, k, m) if ax else (*bx, m, k))
    b = values(draw, (*by, n, k) if ay else (*by, k, n))
    a = a.reshape((1, *a.shape)) if a.ndim == 2 and b.ndim == 2 else a
    return Built(lambda x, y: tf.matmul(x, y, adjoint_a=ax, adjoint_b=ay), [a, b])


@case("BiasAdd")
def _bias_add(draw: Draw) -> Built:
    nchw = draw(st.booleans())
    dims = shape(draw, 4, 4) if nchw else shape(draw, 2, 4)
    channels = dims[1] if nchw else dims[-1]
    fmt = "NCHW" if nchw else "NHWC"
    return Built(lambda x, b: tf.nn.bias_add(x, b, data_format=fmt),
                 [values(draw, dims), values(draw, (channels,))])


@case("SoftmaxCrossEntropyWithLogits")
def _softmax_xent(draw: Draw) -> Built:
    n, c = draw(st.integers(1, 3)), draw(st.integers(2, 4))

    labels = values(draw, (n, c), 0.1, 1.0)
    labels /= labels.sum(axis=1, keepdims=True)  # TF's backprop assumes rows that sum to 1
    if draw(st.booleans()):  # the loss, by logits and labels
        return Built(lambda x, y: raw.SoftmaxCrossEntropyWithLogits(features=x, labels=y),
                     [values(draw, (n, c)), labels])

    def both(x: Any) -> Any:  # also the backprop output, differentiated by the logits
        return raw.SoftmaxCrossEntropyWithLogits(features=x,
                                                 labels=tf.constant(labels)).op.outputs

    return Built(both, [values(draw, (n, c))])


@case("SparseSoftmaxCrossEntropyWithLogits")
def _sparse_xent(draw: Draw) -> Built:
    n, c = draw(st.integers(1, 3)), draw(st.integers(2, 4))
    labels = rng(draw).integers(0, c, size=n).astype(np.int32)

    def build(logits: Any) -> Any:
        return raw.SparseSoftmaxCrossEntropyWithLogits(features=logits,
                                                       labels=tf.constant(labels)).op.outputs

    return Built(build, [values(draw, (n, c))])


def _image(draw: Draw) -> tuple[int, int, int, int]:
    return (draw(st.integers(1, 2)), draw(st.integers(3, 5)), draw(st.integers(3, 5)),
            draw(st.integers(1, 2)))


def _conv(second: bool) -> Callable[[Draw], Built]:
    return lambda draw: _conv_case(draw, second)


def _conv_case(draw: Draw, second: bool) -> Built:
    n, h, w, c = _image(draw)
    k, out = draw(st.integers(1, 3)), draw(st.integers(1, 2))
    stride = draw(st.integers(1, 2))
    padding = draw(st.sampled_from(["SAME", "VALID"]))

    def build(x: Any, f: Any) -> Any:
        y = tf.nn.conv2d(x, f, strides=[1, stride, stride, 1], padding=padding)
        if not second:
            return y
        (gx,) = tf.gradients(y * y, x)  # the backprop ops, differentiated again
        return gx

    return Built(build, [values(draw, (n, h, w, c)), values(draw, (k, k, c, out))])


CASES["Conv2D"] = _conv(False)
CASES["Conv2DBackpropInput"] = CASES["Conv2DBackpropFilter"] = _conv(True)


def _max_pool(order: int) -> Callable[[Draw], Built]:
    return lambda draw: _max_pool_case(draw, order)


def _max_pool_case(draw: Draw, order: int) -> Built:
    n, h, w, c = _image(draw)
    k, stride = draw(st.integers(1, 3)), draw(st.integers(1, 2))
    padding = draw(st.sampled_from(["SAME", "VALID"]))
    pool = dict(ksize=[1, k, k, 1], strides=[1, stride, stride, 1], padding=padding)

    def build(x: Any, g: Any) -> Any:
        y = tf.nn.max_pool(x, **pool)
        if order == 1:
            return y
        dx = raw.MaxPoolGrad(orig_input=x, orig_output=y, grad=g * y, **pool)
        if order == 2:
            return dx
        return raw.MaxPoolGradGrad(orig_input=x, orig_output=y, grad=dx * x, **pool)

    x = distinct(draw, (n, h, w, c))
    probe = tf.Graph()
    with probe.as_default():
        out_shape = tf.nn.max_pool(tf.constant(x), **pool).shape.as_list()
    return Built(build, [x, values(draw, tuple(out_shape))])


CASES["MaxPool"] = _max_pool(1)
CASES["MaxPoolGrad"] = _max_pool(2)
CASES["MaxPoolGradGrad"] = _max_pool(3)


@case("AvgPool", "AvgPoolGrad")
def _avg_pool(draw: Draw) -> Built:
    n, h, w, c = _image(draw)
    k, stride = draw(st.integers(1, 3)), draw(st.integers(1, 2))
    padding = draw(st.sampled_from(["SAME", "VALID"]))

    def build(x: Any) -> Any:
        y = tf.nn.avg_pool(x, ksize=[1, k, k, 1], strides=[1, stride, stride, 1],
                           padding=padding)
        (gx,) = tf.gradients(y * y, x)
        return [y, gx]

    return Built(build, [values(draw, (n, h, w, c))])


# --- the backprop ops --------------------------------------------------------------------------
def _grad_op(build: Callable[[Any, Any], Any], first: Callable[..., np.ndarray] = values,
             second: Callable[..., np.ndarray] = values) -> Callable[[Draw], Built]:
    def make(draw: Draw) -> Built:
        dims = shape(draw)
        return Built(build, [first(draw, dims), second(draw, dims)])

    return make


CASES["ReluGrad"] = _grad_op(lambda g, x: raw.ReluGrad(gradients=g, features=x),
                             second=_nonzero)
CASES["Relu6Grad"] = _grad_op(lambda g, x: raw.Relu6Grad(gradients=g, features=x),
                              second=lambda d, s: values(d, s, 0.5, 5.5) * np.where(
                                  values(d, s) > 0, 1, -1))
CASES["EluGrad"] = _grad_op(lambda g, y: raw.EluGrad(gradients=g, outputs=y),
                            second=lambda d, s: values(d, s, -0.9, 2, away=0.0))
CASES["SeluGrad"] = _grad_op(lambda g, y: raw.SeluGrad(gradients=g, outputs=y),
                             second=lambda d, s: values(d, s, -1.6, 2, away=0.0))
CASES["LeakyReluGrad"] = _grad_op(
    lambda g, x: raw.LeakyReluGrad(gradients=g, features=x, alpha=0.3), second=_nonzero)
for _t in ("TanhGrad", "SigmoidGrad", "ReciprocalGrad"):
    CASES[_t] = _grad_op(lambda y, dy, _t=_t: getattr(raw, _t)(y=y, dy=dy))
for _t in ("SqrtGrad", "RsqrtGrad"):
    CASES[_t] = _grad_op(lambda y, dy, _t=_t: getattr(raw, _t)(y=y, dy=dy), first=positive)


@case("BiasAddGrad")
def _bias_add_grad(draw: Draw) -> Built:
    nchw = draw(st.booleans())
    dims = shape(draw, 4, 4) if nchw else shape(draw, 2, 4)
    fmt = "NCHW" if nchw else "NHWC"
    return Built(lambda g: raw.BiasAddGrad(out_backprop=g, data_format=fmt),
                 [values(draw, dims)])


# --- ops whose gradient is None: the rest of the expression carries it -------------------------
@case("FloorDiv", "TruncateDiv")
def _integer_division(draw: Draw) -> Built:
    dims = shape(draw)
    y = values(draw, dims, 0.5, 2.0)
    x = (np.floor(values(draw, dims, -3, 3)) + values(draw, dims, 0.2, 0.8)) * y

    def build(a: Any, b: Any) -> Any:
        return [tf.floordiv(a, b) * a, raw.TruncateDiv(x=a, y=b) * b]

    return Built(build, [x, y])


@case("ArgMax", "ArgMin")
def _arg_max_min(draw: Draw) -> Built:
    dims = shape(draw, 1, 3)

    def build(x: Any) -> Any:
        picks = tf.cast(tf.argmax(x, 0), tf.float64) + tf.cast(tf.argmin(x, 0), tf.float64)
        return picks * tf.reduce_sum(x, 0)

    return Built(build, [distinct(draw, dims)])


# the reductions' and array ops' cases, and the TF1 functions' ops' cases
from . import grad_cases_arrays, grad_cases_tf1  # noqa: E402, F401
