"""Evaluation: the Q&A datasets and the harness that scores the query engine."""
