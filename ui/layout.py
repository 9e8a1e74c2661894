"""Page CSS for the page's layout: the saved-conversations column, the chat's scroll button, Gradio's footer, and on
a phone the question box visible without scrolling and tables that stay legible.

- The saved-conversations column (`#rag-history`, built by Gradio's ChatInterface with a 100px minimum) keeps a
  readable width beside the chat when the document panel narrows the page, and a long word in a title wraps
  instead of running out of the column.
- While the document panel is open, the chat column (`#rag-chat-column`) keeps a reading width of 560px: when it
  and the saved-conversations column do not both fit beside the panel (e.g. on a 1280px screen), the list wraps
  under the chat, as on a phone (Gradio's CSS keeps only plain, `@media` and `@keyframes` rules, so no container
  query: the row runs right to left with the list last, which shows it on the left when both fit). With the
  panel closed the columns are laid out as before.
- Gradio centres the chatbot's scroll-to-bottom button over the messages, above everything on the page (even the
  document panel, which covers the whole width on a phone). It goes to the log's bottom-right corner, in the
  messages' right margin where Gradio puts the clear button at the top, under the page's overlays.
- Gradio's footer puts a `·` before its Settings link even when no link precedes it (and two while it records
  the screen); one separator shows, and only after a link.
- Gradio's Settings panel has a language picker of its own, which changed Gradio's strings and the page's but not
  the tabs, the header switch or the language the server words replies in: hidden, the header switch is the
  page's (`ui/page_strings.py`). Its buttons are shown as written, not capitalised word by word ("Aufnahme
  starten", not "Aufnahme Starten"); on a phone its header's URL, which ran under the close button, is hidden.

Only CSS; the page structure is `ui/page.py`'s.
"""

PAGE_CSS = """
#rag-history { min-width: min(200px, 100%) !important; }
.column:has(> #rag-doc-panel.open) #rag-chat-column { min-width: min(560px, 100%) !important; }
.column:has(> #rag-doc-panel.open) .row:has(> #rag-history) { flex-direction: row-reverse; }
.column:has(> #rag-doc-panel.open) #rag-history { order: 2; }  /* beside it on the left, or on the line under it */
#rag-history td { overflow-wrap: anywhere; }
#rag-chatbot .scroll-down-button-container { left: auto; right: 0; bottom: 0; transform: none; z-index: 20; }
#rag-chatbot .scroll-down-button-container .large { width: 18px; height: 18px; }  /* within the messages' margin */
footer > .divider:not(:is(.show-api, .built-with, .run-history, .record:not(.hidden)) ~ .divider),
footer > .divider + .divider { display: none; }
.api-docs .banner-wrap:has(input[role=combobox]) { display: none; }
.api-docs button, .api-docs .theme-button, .api-docs .record-button { text-transform: none !important; }
"""

PHONE_CSS = """
@media (max-width: 640px) {
  #rag-header p { display: none; }
  #rag-header h2 { margin: 0 0 .2em; font-size: 1.15em; }
  #rag-settings { display: none; }
  #rag-chatbot { height: 52vh !important; min-height: 240px; }
  #rag-history { order: 2; }
  #rag-documents table { table-layout: auto !important; min-width: 36em; }
  #rag-documents th, #rag-documents td { white-space: nowrap; }
  .api-docs .url { display: none; }
}
"""
