"""``tf.einsum`` beyond two plain operands: the ellipsis (broadcast batch dims, known,
unknown and of different ranks), three and more operands (the pairwise ``Einsum`` ops in
opt_einsum's greedy order, which depends on the sizes), their values and gradients (the
broadcast batch dims summed back), and the errors, in TF's words."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("einsum")
RNG = np.random.default_rng(31)


def _value(*shape: int) -> np.ndarray:
    return RNG.standard_normal(shape).astype(np.float32)


def _chain(label: str, equation: str, shapes: list[tuple[int, ...]],
           rtol: float = 1e-5) -> None:
    values = [_value(*s) for s in shapes]

    @cases.case(label, rtol=rtol)
    def _(tf: Any) -> Any:
        xs = [tf.constant(v) for v in values]
        out = tf.einsum(equation, *xs)
        return [out, *tf.gradients(tf.reduce_sum(out * out), xs)]


_chain("einsum of three matrices contracts the last two first", "ij,jk,kl->il",
       [(2, 3), (3, 4), (4, 5)])
_chain("einsum of three matrices contracts the smallest pair first", "ij,jk,kl->il",
       [(2, 30), (30, 4), (4, 50)], rtol=1e-4)  # float32 sums of 30 products
_chain("einsum of four matrices", "ab,bc,cd,de->ae", [(2, 3), (3, 4), (4, 5), (5, 6)])
_chain("einsum of three vectors to a scalar", "i,i,i->", [(3,), (3,), (3,)])
_chain("einsum of three operands in the implicit form", "ij,jk,kl", [(2, 3), (3, 4), (4, 5)])
_chain("einsum of three batched matrices", "bij,bjk,bkl->bil",
       [(2, 2, 3), (2, 3, 4), (2, 4, 5)])
_chain("einsum of three operands, one with an ellipsis", "...ij,jk,kl->...il",
       [(7, 2, 3), (3, 4), (4, 5)])
_chain("einsum of a matrix, a vector and a matrix", "ij,j,jk->ik", [(3, 4), (4,), (4, 2)])
_chain("einsum with an ellipsis broadcasting batch dims of different ranks",
       "...ij,...jk->...ik", [(2, 1, 3, 4), (5, 4, 2)])
_chain("einsum with an ellipsis of equal batch dims", "...ij,...jk->...ik",
       [(2, 3, 4), (2, 4, 2)])
_chain("einsum with an ellipsis in one operand only", "...ij,jk->...ik", [(2, 3, 3, 4), (4, 2)])
_chain("einsum with an ellipsis reducing to the batch", "...i,...i->...", [(3, 4), (4,)])
_chain("einsum with an ellipsis at the end", "ij...,jk...->ik...", [(2, 3, 5), (3, 4, 5)])
_chain("einsum with an ellipsis in the middle", "a...b,b...c->a...c", [(2, 3, 4), (4, 1, 5)])
_chain("einsum of a batch of diagonals", "...ii->...i", [(2, 3, 3)])
_chain("einsum of a batch of traces", "...ii->...", [(2, 3, 3)])
_chain("einsum summing the axis before an ellipsis", "i...->...", [(2, 3, 4)])
_chain("einsum transposing batched matrices", "...ij->...ji", [(2, 3, 4)])
_chain("einsum with an empty ellipsis", "...ij,...jk->...ik", [(3, 4), (4, 2)])


@cases.case("einsum with unknown batch dims, fed", rtol=1e-5)
def _(tf: Any) -> Any:
    a = tf.placeholder(tf.float32, [None, 1, 3, 4], name="a")
    b = tf.placeholder(tf.float32, [None, 4, 2], name="b")
    out = tf.einsum("...ij,...jk->...ik", a, b)
    grads = tf.gradients(tf.reduce_sum(out * out), [a, b])
    return Fetch([out, *grads], feed={a: _value(2, 1, 3, 4), b: _value(5, 4, 2)})


@cases.case("einsum with an operand of unknown rank under an ellipsis", rtol=1e-5)
def _(tf: Any) -> Any:
    a = tf.placeholder(tf.float32, None, name="a")
    b = tf.placeholder(tf.float32, [3, 4, 2], name="b")
    out = tf.einsum("...ij,...jk->...ik", a, b)
    return Fetch([out], feed={a: _value(3, 2, 4)})


@cases.case("einsum of three operands with an unknown dim", rtol=1e-5)
def _(tf: Any) -> Any:
    a = tf.placeholder(tf.float32, [None, 3], name="a")
    out = tf.einsum("ij,jk,kl->il", a, tf.constant(_value(3, 4)), tf.constant(_value(4, 5)))
    return Fetch([out], feed={a: _value(2, 3)})


@cases.case("einsum of three operands named", rtol=1e-5)
def _(tf: Any) -> Any:
    xs = [tf.constant(_value(2, 2)) for _ in range(3)]
    return tf.einsum("ij,jk,kl->il", *xs, name="chain")


_ERRORS: dict[str, tuple[str, list[Any]]] = {
    "batch dims that do not broadcast": ("...ij,...jk->...ik", [(2, 3, 4), (3, 4, 2)]),
    "an ellipsis in an input but not the output": ("...ij,jk->ik", [(2, 3, 4), (4, 2)]),
    "an operand of lower rank than its labels": ("...ij->...ji", [(3,)]),
    "four periods": ("....ij->ij", [(3, 4)]),
    "two ellipses in an input": ("...ij...->ij", [(3, 4)]),
    "two ellipses in the output": ("...ij,jk->...ik...", [(3, 4), (4, 2)]),
    "an operand of the wrong rank": ("ij,jk->ik", [(3, 4, 5), (4, 2)]),
    "a digit label": ("i0,jk->ik", [(3, 4), (4, 2)]),
    "a repeated output label": ("ij,jk->ii", [(3, 4), (4, 2)]),
    "too few operands for three subscripts": ("ij,jk,kl->il", [(2, 3), (3, 4)]),
    "two ellipses in one of three inputs": ("...i...,ij,jk->k", [(2, 3), (3, 4), (4, 5)]),
    "too many labels for an operand of three": ("...ijk,jl,lm->im", [(2, 3), (3, 4), (4, 5)]),
    "a wrong rank among three operands": ("ij,jk,kl->il", [(2, 3, 1), (3, 4), (4, 5)]),
    "an unknown keyword": ("ij,jk->ik", [(2, 3), (3, 4)]),
}
for _what, (_equation, _shapes) in _ERRORS.items():
    @cases.case(f"einsum refuses {_what}")
    def _(tf: Any, equation: str = _equation, shapes: list[Any] = _shapes,
          what: str = _what) -> Any:
        xs = [tf.placeholder(tf.float32, s) for s in shapes]
        if what == "an unknown keyword":
            return tf.einsum(equation, *xs, axis=1)
        return tf.einsum(equation, *xs)
