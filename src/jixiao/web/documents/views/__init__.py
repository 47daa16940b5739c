"""Pages of the documents app, named after what the user does there."""
