"""Benchmarks: each script prints its numbers and ratios to a baseline measured in the same run."""
