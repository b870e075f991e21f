"""The lesson's graph and its names: ``(a + b) * c``, scopes, tensor lookups."""

from __future__ import annotations

from typing import Any

from .harness import Cases, Fetch

cases = Cases("basics")


@cases.case("the seed graph (5 + 6) * 7")
def _(tf: Any) -> Any:
    a, b, c = tf.constant(5), tf.constant(6), tf.constant(7)
    d = (a + b) * c
    return Fetch([d, a], probe=[repr(d).replace("tf.Tensor", "Tensor"), str(d)])

