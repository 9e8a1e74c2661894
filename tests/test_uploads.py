"""Uploads through `POST /api/documents`: searchable at once, refused with a reason, names kept inside the
uploads folder, and the admin-token rule; the page's handlers word their messages in the page's language. Each
test module run builds its own small index, never the seeds'.
"""

from __future__ import annotations

import html
import re
import uuid
from types import SimpleNamespace

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


# -- the page's own messages (the Documents and Eval tabs, the chat, the document panel), in-process -------------
def page_request() -> SimpleNamespace:
    """What the handlers read of Gradio's request: the client's address."""
    return SimpleNamespace(client=SimpleNamespace(host="127.0.0.1"))


def no_progress(*args, **kwargs) -> None:
    return None


def as_pattern(template: str) -> str:
    """A table entry with `{seconds}` as any whole number (the wait left depends on the clock)."""
    return re.escape(template).replace(re.escape("{seconds}"), r"\d+")


@pytest.mark.parametrize("lang", ["en", "it", "ru", "de"])
def test_the_pages_handlers_word_their_messages_in_the_pages_language(small_index, lang):
    import gradio as gr

    from ui.chat import ChatHandlers
    from ui.document_panel import DocumentPanel
    from ui.documents_tab import DocumentHandlers
    from ui.eval_tab import EvalHandlers
    from ui.gradio_guard import upload_folder
    from ui.page_strings import STRINGS, chunks
    from ui.service import Service

    settings, engine = small_index
    said, request = STRINGS.get(lang, STRINGS["en"]), page_request()
    tab = DocumentHandlers(Service(settings.serve, engine), gr.Blocks())
    before = tab.service.documents()
    # added, then removed
    upload = upload_folder() / f"page-msgs-{uuid.uuid4().hex}" / "lumen.txt"
    upload.parent.mkdir(parents=True)
    upload.write_text(NEW_DOCUMENT)
    status, rows, _ = tab.add_documents([str(upload)], None, lang, request, no_progress)
    upload.parent.rmdir()  # the handler deleted Gradio's copy
    doc = next(d for d in tab.service.documents() if d.source.endswith("lumen.txt"))
    named = {"source": doc.source, "language": "en", "chunks": chunks(lang, doc.chunks)}
    assert status == "- " + said["upload_added"].format(**named) and len(rows) == len(before) + 1
    status, _, _ = tab.remove(doc.source, None, lang, request)
    assert status == said["removed"].format(source=doc.source, chunks=named["chunks"], documents=len(before))
    assert tab.remove(None, None, lang, request)[0] == said["choose_removal"]
    # refused: a file Gradio did not receive, an unknown document, no files, no admin token
    stray = settings.data_dir / "stray.txt"
    stray.write_text(NEW_DOCUMENT)
    status, _, _ = tab.add_documents([str(stray)], None, lang, request, no_progress)
    assert status == "- ❌ " + html.escape(said["refused_not_uploaded"].format(name="stray.txt"))
    status, _, _ = tab.remove("seeds/nowhere.txt", None, lang, request)
    assert status == "❌ " + html.escape(said["refused_unknown"].format(source="seeds/nowhere.txt"))
    with pytest.raises(gr.Error) as nothing:
        tab.add_documents([], None, lang, request, no_progress)
    assert (nothing.value.title, nothing.value.message) == (said["nothing_to_upload"], said["choose_files"])
    locked = Service(settings.replace(admin_token="s3cret", rate_limit="1/minute").serve, engine)
    with pytest.raises(gr.Error) as refused:
        DocumentHandlers(locked, gr.Blocks()).add_documents([str(stray)], None, lang, request, no_progress)
    assert (refused.value.title, refused.value.message) == (said["upload_refused"], said["refused_no_token"])
    with pytest.raises(gr.Error) as not_run:
        EvalHandlers(locked).run_eval(None, lang, request, no_progress)
    assert (not_run.value.title, not_run.value.message) == (said["eval_not_run"], said["refused_no_token"])
    # the rate limit, in the chat: the one question a minute allowed is used first
    locked.admit("127.0.0.1")
    reply = list(ChatHandlers(locked).respond("Chi è Pico?", [], None, None, lang, request))
    assert len(reply) == 1 and re.fullmatch(as_pattern(said["refused_rate"]), reply[0])
    # the document panel: an unknown document (e.g. removed since the answer), or none named
    panel = DocumentPanel(Service(settings.serve, engine))
    for data, expected in (({"source": "seeds/nowhere.txt"}, "refused_unknown"), ({}, "refused_no_source")):
        shown, _ = panel.open_source(lang, SimpleNamespace(_data=data), request)
        assert html.escape(said[expected].format(source="seeds/nowhere.txt")) in shown
