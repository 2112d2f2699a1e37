"""Evaluation helpers: reading and scoring PolNeAR (used by benchmarks/ and the accuracy floors in tests)."""
