"""Plain-language output pinned: refusal replies per language, merged identical quotes, document titles,
`rag ingest`'s not-indexed list, `rag info`'s rows and plurals, saved-conversation titles, the words around
an answer's sources in its language."""

from __future__ import annotations

import html

import pytest

from rag.types import Answer, Citation, Timings


@pytest.mark.parametrize(
    ("question", "browser", "expected"),
    [
        ("", "it-IT,it;q=0.9", "Non c'è ancora nessuna domanda"),
        ("   \u200b\u0007 ", "ru-RU", "Вопроса пока нет"),
        ("", "de-DE,en;q=0.5", "Es gibt noch keine Frage"),
        ("", "fr-FR", "Il n’y a pas encore de question"),
        ("", "es-ES,es;q=0.9", "Todavía no hay ninguna pregunta"),
        ("", "pt-BR,en;q=0.5", "There is no question"),
        ("", None, "There is no question"),
        ("🙂" * 2001, "en-US", "2001 characters long; the limit is 2000"),
    ],
)
def test_refusal_reply_is_in_the_askers_language(question, browser, expected):
    from ui.refusals import refusal_text, reply_language

    language = reply_language(question, browser)
    assert expected in refusal_text(question, "the question is empty", 2000, language)


@pytest.mark.parametrize(
    ("accept", "language"),
    [
        ("it-IT,it;q=0.9,en;q=0.8", "it"),
        ("en;q=0.5, ru", "ru"),  # by weight, not by order
        ("ru;q=0, it;q=0.3", "it"),  # q=0: not this one
        ("pl, de;q=0.7, fr;q=0.7", "de"),  # equal weights: by order; a language without messages is skipped
        ("xx, it;q=abc", None),  # a malformed weight is ignored
        ("", None),
        (None, None),
        ("🙂", None),
    ],
)
def test_the_askers_language_is_the_most_preferred_one_we_have(accept, language):
    from ui.refusals import browser_language

    assert browser_language(accept) == language


@pytest.mark.parametrize(
    ("question", "language", "expected"),
    [
        ("Qual era il montepremi del concorso? " * 60, "it", "il limite è 2000"),
        ("Какой фильм получил Гран-при конкурса? " * 60, "ru", "предел — 2000"),
        ("How many countries did the entries come from? " * 50, "en", "the limit is 2000"),
        ("Aus wie vielen Ländern kamen die Beiträge? " * 50, "de", "die Grenze liegt bei 2000"),
        ("De combien de pays venaient les films ? " * 60, "fr", "la limite est de 2000"),
        ("¿De cuántos países llegaron las obras? " * 60, "es", "el límite es 2000"),
        ("parola " * 400, "en", "the limit is 2000"),  # one word repeated tells no language: the browser's
    ],
)
def test_too_long_question_is_answered_in_its_own_language(engine, question, language, expected):
    from ui.refusals import refusal_text, reply_language

    chosen = reply_language(question, "en-US", engine.detect_language)
    assert chosen == language
    assert expected in refusal_text(question, "too long", 2000, chosen)


def citation(n: int, quote: str, source: str = "seeds/a.txt") -> Citation:
    return Citation(id=n, source=source, title="A", language="en", text=f"passage {n}: {quote}", score=1.0, quote=quote)


def answer(text: str, citations: list[Citation]) -> Answer:
    return Answer(
        question="q", answer=text, abstained=False, mode="extractive", language="en",
        citations=citations, retrieved=[], timings_ms=Timings(retrieve=0, answer=0, total=0),
    )  # fmt: skip


def test_identical_quotes_from_overlapping_passages_are_one_source():
    from ui.dedup import merge_identical_quotes
    from ui.render import answer_html

    same = "The prize was 42,000 dollars."
    raw = answer(
        "The prize was 42,000 dollars. [1] [2] Entries came from 122 countries. [3]",
        [citation(1, same), citation(2, " The prize  was 42,000 dollars. "), citation(3, "Entries came from 122.")],
    )
    merged = merge_identical_quotes(raw)
    assert [c.id for c in merged.citations] == [1, 2]
    assert merged.answer == "The prize was 42,000 dollars. [1] Entries came from 122 countries. [2]"
    page = answer_html(raw, "a1")
    assert page.count('class="rag-source"') == 2


def test_same_quote_in_two_documents_stays_two_sources():
    from ui.dedup import merge_identical_quotes

    raw = answer("X. [1] [2]", [citation(1, "X.", "seeds/a.txt"), citation(2, "X.", "seeds/b.txt")])
    assert merge_identical_quotes(raw) == raw


@pytest.mark.parametrize(
    ("head", "name", "title"),
    [
        ("# Il festival delle lanterne\n\nTesto.", "festa.md", "Il festival delle lanterne"),
        ("## Фестиваль фонарей ##\nТекст.", "fest.md", "Фестиваль фонарей"),
        ("When AI Took the Spotlight\nKling AI showcased films.", "spot.txt", "When AI Took the Spotlight"),
        (" date 2025-06 Il rapporto tra tecnologia IA e film è diventato inscindibile.", "002_ab.txt", "002 ab"),
        # a file name of counters and hashes names nothing: prose opens the title instead (before: "001 2b6876…")
        (
            "Tokyo, 3 novembre 2025 – Durante il Tokyo Film Festival si è svolto il contest. Altro.\nTesto.",
            "001_2b68764e64aadd81.txt",
            "Tokyo, 3 novembre 2025 – Durante il Tokyo Film Festival…",
        ),
        ("Свет в зале погас. Начался показ.", "003_5e7f83f5287d.txt", "Свет в зале погас."),
        (
            "Kling AI showed short films in Tokyo, and many people came to watch them.",
            "17.txt",
            "Kling AI showed short films in Tokyo, and many people…",
        ),
        (
            "🎬🎬 we went to the film festival today, and it was great fun.",
            "a1b2c3d4e5.txt",
            "🎬🎬 we went to the film festival today, and it…",
        ),
        (
            "Dr. Smith came to Tokyo to see the films. Then he left.",
            "20240101.txt",
            "Dr. Smith came to Tokyo to see the films.",
        ),
        ("Face to face with the machines, and then some more prose.", "face2face.txt", "face2face"),  # a word
        ("The deadbeef build failed again today, as it did before.", "deadbeef.txt", "deadbeef"),
        ("🎬 Film festival 🎬\nbody", "emoji.txt", "🎬 Film festival 🎬"),
        (
            "NAME\nfstab - static information about the filesystems\nbody",
            "fstab.5.txt",
            "fstab - static information about the filesystems",
        ),
        (
            "NOME\n\nfstab - informazioni statiche sui file system",
            "fstab.5.txt",
            "fstab - informazioni statiche sui file system",
        ),
        ("ИМЯ\npipe - обзор каналов и FIFO", "pipe.7.txt", "pipe - обзор каналов и FIFO"),
        ("NASA\n", "nasa.txt", "NASA"),  # a label with nothing after it is all there is
        ("KLING AI\nbody", "kling.txt", "KLING AI"),  # two words in capitals are a headline
        ("", "empty_notes.txt", "empty_notes.txt"),
    ],
)
def test_document_titles_are_headings_not_markup_prose_or_section_labels(head, name, title):
    from index.readers import title_of

    assert title_of(head, name) == title


def test_ingest_lists_unsupported_files_as_not_indexed(tmp_path, settings, embedder):
    from index.ingest import Ingestor
    from ui.wording import ingest_summary

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "note.txt").write_text("A note\nThe heron is called Pico.", encoding="utf-8")
    (tmp_path / "docs" / "table.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / "docs" / "tool.exe").write_bytes(b"MZ")
    report = Ingestor(settings.index, embedder).run([tmp_path / "docs"]).to_dict()
    lines = ingest_summary(report)
    assert lines[0].startswith("1 file read: 1 added")
    assert "2 files not indexed:" in lines
    assert any("table.csv: unsupported file type .csv" in line for line in lines)
    assert any("tool.exe: unsupported file type .exe" in line for line in lines)
    assert not any("warning(s)" in line for line in lines)


def test_info_rows_are_labelled_and_chunks_pluralised():
    from ui.wording import info_rows, plural

    assert plural(1, "chunk") == "1 chunk" and plural(0, "chunk") == "0 chunks" and plural(2, "file") == "2 files"
    data = {
        "documents": 1, "chunks": 1, "languages": {"it": 1}, "embedding_model": "m", "embedding_backend": "torch",
        "answer_mode": "extractive", "data_dir": "/d", "vector_store": "/d/chroma",
    }  # fmt: skip
    rows = dict(info_rows(data))
    assert rows["Chunks"] == "1" and rows["Languages"] == "it 1" and rows["Embedding model"] == "m (torch)"


@pytest.mark.parametrize(
    ("messages", "title"),
    [
        ([{"role": "user", "content": [{"type": "text", "text": ""}]},
          {"role": "user", "content": [{"type": "text", "text": "&lt;img src=x&gt; Qual era?"}]}],
         "<img src=x> Qual era?"),
        ([{"role": "user", "content": "Какой фильм получил Гран-при конкурса Kling AI в Токио?"}],
         "Какой фильм получил Гран-при конкурса K…"),
        ([{"role": "assistant", "content": "hi"}], "Conversation"),
    ],
)  # fmt: skip
def test_saved_conversation_titles_are_the_first_question_as_typed(messages, title):
    from ui.history import conversation_title

    assert conversation_title(messages) == title


@pytest.mark.parametrize(
    ("language", "heading", "tip", "none"),
    [
        ("en", "Sources", "Open the whole document", "No source supports"),
        ("it", "Fonti", "Apri il documento intero", "Nessuna fonte sostiene"),
        ("ru", "Источники", "Открыть весь документ", "Ни один источник"),
        ("de", "Quellen", "Das ganze Dokument öffnen", "Keine Quelle stützt"),
        ("fr", "Sources", "Ouvrir le document entier", "Aucune source"),
        ("es", "Fuentes", "Abrir el documento completo", "Ninguna fuente"),
        ("pt", "Sources", "Open the whole document", "No source supports"),  # a language without a table: English
    ],
)
def test_the_words_around_an_answers_sources_are_in_the_answers_language(language, heading, tip, none):
    from ui.render import answer_html

    cited = answer("Il premio era di 42.000 dollari 🏆 [1]", [citation(1, "42.000 dollari 🏆")])
    page = answer_html(cited.model_copy(update={"language": language}), "a1")
    assert f'<div class="rag-sources-title">{heading}</div>' in page and f'title="{tip}"' in page
    refused = answer("—", []).model_copy(update={"language": language, "abstained": True})
    assert none in answer_html(refused, "a2")


@pytest.mark.parametrize(
    "intro",
    [
        "With the files source, glibc reads the following files:",
        "Con la sorgente files, glibc legge i seguenti file:",
        "При указании источника «files», читаются следующие файлы:",
        "🎬 Files:",
    ],
    ids=["en", "it", "ru", "emoji"],
)
def test_a_source_card_marks_a_list_item_quoted_with_its_introduction_where_they_stand(intro):
    """A window of a list's introduction and a later item (`rag/spans.py`) is quoted as the two joined; the card
    marks the passage from the introduction to the item, as the document panel does. Before, it showed the
    passage unmarked and then the joined quote on its own line, as if the document went on with it."""
    from ui.render import excerpt_html

    rows = ["aliases /etc/aliases", "group /etc/group", "initgroups /etc/group", "netgroup /etc/netgroup"]
    passage = "\n".join(["/lib/libnss_nis.so.X", intro, *rows, "", "NOTES"])
    shown = excerpt_html(passage, f"{intro} initgroups /etc/group")
    marked = "\n".join([intro, *rows[:3]])
    assert shown.count("<mark>") == 1
    assert f"<mark>{html.escape(marked)}</mark>" in shown
    assert shown.endswith(html.escape("\nnetgroup /etc/netgroup\n\nNOTES")), "nothing follows the passage"
    assert excerpt_html(passage, f"{intro} no such row").endswith(f"<br><mark>{html.escape(intro)} no such row</mark>")
