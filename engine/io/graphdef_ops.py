"""The GraphDef mapping table: for each registry op type, the NodeDef op it is written as.

Data keyed by op type, read by ``graphdef_write`` and by docs/INTEROP.md's generated table.
The registry follows TF's op names and attributes, so nearly every op is its own NodeDef op
with the registry's attributes (derived ones such as ``T`` included, each as its kind's
``AttrValue``: type, shape, tensor, b, i, f, s, list(i)). ``tests/engine/test_interop_tables``
enumerates the registry: an op with neither an entry here nor one in ``NOT_EXPORTABLE`` fails
it, so an op added later must say how it is written.
"""

from __future__ import annotations

_SAME_NAME = """
AddV2 Add Sub Mul Pow Maximum Minimum Less LessEqual Greater GreaterEqual Equal NotEqual Neg
Abs Square Sqrt Exp Log Cast Conj ComplexAbs Const PlaceholderWithDefault Identity
RealDiv FloorDiv FloorMod TruncateDiv TruncateMod MatMul BatchMatMulV2 LogicalAnd LogicalOr
LogicalNot BitwiseAnd BitwiseOr BitwiseXor Invert Reshape Transpose ExpandDims Squeeze
ConjugateTranspose Complex Real Imag Angle
BroadcastTo Tile Fill ZerosLike OnesLike Shape Size Rank OneHot Range ConcatV2 Pack AddN
GatherV2 Slice Select SelectV2 Where StridedSlice Tanh Sigmoid Rsqrt Reciprocal Sign Floor
Ceil Round Log1p Sin Cos SquaredDifference Sum Mean Max Min Prod All Any ArgMax ArgMin Relu
Relu6 Elu LeakyRelu Softplus Softmax LogSoftmax BiasAdd L2Loss SoftmaxCrossEntropyWithLogits
SparseSoftmaxCrossEntropyWithLogits Conv2D MaxPool AvgPool RandomStandardNormal RandomUniform
TruncatedNormal RandomUniformInt NoOp
Tan Asin Acos Atan Sinh Cosh Asinh Acosh Atanh Expm1 Atan2 Erf Erfc
ReluGrad Relu6Grad EluGrad TanhGrad SigmoidGrad SqrtGrad RsqrtGrad ReciprocalGrad LeakyReluGrad
BroadcastGradientArgs InvertPermutation BiasAddGrad DynamicStitch ShapeN ConcatOffset Unpack
Pad StridedSliceGrad UnsortedSegmentSum Conv2DBackpropInput Conv2DBackpropFilter MaxPoolGrad
AvgPoolGrad MaxPoolGradGrad
StopGradient Cumsum Cumprod DivNoNan ListDiff IdentityN Split SplitV FusedBatchNormV3
VariableV2 Assign AssignAdd AssignSub ApplyGradientDescent ApplyMomentum ApplyAdam
ApplyRMSProp Unique ScatterAdd ScatterSub SparseApplyMomentum SparseApplyRMSProp
ScatterUpdate ScatterMul ScatterDiv ScatterMax ScatterMin ScatterNdUpdate ScatterNdAdd
ScatterNdSub ScatterNdMax ScatterNdMin StridedSliceAssign
ApplyCenteredRMSProp SparseApplyCenteredRMSProp IsVariableInitialized CountUpTo
ReverseV2 IsFinite
PadV2 MirrorPad MirrorPadGrad IsNan IsInf TopKV2 GatherNd ScatterNd Einsum
DepthwiseConv2dNative DepthwiseConv2dNativeBackpropInput DepthwiseConv2dNativeBackpropFilter
DynamicPartition ParallelDynamicStitch
ApplyAdagrad SparseApplyAdagrad ApplyAdadelta SparseApplyAdadelta ApplyProximalGradientDescent
SparseApplyProximalGradientDescent
ApplyFtrl ApplyFtrlV2 SparseApplyFtrl SparseApplyFtrlV2
Selu Softsign SeluGrad SoftsignGrad Rint Assert
SpaceToBatchND BatchToSpaceND SpaceToDepth DepthToSpace FusedBatchNormGradV3 LRN LRNGrad InTopKV2
"""

#: registry op type -> the NodeDef ``op`` it is written as
GRAPHDEF_OPS: dict[str, str] = {name: name for name in _SAME_NAME.split()}
GRAPHDEF_OPS["Placeholder"] = "Placeholder"

#: how an entry is written when it is not simply the same op with the registry's attributes
GRAPHDEF_NOTES: dict[str, str] = {
    "Placeholder": "with a default_value: a PlaceholderWithDefault reading a Const named "
                   "NAME/default_value (TF's Placeholder has no default)",
    "NoOp": "control inputs only (^name)",
    "VariableV2": "the variable itself (its value lives in a session, not in the GraphDef); "
                  "its initializer is the Assign that reads the initial value",
}

#: registry op type -> why it cannot be written as a NodeDef (none today)
NOT_EXPORTABLE: dict[str, str] = {}

#: NodeDef attributes the importer drops without a word: TF's bookkeeping (``_output_shapes``
#: is read and checked first)
IGNORED_ATTR_PREFIX = "_"
