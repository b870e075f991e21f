"""Looking tensors and operations up by name: ``get_tensor_by_name``'s index rules (Python's:
negative indices count from the end), ``get_operation_by_name`` and ``as_graph_element``,
with TF's exception classes and messages for every wrong kind of name."""

from __future__ import annotations

from typing import Any

from .harness import Cases, Fetch

cases = Cases("lookups")


def _graph(tf: Any) -> Any:
    a = tf.constant([1, 2], name="a")
    tf.identity(a, name="b")


def _tensor(label: str, name: Any) -> None:
    @cases.case(f"get_tensor_by_name({label})")
    def _(tf: Any) -> Any:
        _graph(tf)
        return tf.get_default_graph().get_tensor_by_name(name)


def _operation(label: str, name: Any) -> None:
    @cases.case(f"get_operation_by_name({label})")
    def _(tf: Any) -> Any:
        _graph(tf)
        op = tf.get_default_graph().get_operation_by_name(name)
        return Fetch(None, probe=[op.name, op.type])


for _label, _name in (
    ("'a:0'", "a:0"), ("'a:-1'", "a:-1"), ("'a:-2'", "a:-2"), ("'a:1'", "a:1"),
    ("'a:+0'", "a:+0"), ("'a: 0'", "a: 0"), ("'a:00'", "a:00"), ("'a:0 '", "a:0 "),
    ("'a:'", "a:"), ("'a:x'", "a:x"), ("'a:0:0'", "a:0:0"), ("'a:1_0'", "a:1_0"),
    ("'a'", "a"), ("'z:0'", "z:0"), ("'z'", "z"), ("b'b:0'", b"b:0"), ("'b:0'", "b:0"),
    ("'A:0'", "A:0"), ("':0'", ":0"), ("3", 3), ("None", None), ("'a:0.0'", "a:0.0"),
    ("'a:٠'", "a:٠"),
):
    _tensor(_label, _name)

for _label, _name in (
    ("'a'", "a"), ("'a:0'", "a:0"), ("'z'", "z"), ("b'b'", b"b"), ("3", 3), ("''", ""),
):
    _operation(_label, _name)


@cases.case("as_graph_element of names")
def _(tf: Any) -> Any:
    _graph(tf)
    g = tf.get_default_graph()
    found = [g.as_graph_element("a:-1").name, g.as_graph_element("b").name,
             g.as_graph_element("a", allow_operation=True, allow_tensor=False).name]
    return Fetch(None, probe=found)


@cases.case("as_graph_element of an op name where a tensor is wanted")
def _(tf: Any) -> Any:
    _graph(tf)
    return tf.get_default_graph().as_graph_element("a", allow_operation=False)


@cases.case("as_graph_element of a missing op name where a tensor is wanted")
def _(tf: Any) -> Any:
    _graph(tf)
    return tf.get_default_graph().as_graph_element("z", allow_operation=False)


@cases.case("as_graph_element of a tensor name where an op is wanted")
def _(tf: Any) -> Any:
    _graph(tf)
    return tf.get_default_graph().as_graph_element("a:0", allow_tensor=False)


@cases.case("as_graph_element with neither allowed")
def _(tf: Any) -> Any:
    _graph(tf)
    return tf.get_default_graph().as_graph_element("a", allow_tensor=False,
                                                   allow_operation=False)


@cases.case("fetching a negative index by name")
def _(tf: Any) -> Any:
    _graph(tf)
    return "b:-1"


@cases.case("fetching an op by name runs it and gives None")
def _(tf: Any) -> Any:
    _graph(tf)
    return ["b", "a:0"]


@cases.case("fetching a name that does not exist")
def _(tf: Any) -> Any:
    _graph(tf)
    return ["q:0"]


@cases.case("fetching a bad tensor name")
def _(tf: Any) -> Any:
    _graph(tf)
    return ["a:x"]


@cases.case("fetching None")
def _(tf: Any) -> Any:
    _graph(tf)
    return Fetch([None, "a:0"])


@cases.case("a tensor's name and its op's")
def _(tf: Any) -> Any:
    _graph(tf)
    t = tf.get_default_graph().get_tensor_by_name("a:-1")
    return Fetch(None, probe=[t.name, t.op.name, t.value_index])
