"""Pages of the self-evaluation app, named after what the user does."""
