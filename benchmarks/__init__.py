"""Benchmarks: `python -m benchmarks` (the engine) and `python -m benchmarks.editor_scale`."""
