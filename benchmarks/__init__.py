"""Benchmarks: each script prints its figures beside their targets and exits 1 on a miss."""
