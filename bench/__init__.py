"""Benchmarks of the product; each module measures, none is imported by the product and none asserts a speed
target in a test (targets live in the report).

`make bench` runs `run.py`: embedding backends, ingest against raw encode, query latency by corpus size against a
plain LlamaIndex pipeline (`measure.py`, `baseline.py`, over the synthetic corpus of `synth.py` and the indexes of
`build.py`), rag eval per backend, growth of a large index (`growth.py`) and cross-language retrieval over
translated manual pages (`external.py`); it writes `bench/results.json`, which `report.py` turns into
`docs/benchmarks.md` and its chart. `attacks.py`, `bombs.py` and `api_latency.py` are run by hand (each says how).
"""
