"""The TensorCanvas desktop application: windows, menus, docks and start-up.

This is the outermost layer. It may import ``editor`` and ``engine``; neither of
those may import ``app`` (see docs/ARCHITECTURE.md).
"""
