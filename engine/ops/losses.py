"""``tf.compat.v1.losses``: the standard losses, each a composite of registered ops built
as TF's Python builds it, and the loss collections (``get_losses``, ``get_total_loss``).

Every loss takes ``weights`` (a scalar or a tensor that broadcasts to the per-element
losses), a ``scope`` (the name scope; TF's default is the loss's name), the collection it
joins (``GraphKeys.LOSSES``) and a ``Reduction`` (TF1's default: the weighted sum over the
number of nonzero weights); ``loss_reduction.py`` weighs and reduces.
"""

from __future__ import annotations

from typing import Any

from ..framework import dtypes as dt
from ..framework.operation import Tensor
from .apply import graph_of
from .apply import scope as _scope
from .array_builders import add_n, ones_like, rank, shape, squeeze, where, zeros_like
from .array_builders import range as range_
from .builder import abs as abs_
from .builder import add, cast, constant, log, maximum, minimum, multiply, square, subtract
from .graph_keys import GraphKeys
from .list_apply import convert
from .loss_reduction import (
    Reduction,
    add_loss,
    assert_broadcastable,
    checked,
    compute_weighted_loss,
    num_present,
)
from .math_api import stop_gradient
from .math_builders import reduce_sum, squared_difference
from .math_trig_builders import div_no_nan
from .nn_builders import (
    sigmoid_cross_entropy_with_logits,
    softmax_cross_entropy_with_logits_v2,
    sparse_softmax_cross_entropy_with_logits,
)
from .variables import get_collection

_SUM_BY_NONZERO = Reduction.SUM_BY_NONZERO_WEIGHTS


def _required(**args: Any) -> None:
    for arg, value in args.items():
        if value is None:
            raise ValueError(f"Argument `{arg}` must not be None.")


def _as_float(value: Any) -> Tensor:
    """TF's ``math_ops.cast(x, float32)``: a tensor cast (or kept), a literal a Const."""
    result: Tensor = cast(value, dtype=dt.float32)
    return result


def _compatible(a: Tensor, b: Tensor) -> None:
    """TF's ``a.shape.assert_is_compatible_with(b.shape)``."""
    if not a.shape.is_compatible_with(b.shape):
        raise ValueError(f"Shapes {a.shape} and {b.shape} are incompatible")


def _regression(default: str, labels: Any, predictions: Any, weights: Any, scope: str | None,
                loss_collection: str | None, reduction: str, per_element: Any) -> Tensor:
    """The losses of labels against predictions, both cast to float32 first."""
    _required(labels=labels, predictions=predictions)
    graph = graph_of(labels, predictions, weights)
    with _scope(graph, scope, default) as name:
        predictions_t = _as_float(predictions)
        labels_t = _as_float(labels)
        _compatible(predictions_t, labels_t)
        losses = per_element(labels_t, predictions_t)
        return compute_weighted_loss(losses, weights, name, loss_collection, reduction)


def mean_squared_error(labels: Any, predictions: Any, weights: Any = 1.0,
                       scope: str | None = None,
                       loss_collection: str | None = GraphKeys.LOSSES,
                       reduction: str = _SUM_BY_NONZERO) -> Tensor:
    """The weighted squared differences of ``predictions`` and ``labels``, reduced."""
    return _regression("mean_squared_error", labels, predictions, weights, scope,
                       loss_collection, reduction,
                       lambda y, p: squared_difference(p, y))


def absolute_difference(labels: Any, predictions: Any, weights: Any = 1.0,
                        scope: str | None = None,
                        loss_collection: str | None = GraphKeys.LOSSES,
                        reduction: str = _SUM_BY_NONZERO) -> Tensor:
    """The weighted absolute differences of ``predictions`` and ``labels``, reduced."""
    return _regression("absolute_difference", labels, predictions, weights, scope,
                       loss_collection, reduction,
                       lambda y, p: abs_(subtract(p, y)))


def huber_loss(labels: Any, predictions: Any, weights: Any = 1.0, delta: float = 1.0,
               scope: str | None = None, loss_collection: str | None = GraphKeys.LOSSES,
               reduction: str = _SUM_BY_NONZERO) -> Tensor:
    """Quadratic for errors up to ``delta``, linear beyond: ``0.5 q² + delta (|e| - q)``
    with ``q = min(|e|, delta)``."""
    def per_element(y: Tensor, p: Tensor) -> Tensor:
        abs_error = abs_(subtract(p, y))
        quadratic = minimum(abs_error, delta)
        linear = subtract(abs_error, quadratic)
        half = convert(graph_of(p), 0.5, "Const", quadratic.dtype)
        return add(multiply(half, multiply(quadratic, quadratic)), multiply(delta, linear))

    return _regression("huber_loss", labels, predictions, weights, scope, loss_collection,
                       reduction, per_element)


def log_loss(labels: Any, predictions: Any, weights: Any = 1.0, epsilon: float = 1e-7,
             scope: str | None = None, loss_collection: str | None = GraphKeys.LOSSES,
             reduction: str = _SUM_BY_NONZERO) -> Tensor:
    """The cross-entropy of probabilities ``predictions`` against 0/1 ``labels``:
    ``-y log(p + eps) - (1 - y) log(1 - p + eps)``."""
    def per_element(y: Any, p: Any) -> Any:
        positive: Any = multiply(y, log(p + epsilon))
        return -positive - multiply(1 - y, log(1 - p + epsilon))

    return _regression("log_loss", labels, predictions, weights, scope, loss_collection,
                       reduction, per_element)


def hinge_loss(labels: Any, logits: Any, weights: Any = 1.0, scope: str | None = None,
               loss_collection: str | None = GraphKeys.LOSSES,
               reduction: str = _SUM_BY_NONZERO) -> Tensor:
    """``relu(1 - (2y - 1) * logits)`` for 0/1 labels ``y``."""
    from .nn_builders import relu

    _required(labels=labels, logits=logits)
    graph = graph_of(labels, logits, weights)
    with _scope(graph, scope, "hinge_loss") as name:
        logits_t = _as_float(logits)
        labels_t: Any = _as_float(labels)
        _compatible(logits_t, labels_t)
        all_ones = ones_like(labels_t)
        signs = subtract(2 * labels_t, all_ones)
        losses = relu(subtract(all_ones, multiply(signs, logits_t)))
        return compute_weighted_loss(losses, weights, name, loss_collection, reduction)


def cosine_distance(labels: Any, predictions: Any, axis: Any = None, weights: Any = 1.0,
                    scope: str | None = None, loss_collection: str | None = GraphKeys.LOSSES,
                    reduction: str = _SUM_BY_NONZERO, dim: Any = None) -> Tensor:
    """``1 - sum(labels * predictions, axis)`` for unit-normalized labels and predictions
    (``dim`` is TF's older name of ``axis``)."""
    if dim is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'axis' and 'dim'")
        axis = dim
    if axis is None:
        raise ValueError("You must specify argument `axis`.")
    _required(labels=labels, predictions=predictions)
    graph = graph_of(labels, predictions, weights)
    with _scope(graph, scope, "cosine_distance_loss") as name:
        predictions_t = _as_float(predictions)
        labels_t = _as_float(labels)
        _compatible(predictions_t, labels_t)
        radial_diffs = multiply(predictions_t, labels_t)
        summed: Any = reduce_sum(radial_diffs, axis=(axis,), keepdims=True)
        losses = 1 - summed
        return compute_weighted_loss(losses, weights, name, loss_collection, reduction)


def mean_pairwise_squared_error(labels: Any, predictions: Any, weights: Any = 1.0,
                                scope: str | None = None,
                                loss_collection: str | None = GraphKeys.LOSSES) -> Tensor:
    """The mean over each batch row of the squared differences between every pair of its
    elements' errors (shifting all predictions of a row by one amount costs nothing)."""
    _required(labels=labels, predictions=predictions)
    graph = graph_of(labels, predictions, weights)
    with _scope(graph, scope, "mean_pairwise_squared_error"):
        weights_t = _as_float(weights)
        labels_t = _as_float(labels)
        with checked(assert_broadcastable(weights_t, labels_t)):
            predictions_t = _as_float(predictions)
            _compatible(predictions_t, labels_t)
            diffs: Any = subtract(predictions_t, labels_t)
            axis = range_(1, rank(diffs))
            sum_squares = reduce_sum(square(diffs), axis=axis, keepdims=True)
            present: Any = num_present(diffs, weights_t, per_batch=True)
            mean1: Any = div_no_nan(sum_squares, maximum(present - 1, 0), name="value")
            term1 = 2.0 * mean1
            sum_diff = reduce_sum(diffs, axis=axis, keepdims=True)
            mean2: Any = div_no_nan(square(sum_diff),
                                    maximum(multiply(present, present - 1), 0), name="value")
            term2 = 2.0 * mean2
            loss = reduce_sum(multiply(term1 - term2, weights_t))
            total: Any = reduce_sum(present)
            mean_loss = where(total > 0, loss, zeros_like(loss), name="value")
            add_loss(mean_loss, loss_collection)
            return mean_loss


def _logits(graph: Any, logits: Any) -> Tensor:
    return logits if isinstance(logits, Tensor) else convert(graph, logits, "Const")


def sigmoid_cross_entropy(multi_class_labels: Any, logits: Any, weights: Any = 1.0,
                          label_smoothing: float = 0, scope: str | None = None,
                          loss_collection: str | None = GraphKeys.LOSSES,
                          reduction: str = _SUM_BY_NONZERO) -> Tensor:
    """Per-class logistic losses; ``label_smoothing`` pulls the labels toward 1/2."""
    _required(multi_class_labels=multi_class_labels, logits=logits)
    graph = graph_of(multi_class_labels, logits, weights)
    with _scope(graph, scope, "sigmoid_cross_entropy_loss") as name:
        logits_t = _logits(graph, logits)
        labels: Any = cast(multi_class_labels, logits_t.dtype)
        _compatible(logits_t, labels)
        if label_smoothing > 0:
            labels = labels * (1 - label_smoothing) + 0.5 * label_smoothing
        losses = sigmoid_cross_entropy_with_logits(labels=labels, logits=logits_t,
                                                   name="xentropy")
        return compute_weighted_loss(losses, weights, name, loss_collection, reduction)


def softmax_cross_entropy(onehot_labels: Any, logits: Any, weights: Any = 1.0,
                          label_smoothing: float = 0, scope: str | None = None,
                          loss_collection: str | None = GraphKeys.LOSSES,
                          reduction: str = _SUM_BY_NONZERO) -> Tensor:
    """Softmax cross-entropy of one-hot labels over the last axis; ``label_smoothing``
    mixes the labels with the uniform distribution over the classes."""
    _required(onehot_labels=onehot_labels, logits=logits)
    graph = graph_of(onehot_labels, logits, weights)
    with _scope(graph, scope, "softmax_cross_entropy_loss") as name:
        logits_t = _logits(graph, logits)
        labels: Any = cast(onehot_labels, logits_t.dtype)
        _compatible(logits_t, labels)
        if label_smoothing > 0:
            dims: Any = shape(labels)
            num_classes = cast(dims[-1], logits_t.dtype)
            smooth_negatives = label_smoothing / num_classes
            labels = labels * (1.0 - label_smoothing) + smooth_negatives
        labels = stop_gradient(labels, name="labels_stop_gradient")
        losses = softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits_t,
                                                      name="xentropy")
        return compute_weighted_loss(losses, weights, name, loss_collection, reduction)


def _may_be_one(t: Tensor) -> bool:
    """Whether ``t``'s last dimension is 1 or unknown."""
    last = t.shape.as_list()[-1]
    return last is None or last == 1


def _squeezable(labels: Any, logits: Any, weights: Any) -> tuple[Tensor, Tensor, Any]:
    """TF's ``_remove_squeezable_dimensions`` for known ranks: a trailing dimension of 1
    dropped from labels (or logits) whose rank is one too many, and from weights one rank
    above the labels."""
    graph = graph_of(labels, logits, weights)
    with _scope(graph, None, "remove_squeezable_dimensions"):
        logits_t = _logits(graph, logits)
        labels_t = labels if isinstance(labels, Tensor) else convert(graph, labels, "Const")
        l_rank, p_rank = labels_t.shape.rank, logits_t.shape.rank
        if l_rank is None or p_rank is None:
            raise ValueError("sparse_softmax_cross_entropy: the engine needs the ranks of "
                             f"`labels` ({labels_t.name}) and `logits` ({logits_t.name}) "
                             "known while building")
        if p_rank - l_rank == 2 and _may_be_one(logits_t):
            logits_t = squeeze(logits_t, [-1])
        elif p_rank - l_rank == 0 and _may_be_one(labels_t):
            labels_t = squeeze(labels_t, [-1])
    if weights is not None:
        weights = convert(graph, weights, "Const") if not isinstance(weights, Tensor) \
            else weights
        w_rank = weights.shape.rank
        l_rank = labels_t.shape.rank
        if w_rank is not None and l_rank is not None and w_rank - l_rank == 1:
            weights = squeeze(weights, [-1])
    return labels_t, logits_t, weights


def sparse_softmax_cross_entropy(labels: Any, logits: Any, weights: Any = 1.0,
                                 scope: str | None = None,
                                 loss_collection: str | None = GraphKeys.LOSSES,
                                 reduction: str = _SUM_BY_NONZERO) -> Tensor:
    """Softmax cross-entropy of integer class ``labels`` (one rank below ``logits``)."""
    _required(labels=labels, logits=logits)
    graph = graph_of(labels, logits, weights)
    with _scope(graph, scope, "sparse_softmax_cross_entropy_loss") as name:
        labels_t, logits_t, weights = _squeezable(labels, logits, weights)
        losses = sparse_softmax_cross_entropy_with_logits(labels=labels_t, logits=logits_t,
                                                          name="xentropy")
        return compute_weighted_loss(losses, weights, name, loss_collection, reduction)


# --- the collections -----------------------------------------------------------------------
def get_losses(scope: str | None = None,
               loss_collection: str = GraphKeys.LOSSES) -> list[Any]:
    """The losses in ``loss_collection`` (those whose names start with ``scope``)."""
    return get_collection(loss_collection, scope)


def get_regularization_losses(scope: str | None = None) -> list[Any]:
    return get_collection(GraphKeys.REGULARIZATION_LOSSES, scope)


def get_regularization_loss(scope: str | None = None,
                            name: str = "total_regularization_loss") -> Tensor:
    """The sum of the regularization losses (a 0.0 Const when there are none)."""
    losses = get_regularization_losses(scope)
    return add_n(losses, name=name) if losses else constant(0.0)


def get_total_loss(add_regularization_losses: bool = True, name: str = "total_loss",
                   scope: str | None = None) -> Tensor:
    """The sum of the collected losses, with the regularization losses by default."""
    losses = get_losses(scope=scope)
    if add_regularization_losses:
        losses += get_regularization_losses(scope=scope)
    return add_n(losses, name=name)

