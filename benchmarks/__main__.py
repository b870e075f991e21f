"""`python -m benchmarks [--quick]`: the engine's cases, each beside its baselines."""

import sys

from benchmarks.engine_bench import main

sys.exit(main(sys.argv[1:]))
