"""The chat page in German: its own strings, the reasons it shows, and Gradio's labels its German table lacks.

`GRADIO_KEYS`: German lacks 54 of Gradio's 160 English keys; those of the components the page shows are here, with
the two keys no Gradio table has. `LABELS` and `PATTERNS` use the terms of Gradio's German table ("Hochladen",
"ablegen", "Zwischenablage", "Schieberegler"). Data only (see `ui/locales/__init__.py`).
"""

from __future__ import annotations

# The page's own strings and the messages its handlers word (`ui/page_strings.py`).
PAGE: dict[str, str] = {
    "intro": "## polyglot-rag\nFragen Sie in jeder Sprache; die Antworten zitieren die Dokumente mit nummerierten "
    "Quellen.",
    "chat": "Chat", "documents": "Dokumente", "eval": "Auswertung",
    "top_k": "Abzurufende Abschnitte (top-k)", "only_in": "Sprache der Dokumente",
    "chat_placeholder": "Stellen Sie Fragen zu Ihren Dokumenten – auf Deutsch, Englisch, Italienisch, Russisch "
    "oder in einer anderen Sprache.",
    "ask": "Stellen Sie eine Frage…", "token": "Admin-Token", "files": "Dokumente", "add": "Zum Index hinzufügen",
    "remove_pick": "Dokument aus dem Index entfernen", "remove": "Entfernen",
    "eval_note": "Der neueste Auswertungsbericht dieses Index (`<data dir>/reports/latest`).",
    "no_report": "Noch kein Auswertungsbericht: Starten Sie die Auswertung hier oder mit `make eval`.",
    "run_eval": "Auswertung starten", "chart": "Diagramm", "page_language": "Seitensprache",
    "any_language": "Alle Sprachen", "col_document": "Dokument", "col_title": "Titel", "col_language": "Sprache",
    "col_chunks": "Abschnitte",
    "supported": "Unterstützte Formate: {formats} · ≤ {limit} MiB",
    "policy_token": "Zum Hinzufügen von Dokumenten ist das Admin-Token nötig.",
    "policy_loopback": "Das Hinzufügen von Dokumenten ist freigegeben, weil der Server nur auf diesem Rechner "
    "erreichbar ist.",
    "policy_closed": "Das Hinzufügen von Dokumenten ist deaktiviert: Setzen Sie RAG_ADMIN_TOKEN, um es unter einer "
    "Netzwerkadresse zu aktivieren.",
    "vote_saved": "Danke, Ihre Bewertung wurde gespeichert.",
    "rename_label": "Neuer Name…", "rename": "Umbenennen", "renamed": "Umbenannt.",
    "rename_none": "Beginnen oder öffnen Sie zuerst eine Unterhaltung: Es gibt noch nichts umzubenennen.",
    "rename_empty": "Geben Sie zuerst einen Namen ein; es wurde nichts geändert.",
    "rename_long": "Ein Name darf höchstens 80 Zeichen lang sein; es wurde nichts geändert.",
    "doc_hint": "Öffnen Sie den Titel einer Quelle in einer Antwort, um hier das ganze Dokument zu lesen; der "
    "zitierte Satz ist markiert.",
    "upload_added": "✅ `{source}` hinzugefügt ({language}, {chunks})", "upload_updated": "✅ `{source}` "
    "aktualisiert ({language}, {chunks})", "upload_unchanged": "✅ `{source}` unverändert ({language}, {chunks})",
    "upload_refused": "Hochladen abgelehnt", "nothing_to_upload": "Nichts zum Hochladen",
    "choose_files": "Wählen Sie zuerst eine oder mehrere Dateien aus.", "eval_not_run": "Auswertung nicht gestartet",
    "choose_removal": "Wählen Sie zuerst ein Dokument zum Entfernen aus.",
    "removed": "🗑️ `{source}` entfernt ({chunks}); verbleibende Dokumente: {documents}",
    "chunks_one": "{n} Abschnitt", "chunks_few": "{n} Abschnitte", "chunks_many": "{n} Abschnitte",
    "refused_rate": "Zu viele Fragen von Ihrer Adresse; bitte versuchen Sie es in {seconds} s erneut.",
    "refused_tokens": "Zu viele falsche Admin-Tokens; bitte versuchen Sie es in {seconds} s erneut.",
    "refused_no_token": "Dafür ist das Admin-Token nötig: Geben Sie es in das Feld „Admin-Token“ ein.",
    "refused_wrong_token": "Falsches Admin-Token.",
    "refused_closed": "Das Hinzufügen von Dokumenten ist deaktiviert: Der Server ist unter einer Netzwerkadresse "
    "erreichbar und RAG_ADMIN_TOKEN ist nicht gesetzt.",
    "refused_type": "{name}: Dateityp {suffix} wird nicht unterstützt; unterstützt: {allowed}.",
    "refused_size": "{name} ist {size} MiB groß; hochgeladen werden können höchstens {limit} MiB.",
    "refused_empty": "{name} ist leer.", "refused_name": "Ungültiger Dateiname: {name}.",
    "refused_unreadable": "{name} kann nicht indexiert werden: {reason}",
    "refused_not_uploaded": "{name} wurde nicht über diese Seite hochgeladen; abgelehnt.",
    "refused_eval_running": "Es läuft bereits eine Auswertung.",
    "refused_no_source": "Kein Dokument angegeben: Öffnen Sie eine Quelle aus einer Antwort.",
    "refused_unknown": "{source} ist nicht im Index (inzwischen entfernt?).",
}  # fmt: skip
# Reasons from outside the page's handlers (the index's refusals, a full queue or upload space) and progress stages.
REASONS: dict[str, str] = {
    "index_mismatch": "Der Index wurde mit anderen Einstellungen erstellt ({diff}); erstellen Sie ihn mit "
    "`rag ingest --reset` neu.",
    "index_owned": "Die Sammlung {collection} auf {url} gehört zu einem anderen Datenverzeichnis: Setzen Sie "
    "RAG_DATA_DIR auf dieses Datenverzeichnis, wählen Sie eine andere RAG_COLLECTION oder ersetzen Sie ihren Inhalt "
    "mit `rag ingest --reset`.",
    "store_lost": "Verbindung zum Chroma-Server unter {url} verloren; bitte versuchen Sie es erneut, sobald er "
    "wieder erreichbar ist.",
    "lexical_damaged": "Der lexikalische Index ist beschädigt; `rag doctor --repair` erstellt ihn aus Chroma neu.",
    "lexical_old": "Der lexikalische Index hat ein älteres Format; `rag ingest` migriert ihn an Ort und Stelle (oder "
    "erstellen Sie alles mit `rag ingest --reset` neu).",
    "unavailable": "Ein Dienst, den der Index braucht, ist gerade nicht verfügbar ({reason}); bitte versuchen Sie es "
    "später erneut.",
    "index_error": "Der Index kann dies nicht ausführen: {reason}.",
    "upload_full": "Der Speicher für hochgeladene Dateien ist voll ({used} MiB warten auf die Indexierung); bitte "
    "versuchen Sie es später erneut.",
    "queue_mine": "Sie haben bereits {requests} in der Warteschlange oder in Bearbeitung; bitte warten Sie, bevor "
    "Sie weitere senden (RAG_QUEUE_PER_CLIENT).",
    "queue_full": "Der Server ist ausgelastet ({requests} in der Warteschlange); bitte versuchen Sie es gleich noch "
    "einmal.",
    "requests_one": "{n} Anfrage", "requests_few": "{n} Anfragen", "requests_many": "{n} Anfragen",
    "stage_reading": "Lesen", "stage_embedding": "Embeddings berechnen", "stage_lexical": "Lexikalischer Index",
    "stage_questions": "Fragen", "stage_baseline": "Vergleichsbasis {mode}",
    "stage_sweep": "Schwellenwerte für Antwortverzicht", "stage_conversations": "Unterhaltungen",
    "ambiguous_document": "Der Index enthält {count} mit dem Namen `{name}`: {matches}. Es wurde nichts entfernt; "
    "wählen Sie eines anhand des jeweils angezeigten Pfads aus.",
    "documents_one": "{n} Dokument", "documents_few": "{n} Dokumente", "documents_many": "{n} Dokumente",
}  # fmt: skip
# Why a file is not indexed, by `index.readers.reasons.Reason` kind ("removed": after an indexed file's reason).
SKIP_REASONS: dict[str, str] = {
    "unsupported_listed": "Dateityp {suffix} wird nicht unterstützt",
    "no_extension_listed": "Dateityp wird nicht unterstützt (keine Dateiendung)",
    "symlink_loop": "Schleife symbolischer Links; übersprungen",
    "missing": "existiert nicht (oder ist ein defekter symbolischer Link); übersprungen",
    "symlink_outside": "symbolischer Link, der aus dem indexierten Ordner hinausführt (wird nicht verfolgt)",
    "alias": "ein anderer Name (symbolischer Link) für {source}, das nur einmal indexiert wird",
    "fifo": "keine reguläre Datei (ein FIFO); übersprungen",
    "socket": "keine reguläre Datei (ein Socket); übersprungen",
    "device": "keine reguläre Datei (eine Gerätedatei); übersprungen",
    "not_regular": "keine reguläre Datei; übersprungen",
    "unsupported_type": "Dateityp {suffix} wird nicht unterstützt; unterstützt: {supported}",
    "no_extension": "Dateityp wird nicht unterstützt (keine Dateiendung); unterstützt: {supported}",
    "directory": "nicht lesbar (ein Verzeichnis)",
    "permission": "nicht lesbar (Zugriff verweigert)",
    "unreadable": "nicht lesbar ({detail})",
    "timeout": "das Lesen dauerte länger als {seconds} s (RAG_READ_TIMEOUT); übersprungen",
    "empty_whitespace": "leer (nur Leerraum)",
    "empty_text": "leer (kein Text)",
    "empty_file": "leere Datei (0 Byte)",
    "binary_nul": "Binärdatei (enthält NUL-Bytes), kein Text",
    "undecodable": "nicht dekodierbarer Text (kein UTF-8, und keine andere Textkodierung passt)",
    "binary_control": "Binärdaten, kein Text ({control} Steuerbytes in den ersten {sample}, gelesen als "
    "{encoding})",
    "html_too_large": "HTML-Datei mit {size} MiB überschreitet die Grenze von {limit} MiB",
    "html_binary": "Binärdatei (enthält NUL-Bytes), kein HTML",
    "pdf_encrypted": "verschlüsseltes PDF (erfordert ein Passwort)",
    "pdf_pages": "PDF mit {pages} Seiten; die Grenze liegt bei {limit} (RAG_MAX_PDF_PAGES)",
    "pdf_corrupt": "beschädigtes oder abgeschnittenes PDF ({detail})",
    "pdf_no_pages": "PDF ohne Seiten",
    "pdf_no_text": "keine Textebene (gescanntes PDF oder nur Bilder, Seiten: {pages}); führen Sie zuerst eine "
    "Texterkennung (OCR) durch",
    "docx_not_package": "beschädigte .docx-Datei (kein Word-Dokumentpaket)",
    "docx_corrupt": "beschädigte .docx-Datei ({detail})",
    "docx_parts": ".docx-Paket mit {parts} Teilen; die Grenze liegt bei {limit} (RAG_MAX_DOCX_PARTS)",
    "docx_size": ".docx-Paket ist entpackt {size} MiB groß; die Grenze liegt bei {limit} MiB (RAG_MAX_DOCX_MB)",
    "memory": "zum Lesen sind mehr als {memory} MiB nötig (RAG_READ_MEMORY_MB)",
    "crashed": "das Leseprogramm ist abgestürzt oder hatte nicht genug Speicher (RAG_READ_MEMORY_MB = {memory})",
    "reader_failed": "Lesen fehlgeschlagen ({error}: {detail})",
    "no_chunks": "nach der Aufteilung in Abschnitte bleibt kein Text übrig",
    "removed": "; der zuvor indexierte Text wurde aus dem Index entfernt",
}  # fmt: skip
# Keys of Gradio's i18n table the page needs that Gradio's table for the language lacks (`ui/gradio_labels.py`).
# Gradio's German table (Gradio 6.31) lacks all of these: `common.upload` and `common.complete` (in no table),
# `chatbot.complete`, `common.download_all`, `common.progress`, `common.record`, `common.stop_recording`,
# `common.screen_studio`, `common.share_gradio_tab`, `common.run`, the six `dataframe.import_*`, `dataframe.filter`,
# `dataframe.clear_filter` and `status.queue_position`; and, unlike Russian, the chat's copy button
# (`chatbot.copy_message`, `chatbot.copied_message`) and the chat interface's keys (`chat_interface.*`: its "New
# chat" button in the conversation list).
GRADIO_KEYS: dict[str, str] = {
    "common.upload": "Hochladen", "common.complete": "Fertig", "chatbot.complete": "Fertig",
    "chatbot.copy_message": "Nachricht kopieren", "chatbot.copied_message": "Nachricht kopiert",
    "chat_interface.new_chat": "Neuer Chat", "chat_interface.message_placeholder": "Nachricht eingeben…",
    "chat_interface.additional_inputs": "Weitere Einstellungen", "chat_interface.chatbot": "Chat",
    "chat_interface.conversation": "Unterhaltung",
    "common.download_all": "Alle herunterladen",
    "common.progress": "Fortschritt", "common.record": "Aufnehmen", "common.stop_recording": "Aufnahme stoppen",
    "common.screen_studio": "Screen Studio", "common.share_gradio_tab": "[Freigabe] Gradio-Tab",
    "common.run": "Ausführen",
    "dataframe.import_empty_file": "Die abgelegte Datei ist leer.",
    "dataframe.import_no_column_names": "Die abgelegte Datei hat keine Spaltennamen.",
    "dataframe.import_ragged_row": "Zeile {line} der Datei hat {fields} Felder, die Kopfzeile hat {columns}.",
    "dataframe.import_static_columns": "In eine Tabelle mit schreibgeschützten Spalten kann nicht importiert werden.",
    "dataframe.import_fixed_columns": "Diese Tabelle hat genau {expected} Spalten, die Datei hat {actual}.",
    "dataframe.import_fixed_rows": "Diese Tabelle hat genau {expected} Zeilen, die Datei hat {actual}.",
    "dataframe.filter": "Filter", "dataframe.clear_filter": "Filter zurücksetzen",
    "status.queue_position": "In der Warteschlange: {position} von {size}",
}  # fmt: skip
# Gradio's hard-coded English labels, whole, as Gradio writes them (`ui/gradio_labels.py`).
LABELS: dict[str, str] = {
    "Toggle Sidebar": "Seitenleiste ein- oder ausblenden", "More tabs": "Weitere Tabs",
    "chatbot conversation": "Unterhaltung", "Loading response": "Antwort wird geladen",
    "Loading content": "Inhalt wird geladen", "Liked": "Gefällt mir (markiert)",
    "Disliked": "Gefällt mir nicht (markiert)",
    "undo": "Rückgängig", "Reset to default value": "Auf Standardwert zurücksetzen",
    "Click to upload or drop files": "Zum Hochladen klicken oder Dateien hier ablegen",
    "File upload": "Datei-Upload", "Dataframe": "Tabelle", "Table actions": "Tabellenaktionen",
    "Copy table data": "Tabellendaten kopieren", "Copied to clipboard": "In die Zwischenablage kopiert",
    "Fullscreen": "Vollbild", "Exit fullscreen mode": "Vollbildmodus beenden",
    "Open cell menu": "Zellenmenü öffnen", "Empty value": "Leerer Wert",
    "Gradio footer navigation": "Navigation in der Fußzeile", "Close": "Schließen",
    "Info": "Hinweis", "Warning": "Warnung", "Success": "Erfolg", "Info.": "Hinweis.",
    "Warning.": "Warnung.", "Success.": "Erfolg.", "An error occurred.": "Ein Fehler ist aufgetreten.",
    "Language": "Sprache", "☀︎ Light": "☀︎ Hell", "⏾ Dark": "⏾ Dunkel", "🖥︎ System": "🖥︎ System",
    "Screen Studio allows you to record your screen and generates a video of your app with automatically adding "
    "zoom in and zoom out effects as well as trimming the video to remove the prediction time.": "Screen Studio "
    "nimmt den Bildschirm auf und erstellt ein Video der App; es zoomt dabei automatisch ein und aus und schneidet "
    "die Wartezeiten auf Antworten heraus.",
    "Start recording by clicking the": "Starten Sie die Aufnahme mit der Schaltfläche",
    "Start Recording": "Aufnahme starten", "Stop Recording": "Aufnahme stoppen",
    "button below and then sharing the current browser tab of your Gradio demo. Use your app as you would "
    "normally to generate a prediction.": "unten und geben Sie dann diesen Browser-Tab frei. Verwenden Sie die App "
    "wie gewohnt.",
    "Stop recording by clicking the": "Beenden Sie die Aufnahme mit der Schaltfläche",
    "button in the footer of the demo.": "in der Fußzeile der Seite.",
    "Include automatic zoom in/out": "Automatisch ein- und auszoomen",
    "Include automatic video trimming": "Video automatisch kürzen",
    "Progressive Web App is not enabled for this app. To enable it, start your Gradio app with": "Diese App ist "
    "nicht als Progressive Web App aktiviert. Um sie zu aktivieren, starten Sie Ihre Gradio-App mit",
}  # fmt: skip
# A regular expression (JavaScript) around our own text in a Gradio label, and its replacement.
PATTERNS: dict[str, str] = {
    "^number input for ": "Zahlenfeld: ", "^range slider for ": "Schieberegler: ",
    "^Select example (\\d+): ": "Beispiel $1: ", "^user's message: ": "Nachricht des Benutzers: ",
    "^bot's message: ": "Antwort: ", "^(.+) icon$": "Symbol „$1“",
}  # fmt: skip
