"""The page's reasons that come from outside its own handlers, in the page's language (`ui/locales`; another
language gets English): the index's refusals (built with other settings, a damaged lexical index, a lost Chroma server),
the upload's progress stages, Gradio's full queue and the full upload space (507). Each is checked in what a
handler (or Gradio's queue, or the upload route's check) returns, over a real small index; nothing stored is lost.
"""

from __future__ import annotations

import asyncio
import html
import json
import re
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.test_uploads import NEW_DOCUMENT, no_progress, page_request
from ui.locales import LOCALES as PAGE_LANGUAGES

LANGS = ["en", "it", "ru", "fr", "pl"]  # Polish: a language the page lacks gets English


def said_in(lang: str) -> dict[str, str]:
    from ui.page_strings import STRINGS

    return STRINGS.get(lang, STRINGS["en"])


def escaped_pattern(template: str, **wild: str) -> str:
    """`template` as the page shows it (HTML-escaped), each named field as any text."""
    pattern = re.escape(html.escape(template))
    for name in wild:
        pattern = pattern.replace(re.escape("{" + name + "}"), ".+")
    return pattern


@pytest.mark.parametrize(
    ("lang", "counts"),
    [
        ("en", ["1 request", "2 requests", "5 requests", "21 requests"]),
        ("it", ["1 richiesta", "2 richieste", "5 richieste", "21 richieste"]),
        ("ru", ["1 запрос", "2 запроса", "5 запросов", "21 запрос"]),
        ("de", ["1 Anfrage", "2 Anfragen", "5 Anfragen", "21 Anfragen"]),
        ("fr", ["1 requête", "2 requêtes", "5 requêtes", "21 requêtes"]),
        ("es", ["1 solicitud", "2 solicitudes", "5 solicitudes", "21 solicitudes"]),
    ],
)
def test_counts_take_the_plural_their_language_needs(lang, counts):
    from ui.page_strings import count

    assert [count(lang, n, "requests") for n in (1, 2, 5, 21)] == counts


@pytest.mark.parametrize("lang", LANGS)
def test_upload_progress_names_its_stages_in_the_pages_language(small_index, lang):
    import gradio as gr

    from ui.documents_tab import DocumentHandlers
    from ui.gradio_guard import upload_folder
    from ui.service import Service

    settings, engine = small_index
    said, shown = said_in(lang), []
    tab = DocumentHandlers(Service(settings.serve, engine), gr.Blocks())
    upload = upload_folder() / f"page-stages-{uuid.uuid4().hex}" / f"stages-{lang}.txt"
    upload.parent.mkdir(parents=True)
    upload.write_text(NEW_DOCUMENT.replace("Lumen", f"Lumen {lang}"))
    tab.add_documents([str(upload)], None, lang, page_request(), lambda share, desc: shown.append(desc))
    upload.parent.rmdir()
    stages = {re.fullmatch(rf"{upload.name}: (.+) \d+/\d+", desc).group(1) for desc in shown}  # type: ignore[union-attr]
    assert {said["stage_reading"], said["stage_embedding"], said["stage_lexical"]} <= stages
    assert stages <= {said[key] for key in said if key.startswith("stage_")}
    added = next(d for d in tab.service.documents() if d.source.endswith(upload.name))
    tab.remove(added.source, None, lang, page_request())


@pytest.mark.parametrize(("lang", "eval_stage"), [("en", "baseline retrieval"), ("it", "confronto retrieval")])
def test_eval_stages_are_worded_like_the_uploads(lang, eval_stage):
    from ui.page_strings import stage_words

    assert stage_words(lang, "baseline retrieval") == eval_stage
    assert stage_words("ru", "conversations") == "диалоги" and stage_words(lang, "a new stage") == "a new stage"


@pytest.mark.parametrize("lang", LANGS)
def test_an_index_built_with_other_settings_is_explained_in_the_pages_language(small_index, lang):
    import gradio as gr

    from ui.documents_tab import DocumentHandlers
    from ui.gradio_guard import upload_folder
    from ui.service import Service

    settings, engine = small_index
    manifest_path = settings.index.manifest_path
    stored, before = manifest_path.read_text(), engine.documents()
    other = json.loads(stored)
    other["fingerprint"]["embed_model"] = "another/model"  # as if built with another embedding model
    manifest_path.write_text(json.dumps(other))
    upload = upload_folder() / f"page-mismatch-{uuid.uuid4().hex}" / "mismatch.txt"
    upload.parent.mkdir(parents=True)
    upload.write_text(NEW_DOCUMENT)
    try:
        status, _, _ = DocumentHandlers(Service(settings.serve, engine), gr.Blocks()).add_documents(
            [str(upload)], None, lang, page_request(), no_progress
        )
    finally:
        manifest_path.write_text(stored)
        engine.reload()
        upload.parent.rmdir()
    assert re.fullmatch("- ❌ " + escaped_pattern(said_in(lang)["index_mismatch"], diff=""), status), status
    assert "another/model" in status and "rag ingest --reset" in status
    assert engine.documents() == before and not (settings.serve.uploads_dir / "mismatch.txt").exists()


@pytest.mark.parametrize("lang", LANGS)
def test_a_damaged_lexical_index_is_explained_and_nothing_is_removed(small_index, lang):
    import gradio as gr

    from ui.documents_tab import DocumentHandlers
    from ui.service import Service

    settings, engine = small_index
    manifest_path = settings.index.manifest_path
    stored, before = manifest_path.read_text(), engine.documents()
    damaged = json.loads(stored)
    damaged["lexical"]["segments"] = [{"no name": 1}]  # a garbled entry
    manifest_path.write_text(json.dumps(damaged))
    try:
        status, _, _ = DocumentHandlers(Service(settings.serve, engine), gr.Blocks()).remove(
            before[0]["source"], None, lang, page_request()
        )
        assert json.loads(manifest_path.read_text())["documents"] == damaged["documents"]  # nothing committed
    finally:
        manifest_path.write_text(stored)
        engine.reload()
    assert status == "❌ " + html.escape(said_in(lang)["lexical_damaged"])
    assert engine.documents() == before


@pytest.mark.parametrize("lang", LANGS)
def test_a_lost_chroma_server_is_worded_in_the_pages_language(lang):
    import httpx

    from index.store.chroma import _server_errors
    from ui.page_strings import refusal_words

    url = "http://127.0.0.1:9"
    with pytest.raises(Exception) as lost, _server_errors(url):
        raise httpx.ConnectError("connection refused")
    assert refusal_words(lost.value, lang) == said_in(lang)["store_lost"].format(url=url)
    assert str(lost.value).startswith("lost the Chroma server")  # the CLI and the API keep the English message


def queue_request(host: str, lang: str):
    from starlette.requests import Request

    headers = [(b"cookie", f"rag_lang={lang}".encode())]
    return Request({"type": "http", "method": "POST", "path": "/gradio_api/queue/join", "headers": headers,
                    "client": (host, 40000)})  # fmt: skip


@pytest.mark.parametrize("lang", LANGS)
def test_gradio_queue_refusals_are_in_the_pages_language(small_index, lang):
    import gradio as gr
    from gradio.data_classes import PredictBodyInternal

    from ui.gradio_guard import harden
    from ui.page_strings import count
    from ui.service import Service

    settings, engine = small_index
    with gr.Blocks() as blocks:
        gr.Button().click(lambda: "x", None, gr.Textbox())
    harden(blocks, Service(settings.replace(queue_per_client=1, queue_max_size=1).serve, engine))

    async def join(host: str) -> tuple:
        request = queue_request(host, lang)
        fn = blocks.fns[0]._id
        body = PredictBodyInternal(fn_index=fn, trigger_id=None, session_hash=f"s-{host}", data=[], request=request)
        return await blocks._queue.push(body=body, request=request, username=None)

    async def three() -> list[tuple]:
        return [await join(host) for host in ("10.0.0.1", "10.0.0.1", "10.0.0.2")]

    # In a thread of its own: an earlier test of the full suite (a browser's sync API) may leave this thread's
    # event loop running, and asyncio.run refuses to start inside a running loop.
    with ThreadPoolExecutor(1) as pool:
        first, mine, full = pool.submit(asyncio.run, three()).result()
    one = count(lang, 1, "requests")
    assert first[0] and first[2] == "success"
    assert mine == (False, said_in(lang)["queue_mine"].format(requests=one), "queue_full")  # RAG_QUEUE_PER_CLIENT
    assert full == (False, said_in(lang)["queue_full"].format(requests=one), "queue_full")  # RAG_QUEUE_MAX_SIZE


@pytest.mark.parametrize("lang", LANGS)
def test_the_upload_route_refuses_in_the_pages_language(small_index, tmp_path, lang):
    import gradio as gr

    from ui.gradio_guard import make_upload_check
    from ui.service import Service

    settings, engine = small_index
    blocks = gr.Blocks()
    waiting = tmp_path / "waiting.bin"
    waiting.write_bytes(b"x" * 4096)
    blocks.upload_file_set.add(str(waiting))
    full = make_upload_check(blocks, Service(settings.replace(gradio_upload_mb=0.001).serve, engine))
    by_cookie = {"headers": [(b"cookie", f"rag_lang={lang}".encode())], "client": ("127.0.0.1", 1)}
    by_browser = {"headers": [(b"accept-language", f"{lang}-XX,{lang};q=0.9".encode())], "client": ("127.0.0.1", 1)}
    for scope in (by_cookie, by_browser):
        assert full(scope) == (507, said_in(lang)["upload_full"].format(used="0"))
    locked = make_upload_check(blocks, Service(settings.replace(admin_token="s3cret").serve, engine))
    status, message = locked(by_cookie)  # type: ignore[misc]
    assert status == 401
    if lang in PAGE_LANGUAGES and lang != "en":
        assert message == said_in(lang)["refused_no_token"]
    else:  # English keeps the API's advice (the bearer header), for clients of the route other than the page
        assert "Authorization: Bearer" in message
