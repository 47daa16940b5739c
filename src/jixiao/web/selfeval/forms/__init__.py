"""Input checks of the self-evaluation pages."""
