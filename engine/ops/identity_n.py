"""IdentityN: its inputs, each unchanged — one op for a list of tensors of any dtypes.

TF builds it where a function has a custom gradient (``tf.custom_gradient``: ``tf.nn.silu``,
so Keras's ``swish``; ``tf.recompute_grad``), so frozen Keras models hold it between layers.
Its ``T`` is the list of its inputs' dtypes (a ``types`` attribute, derived); its length
``N`` is how many it reads, which TF's NodeDef does not hold (TF counts ``T``), so GraphDef
export leaves it out (``extra["not_in_node_def"]``). Its gradient passes each output's
gradient to its input, as TF's does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..framework.input_values import plain_partial
from ..framework.operation import Operation
from ..framework.registry import AttrDef, OpDef, TensorSpec, register
from .array_join import N_ATTR, _n_normalize
from .grad_registry import register_gradient


def _infer(specs: Sequence[TensorSpec], attrs: Mapping[str, Any]) -> list[TensorSpec]:
    return [TensorSpec(s.shape, s.dtype, s.value, partial=plain_partial(s.partial))
            for s in specs]


def _kernel(xp: Any, *arrays: Any, **attrs: Any) -> Any:
    return arrays if len(arrays) > 1 else arrays[0]


register(OpDef(
    type="IdentityN", inputs=("input",), infer=_infer, kernel=_kernel,
    attrs=(N_ATTR, AttrDef("T", "types", derived=True, hidden=True,
                           doc="the inputs' element types, in order")),
    derive=lambda specs: {"T": [s.dtype for s in specs]}, normalize=_n_normalize,
    category="Array", palette=False, default_name="IdentityN",
    doc="Returns its inputs unchanged, each as an output (a list of any dtypes).",
    list_inputs={"input": "N"}, list_output="N",
    extra={"not_in_node_def": ("N",), "min_list": 1, "arg_types": {}, "mixed_list": True},
))


@register_gradient("IdentityN")
def _identity_n_grad(op: Operation, *grads: Any) -> Any:
    return list(grads)
