"""Where kernels run: numpy on the CPU, cupy on a GPU, any array-API namespace; one module
each, and ``select`` to pick one for a Session.
"""
