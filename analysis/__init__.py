"""presswork."""
