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
