"""TF1's graph collections: ``tf.GraphKeys``, the standard names of the lists a graph keeps
in ``graph.collections`` (``variables.py`` reads and fills them: ``get_collection``).

Variables join ``variables`` (and ``trainable_variables``, or the ``collections`` a
``Variable`` is given); optimizers add their step to ``train_op``. Programs written for TF1
read those lists by these names, and keep their own (``losses``, ``update_ops``) the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any


class GraphKeys:
    """The standard names of TF1's collections (``tf.compat.v1.GraphKeys``)."""

    GLOBAL_VARIABLES = "variables"
    VARIABLES = "variables"
    LOCAL_VARIABLES = "local_variables"
    METRIC_VARIABLES = "metric_variables"
    MODEL_VARIABLES = "model_variables"
    TRAINABLE_VARIABLES = "trainable_variables"
    MOVING_AVERAGE_VARIABLES = "moving_average_variables"
    CONCATENATED_VARIABLES = "concatenated_variables"
    SUMMARIES = "summaries"
    QUEUE_RUNNERS = "queue_runners"
    TABLE_INITIALIZERS = "table_initializer"
    ASSET_FILEPATHS = "asset_filepaths"
    REGULARIZATION_LOSSES = "regularization_losses"
    SAVERS = "savers"
    WEIGHTS = "weights"
    BIASES = "biases"
    ACTIVATIONS = "activations"
    UPDATE_OPS = "update_ops"
    LOSSES = "losses"
    TRAIN_OP = "train_op"
    GLOBAL_STEP = "global_step"
    EVAL_STEP = "eval_step"
    INIT_OP = "init_op"
    LOCAL_INIT_OP = "local_init_op"
    READY_OP = "ready_op"
    READY_FOR_LOCAL_INIT_OP = "ready_for_local_init_op"
    SUMMARY_OP = "summary_op"
    RESOURCES = "resources"
    LOCAL_RESOURCES = "local_resources"


def filter_by_scope(items: Iterable[Any], scope: str | None) -> list[Any]:
    """TF's scope filter: the items whose ``name`` the regular expression ``scope`` matches
    at its start (all of them for None); items without a name are left out."""
    if scope is None:
        return list(items)
    regex = re.compile(scope)
    return [item for item in items
            if isinstance(getattr(item, "name", None), str) and regex.match(item.name)]
