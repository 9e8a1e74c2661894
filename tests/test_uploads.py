"""Uploads through `POST /api/documents`: searchable at once, refused with a reason, names kept inside the
uploads folder, and the admin-token rule. Each test module run builds its own small index, never the seeds'.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def test_safe_file_names_stay_inside_the_uploads_folder():
    from ui.service import safe_file_name

    assert safe_file_name("../../x.txt") == "x.txt"
    assert safe_file_name("..\\..\\evil.md") == "evil.md"
    assert safe_file_name("/etc/passwd.txt") == "passwd.txt"
    assert safe_file_name("notes .TXT") == "notes.txt"
    assert safe_file_name("привет мир.md") == "привет_мир.md"
    assert safe_file_name("..") == "upload"
    assert len(safe_file_name("a" * 500 + ".txt")) <= 100


# -- uploads ---------------------------------------------------------------------------------------------------
NEW_DOCUMENT = (
    "The Lumen Orchard Festival\n"
    "The Lumen Orchard Festival is held every May in the village of Castelvetro. "
    "Its mascot is a blue heron named Pico, chosen by the village school in 2019. "
    "About 3,000 visitors come to see the lantern parade along the river."
)


def upload_client(small_index, **overrides):
    from ui.server import create_app

    settings, engine = small_index
    return TestClient(create_app(settings.replace(**overrides).serve, engine, with_ui=False))


def test_uploaded_document_is_searchable_at_once(small_index):
    client = upload_client(small_index)
    before = len(client.get("/api/documents").json())
    response = client.post(
        "/api/documents", files={"file": ("lumen festival.txt", NEW_DOCUMENT.encode(), "text/plain")}
    )
    assert response.status_code == 201, response.text
    result = response.json()
    assert result["status"] == "added" and result["documents"] == before + 1
    assert result["document"]["language"] == "en" and result["document"]["chunks"] >= 1
    answer = client.post("/api/ask", json={"question": "What is the name of the festival mascot?"}).json()
    assert "Pico" in answer["answer"]
    assert answer["citations"][0]["source"].endswith("uploads/lumen_festival.txt")


def snapshot(small_index) -> tuple[list[dict], str, list[str]]:
    settings, engine = small_index
    folder = settings.serve.uploads_dir
    uploads = sorted(p.name for p in folder.glob("*")) if folder.exists() else []
    return engine.documents(), settings.index.manifest_path.read_text(), uploads


@pytest.mark.parametrize(
    ("name", "data", "status", "message"),
    [
        ("tool.exe", b"MZ binary", 415, "unsupported file type"),
        ("README", b"no extension", 415, "unsupported file type"),
        ("big.txt", b"word " * 4000, 413, "upload limit"),
        ("empty.txt", b"", 422, "empty"),
        ("binary.txt", b"\x00\x01\x02 text", 422, "binary"),
    ],
    ids=["exe", "no-extension", "oversized", "empty", "binary"],
)
def test_refused_uploads_leave_the_index_unchanged(small_index, name, data, status, message):
    client = upload_client(small_index, max_upload_mb=0.01)
    before = snapshot(small_index)
    response = client.post("/api/documents", files={"file": (name, data, "application/octet-stream")})
    assert response.status_code == status
    assert message in response.json()["detail"]
    assert snapshot(small_index) == before


def test_upload_name_cannot_leave_the_uploads_folder(small_index):
    settings, _ = small_index
    client = upload_client(small_index)
    text = NEW_DOCUMENT.replace("Pico", "Nilo")
    response = client.post("/api/documents", files={"file": ("../../escape.txt", text.encode(), "text/plain")})
    assert response.status_code == 201
    assert (settings.serve.uploads_dir / "escape.txt").is_file()
    assert not (settings.data_dir.parent / "escape.txt").exists()
    assert not (settings.data_dir / "escape.txt").exists()


def test_uploads_need_the_admin_token_when_one_is_set(small_index):
    client = upload_client(small_index, admin_token="s3cret", host="0.0.0.0")
    files = {"file": ("token.txt", NEW_DOCUMENT.replace("Pico", "Zefiro").encode(), "text/plain")}
    assert client.post("/api/documents", files=files).status_code == 401
    wrong = client.post("/api/documents", files=files, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    right = client.post("/api/documents", files=files, headers={"Authorization": "Bearer s3cret"})
    assert right.status_code == 201


def test_uploads_are_closed_on_a_network_address_without_a_token(small_index):
    client = upload_client(small_index, host="0.0.0.0")
    before = snapshot(small_index)
    response = client.post("/api/documents", files={"file": ("net.txt", NEW_DOCUMENT.encode(), "text/plain")})
    assert response.status_code == 403
    assert "RAG_ADMIN_TOKEN" in response.json()["detail"]
    assert snapshot(small_index) == before
