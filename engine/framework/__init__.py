"""The framework: values (dtypes, shapes, tf.constant's conversion rules), errors, the graph
(operations, tensors, names, the editing API) and the op registry's core.

The lowest layer: it imports nothing else of the engine. Every other layer builds on it.
"""
