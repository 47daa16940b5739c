"""自评: year-end self-evaluation of each project against its approved targets, 复核."""
