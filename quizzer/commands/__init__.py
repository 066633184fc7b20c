"""Typer command modules. Each defines ``register(app)``; each imports only typer at module level."""
