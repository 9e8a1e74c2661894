"""The index layer: documents in; Chroma, the lexical index and the manifest out.

- `readers/`: which files to ingest and their text (plain text streamed; .html/.pdf/.docx in a sandboxed worker).
- `language.py`, `chunk.py`, `analyze.py`: language detection, sentence-aware chunking, lexical analysis.
- `embedding/`: the `Embedder` interface, the one registry of backends (torch, onnx, onnx-int8), the bundled
  encoders and the vector cache.
- `store/`: the Chroma client and collection (paging, deletion) and the manifest with the ingest lock.
- `lexical.py`: the BM25 index over segments (`segment.py`, checked at open by `segment_check.py`), written by
  `lexical_writer.py`. `ingest.py`: the orchestrator of all of the above.
- `doctor.py`: consistency check and repair of the three stores; `catalog.py`: facts from the manifest, removal;
  `fulltext.py`: a document's whole text, put back together from its stored chunks.
- `settings.py` (`IndexSettings`, this layer's section), `errors.py` (the error tree), `registry.py`.

Every function takes `IndexSettings`, never the settings of the layers above. It does not answer questions
(`rag/`) or serve anything (`ui/`), and imports neither.
"""
