"""The chat page in Italian: its own strings, the reasons it shows, and Gradio's labels it cannot reach otherwise.

Gradio has no Italian table of its own: its strings in Italian are `ui/gradio_it.py`; `GRADIO_KEYS` are those two
keys no Gradio table has. Data only (see `ui/locales/__init__.py`).
"""

from __future__ import annotations

# The page's own strings and the messages its handlers word (`ui/page_strings.py`).
PAGE: dict[str, str] = {
    "intro": "## polyglot-rag\nChiedi in qualsiasi lingua; le risposte citano i documenti con fonti numerate.",
    "chat": "Chat", "documents": "Documenti", "eval": "Valutazione",
    "top_k": "Passaggi da recuperare (top-k)", "only_in": "Lingua dei documenti",
    "chat_placeholder": "Chiedi dei tuoi documenti in italiano, inglese, russo o un'altra lingua.",
    "ask": "Fai una domanda…", "token": "Token di amministrazione", "files": "Documenti",
    "add": "Aggiungi all'indice", "remove_pick": "Rimuovi un documento dall'indice", "remove": "Rimuovi",
    "eval_note": "L'ultimo rapporto di valutazione di questo indice (`<data dir>/reports/latest`).",
    "no_report": "Ancora nessun rapporto di valutazione: eseguila qui o con `make eval`.",
    "run_eval": "Esegui la valutazione", "chart": "Grafico", "page_language": "Lingua della pagina",
    "any_language": "Qualsiasi lingua", "col_document": "Documento", "col_title": "Titolo",
    "col_language": "Lingua", "col_chunks": "Frammenti",
    "supported": "Formati supportati: {formats} · ≤ {limit} MiB",
    "policy_token": "Per aggiungere documenti serve il token di amministrazione.",
    "policy_loopback": "Aggiungere documenti è permesso perché il server ascolta solo su questa macchina.",
    "policy_closed": "Aggiungere documenti è disattivato: imposta RAG_ADMIN_TOKEN per permetterlo su un "
    "indirizzo di rete.",
    "vote_saved": "Grazie, il tuo voto è stato salvato.",
    "rename_label": "Nuovo nome…", "rename": "Rinomina", "renamed": "Rinominata.",
    "rename_none": "Prima inizia o apri una conversazione: non c'è ancora niente da rinominare.",
    "rename_empty": "Scrivi prima un nome; non è cambiato niente.",
    "rename_long": "Un nome ha al massimo 80 caratteri; non è cambiato niente.",
    "doc_hint": "Apri il titolo di una fonte in una risposta per leggere qui l'intero documento, con la frase "
    "citata evidenziata.",
    "upload_added": "✅ aggiunto `{source}` ({language}, {chunks})", "upload_updated": "✅ aggiornato "
    "`{source}` ({language}, {chunks})", "upload_unchanged": "✅ invariato `{source}` ({language}, {chunks})",
    "upload_refused": "Caricamento rifiutato", "nothing_to_upload": "Niente da caricare",
    "choose_files": "Scegli prima uno o più file.", "eval_not_run": "Valutazione non eseguita",
    "choose_removal": "Scegli prima un documento da rimuovere.",
    "removed": "🗑️ rimosso `{source}` ({chunks}); documenti rimasti: {documents}",
    "chunks_one": "{n} frammento", "chunks_few": "{n} frammenti", "chunks_many": "{n} frammenti",
    "refused_rate": "Troppe domande dal tuo indirizzo; riprova tra {seconds} s.",
    "refused_tokens": "Troppi token di amministrazione sbagliati; riprova tra {seconds} s.",
    "refused_no_token": "Serve il token di amministrazione: scrivilo nel campo del token.",
    "refused_wrong_token": "Token di amministrazione sbagliato.",
    "refused_closed": "Aggiungere documenti è disattivato: il server ascolta su un indirizzo di rete e "
    "RAG_ADMIN_TOKEN non è impostato.",
    "refused_type": "{name}: tipo di file {suffix} non supportato; supportati: {allowed}.",
    "refused_size": "{name} pesa {size} MiB; il limite di caricamento è {limit} MiB.",
    "refused_empty": "{name} è vuoto.", "refused_name": "Nome di file non valido: {name}.",
    "refused_unreadable": "{name} non può essere indicizzato: {reason}",
    "refused_not_uploaded": "{name} non è stato caricato tramite questa pagina; rifiutato.",
    "refused_eval_running": "Una valutazione è già in corso.",
    "refused_no_source": "Nessun documento indicato: apri una fonte da una risposta.",
    "refused_unknown": "{source} non è nell'indice (rimosso nel frattempo?).",
}  # fmt: skip
# Reasons from outside the page's handlers (the index's refusals, a full queue or upload space) and progress stages.
REASONS: dict[str, str] = {
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
}  # fmt: skip
# Why a file is not indexed, by `index.readers.reasons.Reason` kind ("removed": after an indexed file's reason).
SKIP_REASONS: dict[str, str] = {
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
}  # fmt: skip
# Keys of Gradio's i18n table the page needs that Gradio's table for the language lacks (`ui/gradio_labels.py`).
GRADIO_KEYS: dict[str, str] = {
    "common.upload": "Carica", "common.complete": "Completato",
    "common.share_gradio_tab": "[Condivisione] Scheda di Gradio",
}  # fmt: skip
# Gradio's hard-coded English labels, whole, as Gradio writes them (`ui/gradio_labels.py`).
LABELS: dict[str, str] = {
    "Toggle Sidebar": "Mostra o nascondi il pannello laterale", "More tabs": "Altre schede",
    "chatbot conversation": "Conversazione", "Loading response": "Caricamento della risposta",
    "Loading content": "Caricamento del contenuto", "Liked": "Ti piace", "Disliked": "Non ti piace",
    "undo": "Annulla", "Reset to default value": "Ripristina il valore predefinito",
    "Click to upload or drop files": "Fai clic per caricare o trascina qui i file",
    "File upload": "Caricamento di file", "Dataframe": "Tabella", "Table actions": "Azioni della tabella",
    "Copy table data": "Copia i dati della tabella", "Copied to clipboard": "Copiato negli appunti",
    "Fullscreen": "Schermo intero", "Exit fullscreen mode": "Esci dallo schermo intero",
    "Open cell menu": "Apri il menu della cella", "Empty value": "Valore vuoto",
    "Gradio footer navigation": "Navigazione del piè di pagina", "Close": "Chiudi",
    "Info": "Informazione", "Warning": "Avviso", "Success": "Fatto", "Info.": "Informazione.",
    "Warning.": "Avviso.", "Success.": "Fatto.", "An error occurred.": "Si è verificato un errore.",
    "Language": "Lingua", "☀︎ Light": "☀︎ Chiaro", "⏾ Dark": "⏾ Scuro", "🖥︎ System": "🖥︎ Sistema",
    "Screen Studio allows you to record your screen and generates a video of your app with automatically adding "
    "zoom in and zoom out effects as well as trimming the video to remove the prediction time.": "Screen Studio "
    "registra lo schermo e crea un video dell'app, aggiungendo da sé gli zoom e tagliando i tempi di attesa "
    "delle risposte.",
    "Start recording by clicking the": "Avvia la registrazione con il pulsante",
    "Start Recording": "Avvia la registrazione", "Stop Recording": "Interrompi la registrazione",
    "button below and then sharing the current browser tab of your Gradio demo. Use your app as you would "
    "normally to generate a prediction.": "qui sotto, poi condividi questa scheda del browser. Usa l'app come "
    "sempre.",
    "Stop recording by clicking the": "Interrompi la registrazione con il pulsante",
    "button in the footer of the demo.": "in fondo alla pagina.",
    "Include automatic zoom in/out": "Aggiungi gli zoom automatici",
    "Include automatic video trimming": "Taglia il video automaticamente",
    "Progressive Web App is not enabled for this app. To enable it, start your Gradio app with": "Questa app "
    "non è attivata come app web progressiva. Per attivarla, avvia l'app Gradio con",
}  # fmt: skip
# A regular expression (JavaScript) around our own text in a Gradio label, and its replacement.
PATTERNS: dict[str, str] = {
    "^number input for ": "campo numerico: ", "^range slider for ": "cursore: ",
    "^Select example (\\d+): ": "Esempio $1: ", "^user's message: ": "messaggio dell'utente: ",
    "^bot's message: ": "risposta: ", "^(.+) icon$": "icona $1",
}  # fmt: skip
