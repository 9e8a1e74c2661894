"""Removing documents: `DELETE /api/documents/{source}` (token rule as uploads), `rag remove`, index consistency.

Each module run builds its own small index (it, en) and never touches the seed index.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import build_small_index
from tests.test_cli import run_cli

NOTE = "The Quillmere Regatta\nThe Quillmere Regatta is rowed every June; its trophy is a silver otter called Bramble."


@pytest.fixture
def small_index(tmp_path, embedder):
    from rag.engine import Engine

    settings = build_small_index(tmp_path, embedder, extra={"regatta.txt": NOTE})
    return settings, Engine(settings.index, settings.rag, embedder=embedder)


def client_for(small_index, **overrides) -> TestClient:
    from ui.server import create_app

    settings, engine = small_index
    return TestClient(create_app(settings.replace(**overrides).serve, engine, with_ui=False))


def test_deleted_document_is_gone_from_answers_and_the_index_stays_consistent(small_index):
    from index import doctor

    settings, engine = small_index
    client = client_for(small_index)
    sources = [d["source"] for d in client.get("/api/documents").json()]
    regatta = next(s for s in sources if s.endswith("regatta.txt"))
    assert "Bramble" in client.post("/api/ask", json={"question": "What is the regatta trophy called?"}).text
    response = client.delete(f"/api/documents/{regatta}")
    assert response.status_code == 200, response.text
    assert response.json()["removed"] == regatta and response.json()["documents"] == len(sources) - 1
    assert regatta not in [d["source"] for d in client.get("/api/documents").json()]
    answer = client.post("/api/ask", json={"question": "What is the regatta trophy called?"}).json()
    assert all(not c["source"].endswith("regatta.txt") for c in answer["citations"])
    report = doctor.check(settings.index, client=engine.client)
    assert report.ok and report.chroma == report.lexical == report.manifest
    assert (settings.index.data_dir.parent / "seeds" / "regatta.txt").is_file(), "the source file is never touched"


@pytest.mark.parametrize("name", ["nope.txt", "seeds/missing.md", "привет.txt", "🙂"])
def test_deleting_an_unknown_document_is_404_and_changes_nothing(small_index, name):
    settings, _ = small_index
    client = client_for(small_index)
    before = settings.index.manifest_path.read_text()
    response = client.delete(f"/api/documents/{name}")
    assert response.status_code == 404
    assert "no indexed document" in response.json()["detail"]
    assert settings.index.manifest_path.read_text() == before


def test_deleting_needs_the_admin_token_like_uploads(small_index):
    settings, _ = small_index
    before = settings.index.manifest_path.read_text()
    guarded = client_for(small_index, admin_token="s3cret", host="0.0.0.0")
    source = guarded.get("/api/documents").json()[0]["source"]
    assert guarded.delete(f"/api/documents/{source}").status_code == 401
    assert guarded.delete(f"/api/documents/{source}", headers={"Authorization": "Bearer no"}).status_code == 403
    closed = client_for(small_index, host="0.0.0.0")
    assert closed.delete(f"/api/documents/{source}").status_code == 403
    assert settings.index.manifest_path.read_text() == before
    ok = guarded.delete(f"/api/documents/{source}", headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 200


def test_deleting_an_upload_also_deletes_its_stored_copy(small_index):
    settings, _ = small_index
    client = client_for(small_index)
    added = client.post("/api/documents", files={"file": ("otter.txt", NOTE.encode(), "text/plain")}).json()
    stored = settings.serve.uploads_dir / "otter.txt"
    assert stored.is_file()
    assert client.delete(f"/api/documents/{added['document']['source']}").status_code == 200
    assert not stored.exists()


def test_rag_remove_cli_removes_and_doctor_is_clean_after(small_index):
    settings, _ = small_index
    result = run_cli(["remove", "regatta.txt"], settings.index.data_dir)
    assert result.returncode == 0, result.stderr
    assert "removed" in result.stdout and "regatta.txt" in result.stdout
    assert "1 chunk)" in result.stdout or "chunks)" in result.stdout
    again = run_cli(["remove", "regatta.txt"], settings.index.data_dir)
    assert again.returncode == 1 and "no indexed document" in again.stderr and "Traceback" not in again.stderr
    doctor = run_cli(["doctor"], settings.index.data_dir)
    assert doctor.returncode == 0 and "ok:" in doctor.stdout


# -- two documents under one source name, as an index built before sources were made distinct holds them --------
TWINS = {
    "a": "Harbour notes\nThe Fennick lighthouse keeper logs every passing schooner in a green ledger.",
    "b": "Harbour notes\nThe Marrowby ferry carries bicycles free of charge on Sundays in August.",
}


@pytest.fixture
def twin_index(tmp_path, embedder):
    """Two files `docs/notes.txt` in folders a/ and b/, ingested for real; the manifest is then given the one source
    an ingest before `distinct_source` wrote for both (today the second is `b/docs/notes.txt`)."""
    import json

    from index.ingest import Ingestor
    from rag.engine import Engine

    settings = build_small_index(tmp_path, embedder)
    for folder, text in TWINS.items():
        (tmp_path / folder / "docs").mkdir(parents=True)
        (tmp_path / folder / "docs" / "notes.txt").write_text(text, encoding="utf-8")
    Ingestor(settings.index, embedder).run([tmp_path / "a" / "docs", tmp_path / "b" / "docs"])
    manifest = json.loads(settings.index.manifest_path.read_text())
    twins = {key: entry for key, entry in manifest["documents"].items() if key.endswith("/docs/notes.txt")}
    assert sorted(e["source"] for e in twins.values()) == ["b/docs/notes.txt", "docs/notes.txt"]
    for entry in twins.values():
        entry["source"] = "docs/notes.txt"
    settings.index.manifest_path.write_text(json.dumps(manifest))
    keys = {folder: str((tmp_path / folder / "docs" / "notes.txt").resolve()) for folder in TWINS}
    return settings, Engine(settings.index, settings.rag, embedder=embedder), keys


def stored_state(settings, engine) -> tuple[str, int, int]:
    """The manifest's text, Chroma's chunk count and the lexical index's live chunk count."""
    from index.lexical import LexicalIndex
    from index.store import Manifest, open_collection

    manifest = Manifest.load(settings.index.manifest_path)
    lexical = LexicalIndex.committed(settings.index.lexical_dir, manifest)
    count = open_collection(settings.index, engine.client).count()
    return settings.index.manifest_path.read_text(), count, len(lexical)


def test_a_name_two_documents_share_is_refused_listing_both_and_nothing_is_removed(twin_index):
    from index import catalog

    settings, engine, _ = twin_index
    before = stored_state(settings, engine)
    with pytest.raises(catalog.AmbiguousDocumentError) as refused:
        catalog.remove(settings.index, "docs/notes.txt", client=engine.client)
    message = str(refused.value)
    assert "a/docs/notes.txt (1 chunk)" in message and "b/docs/notes.txt (1 chunk)" in message, message
    assert refused.value.exit_code == 2 and refused.value.http_status == 422
    assert stored_state(settings, engine) == before
    api = client_for((settings, engine)).delete("/api/documents/docs/notes.txt")
    assert api.status_code == 422 and "b/docs/notes.txt (1 chunk)" in api.json()["detail"]
    cli = run_cli(["remove", "docs/notes.txt"], settings.index.data_dir)
    assert cli.returncode == 2 and "a/docs/notes.txt (1 chunk)" in cli.stderr and "Traceback" not in cli.stderr
    assert stored_state(settings, engine) == before


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "The index holds 2 documents named `docs/notes.txt`: a/docs/notes.txt (1 chunk); b/docs/notes.txt "
         "(1 chunk). Nothing was removed; pick one by the path shown for it."),
        ("it", "Con il nome `docs/notes.txt` l&#x27;indice contiene 2 documenti: a/docs/notes.txt (1 frammento); "
         "b/docs/notes.txt (1 frammento). Non è stato rimosso nulla; scegline uno con il percorso indicato accanto."),
        ("ru", "Под именем `docs/notes.txt` в индексе 2 документа: a/docs/notes.txt (1 фрагмент); b/docs/notes.txt "
         "(1 фрагмент). Ничего не удалено; выберите один из них по указанному рядом пути."),
    ],
)  # fmt: skip
def test_the_page_refuses_a_shared_name_in_its_language_and_offers_each_document(twin_index, lang, expected):
    import gradio as gr

    from tests.test_uploads import page_request
    from ui.documents_tab import DocumentHandlers, choices
    from ui.service import Service

    settings, engine, _ = twin_index
    before = stored_state(settings, engine)
    tab = DocumentHandlers(Service(settings.serve, engine), gr.Blocks())
    status, _, _ = tab.remove("docs/notes.txt", None, lang, page_request())
    assert status == "❌ " + expected
    assert stored_state(settings, engine) == before
    offered = [value for _, value in choices(tab.service)]
    assert {"a/docs/notes.txt", "b/docs/notes.txt"} <= set(offered) and len(set(offered)) == len(offered)


@pytest.mark.parametrize("pick", ["b/docs/notes.txt", "path"])
def test_the_path_shown_picks_one_document_and_removes_exactly_it(twin_index, pick):
    from index import doctor
    from index.lexical import LexicalIndex
    from index.store import Manifest, open_collection

    settings, engine, keys = twin_index
    manifest = Manifest.load(settings.index.manifest_path)
    ids = {folder: list(manifest.documents[key].chunk_ids) for folder, key in keys.items()}
    name = keys["b"] if pick == "path" else pick
    result = run_cli(["remove", name], settings.index.data_dir)
    assert result.returncode == 0, result.stderr
    after = Manifest.load(settings.index.manifest_path)
    assert keys["b"] not in after.documents and after.documents[keys["a"]].source == "docs/notes.txt"
    collection = open_collection(settings.index, engine.client)
    assert collection.get(ids=ids["b"])["ids"] == [] and collection.get(ids=ids["a"])["ids"] == ids["a"]
    lexical = LexicalIndex.committed(settings.index.lexical_dir, after)
    assert [hit.chunk_id for hit in lexical.search("Marrowby ferry bicycles", 5)] == []
    assert [hit.chunk_id for hit in lexical.search("Fennick lighthouse schooner", 5)] == ids["a"]
    report = doctor.check(settings.index, client=engine.client)
    assert report.ok and report.chroma == report.lexical == report.manifest
    assert (settings.index.data_dir.parent / "b" / "docs" / "notes.txt").is_file(), "the file is never touched"
