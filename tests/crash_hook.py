"""Run the `rag` command line with a SIGKILL planted at a named point of ingestion (a test helper).

Usage: python tests/crash_hook.py POINT rag-arguments...   e.g.  python tests/crash_hook.py embedding ingest corpus

The product has no crash hooks: this wrapper patches the real functions in its own process before handing
over to `ui.cli.main`, so the kill lands exactly where a power cut or OOM kill could.

Points:
  embedding        the 3rd embedding batch: earlier batches (a whole document and part of the next) are in Chroma
  after-chroma     every Chroma write is done; the lexical index's changes are about to be committed
  lexical-segment  a new lexical segment is written and about to be renamed into place (manifest not written)
  manifest-write   the new manifest is written to its temp file but not yet renamed over the old one
  merge            lexical segments are being merged (flushed every 8 chunks, merged two by two): the first
                   merged segment is written, the segments it replaces are still there, no manifest names it
  after-commit     the manifest is committed (renamed into place and synced); the lexical files it no longer
                   names and the Chroma chunks it no longer lists are not yet removed
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def die() -> None:
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def plant(point: str) -> None:
    if point == "embedding":
        from index.embedding import Embedder

        embed = Embedder.embed_passages
        calls = [0]

        def embed_passages(self, texts):
            calls[0] += 1
            if calls[0] == 3:
                die()
            return embed(self, texts)

        Embedder.embed_passages = embed_passages
    elif point == "after-chroma":
        from index.lexical_writer import LexicalWriter

        LexicalWriter.commit = lambda self: die()
    elif point == "lexical-segment":
        rename = Path.rename

        def rename_or_die(self, target):
            if self.name.endswith(".tmp") and Path(target).name.startswith("seg-"):
                die()
            return rename(self, target)

        Path.rename = rename_or_die
    elif point == "manifest-write":
        replace = os.replace

        def replace_or_die(src, dst):
            if Path(dst).name == "manifest.json":
                die()
            return replace(src, dst)

        os.replace = replace_or_die  # Manifest.save calls os.replace(temp, manifest) last
    elif point == "merge":
        from index import lexical_writer

        lexical_writer.FLUSH_DOCS, lexical_writer.MERGE_FACTOR = 8, 2  # several small segments: a merge at commit
        merge = lexical_writer.merge

        def merge_then_die(parts, directory):
            merge(parts, directory)
            die()

        lexical_writer.merge = merge_then_die
    elif point == "after-commit":
        from index import ingest

        ingest.cleanup = lambda directory, state: die()  # Ingestor._finish: save (the commit), then cleanup
    else:
        raise SystemExit(f"unknown crash point {point!r}")


if __name__ == "__main__":
    plant(sys.argv.pop(1))
    sys.argv[0] = "rag"
    from ui.cli import main

    main()
