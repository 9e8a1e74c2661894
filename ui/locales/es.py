"""The chat page in Spanish: its own strings, the reasons it shows, and Gradio's labels its Spanish table lacks.

`GRADIO_KEYS`: Spanish lacks 29 of Gradio's 160 English keys; those of the components the page shows are here (the
chat's among them), with the two keys no Gradio table has. `LABELS` and `PATTERNS` use the words of Gradio's own
Spanish table ("Cargar", "Configuración", "Idioma"). Data only (see `ui/locales/__init__.py`).
"""

from __future__ import annotations

# The page's own strings and the messages its handlers word (`ui/page_strings.py`).
PAGE: dict[str, str] = {
    "intro": "## polyglot-rag\nPregunte en cualquier idioma; las respuestas citan los documentos con fuentes "
    "numeradas.",
    "chat": "Chat", "documents": "Documentos", "eval": "Evaluación",
    "top_k": "Pasajes que recuperar (top-k)", "only_in": "Idioma de los documentos",
    "chat_placeholder": "Pregunte sobre sus documentos en español, inglés, italiano, ruso u otro idioma.",
    "ask": "Haga una pregunta…", "token": "Token de administración", "files": "Documentos",
    "add": "Añadir al índice", "remove_pick": "Eliminar un documento del índice", "remove": "Eliminar",
    "eval_note": "El último informe de evaluación de este índice (`<data dir>/reports/latest`).",
    "no_report": "Todavía no hay ningún informe de evaluación: ejecute la evaluación aquí o con `make eval`.",
    "run_eval": "Ejecutar la evaluación", "chart": "Gráfico", "page_language": "Idioma de la página",
    "any_language": "Cualquier idioma", "col_document": "Documento", "col_title": "Título",
    "col_language": "Idioma", "col_chunks": "Fragmentos",
    "supported": "Formatos admitidos: {formats} · ≤ {limit} MiB",
    "policy_token": "Para añadir documentos se necesita el token de administración.",
    "policy_loopback": "Se pueden añadir documentos porque el servidor solo escucha en este equipo.",
    "policy_closed": "La adición de documentos está desactivada: defina RAG_ADMIN_TOKEN para activarla en una "
    "dirección de red.",
    "vote_saved": "Gracias, su voto se ha guardado.",
    "rename_label": "Nuevo nombre…", "rename": "Cambiar nombre",
    "renamed": "Nombre cambiado.",
    "rename_none": "Primero inicie o abra una conversación: todavía no hay ninguna a la que cambiar el nombre.",
    "rename_empty": "Primero escriba un nombre; no se ha cambiado nada.",
    "rename_long": "Un nombre tiene como máximo 80 caracteres; no se ha cambiado nada.",
    "doc_hint": "Abra el título de una fuente en una respuesta para leer aquí el documento completo, con la frase "
    "citada resaltada.",
    "upload_added": "✅ añadido `{source}` ({language}, {chunks})", "upload_updated": "✅ actualizado "
    "`{source}` ({language}, {chunks})", "upload_unchanged": "✅ sin cambios `{source}` ({language}, {chunks})",
    "upload_refused": "Carga rechazada", "nothing_to_upload": "Nada que cargar",
    "choose_files": "Primero elija uno o varios archivos.", "eval_not_run": "Evaluación no ejecutada",
    "choose_removal": "Primero elija el documento que quiere eliminar.",
    "removed": "🗑️ eliminado `{source}` ({chunks}); documentos restantes: {documents}",
    "chunks_one": "{n} fragmento", "chunks_few": "{n} fragmentos", "chunks_many": "{n} fragmentos",
    "refused_rate": "Demasiadas preguntas desde su dirección; vuelva a intentarlo en {seconds} s.",
    "refused_tokens": "Demasiados tokens de administración incorrectos; vuelva a intentarlo en {seconds} s.",
    "refused_no_token": "Esto requiere el token de administración: escríbalo en el campo del token de "
    "administración.",
    "refused_wrong_token": "Token de administración incorrecto.",
    "refused_closed": "La adición de documentos está desactivada: el servidor escucha en una dirección de red y "
    "RAG_ADMIN_TOKEN no está definido.",
    "refused_type": "{name}: tipo de archivo {suffix} no admitido; se admiten: {allowed}.",
    "refused_size": "{name} ocupa {size} MiB; el límite de carga es de {limit} MiB.",
    "refused_empty": "{name} está vacío.", "refused_name": "Nombre de archivo no válido: {name}.",
    "refused_unreadable": "{name} no se puede indexar: {reason}",
    "refused_not_uploaded": "{name} no se cargó desde esta página; rechazado.",
    "refused_eval_running": "Ya hay una evaluación en curso.",
    "refused_no_source": "No se ha indicado ningún documento: abra una fuente desde una respuesta.",
    "refused_unknown": "{source} no está en el índice (¿se eliminó mientras tanto?).",
}  # fmt: skip
# Reasons from outside the page's handlers (the index's refusals, a full queue or upload space) and progress stages.
REASONS: dict[str, str] = {
    "index_mismatch": "El índice se creó con otra configuración ({diff}); vuelva a crearlo con "
    "`rag ingest --reset`.",
    "index_owned": "La colección {collection} en {url} pertenece a otra carpeta de datos: apunte RAG_DATA_DIR a "
    "esa carpeta, elija otra RAG_COLLECTION o sustituya su contenido con `rag ingest --reset`.",
    "store_lost": "Se perdió la conexión con el servidor Chroma en {url}; vuelva a intentarlo cuando esté "
    "disponible de nuevo.",
    "lexical_damaged": "El índice léxico está dañado; `rag doctor --repair` lo vuelve a crear a partir de Chroma.",
    "lexical_old": "El índice léxico tiene un formato antiguo; `rag ingest` lo convierte in situ (o vuelva a "
    "crearlo todo con `rag ingest --reset`).",
    "unavailable": "Un servicio que el índice necesita no está disponible ahora ({reason}); vuelva a intentarlo "
    "más tarde.",
    "index_error": "El índice no puede realizar la operación: {reason}.",
    "upload_full": "El espacio para cargas está lleno ({used} MiB pendientes de indexar); vuelva a intentarlo "
    "más tarde.",
    "queue_mine": "Ya tiene {requests} en espera o en curso; espere antes de enviar más "
    "(RAG_QUEUE_PER_CLIENT).",
    "queue_full": "El servidor está ocupado ({requests} en espera); vuelva a intentarlo en un momento.",
    "requests_one": "{n} solicitud", "requests_few": "{n} solicitudes", "requests_many": "{n} solicitudes",
    "stage_reading": "lectura", "stage_embedding": "cálculo de embeddings", "stage_lexical": "índice léxico",
    "stage_questions": "preguntas", "stage_baseline": "línea base {mode}",
    "stage_sweep": "umbrales de abstención", "stage_conversations": "conversaciones",
    "ambiguous_document": "Con el nombre `{name}` el índice contiene {count}: {matches}. No se ha eliminado "
    "nada; elija uno por la ruta que se muestra a su lado.",
    "documents_one": "{n} documento", "documents_few": "{n} documentos", "documents_many": "{n} documentos",
}  # fmt: skip
# Why a file is not indexed, by `index.readers.reasons.Reason` kind ("removed": after an indexed file's reason).
SKIP_REASONS: dict[str, str] = {
    "unsupported_listed": "tipo de archivo {suffix} no admitido",
    "no_extension_listed": "tipo de archivo no admitido (sin extensión)",
    "symlink_loop": "bucle de enlaces simbólicos; omitido",
    "missing": "no existe (o es un enlace simbólico roto); omitido",
    "symlink_outside": "enlace simbólico que apunta fuera de la carpeta indexada (no se sigue)",
    "alias": "otro nombre (enlace simbólico) de {source}, que se indexa una sola vez",
    "fifo": "no es un archivo normal (es una FIFO); omitido",
    "socket": "no es un archivo normal (es un socket); omitido",
    "device": "no es un archivo normal (es un dispositivo); omitido",
    "not_regular": "no es un archivo normal; omitido",
    "unsupported_type": "tipo de archivo {suffix} no admitido; se admiten: {supported}",
    "no_extension": "tipo de archivo no admitido (sin extensión); se admiten: {supported}",
    "directory": "ilegible (es una carpeta)",
    "permission": "ilegible (permiso denegado)",
    "unreadable": "ilegible ({detail})",
    "timeout": "la lectura tardó más de {seconds} s (RAG_READ_TIMEOUT); omitido",
    "empty_whitespace": "vacío (solo espacios en blanco)",
    "empty_text": "vacío (sin texto)",
    "empty_file": "archivo vacío (0 bytes)",
    "binary_nul": "archivo binario (contiene bytes NUL), no texto",
    "undecodable": "texto no decodificable (no es UTF-8 y ninguna otra codificación de texto encaja)",
    "binary_control": "datos binarios, no texto ({control} bytes de control en los primeros {sample}, leídos "
    "como {encoding})",
    "html_too_large": "archivo HTML de {size} MiB, por encima del límite de {limit} MiB",
    "html_binary": "archivo binario (contiene bytes NUL), no HTML",
    "pdf_encrypted": "PDF cifrado (requiere una contraseña)",
    "pdf_pages": "PDF de {pages} páginas; el límite es {limit} (RAG_MAX_PDF_PAGES)",
    "pdf_corrupt": "PDF dañado o truncado ({detail})",
    "pdf_no_pages": "PDF sin páginas",
    "pdf_no_text": "sin capa de texto (PDF escaneado o solo de imágenes, páginas: {pages}); aplíquele antes un "
    "OCR",
    "docx_not_package": "archivo .docx dañado (no es un paquete de documento de Word)",
    "docx_corrupt": "archivo .docx dañado ({detail})",
    "docx_parts": "paquete .docx de {parts} partes; el límite es {limit} (RAG_MAX_DOCX_PARTS)",
    "docx_size": "el paquete .docx se descomprime en {size} MiB; el límite es de {limit} MiB (RAG_MAX_DOCX_MB)",
    "memory": "leerlo requiere más de {memory} MiB (RAG_READ_MEMORY_MB)",
    "crashed": "el lector falló o se quedó sin memoria (RAG_READ_MEMORY_MB = {memory})",
    "reader_failed": "falló la lectura ({error}: {detail})",
    "no_chunks": "no quedó texto tras dividirlo en fragmentos",
    "removed": "; su texto indexado anteriormente se ha eliminado del índice",
}  # fmt: skip
# Keys of Gradio's i18n table the page needs that Gradio's table for the language lacks (`ui/gradio_labels.py`).
# Gradio's Spanish table lacks every one below but `common.upload` and `common.complete` (in no table): the chat's
# `chatbot.complete`/`copy_message`/`copied_message` and `chat_interface.*`, `common.download_all`/`progress`/
# `record`/`stop_recording`/`screen_studio`/`share_gradio_tab`/`run`, the table's `dataframe.import_*`/`filter`/
# `clear_filter`, and `status.queue_position`.
GRADIO_KEYS: dict[str, str] = {
    "common.upload": "Cargar", "common.complete": "Completado", "chatbot.complete": "Completado",
    "chatbot.copy_message": "Copiar mensaje", "chatbot.copied_message": "Mensaje copiado",
    "chat_interface.new_chat": "Nuevo chat", "chat_interface.message_placeholder": "Escriba un mensaje…",
    "chat_interface.additional_inputs": "Entradas adicionales", "chat_interface.chatbot": "Chatbot",
    "chat_interface.conversation": "Conversación",
    "common.download_all": "Descargar todo",
    "common.progress": "Progreso", "common.record": "Grabar", "common.stop_recording": "Detener grabación",
    "common.screen_studio": "Screen Studio", "common.share_gradio_tab": "[Compartiendo] Pestaña de Gradio",
    "common.run": "Ejecutar",
    "dataframe.import_empty_file": "El archivo arrastrado está vacío.",
    "dataframe.import_no_column_names": "El archivo arrastrado no tiene nombres de columna.",
    "dataframe.import_ragged_row": "La línea {line} del archivo tiene {fields} campos; el encabezado tiene "
    "{columns}.",
    "dataframe.import_static_columns": "No se puede importar en una tabla con columnas de solo lectura.",
    "dataframe.import_fixed_columns": "Esta tabla admite exactamente {expected} columnas; el archivo tiene "
    "{actual}.",
    "dataframe.import_fixed_rows": "Esta tabla admite exactamente {expected} filas; el archivo tiene {actual}.",
    "dataframe.filter": "Filtrar", "dataframe.clear_filter": "Borrar filtros",
    "status.queue_position": "En cola: {position} de {size}",
}  # fmt: skip
# Gradio's hard-coded English labels, whole, as Gradio writes them (`ui/gradio_labels.py`).
LABELS: dict[str, str] = {
    "Toggle Sidebar": "Mostrar u ocultar el panel lateral", "More tabs": "Más pestañas",
    "chatbot conversation": "Conversación", "Loading response": "Cargando la respuesta",
    "Loading content": "Cargando el contenido", "Liked": "Me gusta (marcado)",
    "Disliked": "No me gusta (marcado)", "undo": "Deshacer",
    "Reset to default value": "Restablecer el valor predeterminado",
    "Click to upload or drop files": "Haga clic para cargar o arrastre aquí los archivos",
    "File upload": "Carga de archivos", "Dataframe": "Tabla", "Table actions": "Acciones de la tabla",
    "Copy table data": "Copiar los datos de la tabla", "Copied to clipboard": "Copiado en el portapapeles",
    "Fullscreen": "Pantalla completa", "Exit fullscreen mode": "Salir de la pantalla completa",
    "Open cell menu": "Abrir el menú de la celda", "Empty value": "Valor vacío",
    "Gradio footer navigation": "Navegación del pie de página", "Close": "Cerrar",
    "Info": "Información", "Warning": "Advertencia", "Success": "Hecho", "Info.": "Información.",
    "Warning.": "Advertencia.", "Success.": "Hecho.", "An error occurred.": "Se ha producido un error.",
    "Language": "Idioma", "☀︎ Light": "☀︎ Claro", "⏾ Dark": "⏾ Oscuro", "🖥︎ System": "🖥︎ Sistema",
    "Screen Studio allows you to record your screen and generates a video of your app with automatically adding "
    "zoom in and zoom out effects as well as trimming the video to remove the prediction time.": "Screen Studio "
    "graba la pantalla y crea un vídeo de la aplicación: añade por sí solo acercamientos y alejamientos y recorta "
    "las esperas de las respuestas.",
    "Start recording by clicking the": "Inicie la grabación con el botón",
    "Start Recording": "Iniciar grabación", "Stop Recording": "Detener grabación",
    "button below and then sharing the current browser tab of your Gradio demo. Use your app as you would "
    "normally to generate a prediction.": "de abajo y luego comparta esta pestaña del navegador. Use la "
    "aplicación como de costumbre.",
    "Stop recording by clicking the": "Detenga la grabación con el botón",
    "button in the footer of the demo.": "del pie de la página.",
    "Include automatic zoom in/out": "Incluir acercamientos y alejamientos automáticos",
    "Include automatic video trimming": "Recortar el vídeo automáticamente",
    "Progressive Web App is not enabled for this app. To enable it, start your Gradio app with": "Esta "
    "aplicación no está habilitada como aplicación web progresiva. Para habilitarla, inicie la aplicación Gradio "
    "con",
}  # fmt: skip
# A regular expression (JavaScript) around our own text in a Gradio label, and its replacement.
PATTERNS: dict[str, str] = {
    "^number input for ": "campo numérico: ", "^range slider for ": "control deslizante: ",
    "^Select example (\\d+): ": "Ejemplo $1: ", "^user's message: ": "mensaje del usuario: ",
    "^bot's message: ": "respuesta: ", "^(.+) icon$": "icono «$1»",
}  # fmt: skip
