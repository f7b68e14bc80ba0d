"""Pure analysis functions, one module per topic."""
