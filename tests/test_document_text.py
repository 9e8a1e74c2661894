"""A cited source opened as the whole document: `GET /api/documents/{source}/text` and its HTML for the page.

The text comes from the index (the stored chunks merged by their offsets), never from the file on disk; an unknown
document is one 404 message; hostile document text is returned as data and escaped in the page's HTML.
"""

from __future__ import annotations

import re
from urllib.parse import quote as urlquote

import pytest
from fastapi.testclient import TestClient

from index.chunk import normalise_text
from index.fulltext import merge_chunks
from tests.conftest import ROOT, build_small_index, make_settings
from ui.document_view import HIT_ID, document_html, locate

HOSTILE = (
    "Notes about the lighthouse 🦭\n\n"
    '<img src=x onerror="alert(1)"><script>document.title="owned"</script> & <b>bold</b>\n\n'
    "The keeper of the Varnholm lighthouse is a seal called Pim 🦭, who rings the bell at dusk.\n"
)
QUESTIONS = {
    "en": "How many countries did the entries to the Kling AI contest come from?",
    "it": "Qual era il montepremi del concorso?",
    "ru": "Сколько заявок собрал конкурс NEXTGEN Creative Contest?",
}


@pytest.fixture(scope="module")
def api(engine, seed_settings):
    from ui.server import create_app

    with TestClient(create_app(seed_settings.serve, engine, with_ui=False)) as client:
        yield client


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, embedder):
    from rag.engine import Engine
    from ui.server import create_app

    settings = build_small_index(tmp_path_factory.mktemp("hostile-text"), embedder, extra={"lighthouse.txt": HOSTILE})
    engine = Engine(settings.index, settings.rag, embedder=embedder)
    source = next(d["source"] for d in engine.documents() if d["source"].endswith("lighthouse.txt"))
    with TestClient(create_app(settings.serve, engine, with_ui=False)) as client:
        yield settings, client, source


def text_of(client: TestClient, source: str, **params: str):
    # encoded as the widget encodes it (encodeURIComponent: "/" too), so "../" cannot leave the route
    return client.get(f"/api/documents/{urlquote(source, safe='')}/text", params=params)


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "seeds").iterdir()))
def test_whole_text_is_the_document_with_every_character_at_its_offset(api, name):
    body = text_of(api, f"seeds/{name}").json()
    original = normalise_text((ROOT / "seeds" / name).read_text(encoding="utf-8")).rstrip()
    assert body["source"] == f"seeds/{name}" and body["highlight"] is None
    assert len(body["text"]) == len(original)
    differing = [i for i, (a, b) in enumerate(zip(body["text"], original, strict=True)) if a != b]
    assert all(original[i].isspace() and body["text"][i].isspace() for i in differing), "only gap whitespace differs"


def test_overlapping_and_separated_chunks_merge_by_their_offsets():
    text = "Alpha beta.\n\nGamma delta. Epsilon zeta eta."
    pieces = [(0, 11, text[0:11]), (13, 26, text[13:26]), (6, 11, text[6:11]), (20, 43, text[20:43])]
    assert merge_chunks(list(reversed(pieces))) == "Alpha beta.\n\nGamma delta. Epsilon zeta eta."
    assert merge_chunks([(0, 5, "Alpha"), (6, 10, "beta")]) == "Alpha beta", "a one-character gap is a space"
    assert merge_chunks([]) == ""


@pytest.mark.parametrize("lang", ["en", "it", "ru"])
def test_the_cited_quote_is_located_in_the_whole_document(api, lang):
    answer = api.post("/api/ask", json={"question": QUESTIONS[lang]}).json()
    cited = next(c for c in answer["citations"] if c["quote"])
    body = text_of(api, cited["source"], quote=cited["quote"], passage=cited["text"]).json()
    start, end = body["highlight"]
    assert body["text"][start:end].split() == cited["quote"].split()
    passage_at = body["text"].find(cited["text"][:60])
    assert passage_at <= start < passage_at + len(cited["text"]), "the sentence of the cited passage is marked"


def test_the_quote_after_the_passage_wins_over_an_earlier_identical_sentence():
    text = "Same sentence here. Other words. Marker passage: Same sentence here. End."
    assert locate(text, "Same sentence here.") == (0, 19)
    start, _ = locate(text, "Same  sentence\nhere.", passage="Marker passage: Same sentence")
    assert start == text.rindex("Same sentence here.")
    assert locate(text, "not in the text") is None and locate(text, "   ") is None


@pytest.mark.parametrize(
    "intro",
    [
        "With the files source, glibc reads the following files:",
        "Con la sorgente files, glibc legge i seguenti file:",
        "При источнике files glibc читает следующие файлы:",
        "🎬 Files:",
    ],
    ids=["en", "it", "ru", "emoji"],
)
def test_a_list_item_quoted_with_its_introduction_is_marked_from_the_one_to_the_other(intro):
    """A window of a list's introduction and a later item (`rag/spans.py`) is quoted as the two joined: the page
    marks from the introduction to the item, the one after the cited passage."""
    rows = ["aliases /etc/aliases", "ethers /etc/ethers", "group /etc/group", "initgroups /etc/group"]
    passage = "\n".join([intro, *rows, "Other sources read their own files."])
    text = f"{passage}\n\nAgain:\n{passage}"
    span = locate(text, f"{intro} initgroups /etc/group", passage=f"Again:\n{intro}")
    row = "initgroups /etc/group"
    second = text.rindex(intro)
    assert span == (second, text.index(row, second) + len(row))
    assert locate(text, f"{intro} {row}") == (0, text.index(row) + len(row)), "without the passage: the first"
    assert locate(text, f"{intro} no such row") is None


@pytest.mark.parametrize(
    "name", ["nope.txt", "seeds/missing.md", "привет.txt", "🙂", "../../etc/passwd", "/etc/hostname"]
)
def test_an_unknown_document_is_one_404_message(api, name):
    response = text_of(api, name)
    assert response.status_code == 404
    assert response.json() == {"detail": f"no indexed document {name!r}; `rag info` or GET /api/documents lists them"}


def test_the_text_comes_from_the_index_not_the_file_on_disk(hostile):
    settings, client, source = hostile
    on_disk = settings.data_dir.parent / "seeds" / "lighthouse.txt"
    on_disk.write_text("Replaced on disk after the ingest.", encoding="utf-8")
    try:
        body = text_of(client, source).json()
    finally:
        on_disk.write_text(HOSTILE, encoding="utf-8")
    assert "seal called Pim 🦭" in body["text"] and "Replaced on disk" not in body["text"]


def test_hostile_document_text_is_returned_as_data_and_escaped_in_the_page_html(hostile):
    _, client, source = hostile
    body = text_of(client, source, quote="a seal called Pim 🦭, who rings").json()
    assert '<img src=x onerror="alert(1)"><script>' in body["text"], "the API returns the text as it is"
    start, end = body["highlight"]
    assert body["text"][start:end] == "a seal called Pim 🦭, who rings"
    page = document_html(body["source"], "<b>title</b>", body["language"], body["text"], (start, end))
    assert "<img" not in page and "<script" not in page and "<b>" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert re.search(rf'<mark id="{HIT_ID}">a seal called Pim 🦭, who rings</mark>', page)


def test_reading_a_document_needs_an_api_key_when_keys_are_set(engine, seed_settings):
    from ui.server import create_app

    settings = make_settings(seed_settings.data_dir, api_keys="key-one")
    client = TestClient(create_app(settings.serve, engine, with_ui=False))
    source = "seeds/000_43edf65cfdb5b0df.txt"
    assert text_of(client, source).status_code == 401
    reply = client.get(f"/api/documents/{source}/text", headers={"Authorization": "Bearer key-one"})
    assert reply.status_code == 200 and reply.json()["source"] == source


def test_an_overlong_search_string_is_422_and_reads_nothing(api):
    response = text_of(api, "seeds/000_43edf65cfdb5b0df.txt", quote="x" * 5001)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "quote"]
