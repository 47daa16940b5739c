"""Demo data: a small plan fixture with facts of the model document, and a generator of
realistic plans for the demo region and the county-scale benchmark."""
