"""Sub-commands of the `payfair` CLI, one module each (see payfair/cli.py)."""
