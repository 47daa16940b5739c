"""Pages of the 整改 app."""
