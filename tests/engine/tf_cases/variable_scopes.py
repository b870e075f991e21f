"""``get_variable`` in ``variable_scope``s: the variables' names (from variable scopes only)
and their initializers' ops under ``<variable>/Initializer``, the name scopes the variable
scopes open, sharing with ``reuse=True`` and ``AUTO_REUSE``, ``default_name``, and TF's
refusals. Values of the random initializers are drawn, not TF's: the cases fetch the
deterministic ones, and the random ones' shapes and statistics' bounds."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("variable_scopes")


def _first_line(tf: Any, build: Any) -> Any:
    """The refusal's first sentence as a string tensor (TF's message goes on with the
    traceback of where the variable was made, which differs between the two programs)."""
    try:
        build()
    except ValueError as e:
        return tf.constant(str(e).split(" Originally defined at:")[0])
    return tf.constant("no error")


@cases.case("get_variable with the default initializer")
def _(tf: Any) -> Any:
    w = tf.get_variable("w", [2, 3])
    init = tf.global_variables_initializer()
    limit = np.sqrt(6.0 / 5.0)
    inside = tf.reduce_all(tf.abs(w) <= limit)
    return Fetch([inside, tf.shape(w)], before=[init], probe=str(w))


@cases.case("get_variable with constant, zeros and ones initializers, and ints")
def _(tf: Any) -> Any:
    a = tf.get_variable("a", [2], initializer=tf.constant_initializer(0.5))
    b = tf.get_variable("b", [3], initializer=tf.zeros_initializer())
    c = tf.get_variable("c", [1, 2], dtype=tf.float64, initializer=tf.ones_initializer())
    i = tf.get_variable("i", [2], dtype=tf.int32)
    return Fetch([a, b, c, i], before=[tf.global_variables_initializer()],
                 probe=[str(v) for v in (a, b, c, i)])


@cases.case("get_variable of a constant tensor initializer")
def _(tf: Any) -> Any:
    v = tf.get_variable("v", initializer=tf.constant([1.0, 2.0]))
    return Fetch(v, before=[tf.global_variables_initializer()], probe=str(v))


@cases.case("variable scopes name variables and open name scopes")
def _(tf: Any) -> Any:
    with tf.variable_scope("layer1"):
        w = tf.get_variable("w", [2], initializer=tf.constant_initializer(1.0))
        y = tf.identity(w * 2.0)
    with tf.variable_scope("layer1", reuse=True):
        w2 = tf.get_variable("w", [2])
        z = w2 + 1.0
    with tf.variable_scope("layer1") as scope:
        scope.reuse_variables()
        w3 = tf.get_variable("w")
    same = tf.constant([w is w2, w is w3])
    return Fetch([y, z, same], before=[tf.global_variables_initializer()],
                 probe=[w.name, y.name, z.name, scope.name, scope.original_name_scope])


@cases.case("AUTO_REUSE makes a variable once and shares it")
def _(tf: Any) -> Any:
    def dense(x: Any) -> Any:
        with tf.variable_scope("dense", reuse=tf.AUTO_REUSE):
            w = tf.get_variable("kernel", [2, 2], initializer=tf.constant_initializer(0.5))
            return tf.matmul(x, w)
    y1 = dense(tf.ones([1, 2]))
    y2 = dense(y1)
    return Fetch([y1, y2], before=[tf.global_variables_initializer()],
                 probe=[v.name for v in tf.global_variables()])


@cases.case("default_name makes scopes unique, nested scopes stack")
def _(tf: Any) -> Any:
    names = []
    for _ in range(2):
        with tf.variable_scope(None, default_name="block"):
            with tf.variable_scope("inner"):
                v = tf.get_variable("v", [1], initializer=tf.zeros_initializer())
                names.append(v.name)
                names.append(tf.identity(v).name)
    return Fetch(tf.constant(0), probe=names)


@cases.case("a variable scope object entered again keeps its name scope")
def _(tf: Any) -> Any:
    with tf.variable_scope("outer") as outer:
        pass
    with tf.variable_scope(outer):
        v = tf.get_variable("v", [1], initializer=tf.zeros_initializer())
        t = tf.identity(v)
    return Fetch(tf.constant(0), probe=[v.name, t.name, outer.name])


@cases.case("a scope's initializer and dtype are its variables' defaults")
def _(tf: Any) -> Any:
    with tf.variable_scope("s", initializer=tf.constant_initializer(3.0), dtype=tf.float64):
        v = tf.get_variable("v", [2])
    return Fetch(v, before=[tf.global_variables_initializer()], probe=str(v))


@cases.case("get_variable twice without reuse is refused")
def _(tf: Any) -> Any:
    def build() -> None:
        tf.get_variable("w", [1])
        tf.get_variable("w", [1])
    return _first_line(tf, build)


@cases.case("reuse of a variable that does not exist is refused")
def _(tf: Any) -> Any:
    def build() -> None:
        with tf.variable_scope("s", reuse=True):
            tf.get_variable("w", [1])
    return _first_line(tf, build)


@cases.case("reuse with another shape or dtype is refused")
def _(tf: Any) -> Any:
    tf.get_variable("w", [2])

    def other_shape() -> None:
        with tf.variable_scope(tf.get_variable_scope(), reuse=True):
            tf.get_variable("w", [3])

    def other_dtype() -> None:
        with tf.variable_scope(tf.get_variable_scope(), reuse=True):
            tf.get_variable("w", [2], dtype=tf.float64)
    return [_first_line(tf, other_shape), _first_line(tf, other_dtype)]


@cases.case("a variable of unknown shape is refused")
def _(tf: Any) -> Any:
    return _first_line(tf, lambda: tf.get_variable("w", [None, 2]))


@cases.case("a constant initializer with a shape is refused")
def _(tf: Any) -> Any:
    return _first_line(tf, lambda: tf.get_variable("w", [2], initializer=tf.constant([1., 2.])))


@cases.case("variance scaling and glorot normal initializers stay in their bounds")
def _(tf: Any) -> Any:
    a = tf.get_variable("a", [3, 3, 4, 8], initializer=tf.variance_scaling_initializer(
        2.0, "fan_in", "uniform", seed=1))
    b = tf.get_variable("b", [20, 30], initializer=tf.glorot_normal_initializer(seed=2))
    c = tf.get_variable("c", [4], initializer=tf.random_uniform_initializer(-2.0, 2.0))
    d = tf.get_variable("d", [4], initializer=tf.truncated_normal_initializer(1.0, 0.1))
    e = tf.get_variable("e", [4], initializer=tf.random_normal_initializer(seed=5))
    checks = [tf.reduce_all(tf.abs(a) <= np.sqrt(6.0 / 36.0)),
              tf.reduce_all(tf.abs(b) <= 2 * np.sqrt(2.0 / 50.0) / .87962566103423978),
              tf.reduce_all(tf.abs(c) <= 2.0), tf.reduce_all(tf.abs(d - 1.0) <= 0.2),
              tf.shape(e)]
    return Fetch(checks, before=[tf.global_variables_initializer()])
