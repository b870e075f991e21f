"""Running a graph: the Session (fetches, feeds), the compiled Plan, the Executor's step loop,
run metadata and the value cache.
"""
