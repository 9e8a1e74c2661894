"""Query engine: retrieve passages, compose an answer, and build the typed Answer with citations."""
