"""The reasons the page shows that come from outside its own handlers, in English, Italian and Russian: the index's
refusals (`index.errors.RagError` with a `key`: an index built with other settings, a collection of another data
dir, a lost Chroma server, a damaged lexical index, a name several documents match), the progress stages of an
upload or eval run, Gradio's full queue and the full upload space (the 507 of `/gradio_api/upload`).

Data only: `ui/page_strings.py` merges these into its table and formats them (`page_message`, `refusal_words`,
`stage_words`); the API and the CLI keep the English message of each error.
"""

from __future__ import annotations

REASONS: dict[str, dict[str, str]] = {
    "en": {
        "index_mismatch": "The index was built with other settings ({diff}); rebuild it with `rag ingest --reset`.",
        "index_owned": "The collection {collection} on {url} belongs to another data dir: point RAG_DATA_DIR at that "
        "data dir, choose another RAG_COLLECTION, or replace its contents with `rag ingest --reset`.",
        "store_lost": "Lost the Chroma server at {url}; try again once it is back.",
        "lexical_damaged": "The lexical index is damaged; `rag doctor --repair` rebuilds it from Chroma.",
        "lexical_old": "The lexical index has an older format; `rag ingest` migrates it in place (or rebuild "
        "everything with `rag ingest --reset`).",
        "unavailable": "A service the index needs is not available now ({reason}); try again later.",
        "index_error": "The index cannot do this: {reason}.",
        "upload_full": "The upload space is full ({used} MiB waiting to be indexed); try again later.",
        "queue_mine": "You already have {requests} waiting or running; wait before sending more "
        "(RAG_QUEUE_PER_CLIENT).",
        "queue_full": "The server is busy ({requests} waiting); try again in a moment.",
        "requests_one": "{n} request", "requests_few": "{n} requests", "requests_many": "{n} requests",
        "stage_reading": "reading", "stage_embedding": "embedding", "stage_lexical": "lexical index",
        "stage_questions": "questions", "stage_baseline": "baseline {mode}", "stage_sweep": "abstention sweep",
        "stage_conversations": "conversations",
        "ambiguous_document": "The index holds {count} named `{name}`: {matches}. Nothing was removed; pick one by "
        "the path shown for it.",
        "documents_one": "{n} document", "documents_few": "{n} documents", "documents_many": "{n} documents",
    },
    "it": {
        "index_mismatch": "L'indice è stato costruito con altre impostazioni ({diff}); ricostruiscilo con "
        "`rag ingest --reset`.",
        "index_owned": "La collezione {collection} su {url} appartiene a un'altra cartella dati: imposta "
        "RAG_DATA_DIR su quella cartella, scegli un altro RAG_COLLECTION o sostituiscine il contenuto con "
        "`rag ingest --reset`.",
        "store_lost": "Connessione persa con il server Chroma su {url}; riprova quando sarà di nuovo raggiungibile.",
        "lexical_damaged": "L'indice lessicale è danneggiato; `rag doctor --repair` lo ricostruisce da Chroma.",
        "lexical_old": "L'indice lessicale ha un formato più vecchio; `rag ingest` lo converte sul posto (oppure "
        "ricostruisci tutto con `rag ingest --reset`).",
        "unavailable": "Un servizio necessario all'indice non è disponibile ora ({reason}); riprova più tardi.",
        "index_error": "L'indice non può eseguire l'operazione: {reason}.",
        "upload_full": "Lo spazio per i caricamenti è pieno ({used} MiB in attesa di indicizzazione); riprova più "
        "tardi.",
        "queue_mine": "Hai già {requests} in attesa o in corso; attendi prima di inviarne altre "
        "(RAG_QUEUE_PER_CLIENT).",
        "queue_full": "Il server è occupato ({requests} in attesa); riprova tra poco.",
        "requests_one": "{n} richiesta", "requests_few": "{n} richieste", "requests_many": "{n} richieste",
        "stage_reading": "lettura", "stage_embedding": "calcolo degli embedding", "stage_lexical": "indice lessicale",
        "stage_questions": "domande", "stage_baseline": "confronto {mode}", "stage_sweep": "soglie di astensione",
        "stage_conversations": "conversazioni",
        "ambiguous_document": "Con il nome `{name}` l'indice contiene {count}: {matches}. Non è stato rimosso "
        "nulla; scegline uno con il percorso indicato accanto.",
        "documents_one": "{n} documento", "documents_few": "{n} documenti", "documents_many": "{n} documenti",
    },
    "ru": {
        "index_mismatch": "Индекс построен с другими настройками ({diff}); перестройте его командой "
        "`rag ingest --reset`.",
        "index_owned": "Коллекция {collection} на {url} принадлежит другому каталогу данных: укажите этот каталог "
        "в RAG_DATA_DIR, выберите другую RAG_COLLECTION или замените её содержимое командой `rag ingest --reset`.",
        "store_lost": "Потеряна связь с сервером Chroma по адресу {url}; попробуйте снова, когда он станет доступен.",
        "lexical_damaged": "Лексический индекс повреждён; `rag doctor --repair` перестроит его из Chroma.",
        "lexical_old": "Лексический индекс в старом формате; `rag ingest` преобразует его на месте (или перестройте "
        "всё командой `rag ingest --reset`).",
        "unavailable": "Сервис, нужный индексу, сейчас недоступен ({reason}); попробуйте позже.",
        "index_error": "Индекс не может выполнить операцию: {reason}.",
        "upload_full": "Место для загрузок заполнено ({used} МиБ ждут индексации); попробуйте позже.",
        "queue_mine": "У вас уже {requests} в очереди или в работе; подождите, прежде чем отправлять новые "
        "(RAG_QUEUE_PER_CLIENT).",
        "queue_full": "Сервер занят ({requests} в очереди); попробуйте чуть позже.",
        "requests_one": "{n} запрос", "requests_few": "{n} запроса", "requests_many": "{n} запросов",
        "stage_reading": "чтение", "stage_embedding": "вычисление эмбеддингов", "stage_lexical": "лексический индекс",
        "stage_questions": "вопросы", "stage_baseline": "базовый метод {mode}", "stage_sweep": "пороги воздержания",
        "stage_conversations": "диалоги",
        "ambiguous_document": "Под именем `{name}` в индексе {count}: {matches}. Ничего не удалено; выберите "
        "один из них по указанному рядом пути.",
        "documents_one": "{n} документ", "documents_few": "{n} документа", "documents_many": "{n} документов",
    },
}  # fmt: skip

# The English stage names `index/` and `eval/` report progress with (`progress(stage, done, total)`), and their keys.
STAGES = {
    "reading": "stage_reading",
    "embedding": "stage_embedding",
    "lexical index": "stage_lexical",
    "questions": "stage_questions",
    "abstention sweep": "stage_sweep",
    "conversations": "stage_conversations",
}
