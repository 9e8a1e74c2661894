"""Ingestion: load documents, detect language, chunk, embed, and write Chroma plus the lexical index."""
