"""Computed observations, one module per subject; each registers its functions with ``observe.observation``."""
