"""A document is its file (the resolved path), not the name it was ingested under: re-ingesting the same files
from another working directory, or by another spelling of the path, finds them unchanged, embeds nothing and keeps
the source citations already show; a changed file is still re-embedded, a deleted one removed, and files with the
same relative name in two folders stay two documents, each with a name of its own.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from index.ingest import Ingestor
from index.store import Manifest, manifest_stamp, open_collection
from tests.conftest import make_settings
from tests.test_embed_cache import CountingEmbedder
from tests.test_ingest import _assert_consistent
from tests.test_ingest_cost import NoClient, _no_model

TEXTS = {
    "en.txt": "The Quillmere Regatta\nThe regatta is rowed every June; its trophy is a silver otter called Bramble.\n",
    "it.txt": "La Sagra del Cardo\nLa sagra si tiene ogni ottobre a Valtorre, con un premio di 300 euro. 🌾\n",
    "ru.txt": "Фестиваль в Озёрске\nФестиваль проходит каждый август, главный приз — серебряная лодка.\n",
}


def _corpus(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _sources(settings) -> dict[str, str]:
    return {key: entry.source for key, entry in Manifest.load(settings.index.manifest_path).documents.items()}


def _ingest(settings, embedder, where: Path, path: str, **kwargs):
    cwd = os.getcwd()
    os.chdir(where)
    try:
        return Ingestor(settings.index, embedder, **kwargs).run([Path(path)])
    finally:
        os.chdir(cwd)


# (working directory, spelling of the folder): "tmp" is the folder's parent, "docs" the folder, "/" the root,
# "other" an unrelated directory; "ABS" stands for the folder's absolute path.
SPELLINGS = [
    (("tmp", "docs"), ("docs", ".")),
    (("tmp", "docs"), ("docs", "./")),
    (("tmp", "docs"), ("/", "ABS")),
    (("tmp", "docs"), ("other", "ABS/")),
    (("tmp", "./docs/"), ("other", "../docs")),
    (("docs", "."), ("tmp", "docs")),
    (("/", "ABS"), ("tmp", "./docs")),
]


@pytest.mark.parametrize(("first", "second"), SPELLINGS, ids=lambda p: f"{p[0]}:{p[1]}")
def test_reingest_from_another_cwd_or_spelling_is_unchanged_embeds_nothing_and_keeps_sources(
    tmp_path, embedder, first, second
):
    folder = _corpus(tmp_path / "docs")
    (tmp_path / "other").mkdir()
    places = {"tmp": tmp_path, "docs": folder, "/": Path("/"), "other": tmp_path / "other"}
    settings = make_settings(tmp_path / "data")

    def spelled(path: str) -> str:
        return path.replace("ABS", str(folder))

    report = _ingest(settings, embedder, places[first[0]], spelled(first[1]))
    assert (report.added, report.unchanged) == (3, 0)
    sources, stamp = _sources(settings), manifest_stamp(settings.index)
    ids = sorted(open_collection(settings.index).get(include=[])["ids"])
    # No model may be loaded and Chroma may not be touched: nothing is embedded or written.
    again = _ingest(settings, _no_model, places[second[0]], spelled(second[1]), client=NoClient())
    assert (again.unchanged, again.added, again.updated, again.removed, again.skipped) == (3, 0, 0, 0, [])
    assert _sources(settings) == sources  # citations keep the names users already see
    assert manifest_stamp(settings.index) == stamp  # nothing committed
    assert sorted(open_collection(settings.index).get(include=[])["ids"]) == ids
    assert set(sources) == {str(folder.resolve() / name) for name in TEXTS}


def test_a_changed_file_is_reembedded_under_its_recorded_source_and_a_deleted_one_removed(tmp_path, embedder):
    folder = _corpus(tmp_path / "docs")
    settings = make_settings(tmp_path / "data")
    _ingest(settings, embedder, tmp_path, "docs")
    assert sorted(_sources(settings).values()) == ["docs/en.txt", "docs/it.txt", "docs/ru.txt"]
    changed = "Il Palio di Valtorre\nIl palio si corre ogni maggio; il vincitore riceve un gallo d'argento.\n"
    (folder / "it.txt").write_text(changed, encoding="utf-8")
    (folder / "ru.txt").unlink()
    counting = CountingEmbedder(embedder)
    report = _ingest(settings, counting, folder, ".")  # another working directory: the folder itself
    assert (report.updated, report.removed, report.unchanged, report.added) == (1, 1, 1, 0)
    assert counting.embedded and all(text in changed for text in counting.embedded)
    assert sorted(_sources(settings).values()) == ["docs/en.txt", "docs/it.txt"]
    stored = open_collection(settings.index).get(where={"source": "docs/it.txt"}, include=["documents"])
    assert stored["documents"] and "gallo d'argento" in " ".join(stored["documents"])
    assert not open_collection(settings.index).get(where={"source": "it.txt"}, include=[])["ids"]
    _assert_consistent(settings)


def test_same_relative_names_in_two_folders_stay_two_documents_with_two_names(tmp_path, embedder):
    from index.catalog import find

    first, second = _corpus(tmp_path / "a" / "docs"), _corpus(tmp_path / "b" / "docs")
    (second / "en.txt").write_text("The Brindle Fair\nThe fair opens each April in Oxley.\n", encoding="utf-8")
    settings = make_settings(tmp_path / "data")
    assert _ingest(settings, embedder, tmp_path / "a", "docs").added == 3
    assert _ingest(settings, embedder, tmp_path / "b", "docs").added == 3  # named "docs/..." too from there
    sources = _sources(settings)
    assert len(sources) == 6 and len(Manifest.load(settings.index.manifest_path).chunk_ids()) >= 6
    # The second folder's files get the shortest longer name no other document shows: citations, `rag remove`
    # and the documents tab tell them apart.
    assert sources[str(first.resolve() / "en.txt")] == "docs/en.txt"
    assert sources[str(second.resolve() / "en.txt")] == "b/docs/en.txt"
    assert len(set(sources.values())) == 6
    manifest = Manifest.load(settings.index.manifest_path)
    assert find(manifest, "b/docs/en.txt") == str(second.resolve() / "en.txt")
    assert find(manifest, "docs/en.txt") == str(first.resolve() / "en.txt")
    # Each folder again, from the common parent and by absolute path: unchanged, the other folder untouched.
    assert _ingest(settings, _no_model, tmp_path, "a/docs", client=NoClient()).unchanged == 3
    assert _ingest(settings, _no_model, Path("/"), str(second), client=NoClient()).unchanged == 3
    assert _sources(settings) == sources
    (first / "en.txt").unlink()
    report = _ingest(settings, embedder, tmp_path, "a/docs/")
    assert (report.removed, report.unchanged) == (1, 2)
    assert str(first.resolve() / "en.txt") not in _sources(settings)
    assert str(second.resolve() / "en.txt") in _sources(settings)  # same relative name, other folder: kept
    brindle = open_collection(settings.index).get(where={"source": "b/docs/en.txt"}, include=["documents"])
    assert ["The Brindle Fair" in text for text in brindle["documents"]] == [True]
    _assert_consistent(settings)


@pytest.mark.parametrize(
    ("source", "taken", "expected"),
    [
        ("docs/en.txt", set(), "docs/en.txt"),
        ("docs/en.txt", {"docs/en.txt"}, "b/docs/en.txt"),
        ("docs/en.txt", {"docs/en.txt", "b/docs/en.txt"}, "tmp/b/docs/en.txt"),
        ("en.txt", {"en.txt", "docs/en.txt"}, "b/docs/en.txt"),
        ("docs/привет 🙂.txt", {"docs/привет 🙂.txt"}, "b/docs/привет 🙂.txt"),
    ],
)
def test_a_new_documents_name_grows_by_folders_until_no_other_document_shows_it(source, taken, expected):
    from index.readers.load import distinct_source

    name = Path(source).name
    assert distinct_source(Path("/tmp/b/docs") / name, source, taken) == expected
