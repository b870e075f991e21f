"""Every op of the registry declares its gradient: a function, or TF's "not differentiable".
The ops whose outputs are floating or complex and that TF differentiates must have a function;
the non-differentiable ones give None through ``gradients``."""

from __future__ import annotations

import pytest

import engine
from engine.framework.registry import NOT_DIFFERENTIABLE

#: ops TF declares not differentiable (or registers no gradient for, with outputs no gradient
#: can reach: bool and integer results)
NOT_DIFFERENTIABLE_OPS = {
    "Less", "LessEqual", "Greater", "GreaterEqual", "Equal", "NotEqual", "LogicalAnd",
    "LogicalOr", "LogicalNot", "BitwiseAnd", "BitwiseOr", "BitwiseXor", "Invert", "All", "Any",
    "Const", "Placeholder", "ZerosLike", "OnesLike", "Shape", "Size", "Rank",
    "OneHot", "Range", "Where", "BroadcastGradientArgs", "InvertPermutation",
    "RandomStandardNormal", "RandomUniform", "TruncatedNormal", "RandomUniformInt", "ShapeN",
    "ConcatOffset", "StopGradient", "Assert", "ListDiff", "IsFinite", "IsNan", "IsInf",
    # Adagrad's, Adadelta's and proximal gradient descent's apply ops
    "ApplyAdagrad", "SparseApplyAdagrad", "ApplyAdadelta", "SparseApplyAdadelta",
    "ApplyProximalGradientDescent", "SparseApplyProximalGradientDescent",
    # FTRL's
    "ApplyFtrl", "ApplyFtrlV2", "SparseApplyFtrl", "SparseApplyFtrlV2",
    # the state ops: a variable is where gradients stop; assignments and updates pass none
    "VariableV2", "Assign", "AssignAdd", "AssignSub", "NoOp", "ApplyGradientDescent",
    "ApplyMomentum", "ApplyAdam", "ApplyRMSProp", "ScatterAdd", "ScatterSub", "ScatterMul",
    "ScatterDiv", "ScatterNdUpdate", "ScatterNdAdd", "ScatterNdSub",
    "SparseApplyMomentum", "SparseApplyRMSProp", "ApplyCenteredRMSProp",
    "SparseApplyCenteredRMSProp", "IsVariableInitialized", "CountUpTo",
}


#: ops TF registers no gradient for at all: ``gradients`` through them raises LookupError
NO_GRADIENT_OPS = {"TruncateMod", "SoftsignGrad", "Unique", "ScatterUpdate", "ScatterMax",
                   "ScatterMin", "ScatterNdMax", "ScatterNdMin", "StridedSliceAssign",
                   "LRNGrad", "InTopKV2"}


@pytest.mark.parametrize("op_def", [d for d in engine.op_defs()
                                    if d.type not in NO_GRADIENT_OPS], ids=lambda d: d.type)
def test_every_op_declares_its_gradient(op_def: engine.OpDef) -> None:
    assert op_def.gradient is not None, f"{op_def.type} declares no gradient"


@pytest.mark.parametrize("op_type", sorted(NO_GRADIENT_OPS))
def test_ops_tf_gives_no_gradient_have_none(op_type: str) -> None:
    assert engine.get_op_def(op_type).gradient is None


@pytest.mark.parametrize("op_type", sorted(NOT_DIFFERENTIABLE_OPS))
def test_tf_non_differentiable_ops_are_declared_so(op_type: str) -> None:
    assert engine.get_op_def(op_type).gradient is NOT_DIFFERENTIABLE


def test_differentiable_ops_have_a_function() -> None:
    missing = [d.type for d in engine.op_defs()
               if d.type not in NOT_DIFFERENTIABLE_OPS and d.gradient is NOT_DIFFERENTIABLE]
    assert missing == []


def test_gradient_registered_twice_is_refused() -> None:
    from engine.ops.grad_registry import register_gradient

    with pytest.raises(ValueError, match="registered twice"):
        register_gradient("Mul")(lambda op, grad: (grad, grad))
