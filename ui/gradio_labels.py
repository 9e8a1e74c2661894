"""Gradio's own labels the page's `gr.I18n` table cannot reach, in Italian and Russian, for the parts of Gradio
our page shows (chat, slider, dropdowns, file upload, table, image, sidebar, tabs, footer, toasts, Settings panel).

Two kinds, found by listing every aria-label, title, alt and text on the page in headless Chromium (en vs it/ru):
- keys Gradio translates but whose table lacks them: Russian lacks 22 of its 160 English keys ("Stop Recording",
  the table's import errors, the queue position...; those of components the page shows are here), and
  `common.upload` (the uploaded file's button) and `common.complete` (what the status tracker announces when an
  event ends) are in no table, so the raw keys showed. `GRADIO_KEYS` adds them to the page's `gr.I18n` table
  (`ui/page_strings.py`).
- strings Gradio 6.31 compiles into its Svelte components as literal English, never through its i18n table
  (`aria-label="Toggle Sidebar"`, `` `number input for ${label}` ``, "Copy table data", the Settings panel's
  theme buttons...): no `gr.I18n` key reaches them. `LABELS` (whole strings) and `PATTERNS` (a prefix or suffix
  around our own text) translate them in the browser: `HEAD` (passed as `head=` to `mount_gradio_app`) defines
  `window.ragTranslateGradio(lang)` and calls it at once with the page's language (picked as the page-load hook
  in `ui/page_strings.py` picks it, before Gradio renders anything); for it/ru it rewrites the known
  aria-label/title/alt/placeholder values and whole text nodes (outside chat messages, the document panel and
  table cells) already there and, through a MutationObserver, in everything Gradio renders later.
English pages are left as Gradio renders them. It translates nothing Gradio already translates.
"""

from __future__ import annotations

import json

GRADIO_KEYS: dict[str, dict[str, str]] = {
    "en": {"common.upload": "Upload", "common.complete": "Complete"},
    "it": {
        "common.upload": "Carica", "common.complete": "Completato",
        "common.share_gradio_tab": "[Condivisione] Scheda di Gradio",
    },
    "ru": {
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
    },
}  # fmt: skip

# Whole strings (compared with runs of whitespace as one space), as Gradio writes them.
LABELS: dict[str, dict[str, str]] = {
    "it": {
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
    },
    "ru": {
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
    },
}  # fmt: skip

# A regular expression (JavaScript) around our own text in a label, and its replacement ($1: the captured part).
PATTERNS: dict[str, dict[str, str]] = {
    "it": {
        "^number input for ": "campo numerico: ", "^range slider for ": "cursore: ",
        "^Select example (\\d+): ": "Esempio $1: ", "^user's message: ": "messaggio dell'utente: ",
        "^bot's message: ": "risposta: ", "^(.+) icon$": "icona $1",
    },
    "ru": {
        "^number input for ": "числовое поле: ", "^range slider for ": "ползунок: ",
        "^Select example (\\d+): ": "Пример $1: ", "^user's message: ": "сообщение пользователя: ",
        "^bot's message: ": "ответ: ", "^(.+) icon$": "значок «$1»",
    },
}  # fmt: skip

_SCRIPT = """<script>
window.ragTranslateGradio = (lang) => {
  const labels = RAG_LABELS[lang], patterns = RAG_PATTERNS[lang];
  if (!labels || window.ragGradioObserver) return;
  const rules = Object.entries(patterns).map(([re, to]) => [new RegExp(re), to]);
  const attrs = ['aria-label', 'title', 'alt', 'placeholder'];
  const own = '[data-testid=bot], [data-testid=user], .rag-doc, td';  // answers, questions, documents
  const norm = (s) => s.replace(/\\s+/g, ' ').trim();
  const label = (value) => {
    const whole = labels[norm(value)];
    if (whole) return whole;
    const rule = rules.find(([re]) => re.test(value));
    return rule ? value.replace(rule[0], rule[1]) : null;
  };
  const fixAttrs = (el) => {
    for (const name of attrs) {
      const value = el.getAttribute(name), word = value && label(value);
      if (word && word !== value) el.setAttribute(name, word);
    }
  };
  const fixText = (node) => {
    const word = labels[norm(node.nodeValue)], parent = node.parentElement;
    if (!word || !parent || parent.closest(own)) return;
    node.nodeValue = node.nodeValue.replace(/^(\\s*)[\\s\\S]*?(\\s*)$/, (_, a, b) => a + word + b);
  };
  const fix = (root) => {
    if (root.nodeType === Node.TEXT_NODE) return fixText(root);
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    fixAttrs(root);
    root.querySelectorAll('*').forEach(fixAttrs);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) fixText(node);
  };
  fix(document.documentElement);
  window.ragGradioObserver = new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === 'attributes') fixAttrs(change.target);
      else if (change.type === 'characterData') fixText(change.target);
      else change.addedNodes.forEach(fix);
    }
  });
  window.ragGradioObserver.observe(document.documentElement, {
    subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: attrs,
  });
};
(() => {  // at once, before Gradio renders: the page's language, by FOLLOW_BROWSER_LANGUAGE_JS's rule
  let stored = null;
  try { stored = localStorage.getItem('rag-page-lang'); } catch (e) { /* storage off */ }
  const langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  const first = langs.map((l) => String(l).slice(0, 2).toLowerCase()).find((l) => ['en', 'it', 'ru'].includes(l));
  window.ragTranslateGradio(['en', 'it', 'ru'].includes(stored) ? stored : first);
})();
</script>"""

# The labels travel as JSON inside the script; `<` is escaped so no string can close the script element.
HEAD = _SCRIPT.replace("RAG_LABELS", json.dumps(LABELS, ensure_ascii=False).replace("<", "\\u003c")).replace(
    "RAG_PATTERNS", json.dumps(PATTERNS, ensure_ascii=False).replace("<", "\\u003c")
)
