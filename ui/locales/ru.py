"""The chat page in Russian: its own strings, the reasons it shows, and Gradio's labels its Russian table lacks.

`GRADIO_KEYS`: Russian lacks 22 of Gradio's 160 English keys; those of the components the page shows are here, with
the two keys no Gradio table has. Data only (see `ui/locales/__init__.py`).
"""

from __future__ import annotations

# The page's own strings and the messages its handlers word (`ui/page_strings.py`).
PAGE: dict[str, str] = {
    "intro": "## polyglot-rag\nСпрашивайте на любом языке; ответы цитируют документы с нумерованными источниками.",
    "chat": "Чат", "documents": "Документы", "eval": "Оценка",
    "top_k": "Сколько фрагментов искать (top-k)", "only_in": "Язык документов",
    "chat_placeholder": "Спросите о своих документах по-русски, по-английски, по-итальянски или на другом языке.",
    "ask": "Задайте вопрос…", "token": "Токен администратора", "files": "Документы",
    "add": "Добавить в индекс", "remove_pick": "Удалить документ из индекса", "remove": "Удалить",
    "eval_note": "Последний отчёт об оценке этого индекса (`<data dir>/reports/latest`).",
    "no_report": "Отчёта об оценке пока нет: запустите её здесь или командой `make eval`.",
    "run_eval": "Запустить оценку", "chart": "График", "page_language": "Язык страницы",
    "any_language": "Любой язык", "col_document": "Документ", "col_title": "Заголовок", "col_language": "Язык",
    "col_chunks": "Фрагменты",
    "supported": "Поддерживаются: {formats} · ≤ {limit} МиБ",
    "policy_token": "Чтобы добавлять документы, нужен токен администратора.",
    "policy_loopback": "Добавлять документы можно, потому что сервер слушает только эту машину.",
    "policy_closed": "Добавление документов отключено: задайте RAG_ADMIN_TOKEN, чтобы включить его на сетевом "
    "адресе.",
    "vote_saved": "Спасибо, ваш голос сохранён.",
    "rename_label": "Новое название…", "rename": "Переименовать", "renamed": "Переименовано.",
    "rename_none": "Сначала начните или откройте разговор: переименовывать пока нечего.",
    "rename_empty": "Сначала введите название; ничего не изменилось.",
    "rename_long": "Название — не длиннее 80 символов; ничего не изменилось.",
    "doc_hint": "Нажмите на название источника в ответе, чтобы прочитать здесь весь документ с выделенной "
    "цитатой.",
    "upload_added": "✅ добавлен `{source}` ({language}, {chunks})", "upload_updated": "✅ обновлён "
    "`{source}` ({language}, {chunks})", "upload_unchanged": "✅ без изменений `{source}` ({language}, {chunks})",
    "upload_refused": "Загрузка отклонена", "nothing_to_upload": "Нечего загружать",
    "choose_files": "Сначала выберите один или несколько файлов.", "eval_not_run": "Оценка не запущена",
    "choose_removal": "Сначала выберите документ для удаления.",
    "removed": "🗑️ удалён `{source}` ({chunks}); осталось документов: {documents}",
    "chunks_one": "{n} фрагмент", "chunks_few": "{n} фрагмента", "chunks_many": "{n} фрагментов",
    "refused_rate": "Слишком много вопросов с вашего адреса; попробуйте снова через {seconds} с.",
    "refused_tokens": "Слишком много неверных токенов администратора; попробуйте снова через {seconds} с.",
    "refused_no_token": "Нужен токен администратора: введите его в поле токена.",
    "refused_wrong_token": "Неверный токен администратора.",
    "refused_closed": "Добавление документов отключено: сервер слушает сетевой адрес, а RAG_ADMIN_TOKEN не "
    "задан.",
    "refused_type": "{name}: тип файла {suffix} не поддерживается; поддерживаются: {allowed}.",
    "refused_size": "{name} весит {size} МиБ; предел загрузки — {limit} МиБ.",
    "refused_empty": "{name} пуст.", "refused_name": "Недопустимое имя файла: {name}.",
    "refused_unreadable": "{name} нельзя проиндексировать: {reason}",
    "refused_not_uploaded": "{name} загружен не через эту страницу; отклонено.",
    "refused_eval_running": "Оценка уже идёт.",
    "refused_no_source": "Документ не указан: откройте источник из ответа.",
    "refused_unknown": "{source} нет в индексе (удалён тем временем?).",
}  # fmt: skip
# Reasons from outside the page's handlers (the index's refusals, a full queue or upload space) and progress stages.
REASONS: dict[str, str] = {
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
}  # fmt: skip
# Why a file is not indexed, by `index.readers.reasons.Reason` kind ("removed": after an indexed file's reason).
SKIP_REASONS: dict[str, str] = {
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
}  # fmt: skip
# Keys of Gradio's i18n table the page needs that Gradio's table for the language lacks (`ui/gradio_labels.py`).
GRADIO_KEYS: dict[str, str] = {
    "common.upload": "Загрузить", "common.complete": "Готово", "chatbot.complete": "Готово",
    "common.download_all": "Скачать всё",
    "common.progress": "Ход выполнения", "common.record": "Записать", "common.stop_recording": "Остановить запись",
    "common.screen_studio": "Screen Studio", "common.share_gradio_tab": "[Демонстрация] Вкладка Gradio",
    "common.run": "Запустить",
    "dataframe.import_empty_file": "Перетащенный файл пуст.",
    "dataframe.import_no_column_names": "В перетащенном файле нет названий столбцов.",
    "dataframe.import_ragged_row": "В строке {line} файла {fields} полей, в заголовке — {columns}.",
    "dataframe.import_static_columns": "Нельзя импортировать в таблицу со столбцами только для чтения.",
    "dataframe.import_fixed_columns": "В этой таблице ровно {expected} столбцов, в файле — {actual}.",
    "dataframe.import_fixed_rows": "В этой таблице ровно {expected} строк, в файле — {actual}.",
    "dataframe.filter": "Фильтр", "dataframe.clear_filter": "Сбросить фильтры",
    "status.queue_position": "В очереди: {position} из {size}",
}  # fmt: skip
# Gradio's hard-coded English labels, whole, as Gradio writes them (`ui/gradio_labels.py`).
LABELS: dict[str, str] = {
    "Toggle Sidebar": "Показать или скрыть боковую панель", "More tabs": "Другие вкладки",
    "chatbot conversation": "Разговор", "Loading response": "Загрузка ответа",
    "Loading content": "Загрузка содержимого", "Liked": "Нравится (отмечено)", "Disliked": "Не нравится (отмечено)",
    "undo": "Отменить", "Reset to default value": "Вернуть значение по умолчанию",
    "Click to upload or drop files": "Нажмите, чтобы загрузить, или перетащите файлы",
    "File upload": "Загрузка файла", "Dataframe": "Таблица", "Table actions": "Действия с таблицей",
    "Copy table data": "Копировать данные таблицы", "Copied to clipboard": "Скопировано в буфер обмена",
    "Fullscreen": "Во весь экран", "Exit fullscreen mode": "Выйти из полноэкранного режима",
    "Open cell menu": "Открыть меню ячейки", "Empty value": "Пустое значение",
    "Gradio footer navigation": "Навигация внизу страницы", "Close": "Закрыть",
    "Info": "Информация", "Warning": "Предупреждение", "Success": "Готово", "Info.": "Информация.",
    "Warning.": "Предупреждение.", "Success.": "Готово.", "An error occurred.": "Произошла ошибка.",
    "Language": "Язык", "☀︎ Light": "☀︎ Светлая", "⏾ Dark": "⏾ Тёмная", "🖥︎ System": "🖥︎ Как в системе",
    "Screen Studio allows you to record your screen and generates a video of your app with automatically adding "
    "zoom in and zoom out effects as well as trimming the video to remove the prediction time.": "Screen Studio "
    "записывает экран и делает видео приложения: сам добавляет приближение и отдаление и вырезает ожидание "
    "ответов.",
    "Start recording by clicking the": "Начните запись кнопкой",
    "Start Recording": "Начать запись", "Stop Recording": "Остановить запись",
    "button below and then sharing the current browser tab of your Gradio demo. Use your app as you would "
    "normally to generate a prediction.": "ниже, затем откройте доступ к этой вкладке браузера. Пользуйтесь "
    "приложением как обычно.",
    "Stop recording by clicking the": "Остановите запись кнопкой",
    "button in the footer of the demo.": "внизу страницы.",
    "Include automatic zoom in/out": "Автоматически приближать и отдалять",
    "Include automatic video trimming": "Автоматически обрезать видео",
    "Progressive Web App is not enabled for this app. To enable it, start your Gradio app with": "Это "
    "приложение не включено как прогрессивное веб-приложение. Чтобы включить, запустите приложение Gradio с",
}  # fmt: skip
# A regular expression (JavaScript) around our own text in a Gradio label, and its replacement.
PATTERNS: dict[str, str] = {
    "^number input for ": "числовое поле: ", "^range slider for ": "ползунок: ",
    "^Select example (\\d+): ": "Пример $1: ", "^user's message: ": "сообщение пользователя: ",
    "^bot's message: ": "ответ: ", "^(.+) icon$": "значок «$1»",
}  # fmt: skip
