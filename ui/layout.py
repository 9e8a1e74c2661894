"""Page CSS for small screens: on a phone the question box is visible without scrolling and tables stay legible.

Only CSS; the page structure is `ui/page.py`'s.
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
}
"""
