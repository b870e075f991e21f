"""``softmax_cross_entropy_with_logits`` (v1 and v2) with labels whose shape broadcasts
against the logits' (``[1, n]``, ``[batch, 1]``, one of them fed): the loss, its static
shape, the gradients (to the logits, and to the labels for v2) and where TF refuses
them (the gradient's shape check, the kernel's ``must be broadcastable``)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .harness import Cases, Fetch

cases = Cases("xent_labels")

ROW = np.array([[0.2, 0.3, 0.5]], np.float32)
COLUMN = np.full((4, 1), 0.5, np.float32)


def _logits(shape: tuple[int, ...]) -> np.ndarray:
    return np.linspace(-1.0, 1.0, int(np.prod(shape)), dtype=np.float32).reshape(shape)


def _program(tf: Any, version: str, labels: np.ndarray, logits: tuple[int, ...] = (4, 3),
             labels_fed: list[Any] | None | str = "const",
             logits_fed: list[Any] | None | str = "const", to_labels: bool = False,
             **kw: Any) -> Fetch:
    """The loss and its gradients, each input a Const or a placeholder of the given shape
    (None: of unknown rank) fed its value."""
    feed: dict[Any, Any] = {}

    def make(value: np.ndarray, fed: Any, name: str) -> Any:
        if fed == "const":
            return tf.constant(value, name=name)
        t = tf.placeholder(tf.float32, fed, name=name)
        feed[t] = value
        return t

    y = make(labels, labels_fed, "labels")
    x = make(_logits(logits), logits_fed, "logits")
    fn = (tf.nn.softmax_cross_entropy_with_logits if version == "v1"
          else tf.nn.softmax_cross_entropy_with_logits_v2)
    loss = fn(labels=y, logits=x, **kw)
    out = [loss, *tf.gradients(loss, [x])]
    if to_labels:
        out += tf.gradients(loss, [y])
    return Fetch(out, feed=feed)


for _v in ("v1", "v2"):
    @cases.case(f"{_v}: Const labels of shape [1, 3] refused by the gradient's shape check")
    def _(tf: Any, v: str = _v) -> Any:
        return _program(tf, v, ROW)

    @cases.case(f"{_v}: Const labels of shape [4, 1] refused by the gradient's shape check")
    def _(tf: Any, v: str = _v) -> Any:
        return _program(tf, v, COLUMN)

    @cases.case(f"{_v}: labels fed as [None, 3] broadcast their one row", rtol=1e-6)
    def _(tf: Any, v: str = _v) -> Any:
        return _program(tf, v, ROW, labels_fed=[None, 3], to_labels=v == "v2")

    @cases.case(f"{_v}: labels of unknown rank fed one row", rtol=1e-6)
    def _(tf: Any, v: str = _v) -> Any:
        return _program(tf, v, ROW, labels_fed=None)

    @cases.case(f"{_v}: labels fed as [4, None] broadcast their one column", rtol=1e-6)
    def _(tf: Any, v: str = _v) -> Any:
        return _program(tf, v, COLUMN, labels_fed=[4, None], to_labels=v == "v2")

    @cases.case(f"{_v}: Const labels [1, 3], logits fed as [None, 3]", rtol=1e-6)
    def _(tf: Any, v: str = _v) -> Any:
        return _program(tf, v, ROW, logits_fed=[None, 3])

    @cases.case(f"{_v}: Const labels [1, 3], logits of unknown rank: the gradient's Reshape "
                "fails", rtol=1e-6)
    def _(tf: Any, v: str = _v) -> Any:
        return _program(tf, v, ROW, logits_fed=None)

    @cases.case(f"{_v}: labels fed one row against rank 3 logits", rtol=1e-6)
    def _(tf: Any, v: str = _v) -> Any:
        return _program(tf, v, ROW, (2, 4, 3), labels_fed=None)

    @cases.case(f"{_v}: labels fed a [4, 3] block against [2, 4, 3] logits", rtol=1e-6)
    def _(tf: Any, v: str = _v) -> Any:
        return _program(tf, v, np.full((4, 3), 0.25, np.float32), (2, 4, 3),
                        labels_fed=[None, 3])

    @cases.case(f"{_v}: labels of shape [4, 2] against [4, 3] logits")
    def _(tf: Any, v: str = _v) -> Any:
        return _program(tf, v, np.full((4, 2), 0.5, np.float32))

    @cases.case(f"{_v}: a fed column along axis 0", rtol=1e-6)
    def _(tf: Any, v: str = _v) -> Any:
        kw = {"dim": 0} if v == "v1" else {"axis": 0}
        return _program(tf, v, COLUMN, labels_fed=[4, None], **kw)


@cases.case("v2: the gradient to labels fed as [1, None] with logits fed as [None, 3]",
            rtol=1e-6)
def _(tf: Any) -> Any:
    return _program(tf, "v2", ROW, labels_fed=[1, None], logits_fed=[None, 3], to_labels=True)


@cases.case("v2: the loss and its gradients to Const labels [1, 3] and to logits fed as "
            "[None, 3]: the labels' gradient has the logits' rows", rtol=1e-6)
def _(tf: Any) -> Any:
    return _program(tf, "v2", ROW, logits_fed=[None, 3], to_labels=True)
