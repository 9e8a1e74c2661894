"""Gradio's own interface strings in Italian, for the parts of Gradio our page shows.

Gradio 6.31 ships its strings in 30 languages, Russian and English among them, but not Italian: on an Italian
browser its buttons ("New chat", "Clear", "Copy message"), the upload area ("Drop File Here - or - Click to
Upload"), the table menus and queue messages stayed English. Gradio loads the page's `gr.I18n` table into the
same dictionary as its own (svelte-i18n, keys with dots look up its nested ones), so these keys, merged into the
page's Italian table (`ui/page_strings.py`), translate them once the page switches to Italian. Keys are Gradio's
(its English table in `gradio/templates/frontend/assets/core-*.js`); components the page does not use (audio,
image, video, 3D, login) are left out. Strings Gradio hard-codes in English (aria-labels such as "Toggle
Sidebar", the Settings panel's theme buttons) are not translatable this way: `ui/gradio_labels.py` translates
them in the browser. It holds data only.
"""

from __future__ import annotations

GRADIO_IT: dict[str, str] = {
    "blocks.connection_can_break": "Su un telefono la connessione può interrompersi se questa scheda resta in "
    "secondo piano o il dispositivo va in standby, e si perde il posto in coda.",
    "blocks.long_requests_queue": "C'è una lunga coda di richieste in attesa.",
    "blocks.lost_connection": "Connessione persa lasciando la pagina. Rientro in coda…",
    "blocks.waiting_for_inputs": "Attendi che i file finiscano di caricarsi, poi riprova.",
    "chatbot.edit": "Modifica", "chatbot.retry": "Riprova", "chatbot.undo": "Annulla", "chatbot.submit": "Invia",
    "chatbot.cancel": "Annulla", "chatbot.like": "Mi piace", "chatbot.dislike": "Non mi piace",
    "chatbot.clear": "Cancella la chat", "chatbot.complete": "Completato", "chatbot.copy_message": "Copia il messaggio",
    "chatbot.copied_message": "Messaggio copiato",
    "chat_interface.new_chat": "Nuova chat", "chat_interface.message_placeholder": "Scrivi un messaggio…",
    "chat_interface.additional_inputs": "Altre impostazioni", "chat_interface.chatbot": "Chat",
    "chat_interface.conversation": "Conversazione",
    "common.built_with": "creato con", "common.built_with_gradio": "Creato con Gradio", "common.clear": "Cancella",
    "common.download": "Scarica", "common.download_all": "Scarica tutto", "common.edit": "Modifica",
    "common.empty": "Vuoto", "common.error": "Errore", "common.hosted_on": "Ospitato su",
    "common.loading": "Caricamento",
    "common.logo": "logo", "common.or": "oppure", "common.remove": "Rimuovi", "common.runs": "Esecuzioni",
    "common.runs_description": "Le esecuzioni salvate in questo browser", "common.back_to_app": "App",
    "common.back_to_app_description": "Torna all'app", "common.settings": "Impostazioni", "common.share": "Condividi",
    "common.submit": "Invia", "common.undo": "Annulla", "common.no_devices": "Nessun dispositivo trovato",
    "common.language": "Lingua", "common.display_theme": "Tema", "common.pwa": "App web progressiva",
    "common.progress": "Avanzamento", "common.record": "Registra",
    "common.stop_recording": "Interrompi la registrazione",
    "common.run": "Esegui",
    "dataframe.incorrect_format": "Formato non valido: sono supportati solo file CSV e TSV",
    "dataframe.new_column": "Aggiungi una colonna", "dataframe.new_row": "Nuova riga",
    "dataframe.add_row_above": "Aggiungi una riga sopra", "dataframe.add_row_below": "Aggiungi una riga sotto",
    "dataframe.delete_row": "Elimina la riga", "dataframe.delete_column": "Elimina la colonna",
    "dataframe.add_column_left": "Aggiungi una colonna a sinistra",
    "dataframe.add_column_right": "Aggiungi una colonna a destra", "dataframe.sort_column": "Ordina la colonna",
    "dataframe.sort_ascending": "Ordine crescente", "dataframe.sort_descending": "Ordine decrescente",
    "dataframe.drop_to_upload": "Trascina qui file CSV o TSV per importarli nella tabella",
    "dataframe.import_empty_file": "Il file trascinato è vuoto.",
    "dataframe.import_no_column_names": "Il file trascinato non ha nomi di colonna.",
    "dataframe.import_ragged_row": "La riga {line} del file ha {fields} campi, l'intestazione ne ha {columns}.",
    "dataframe.import_static_columns": "Impossibile importare in una tabella con colonne di sola lettura.",
    "dataframe.import_fixed_columns": "Questa tabella ha esattamente {expected} colonne, il file ne ha {actual}.",
    "dataframe.import_fixed_rows": "Questa tabella ha esattamente {expected} righe, il file ne ha {actual}.",
    "dataframe.clear_sort": "Annulla l'ordinamento", "dataframe.filter": "Filtra",
    "dataframe.clear_filter": "Annulla i filtri",
    "dropdown.dropdown": "Menu a tendina", "number.number": "Numero", "slider.slider": "Cursore",
    "status.queue_position": "In coda: {position} di {size}", "radio.radio": "Scelta",
    "checkbox.checkbox": "Casella", "checkbox.checkbox_group": "Gruppo di caselle", "label.label": "Etichetta",
    "file.uploading": "Caricamento in corso…",
    "errors.use_via_api": "Usa tramite API", "errors.use_via_api_or_mcp": "Usa tramite API o MCP",
    "upload_text.click_to_upload": "Fai clic per caricare", "upload_text.drop_file": "Trascina qui il file",
    "upload_text.drop_csv": "Trascina qui il CSV", "upload_text.drop_image": "Trascina qui l'immagine",
    "upload_text.drop_audio": "Trascina qui l'audio", "upload_text.drop_video": "Trascina qui il video",
    "upload_text.drop_gallery": "Trascina qui i file multimediali",
    "upload_text.paste_clipboard": "Incolla dagli appunti",
}  # fmt: skip
