"""Every write of the documents app (replies, publications) and the documents it serves."""
