"""Benchmarks for issue 6: `make bench` (``python -m bench.run``) measures the portal against
budgets and writes ``bench/results/``. Not timed tests: tests/unit/test_bench_smoke.py only
proves each part still runs, at a tiny size."""
