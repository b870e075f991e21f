"""The behaviours recorded in shared/reference/tf_api_notes.md (TF 2.21, tf.compat.v1), as tests.

Section numbers follow the notes. Where TF prints ``tf.Tensor``/``tf.Operation`` we print
``Tensor``/``Operation``; everything else (names, shapes, messages) is TF's.
"""

from __future__ import annotations

import collections

import numpy as np
import pytest

import engine


@pytest.fixture
def g() -> engine.Graph:
    graph = engine.Graph()
    with graph.as_default():
        yield graph


def seed(g: engine.Graph) -> tuple[engine.Tensor, ...]:
    a = engine.constant(5)
    b = engine.constant(6)
    c = engine.constant(7)
    return a, b, c, (a + b) * c


# --- 1. the canonical graph --------------------------------------------------------------
def test_seed_graph_has_tf_op_names_types_and_inputs(g: engine.Graph) -> None:
    seed(g)
    rows = [(op.name, op.type, [t.name for t in op.inputs], [t.name for t in op.outputs])
            for op in g.get_operations()]
    assert rows == [
        ("Const", "Const", [], ["Const:0"]),
        ("Const_1", "Const", [], ["Const_1:0"]),
        ("Const_2", "Const", [], ["Const_2:0"]),
        ("add", "AddV2", ["Const:0", "Const_1:0"], ["add:0"]),
        ("mul", "Mul", ["add:0", "Const_2:0"], ["mul:0"]),
    ]
    assert g.get_operation_by_name("add").get_attr("T") is engine.int32


def test_tensor_repr_str_and_properties(g: engine.Graph) -> None:
    a, _, _, d = seed(g)
    assert repr(d) == "<Tensor 'mul:0' shape=() dtype=int32>"
    assert str(d) == 'Tensor("mul:0", shape=(), dtype=int32)'
    assert (d.name, d.op.name, d.value_index) == ("mul:0", "mul", 0)
    assert repr(d.shape) == "TensorShape([])"
    assert d.dtype is engine.int32 and d.dtype.name == "int32"
    assert repr(d.op) == "<Operation 'mul' type=Mul>"
    value = a.op.get_attr("value")
    assert value.dtype == np.int32 and value.shape == () and value == 5


def test_run_returns_numpy_scalars(g: engine.Graph) -> None:
    a, b, c, d = seed(g)
    with engine.Session(graph=g) as s:
        r = s.run(d)
        assert repr(r) == "np.int32(77)" and type(r) is np.int32
        assert s.run([a, b, c, d]) == [5, 6, 7, 77]


def test_const_and_placeholder_reprs_and_shape_printing(g: engine.Graph) -> None:
    x = engine.constant(5.0)
    y = engine.constant([1.0, 2.0])
    assert repr(x) == "<Tensor 'Const:0' shape=() dtype=float32>"
    assert repr(y) == "<Tensor 'Const_1:0' shape=(2,) dtype=float32>"
    p = engine.placeholder(engine.float32, shape=(None, 3))
    q = engine.placeholder(engine.float32)
    r = engine.placeholder(engine.int32, shape=[])
    # tf.compat.v1 prints an unknown dimension as "?" (TF 2's eager printing says None)
    assert repr(p) == "<Tensor 'Placeholder:0' shape=(?, 3) dtype=float32>"
    assert repr(q) == "<Tensor 'Placeholder_1:0' shape=<unknown> dtype=float32>"
    assert repr(r) == "<Tensor 'Placeholder_2:0' shape=() dtype=int32>"
    assert repr(p.shape) == "TensorShape([Dimension(None), Dimension(3)])"
    assert p.shape.as_list() == [None, 3] and p.shape.rank == 2
    assert repr(q.shape) == "TensorShape(None)" and q.shape.rank is None
    assert str(p.get_shape()) == "(?, 3)" and str(q.shape) == "<unknown>"
    assert str(p) == 'Tensor("Placeholder:0", shape=(?, 3), dtype=float32)'
    assert str(q) == 'Tensor("Placeholder_1:0", dtype=float32)'  # no shape: unknown rank


# --- 2. operators, op types and default names ----------------------------------------------------
def test_operators_and_functions_give_tf_op_types_and_names(g: engine.Graph) -> None:
    a = engine.constant(2.0)
    b = engine.constant(3.0)
    m = engine.constant([[1.0]])
    made = [
        a + b, a - b, a * b, a / b, a // b, a % b, a**b, -a, abs(a), m @ m, a < b, a >= b,
        a + 1, 1 + a, 2 * a, engine.add(a, b), engine.multiply(a, b), engine.subtract(a, b),
        engine.divide(a, b), engine.truediv(a, b), engine.matmul(m, m),
        engine.raw_ops.Add(x=a, y=b), engine.identity(a),
    ]
    rows = [(t.op.type, t.name, [i.name for i in t.op.inputs]) for t in made]
    assert rows == [
        ("AddV2", "add:0", ["Const:0", "Const_1:0"]),
        ("Sub", "sub:0", ["Const:0", "Const_1:0"]),
        ("Mul", "mul:0", ["Const:0", "Const_1:0"]),
        ("RealDiv", "truediv:0", ["Const:0", "Const_1:0"]),
        ("FloorDiv", "floordiv:0", ["Const:0", "Const_1:0"]),
        ("FloorMod", "mod:0", ["Const:0", "Const_1:0"]),
        ("Pow", "pow:0", ["Const:0", "Const_1:0"]),
        ("Neg", "Neg:0", ["Const:0"]),
        ("Abs", "Abs:0", ["Const:0"]),
        ("MatMul", "matmul:0", ["Const_2:0", "Const_2:0"]),
        ("Less", "Less:0", ["Const:0", "Const_1:0"]),
        ("GreaterEqual", "GreaterEqual:0", ["Const:0", "Const_1:0"]),
        ("AddV2", "add_1:0", ["Const:0", "add_1/y:0"]),
        ("AddV2", "add_2:0", ["add_2/x:0", "Const:0"]),
        ("Mul", "mul_1:0", ["mul_1/x:0", "Const:0"]),
        ("AddV2", "Add_3:0", ["Const:0", "Const_1:0"]),
        ("Mul", "Mul_2:0", ["Const:0", "Const_1:0"]),
        ("Sub", "Sub_1:0", ["Const:0", "Const_1:0"]),
        ("RealDiv", "truediv_1:0", ["Const:0", "Const_1:0"]),
        ("RealDiv", "truediv_2:0", ["Const:0", "Const_1:0"]),
        ("MatMul", "MatMul_1:0", ["Const_2:0", "Const_2:0"]),
        ("Add", "Add_4:0", ["Const:0", "Const_1:0"]),
        ("Identity", "Identity:0", ["Const:0"]),
    ]


def test_tensors_compare_and_hash_by_identity(g: engine.Graph) -> None:
    a = engine.constant(2.0)
    assert a == a
    assert (a == engine.constant(2.0)) is False
    assert isinstance(hash(a), int)
    assert {a: 1}[a] == 1


def test_a_tensor_has_no_truth_value_and_cannot_be_iterated(g: engine.Graph) -> None:
    a = engine.constant(2.0)
    with pytest.raises(TypeError, match="as a Python `bool` is not allowed"):
        bool(a)
    with pytest.raises(TypeError, match="Iterating over a symbolic `tf.Tensor` is not allowed"):
        for _ in engine.constant([1, 2]):
            pass


# --- 3. names and scopes --------------------------------------------------------------
def test_names_are_made_unique_with_suffixes(g: engine.Graph) -> None:
    assert [engine.constant(1).op.name for _ in range(3)] == ["Const", "Const_1", "Const_2"]
    assert [engine.constant(1, name="x").op.name for _ in range(3)] == ["x", "x_1", "x_2"]


def test_an_explicit_suffixed_name_is_skipped_by_the_uniquifier(g: engine.Graph) -> None:
    names = [engine.constant(1, name=n).op.name for n in ("x_1", "x", "x", "x")]
    assert names == ["x_1", "x", "x_2", "x_3"]


def test_uniquification_is_case_insensitive(g: engine.Graph) -> None:
    a = engine.constant(1.0)
    b = engine.constant(2.0)
    names = [engine.add(a, b).name, (a + b).name, (a + b).name, engine.add(a, b).name,
             engine.raw_ops.AddV2(x=a, y=b).name, engine.constant(1, name="ADD").name]
    assert names == ["Add:0", "add_1:0", "add_2:0", "Add_3:0", "AddV2:0", "ADD_4:0"]


def test_a_failed_op_still_consumes_its_name(g: engine.Graph) -> None:
    i = engine.constant(1)
    f = engine.constant(1.0)
    with pytest.raises(TypeError) as info:
        i + f
    assert str(info.value) == (
        "Input 'y' of 'AddV2' Op has type float32 that does not match type int32 of "
        "argument 'x'."
    )
    assert (i + i).name == "add_1:0"
    assert "add" not in g


def test_name_scopes_prefix_uniquify_and_reenter(g: engine.Graph) -> None:
    with engine.name_scope("scope"):
        x = engine.constant(1, name="x")
        y = x + x
        assert (x.name, y.name, y.op.inputs[0].name) == ("scope/x:0", "scope/add:0", "scope/x:0")
    with engine.name_scope("scope"):
        assert engine.constant(1, name="x").name == "scope_1/x:0"
    with engine.name_scope("scope/"):
        assert engine.constant(1, name="x").name == "scope/x_1:0"
    with engine.name_scope("outer"), engine.name_scope("inner"):
        assert engine.constant(1).name == "outer/inner/Const:0"
        assert (engine.constant(1) * 2).name == "outer/inner/mul:0"
    with engine.name_scope(None):
        assert engine.constant(1).name == "Const:0"
    assert engine.constant(1, name="scope").name == "scope_2:0"
    with engine.name_scope("Const"):
        assert engine.constant(1).name == "Const_1/Const:0"


@pytest.mark.parametrize("bad", ["a b", "a:b", "-x", "_x"])
def test_invalid_names_are_refused_with_tf_regex(g: engine.Graph, bad: str) -> None:
    with pytest.raises(ValueError) as info:
        engine.constant(1, name=bad)
    assert str(info.value) == (
        f"`{bad}` is not a valid node name. Accepted names conform to Regex "
        "/re.compile('^[A-Za-z0-9.][A-Za-z0-9_.\\\\\\\\/>-]*$')/"
    )


@pytest.mark.parametrize("name,expected", [("x/", "x:0"), ("1x", "1x:0"), (".x", ".x:0"),
                                           ("x.y-z", "x.y-z:0")])
def test_valid_names_are_accepted(g: engine.Graph, name: str, expected: str) -> None:
    assert engine.constant(1, name=name).name == expected


def test_lookup_by_name_and_its_errors(g: engine.Graph) -> None:
    engine.constant(2) * engine.constant(3)
    assert str(g.get_tensor_by_name("mul:0")) == 'Tensor("mul:0", shape=(), dtype=int32)'
    assert g.get_operation_by_name("mul").type == "Mul"
    with pytest.raises(ValueError) as e1:
        g.get_tensor_by_name("mul")
    assert str(e1.value) == (
        "The name 'mul' refers to an Operation, not a Tensor. Tensor names must be of the form "
        '"<op_name>:<output_index>".'
    )
    with pytest.raises(KeyError) as e2:
        g.get_tensor_by_name("mul:1")
    assert e2.value.args[0] == (
        "The name 'mul:1' refers to a Tensor which does not exist. The operation, 'mul', "
        "exists but only has 1 outputs."
    )
    with pytest.raises(KeyError) as e3:
        g.get_tensor_by_name("nope:0")
    assert e3.value.args[0] == (
        "The name 'nope:0' refers to a Tensor which does not exist. The operation, 'nope', "
        "does not exist in the graph."
    )
    with pytest.raises(ValueError) as e4:
        g.get_operation_by_name("mul:0")
    assert str(e4.value) == "Name 'mul:0' appears to refer to a Tensor, not a Operation."
    assert g.as_graph_element("mul").type == "Mul"
    assert g.as_graph_element("mul:0").name == "mul:0"


# --- 4. fetches --------------------------------------------------------------
def test_fetch_structures_are_mirrored(g: engine.Graph) -> None:
    a, b, _, d = seed(g)
    f = engine.constant([1.0, 2.0])
    NT = collections.namedtuple("NT", "p q")
    s = engine.Session(graph=g)
    vector = s.run(f)
    assert vector.dtype == np.float32 and vector.tolist() == [1.0, 2.0]
    assert vector.flags.writeable
    assert s.run([a, d]) == [5, 77]
    assert s.run((a, d)) == (5, 77)
    assert s.run({"sum": a + b, "d": d}) == {"sum": 11, "d": 77}
    assert s.run({"x": [a, (b, {"y": d})]}) == {"x": [5, (6, {"y": 77})]}
    nt = s.run(NT(a, d))
    assert type(nt) is NT and nt == NT(5, 77)
    assert s.run("mul:0") == 77
    assert s.run("mul") is None
    assert s.run(d.op) is None
    assert s.run([d.op, d]) == [None, 77]
    assert s.run([d, d, "mul:0"]) == [77, 77, 77]
    assert s.run([]) == [] and s.run({}) == {}


def test_a_set_is_not_a_fetch(g: engine.Graph) -> None:
    a, _, _, d = seed(g)
    with pytest.raises(TypeError) as info:
        engine.Session(graph=g).run({a, d})
    message = str(info.value)
    assert message.startswith("Argument `fetch` = {")
    assert message.endswith(
        'has invalid type "set" must be a string or Tensor. (Can not convert a set into a '
        "Tensor or Operation.)"
    )


@pytest.mark.parametrize(
    "bad,cls,message",
    [
        (None, TypeError, 'Argument `fetch` = None has invalid type "NoneType". Cannot be None'),
        (5, TypeError, 'Argument `fetch` = 5 has invalid type "int" must be a string or Tensor. '
                       "(Can not convert a int into a Tensor or Operation.)"),
        ("nope:0", ValueError,
         "Argument `fetch` = nope:0 cannot be interpreted as a Tensor. (\"The name 'nope:0' "
         "refers to a Tensor which does not exist. The operation, 'nope', does not exist in "
         "the graph.\")"),
        ("nope", ValueError, "Argument `fetch` = nope cannot be interpreted as a Tensor. "
                             "(\"The name 'nope' refers to an Operation not in the graph.\")"),
        (np.float32(1.0), TypeError,
         'Argument `fetch` = 1.0 has invalid type "float32" must be a string or Tensor. '
         "(Can not convert a float32 into a Tensor or Operation.)"),
    ],
)
def test_invalid_fetches_are_refused_in_tf_words(
    g: engine.Graph, bad: object, cls: type, message: str
) -> None:
    engine.constant(1)
    with pytest.raises(cls) as info:
        engine.Session(graph=g).run(bad)
    assert str(info.value) == message


def test_a_tensor_of_another_graph_is_not_a_fetch(g: engine.Graph) -> None:
    engine.constant(1)
    other = engine.Graph()
    with other.as_default():
        z = engine.constant(3)
    with pytest.raises(ValueError) as info:
        engine.Session(graph=g).run(z)
    assert str(info.value) == (
        'Argument `fetch` = Tensor("Const:0", shape=(), dtype=int32) cannot be interpreted as '
        'a Tensor. (Tensor Tensor("Const:0", shape=(), dtype=int32) is not an element of this '
        "graph.)"
    )


# --- 5. feeds --------------------------------------------------------------
def test_feeds_by_tensor_or_name_any_tensor_and_converted(g: engine.Graph) -> None:
    p = engine.placeholder(engine.float32, shape=[2], name="p")
    c = engine.constant(10.0, name="c")
    y = p * c
    s = engine.Session(graph=g)
    assert s.run(y, {p: [1, 2]}).tolist() == [10.0, 20.0]
    assert s.run(y, {"p:0": [1, 2]}).tolist() == [10.0, 20.0]
    assert s.run(y, {p: [1, 2], c: 100.0}).tolist() == [100.0, 200.0]
    assert s.run(y + 1, {y: [7, 8]}).tolist() == [8.0, 9.0]
    assert s.run(p, {p: [3, 4]}).tolist() == [3.0, 4.0]
    ints = s.run(p, {p: [1, 2]})
    assert ints.dtype == np.float32
    doubles = s.run(p, {p: np.array([1.5, 2.5])})
    assert doubles.dtype == np.float32 and doubles.tolist() == [1.5, 2.5]


def test_bad_feeds_are_refused_before_running(g: engine.Graph) -> None:
    p = engine.placeholder(engine.float32, shape=[2], name="p")
    i = engine.placeholder(engine.int32, shape=[None, 3], name="i")
    y = p * 2.0
    s = engine.Session(graph=g)
    shape_cases = [({p: [1, 2, 3]}, "(3,)"), ({p: [[1, 2]]}, "(1, 2)"), ({p: 1.0}, "()"),
                   ({p: None}, "()")]
    for feed, shown in shape_cases:
        with pytest.raises(ValueError) as info:
            s.run(y, feed)
        assert str(info.value) == (
            f"Cannot feed value of shape {shown} for Tensor p:0, which has shape (2,)"
        )
    assert s.run(i, {i: [[1.5, 2.7, -3.9]]}).tolist() == [[1, 2, -3]]
    with pytest.raises(ValueError, match="could not convert string to float"):
        s.run(y, {p: ["a", "b"]})
    with pytest.raises(ValueError) as wide:
        s.run(i, {i: np.ones((2, 4))})
    assert str(wide.value) == (
        "Cannot feed value of shape (2, 4) for Tensor i:0, which has shape (?, 3)"
    )


@pytest.mark.parametrize(
    "key,message",
    [
        ("p", "Cannot interpret feed_dict key as Tensor: The name 'p' refers to an Operation, "
              'not a Tensor. Tensor names must be of the form "<op_name>:<output_index>".'),
        (5, "Cannot interpret feed_dict key as Tensor: Can not convert a int into a Tensor."),
        ("zzz:0", "Cannot interpret feed_dict key as Tensor: The name 'zzz:0' refers to a "
                  "Tensor which does not exist. The operation, 'zzz', does not exist in the "
                  "graph."),
    ],
)
def test_bad_feed_keys_are_refused(g: engine.Graph, key: object, message: str) -> None:
    p = engine.placeholder(engine.float32, shape=[2], name="p")
    with pytest.raises(TypeError) as info:
        engine.Session(graph=g).run(p * 2.0, {key: [1, 2]})
    assert str(info.value) == message


def test_a_tensor_is_not_a_feed_value(g: engine.Graph) -> None:
    p = engine.placeholder(engine.float32, shape=[2], name="p")
    with pytest.raises(TypeError, match="The value of a feed cannot be a tf.Tensor object"):
        engine.Session(graph=g).run(p * 2.0, {p: engine.constant([1.0, 2.0])})


def test_an_unfed_placeholder_fails_the_run_naming_it(g: engine.Graph) -> None:
    p = engine.placeholder(engine.float32, shape=[2], name="p")
    q = engine.placeholder(engine.float32, name="q")
    y = p + 1.0
    z = y * q
    s = engine.Session(graph=g)
    with pytest.raises(engine.InvalidArgumentError) as info:
        s.run(y)
    err = info.value
    assert isinstance(err, engine.OpError) and err.error_code == 3 and err.op.name == "p"
    assert (
        "You must feed a value for placeholder tensor 'p' with dtype float and shape [2]"
        in err.message
    )
    with pytest.raises(engine.InvalidArgumentError) as info2:
        s.run(z, {p: [1, 2]})
    lines = [ln for ln in info2.value.message.splitlines() if "must feed" in ln]
    assert lines == ["You must feed a value for placeholder tensor 'q' with dtype float"]
    assert s.run(engine.constant(1.0) + 1.0) == 2.0


def test_placeholder_with_default(g: engine.Graph) -> None:
    p = engine.placeholder_with_default(engine.constant([1.0, 2.0]), shape=[None], name="pwd")
    s = engine.Session(graph=g)
    assert repr(p) == "<Tensor 'pwd:0' shape=(?,) dtype=float32>"
    assert p.op.type == "PlaceholderWithDefault"
    assert s.run(p).tolist() == [1.0, 2.0]
    assert s.run(p, {p: [5.0, 6.0, 7.0]}).tolist() == [5.0, 6.0, 7.0]


# --- 6. lifecycle --------------------------------------------------------------
def test_session_lifecycle_eval_and_graph_growth(g: engine.Graph) -> None:
    s = engine.Session(graph=g)
    with pytest.raises(RuntimeError) as empty:
        s.run([])
    assert str(empty.value) == (
        "The Session graph is empty. Add operations to the graph before calling run()."
    )
    a = engine.constant(1)
    assert s.run(a) == 1
    b = a + 41
    assert s.run(b) == 42
    with s.as_default():
        assert b.eval() == 42
    assert b.eval(session=s) == 42
    s.close()
    with pytest.raises(RuntimeError) as closed:
        s.run(a)
    assert str(closed.value) == "Attempted to use a closed Session."
    with pytest.raises(ValueError) as no_default:
        b.eval()
    assert str(no_default.value) == (
        "Cannot evaluate tensor using `eval()`: No default session is registered. Use "
        "`with sess.as_default()` or pass an explicit session to `eval(session=sess)`"
    )


def test_default_graph_and_graph_mixing() -> None:
    g1 = engine.Graph()
    with g1.as_default():
        x = engine.constant(1)
    assert engine.get_default_graph() is not g1 and x.graph is g1
    with pytest.raises(ValueError, match="must be from the same graph as"):
        with engine.get_default_graph().as_default():
            x + engine.constant(1)
    g1.finalize()
    with pytest.raises(RuntimeError) as info:
        with g1.as_default():
            engine.constant(2)
    assert str(info.value) == "Graph is finalized and cannot be modified."
    with engine.Session(graph=g1) as s:
        assert s.run(x) == 1


def test_reset_default_graph_gives_a_new_empty_graph() -> None:
    old = engine.get_default_graph()
    engine.reset_default_graph()
    assert engine.get_default_graph() is not old
    assert engine.get_default_graph().get_operations() == []


def test_each_run_returns_fresh_objects(g: engine.Graph) -> None:
    a = engine.constant(5)
    b = engine.constant(6)
    s = engine.Session(graph=g)
    r1, r2 = s.run(a + b), s.run(a + b)
    assert r1 is not r2 and type(r1) is np.int32


def test_constant_conversions(g: engine.Graph) -> None:
    s = engine.Session(graph=g)
    f = engine.constant(5, dtype=engine.float32)
    assert repr(f) == "<Tensor 'Const:0' shape=() dtype=float32>" and s.run(f) == 5.0
    with pytest.raises(TypeError) as e1:
        engine.constant(5.5, dtype=engine.int32)
    assert str(e1.value) == "Expected int32, but got 5.5 of type 'float'."
    # tf.compat.v1.constant fills a larger shape with the last value (v2 refuses it)
    short = engine.constant([1, 2], shape=[2, 2])
    assert s.run(short).tolist() == [[1, 2], [2, 2]]
    with pytest.raises(TypeError) as e2:
        engine.constant([1, 2], shape=[2, 2], verify_shape=True)
    assert str(e2.value) == "Expected Tensor's shape: (2, 2), but got (2,)."
    filled = engine.constant(7, shape=[2, 3])
    # a value that fails to convert never reaches naming, so it consumes no name (as in TF)
    assert repr(filled) == "<Tensor 'Const_2:0' shape=(2, 3) dtype=int32>"
    assert s.run(filled).tolist() == [[7, 7, 7], [7, 7, 7]]
    with pytest.raises(ValueError) as e3:
        engine.constant([[1], [2, 3]])
    assert str(e3.value).startswith("setting an array element with a sequence.")
    with pytest.raises(ValueError) as e4:
        engine.constant(None)
    assert str(e4.value) == "None values not supported."
