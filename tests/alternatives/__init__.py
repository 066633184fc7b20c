"""Correct implementations written differently from the references (another
algorithm, formula, random-number call or dtype path). Each module is named like
its challenge (``l1_sparsity.py``) and defines the challenge's functions; every
one must pass its hidden suite. ``<module>_b.py`` may hold a second one."""
