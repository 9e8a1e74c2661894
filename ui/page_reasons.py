"""The reasons the page shows that come from outside its own handlers, in English, Italian and Russian: the index's
refusals (`index.errors.RagError` with a `key`: an index built with other settings, a collection of another data
dir, a lost Chroma server, a damaged lexical index, a name several documents match), the progress stages of an
upload or eval run, Gradio's full queue and the full upload space (the 507 of `/gradio_api/upload`); and why a
file is not indexed (`SKIP_REASONS`: each kind of `index/readers/reasons.py`, a damaged .docx, an encrypted PDF,
a read over the time budget, ...).

Data only: `ui/page_strings.py` merges these into its table and formats them (`page_message`, `refusal_words`,
`stage_words`, `skip_reason_words`); the API and the CLI keep the English message of each error.
"""

from __future__ import annotations

from index.readers.reasons import REASON_TEXTS, REMOVED_TEXT

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

# Why a file is not indexed (`index.readers.reasons.Reason`), by kind: what the page shows inside `refused_unreadable`.
# English is the index's own text (the CLI and the API show it); each field (a library's detail, a path, a number)
# is kept as the index gives it. "removed" follows the reason of an indexed file whose old chunks were removed.
SKIP_REASONS: dict[str, dict[str, str]] = {
    "en": {**REASON_TEXTS, "removed": REMOVED_TEXT},
    "it": {
        "unsupported_listed": "tipo di file {suffix} non supportato",
        "no_extension_listed": "tipo di file non supportato (senza estensione)",
        "symlink_loop": "ciclo di collegamenti simbolici; saltato",
        "missing": "non esiste (o è un collegamento simbolico interrotto); saltato",
        "symlink_outside": "collegamento simbolico che punta fuori dalla cartella indicizzata (non seguito)",
        "alias": "un altro nome (collegamento simbolico) di {source}, che viene indicizzato una volta sola",
        "fifo": "non è un file regolare (è una FIFO); saltato",
        "socket": "non è un file regolare (è un socket); saltato",
        "device": "non è un file regolare (è un dispositivo); saltato",
        "not_regular": "non è un file regolare; saltato",
        "unsupported_type": "tipo di file {suffix} non supportato; supportati: {supported}",
        "no_extension": "tipo di file non supportato (senza estensione); supportati: {supported}",
        "directory": "illeggibile (è una cartella)",
        "permission": "illeggibile (permesso negato)",
        "unreadable": "illeggibile ({detail})",
        "timeout": "la lettura ha richiesto più di {seconds} s (RAG_READ_TIMEOUT); saltato",
        "empty_whitespace": "vuoto (solo spazi)",
        "empty_text": "vuoto (nessun testo)",
        "empty_file": "file vuoto (0 byte)",
        "binary_nul": "file binario (contiene byte NUL), non testo",
        "undecodable": "testo non decodificabile (non è UTF-8 e nessun'altra codifica di testo è adatta)",
        "binary_control": "dati binari, non testo ({control} byte di controllo nei primi {sample}, letti come "
        "{encoding})",
        "html_too_large": "file HTML di {size} MiB, oltre il limite di {limit} MiB",
        "html_binary": "file binario (contiene byte NUL), non HTML",
        "pdf_encrypted": "PDF cifrato (richiede una password)",
        "pdf_pages": "PDF di {pages} pagine; il limite è {limit} (RAG_MAX_PDF_PAGES)",
        "pdf_corrupt": "PDF danneggiato o troncato ({detail})",
        "pdf_no_pages": "PDF senza pagine",
        "pdf_no_text": "nessun livello di testo (PDF scansionato o di sole immagini, pagine: {pages}); esegui prima "
        "l'OCR",
        "docx_not_package": "file .docx danneggiato (non è un pacchetto di documento Word)",
        "docx_corrupt": "file .docx danneggiato ({detail})",
        "docx_parts": "pacchetto .docx di {parts} parti; il limite è {limit} (RAG_MAX_DOCX_PARTS)",
        "docx_size": "il pacchetto .docx si decomprime in {size} MiB; il limite è {limit} MiB (RAG_MAX_DOCX_MB)",
        "memory": "per leggerlo servono più di {memory} MiB (RAG_READ_MEMORY_MB)",
        "crashed": "il lettore si è interrotto per un errore o ha esaurito la memoria (RAG_READ_MEMORY_MB = "
        "{memory})",
        "reader_failed": "lettura non riuscita ({error}: {detail})",
        "no_chunks": "nessun testo rimasto dopo la suddivisione in frammenti",
        "removed": "; il testo indicizzato in precedenza è stato rimosso dall'indice",
    },
    "ru": {
        "unsupported_listed": "тип файла {suffix} не поддерживается",
        "no_extension_listed": "тип файла не поддерживается (нет расширения)",
        "symlink_loop": "цикл символических ссылок; пропущен",
        "missing": "не существует (или это битая символическая ссылка); пропущен",
        "symlink_outside": "символическая ссылка ведёт за пределы индексируемой папки (по ней не переходим)",
        "alias": "другое имя (символическая ссылка) для {source}, который индексируется один раз",
        "fifo": "не обычный файл (FIFO); пропущен",
        "socket": "не обычный файл (сокет); пропущен",
        "device": "не обычный файл (устройство); пропущен",
        "not_regular": "не обычный файл; пропущен",
        "unsupported_type": "тип файла {suffix} не поддерживается; поддерживаются: {supported}",
        "no_extension": "тип файла не поддерживается (нет расширения); поддерживаются: {supported}",
        "directory": "не читается (это каталог)",
        "permission": "не читается (доступ запрещён)",
        "unreadable": "не читается ({detail})",
        "timeout": "чтение заняло больше {seconds} с (RAG_READ_TIMEOUT); пропущен",
        "empty_whitespace": "пуст (только пробельные символы)",
        "empty_text": "пуст (нет текста)",
        "empty_file": "пустой файл (0 байт)",
        "binary_nul": "двоичный файл (содержит байты NUL), не текст",
        "undecodable": "текст не декодируется (не UTF-8, и никакая другая кодировка текста не подходит)",
        "binary_control": "двоичные данные, не текст (управляющих байтов: {control} из первых {sample} в "
        "кодировке {encoding})",
        "html_too_large": "HTML-файл размером {size} МиБ превышает предел в {limit} МиБ",
        "html_binary": "двоичный файл (содержит байты NUL), не HTML",
        "pdf_encrypted": "зашифрованный PDF (нужен пароль)",
        "pdf_pages": "PDF, страниц: {pages}; предел — {limit} (RAG_MAX_PDF_PAGES)",
        "pdf_corrupt": "повреждённый или обрезанный PDF ({detail})",
        "pdf_no_pages": "PDF без страниц",
        "pdf_no_text": "нет текстового слоя (отсканированный PDF или только изображения, страниц: {pages}); "
        "сначала распознайте текст (OCR)",
        "docx_not_package": "повреждённый файл .docx (не пакет документа Word)",
        "docx_corrupt": "повреждённый файл .docx ({detail})",
        "docx_parts": "пакет .docx, частей: {parts}; предел — {limit} (RAG_MAX_DOCX_PARTS)",
        "docx_size": "пакет .docx распаковывается в {size} МиБ; предел — {limit} МиБ (RAG_MAX_DOCX_MB)",
        "memory": "для чтения нужно больше {memory} МиБ (RAG_READ_MEMORY_MB)",
        "crashed": "программа чтения аварийно завершилась или исчерпала память (RAG_READ_MEMORY_MB = {memory})",
        "reader_failed": "ошибка чтения ({error}: {detail})",
        "no_chunks": "после разбиения на фрагменты не осталось текста",
        "removed": "; ранее проиндексированный текст удалён из индекса",
    },
}  # fmt: skip
