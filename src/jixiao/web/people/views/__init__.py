"""Pages of the people app, one module per thing the administrator does."""
