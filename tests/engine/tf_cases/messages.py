"""TF's messages, word for word: allowed-dtype lists in each op's own order, dtypes printed as
TF prints them (``tf.int32``), scope names and node names (two different rules and messages),
an empty ``name=""``, an unfed placeholder, and ``str()``/``repr()`` of tensors whose shape is
partly or wholly unknown."""

from __future__ import annotations

from typing import Any

from .harness import Cases, Fetch

cases = Cases("messages")


def _raw(op: str, dtype: str, unary: bool = False, params: tuple[str, str] = ("x", "y")) -> None:
    @cases.case(f"{op} refuses {dtype}")
    def _(tf: Any) -> Any:
        d = tf.as_dtype(dtype)
        value = "s" if dtype == "string" else (True if dtype == "bool" else 1)
        x = tf.constant(value, dtype=d)
        if unary:
            return getattr(tf.raw_ops, op)(x=x)
        return getattr(tf.raw_ops, op)(**{params[0]: x, params[1]: x})


for _op, _dtype in (
    ("AddV2", "bool"), ("AddV2", "string"), ("Add", "bool"), ("Sub", "bool"), ("Mul", "bool"),
    ("RealDiv", "bool"), ("FloorDiv", "bool"), ("FloorMod", "complex64"), ("FloorMod", "bool"),
    ("TruncateDiv", "string"), ("TruncateMod", "uint8"), ("Pow", "uint8"), ("Maximum", "bool"),
    ("Minimum", "complex128"), ("Less", "bool"), ("LessEqual", "complex64"),
    ("Greater", "string"), ("GreaterEqual", "bool"),
):
    _raw(_op, _dtype)
for _op, _dtype in (
    ("Neg", "uint32"), ("Neg", "bool"), ("Abs", "uint8"), ("Abs", "bool"), ("Square", "bool"),
    ("Sqrt", "int32"), ("Exp", "bool"), ("Log", "int64"),
):
    _raw(_op, _dtype, unary=True)
_raw("MatMul", "int8", params=("a", "b"))
_raw("MatMul", "bool", params=("a", "b"))
_raw("BatchMatMulV2", "int8")
_raw("BatchMatMulV2", "string")


@cases.case("dtypes print as tf.int32 in truediv's message")
def _(tf: Any) -> Any:
    return tf.constant(1) / tf.constant(2.0)


@cases.case("truediv of bools lists TF's table")
def _(tf: Any) -> Any:
    return tf.constant(True) / tf.constant(False)


@cases.case("truediv of strings lists TF's table")
def _(tf: Any) -> Any:
    return tf.constant("a") / tf.constant("b")


@cases.case("convert_to_tensor of a tensor to another dtype")
def _(tf: Any) -> Any:
    return tf.convert_to_tensor(tf.constant([1, 2], name="a"), dtype=tf.float32)


@cases.case("cast of a string tensor is built")
def _(tf: Any) -> Any:
    return Fetch(None, probe=str(tf.cast(tf.constant("1"), tf.int32)))


# --- names ---------------------------------------------------------------------------------------
def _named(label: str, name: str) -> None:
    @cases.case(f"a node named {label}")
    def _(tf: Any) -> Any:
        return tf.constant(1, name=name)


for _label, _name in (
    ("'bad name'", "bad name"), ("'_x'", "_x"), ("'-x'", "-x"), ("'x y'", "x y"),
    ("'a/b'", "a/b"), ("'x/'", "x/"), ("'é'", "é"), ("'.x'", ".x"), ("'x>y'", "x>y"),
    ("'x:0'", "x:0"), ("'\\\\x'", "\\x"),
):
    _named(_label, _name)


@cases.case("an empty name for a constant is an invalid node name")
def _(tf: Any) -> Any:
    return tf.constant(1, name="")


@cases.case("an empty name for a placeholder")
def _(tf: Any) -> Any:
    return tf.placeholder(tf.float32, name="")


@cases.case("an empty name for add")
def _(tf: Any) -> Any:
    return tf.add(tf.constant(1), 2, name="")


@cases.case("an empty name for identity")
def _(tf: Any) -> Any:
    return tf.identity(tf.constant(2), name="")


@cases.case("an empty name for matmul")
def _(tf: Any) -> Any:
    m = tf.constant([[1]])
    return tf.matmul(m, m, name="")


@cases.case("an empty name for cast")
def _(tf: Any) -> Any:
    return tf.cast(tf.constant(2), tf.float32, name="")


@cases.case("an empty name in a scope")
def _(tf: Any) -> Any:
    with tf.name_scope("outer"):
        return [tf.constant(1, name=""), tf.identity(tf.constant(2), name="")]


@cases.case("an empty name for add in a scope")
def _(tf: Any) -> Any:
    with tf.name_scope("outer"):
        return tf.add(tf.constant(1), 2, name="")


@cases.case("name=None is the default name")
def _(tf: Any) -> Any:
    return [tf.constant(1, name=None), tf.identity(tf.constant(2), name=None)]


def _scope(label: str, name: str, nested: bool) -> None:
    @cases.case(f"a {'nested' if nested else 'root'} scope named {label}")
    def _(tf: Any) -> Any:
        if nested:
            with tf.name_scope("outer"):
                with tf.name_scope(name):
                    return tf.constant(1, name="c")
        with tf.name_scope(name):
            return tf.constant(1, name="c")


for _label, _name in (
    ("'bad name'", "bad name"), ("'_x'", "_x"), ("'-x'", "-x"), ("'/x'", "/x"),
    ("'x/'", "x/"), ("'a/b'", "a/b"), ("'é'", "é"), ("'x'", "x"), ("''", ""),
):
    _scope(_label, _name, nested=False)
    _scope(_label, _name, nested=True)


@cases.case("a scope name used twice")
def _(tf: Any) -> Any:
    with tf.name_scope("s"):
        a = tf.constant(1, name="c")
    with tf.name_scope("s"):
        b = tf.constant(1, name="c")
    with tf.name_scope("s/"):
        c = tf.constant(1, name="c")
    return [a, b, c]


@cases.case("a bad op name through an operator's scope")
def _(tf: Any) -> Any:
    return tf.add(tf.constant(1), tf.constant(2), name="bad name")


# --- the unfed placeholder -----------------------------------------------------------------------
def _unfed(label: str, dtype: str, shape: Any) -> None:
    @cases.case(f"an unfed placeholder {label}")
    def _(tf: Any) -> Any:
        x = tf.placeholder(tf.as_dtype(dtype), shape, name="x")
        return tf.identity(x)


for _label, _dtype, _shape in (
    ("of shape [2, 3]", "float32", [2, 3]), ("of shape [None, 3]", "float32", [None, 3]),
    ("of unknown rank", "int32", None), ("scalar", "float64", []),
    ("of float16", "float16", [1]), ("of bfloat16", "bfloat16", [1]), ("of string", "string", [2]),
    ("of bool", "bool", None), ("of uint8", "uint8", [None]), ("of complex64", "complex64", [2]),
    ("of complex128", "complex128", [2]), ("of int64", "int64", [2]),
):
    _unfed(_label, _dtype, _shape)


@cases.case("an unfed placeholder fetched itself")
def _(tf: Any) -> Any:
    return tf.placeholder(tf.float32, [1], name="x")


# --- str and repr ---------------------------------------------------------------------------------
@cases.case("str and repr of tensors of partly known shapes")
def _(tf: Any) -> Any:
    ts = [tf.placeholder(tf.float32, [None, 3], name="x"), tf.placeholder(tf.float32, name="u"),
          tf.placeholder(tf.int32, [], name="s"), tf.placeholder(tf.int32, [None], name="w"),
          tf.placeholder(tf.int32, [2, None, None], name="v")]
    return Fetch(None, probe=[[str(t), repr(t).replace("tf.Tensor", "Tensor"), str(t.shape),
                               str(t.get_shape())] for t in ts])


@cases.case("str of a tensor computed from an unknown shape")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    y = x + tf.constant([1.0, 2.0, 3.0])
    return Fetch(None, probe=[str(y), str(y.shape), y.shape.as_list()])


@cases.case("dtype str and name")
def _(tf: Any) -> Any:
    return Fetch(None, probe=[str(tf.float32), str(tf.string), tf.int32.name, tf.float16.name])


# --- Python operations a symbolic tensor refuses, shapes, raw ops -----------------------------
@cases.case("bool() of a tensor")
def _(tf: Any) -> Any:
    return bool(tf.constant(1))


@cases.case("iterating over a tensor")
def _(tf: Any) -> Any:
    return list(iter(tf.constant([1, 2])))


@cases.case("len() of a tensor")
def _(tf: Any) -> Any:
    return len(tf.constant([1, 2]))


def _pwd(label: str, given: Any, wanted: Any) -> None:
    @cases.case(f"placeholder_with_default of shape {label}")
    def _(tf: Any) -> Any:
        return tf.placeholder_with_default(tf.placeholder(tf.float32, given), wanted, name="p")


_pwd("[2] for [3]", [2], [3])
_pwd("[2] for [2, 3]", [2], [2, 3])
_pwd("[?, 2] for [3, 3]", [None, 2], [3, 3])
_pwd("[2, 2] for [None, 2]", [2, 2], [None, 2])


def _bad_shape(label: str, shape: Any) -> None:
    @cases.case(f"a placeholder of shape {label}")
    def _(tf: Any) -> Any:
        return tf.placeholder(tf.float32, shape)

    @cases.case(f"a TensorShape of {label}")
    def _(tf: Any) -> Any:
        return tf.TensorShape(shape)


_bad_shape("[-1]", [-1])
_bad_shape("[1.5]", [1.5])
_bad_shape("[2.0]", [2.0])
_bad_shape("1.5", 1.5)
_bad_shape("[[1]]", [[1]])
_bad_shape("'x'", "x")


@cases.case("a raw op missing both inputs")
def _(tf: Any) -> Any:
    return tf.raw_ops.BatchMatMulV2()


@cases.case("a raw op missing one input")
def _(tf: Any) -> Any:
    return tf.raw_ops.AddV2(x=tf.constant(1))


@cases.case("a raw op with an unknown keyword")
def _(tf: Any) -> Any:
    return tf.raw_ops.AddV2(x=tf.constant(1), y=tf.constant(2), foo=1)


@cases.case("a raw op named")
def _(tf: Any) -> Any:
    return tf.raw_ops.RealDiv(x=tf.constant(1.0), y=2.0, name="half")


@cases.case("a static broadcast error with an unknown dimension")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    return x + tf.constant([1.0, 2.0])


@cases.case("a broadcast error at run time")
def _(tf: Any) -> Any:
    x = tf.placeholder(tf.float32, [None], name="x")
    y = tf.placeholder(tf.float32, [None], name="y")
    return Fetch(x + y, feed={x: [1.0, 2.0], y: [1.0, 2.0, 3.0]})


@cases.case("a placeholder of an unknown dtype name")
def _(tf: Any) -> Any:
    return tf.placeholder("int33")


@cases.case("a placeholder of dtype None")
def _(tf: Any) -> Any:
    return tf.placeholder(None)


@cases.case("a cast to an unknown dtype name")
def _(tf: Any) -> Any:
    return tf.cast(tf.constant(1), "int33")


@cases.case("a shape error prints an unknown rank as ?")
def _(tf: Any) -> Any:
    return tf.nn.bias_add(tf.constant([1.0, 2.0]), tf.placeholder(tf.float32))


@cases.case("Equal and NotEqual print their incompatible_shape_error attribute")
def _(tf: Any) -> Any:
    return tf.not_equal(tf.constant([1, 2, 3, 4]), tf.zeros([4, 4, 2], tf.int32), name="ne")


@cases.case("Equal without incompatible_shape_error compares shapes that do not broadcast")
def _(tf: Any) -> Any:
    x, y = tf.constant([1, 2, 3, 4]), tf.zeros([3], tf.int32)
    return [tf.raw_ops.Equal(x=x, y=y, incompatible_shape_error=False),
            tf.raw_ops.NotEqual(x=x, y=y, incompatible_shape_error=False),
            tf.raw_ops.NotEqual(x=x, y=tf.zeros([4], tf.int32), incompatible_shape_error=False)]


@cases.case("a conversion to another dtype names the argument first")
def _(tf: Any) -> Any:
    return tf.div(tf.constant([1.0]), tf.constant([2], tf.uint8))


@cases.case("bias_add of another dtype prints the bias as TF does")
def _(tf: Any) -> Any:
    return tf.nn.bias_add(tf.constant([[1.0, 2.0]]), tf.constant([1, 2]))
