"""Variables at their edges: the errors of assignments of another dtype (TF's
op_def_library words, the base dtype of the reference), a ``dtype=`` the initial value
cannot take, an initial value of unknown shape (TF has built the VariableV2 when it
refuses), collections (``GraphKeys``, ``get_collection``, local variables and their
initializer, TF1's old initializer names) and the global step."""

from __future__ import annotations

from typing import Any

from .harness import Cases, Fetch

cases = Cases("variables_api")


def _names(vs: list[Any]) -> list[str]:
    return [v.name for v in vs]


@cases.case("assign_add of a float to an int variable names the parameter")
def _(tf: Any) -> Any:
    return tf.Variable(3, name="i").assign_add(2.5)


@cases.case("assign of a float64 tensor to a float32 variable")
def _(tf: Any) -> Any:
    return tf.Variable(3.0, name="f").assign(tf.constant(2.0, tf.float64))


@cases.case("assign_add and assign_sub of an int variable")
def _(tf: Any) -> Any:
    v = tf.Variable(3, name="i")
    add = v.assign_add(2)
    sub = tf.assign_sub(v, 1)
    return Fetch([v], probe=[str(v.dtype), str(add), str(sub)],
                 before=[v.initializer, add, add, sub])


@cases.case("a tensor initial value of another dtype names initial_value")
def _(tf: Any) -> Any:
    return tf.Variable(tf.constant(1.0), dtype=tf.int32, name="a")


@cases.case("an initial value of unknown shape is refused after the VariableV2")
def _(tf: Any) -> Any:
    x = tf.placeholder_with_default([1.0, 2.0], shape=[None])
    return tf.Variable(x, name="v")


@cases.case("collections: GraphKeys, get_collection, local variables")
def _(tf: Any) -> Any:
    tf.Variable(1.0, name="a")
    tf.Variable(2.0, name="b", trainable=False)
    with tf.name_scope("layer"):
        tf.Variable(3.0, name="c", collections=[tf.GraphKeys.LOCAL_VARIABLES])
        tf.Variable(4.0, name="d")
    keys = tf.GraphKeys
    tf.add_to_collection("losses", tf.constant(1.0, name="l1"))
    tf.add_to_collections(["losses", "mine"], tf.constant(2.0, name="l2"))
    return Fetch(None, probe=[
        _names(tf.global_variables()), _names(tf.trainable_variables()),
        _names(tf.local_variables()), _names(tf.get_collection(keys.GLOBAL_VARIABLES)),
        _names(tf.get_collection(keys.TRAINABLE_VARIABLES, scope="layer")),
        _names(tf.global_variables("l.y")), _names(tf.get_collection("losses")),
        _names(tf.get_collection_ref("mine")), tf.get_collection("nothing"),
        [keys.GLOBAL_VARIABLES, keys.LOCAL_VARIABLES, keys.TRAINABLE_VARIABLES,
         keys.TRAIN_OP, keys.GLOBAL_STEP, keys.UPDATE_OPS, keys.LOSSES,
         keys.REGULARIZATION_LOSSES, keys.SUMMARIES, keys.MODEL_VARIABLES]])


@cases.case("local_variables_initializer and the old initializer names")
def _(tf: Any) -> Any:
    g = tf.Variable(1.0, name="g")
    loc = tf.Variable(2.0, name="loc", collections=[tf.GraphKeys.LOCAL_VARIABLES])
    ops = [tf.local_variables_initializer(), tf.initialize_all_variables(),
           tf.initialize_local_variables(), tf.initialize_variables([g], name="just_g")]
    return Fetch([g, loc], before=ops[:2],
                 probe=[[op.name, op.type, sorted(c.name for c in op.control_inputs)]
                        for op in ops])


@cases.case("get_or_create_global_step makes an int64 global_step at the root")
def _(tf: Any) -> Any:
    with tf.name_scope("somewhere"):
        step = tf.train.get_or_create_global_step()
    again = tf.train.get_or_create_global_step()
    return Fetch([step], before=[step.initializer],
                 probe=[step.name, str(step.dtype), str(step.shape), again is step,
                        tf.train.get_global_step() is step,
                        _names(tf.global_variables()), _names(tf.trainable_variables()),
                        _names(tf.get_collection(tf.GraphKeys.GLOBAL_STEP))])


@cases.case("get_global_step finds a tensor named global_step")
def _(tf: Any) -> Any:
    before = tf.train.get_global_step()
    tf.Variable(0, name="global_step", trainable=False)
    found = tf.train.get_global_step()
    return Fetch(None, probe=[before is None, found.name, str(found.dtype)])


@cases.case("a float global_step is refused")
def _(tf: Any) -> Any:
    tf.Variable(0.0, name="global_step", trainable=False)
    return tf.train.get_global_step()


@cases.case("create_global_step twice is refused")
def _(tf: Any) -> Any:
    tf.train.create_global_step()
    return tf.train.create_global_step()


@cases.case("minimize counts steps in get_or_create_global_step", rtol=1e-6)
def _(tf: Any) -> Any:
    w = tf.Variable([1.0, -2.0], name="w")
    step = tf.train.get_or_create_global_step()
    train = tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(w * w),
                                                            global_step=step)
    init = tf.global_variables_initializer()
    return Fetch([step, w], before=[init, train, train, train], probe=[train.name, train.type])


@cases.case("a shape given to Variable is the variable's shape")
def _(tf: Any) -> Any:
    v = tf.Variable([1.0, 2.0], name="v", shape=[None])
    return Fetch([v], before=[v.initializer], probe=[str(v.shape), str(v.value())])


@cases.case("a Variable keeps its constraint")
def _(tf: Any) -> Any:
    v = tf.Variable([1.0, 2.0], name="v", constraint=abs)
    w = tf.Variable([1.0, 2.0], name="w")
    return Fetch(None, probe=[v.constraint is abs, w.constraint is None])


@cases.case("iterating over a Variable reads it, then graph mode refuses")
def _(tf: Any) -> Any:
    return list(tf.Variable([1.0, 2.0], name="v"))


@cases.case("a Variable named foo/ where an op foo exists is a duplicate node name")
def _(tf: Any) -> Any:
    tf.constant(1.0, name="foo")
    return tf.Variable(2.0, name="foo/")


@cases.case("a variable of partly known shape fails when its initializer runs")
def _(tf: Any) -> Any:
    v = tf.Variable([[1.0, 2.0]], name="v", shape=[None, 2])
    return Fetch([v], before=[v.initializer], probe=[str(v.shape)])


@cases.case("a variable of unknown rank runs")
def _(tf: Any) -> Any:
    v = tf.Variable([[1.0, 2.0]], name="v", shape=None, validate_shape=False)
    return Fetch([v], before=[v.initializer], probe=[str(v.shape)])


@cases.case("a Variable is true as a Python object and builds nothing for it")
def _(tf: Any) -> Any:
    v = tf.Variable([1.0, 2.0], name="v")
    zero = tf.Variable(0.0, name="zero")
    return Fetch(None, probe=[bool(v), bool(zero)])
