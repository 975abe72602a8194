"""Synthetic sample generator: eight partner agencies' extracts for a Coventry-like partnership.

People first (population.py), then their journeys across agencies (journeys.py), then each agency's
own view of them (agencies/), then the planned faults (faults.py, faults.yml), then the files
(writers.py) and the ground truth that explains every row (ground_truth.py).
Run `python -m sample_generator --help`.
"""
