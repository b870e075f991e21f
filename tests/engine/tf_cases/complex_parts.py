"""Complex numbers from their parts and back: ``tf.complex`` (Complex, float32 → complex64,
float64 → complex128, broadcasting), ``tf.real``/``tf.imag``/``tf.angle`` (Real, Imag,
Angle in the parts' real dtype; of a real tensor the tensor itself, zeros, and 0 or π built
from ops), TF's dtype errors, the raw ops' attrs, and the gradients of math_grad.py."""

from __future__ import annotations

from typing import Any

from .harness import Cases, Fetch

cases = Cases("complex_parts")

VALUES = [-2.25 + 4.75j, 3.25 + 5.75j, 0j, -1 - 0.5j, -3 + 0j]


def _grads(ys: Any, xs: Any, tf: Any, **kwargs: Any) -> Fetch:
    out = tf.gradients(ys, xs, **kwargs)
    return Fetch([g for g in out if g is not None],
                 probe=[None if g is None else g.name for g in out])


@cases.case("tf.complex of float32 is complex64")
def _(tf: Any) -> Any:
    return tf.complex(tf.constant([2.25, 3.25]), tf.constant([4.75, 5.75]))


@cases.case("tf.complex of float64 is complex128")
def _(tf: Any) -> Any:
    return tf.complex(tf.constant([2.25, -0.5], tf.float64), tf.constant([1.0, 2.0], tf.float64))


@cases.case("tf.complex broadcasts its parts")
def _(tf: Any) -> Any:
    return tf.complex(tf.constant([[1.0], [2.0]]), tf.constant([10.0, 20.0, 30.0]))


@cases.case("tf.complex of placeholders infers the broadcast shape")
def _(tf: Any) -> Any:
    a = tf.placeholder(tf.float32, [None, 3])
    b = tf.placeholder(tf.float32, [2, 1])
    c = tf.complex(a, b)
    return Fetch([], probe=[str(c), c.op.get_attr("T").name, c.op.get_attr("Tout").name])


@cases.case("tf.complex named")
def _(tf: Any) -> Any:
    return tf.complex(tf.constant(1.0), tf.constant(2.0), name="z")


@cases.case("tf.complex of infinite parts")
def _(tf: Any) -> Any:
    inf = float("inf")
    return tf.complex(tf.constant([1.0, -2.0, inf]), tf.constant([inf, -inf, 3.0]))


@cases.case("tf.complex keeps signed zeros")
def _(tf: Any) -> Any:
    return tf.complex(tf.constant([-0.0, -0.0, 0.0, 0.0, -0.0, 2.0], tf.float64),
                      tf.constant([-0.0, 0.0, -0.0, 0.0, -float("inf"), -0.0], tf.float64))


@cases.case("tf.complex refuses mixed float dtypes")
def _(tf: Any) -> Any:
    return tf.complex(tf.constant(1.0), tf.constant(1.0, tf.float64))


@cases.case("tf.complex refuses integers")
def _(tf: Any) -> Any:
    return tf.complex(tf.constant(1), tf.constant(1))


@cases.case("tf.complex of python floats")
def _(tf: Any) -> Any:
    return tf.complex(1.5, -2.0)


@cases.case("tf.complex refuses shapes that do not broadcast")
def _(tf: Any) -> Any:
    return tf.complex(tf.constant([1.0, 2.0]), tf.constant([1.0, 2.0, 3.0]))


@cases.case("tf.dtypes.complex is tf.complex")
def _(tf: Any) -> Any:
    return tf.dtypes.complex(tf.constant([1.0]), tf.constant([2.0]))


@cases.case("raw Complex with Tout complex128 from float64")
def _(tf: Any) -> Any:
    return tf.raw_ops.Complex(real=tf.constant([1.0], tf.float64),
                              imag=tf.constant([2.0], tf.float64), Tout=tf.complex128)


@cases.case("raw Complex of float64 with its default Tout")
def _(tf: Any) -> Any:
    return tf.raw_ops.Complex(real=tf.constant([1.0], tf.float64),
                              imag=tf.constant([2.0], tf.float64))


@cases.case("raw Complex refuses mismatched inputs")
def _(tf: Any) -> Any:
    return tf.raw_ops.Complex(real=tf.constant([1.0]), imag=tf.constant([2.0], tf.float64))


@cases.case("raw Complex refuses int32")
def _(tf: Any) -> Any:
    return tf.raw_ops.Complex(real=tf.constant([1]), imag=tf.constant([2]))


@cases.case("tf.real, tf.imag and tf.angle of complex64 are float32", rtol=1e-6)
def _(tf: Any) -> Any:
    c = tf.constant(VALUES, dtype=tf.complex64)
    return [tf.real(c), tf.imag(c), tf.angle(c)]


@cases.case("tf.math.real, imag and angle of complex128 are float64", rtol=1e-6)
def _(tf: Any) -> Any:
    c = tf.constant(VALUES, dtype=tf.complex128)
    return [tf.math.real(c), tf.math.imag(c), tf.math.angle(c)]


@cases.case("tf.real of a real tensor is the tensor")
def _(tf: Any) -> Any:
    x = tf.constant([1.5, -2.0])
    r = tf.real(x)
    return Fetch([r, tf.real(tf.constant([3, 4]))], probe=[r is x])


@cases.case("tf.imag of a real tensor is zeros")
def _(tf: Any) -> Any:
    return [tf.imag(tf.constant([1.5, -2.0])), tf.imag(tf.constant([3, 4]))]


@cases.case("tf.real and tf.imag of a float list and a placeholder")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float64, [None, 2])
    return Fetch([tf.real([1.5, -2.0]), tf.imag(x)], feed={x: [[1.0, -1.0]]})


@cases.case("tf.angle of a real tensor is 0 or pi")
def _(tf: Any) -> Any:
    return tf.angle(tf.constant([1.5, -2.0, 0.0, -0.0]))


@cases.case("tf.angle of a float64 placeholder")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float64, [None])
    return Fetch(tf.angle(x), feed={x: [-1.0, 2.0]})


@cases.case("tf.real of a string is refused")
def _(tf: Any) -> Any:
    return tf.real(tf.constant(["a"]))


@cases.case("parts named", rtol=1e-6)
def _(tf: Any) -> Any:
    c = tf.constant([1 + 1j], dtype=tf.complex64)
    return [tf.real(c, name="re"), tf.imag(c, name="im"), tf.angle(c, name="arg")]


@cases.case("tf.real of a complex literal")
def _(tf: Any) -> Any:
    return [tf.real(3 - 4j), tf.imag(3 - 4j), tf.angle(-1 + 0j)]


@cases.case("angle of signed zeros, infinities and nan", rtol=1e-6)
def _(tf: Any) -> Any:
    inf, nan = float("inf"), float("nan")
    c = tf.constant([complex(-1, 0.0), complex(-1, -0.0), complex(inf, inf), complex(-inf, 1),
                     complex(nan, 1), complex(0, -inf)], dtype=tf.complex128)
    return tf.angle(c)


@cases.case("raw Real with Tout float64 from complex128", rtol=1e-6)
def _(tf: Any) -> Any:
    c = tf.constant([1 + 2j], dtype=tf.complex128)
    return [tf.raw_ops.Real(input=c, Tout=tf.float64), tf.raw_ops.Imag(input=c, Tout=tf.float64),
            tf.raw_ops.Angle(input=c, Tout=tf.float64)]


@cases.case("raw Real refuses a float input")
def _(tf: Any) -> Any:
    return tf.raw_ops.Real(input=tf.constant([1.0]))


@cases.case("raw Imag refuses Tout int32")
def _(tf: Any) -> Any:
    return tf.raw_ops.Imag(input=tf.constant([1j], dtype=tf.complex64), Tout=tf.int32)


@cases.case("raw Angle of complex128 with its default Tout")
def _(tf: Any) -> Any:
    return tf.raw_ops.Angle(input=tf.constant([1j], dtype=tf.complex128))


@cases.case("gradient of complex through real and imag")
def _(tf: Any) -> Any:
    x, y = tf.constant([1.0, -2.0, 3.0]), tf.constant([0.5, 4.0, -1.0])
    z = tf.complex(x, y)
    return _grads([tf.real(z) * 3.0, tf.imag(z) * tf.imag(z)], [x, y], tf)


@cases.case("gradient of complex reduces broadcast parts", rtol=1e-6)
def _(tf: Any) -> Any:
    x, y = tf.constant([[1.0], [2.0]]), tf.constant([3.0, 4.0, 5.0])
    return _grads(tf.abs(tf.complex(x, y)), [x, y], tf)


@cases.case("gradient of complex with unknown shapes")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float64, [None, None])
    y = tf.placeholder(tf.float64, [None])
    g = _grads(tf.real(tf.complex(x, y)), [x, y], tf)
    g.feed = {x: [[1.0, 2.0], [3.0, 4.0]], y: [5.0, 6.0]}
    return g


@cases.case("gradient of real and imag is complex")
def _(tf: Any) -> Any:
    c = tf.constant(VALUES, dtype=tf.complex64)
    return _grads([tf.real(c), tf.imag(c) * 2.0], [c], tf)


@cases.case("gradient of angle", rtol=1e-6)
def _(tf: Any) -> Any:
    c = tf.constant([1 + 1j, -2 + 0.5j, 3 - 4j], dtype=tf.complex128)
    return _grads(tf.angle(c), [c], tf)


@cases.case("gradient of imag and angle of a real tensor")
def _(tf: Any) -> Any:
    x = tf.constant([1.0, -2.0])
    return _grads([tf.imag(x), tf.angle(x), tf.real(x)], [x], tf)


@cases.case("tf.complex keeps the real part beside a NaN imaginary part")
def _(tf: Any) -> Any:
    inf, nan = float("inf"), float("nan")
    re = tf.constant([1.0, -0.0, 0.0, nan, inf, -inf], dtype=tf.float32)
    return tf.complex(re, tf.fill([6], nan))


@cases.case("tf.complex of NaN parts in float64")
def _(tf: Any) -> Any:
    nan = float("nan")
    return tf.complex(tf.constant([nan, 2.5, -0.0], dtype=tf.float64),
                      tf.constant([1.0, nan, nan], dtype=tf.float64))
