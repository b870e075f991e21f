"""The graph editor: canvas, items, undo commands and the engine adapter.

It reaches the engine only through the engine's public API and changes a graph
only through QUndoCommands, so every edit is undoable (see docs/ARCHITECTURE.md).
"""
