"""Gradio's own labels the page's `gr.I18n` table cannot reach, in the page's languages but English (`ui/locales`),
for the parts of Gradio our page shows (chat, slider, dropdowns, file upload, table, image, sidebar, tabs, footer,
toasts, Settings panel).

Two kinds, found by listing every aria-label, title, alt and text on the page in headless Chromium (en vs the others):
- keys Gradio translates but whose table lacks them: Russian lacks 22 of its 160 English keys ("Stop Recording",
  the table's import errors, the queue position...; those of components the page shows are here), and
  `common.upload` (the uploaded file's button) and `common.complete` (what the status tracker announces when an
  event ends) are in no table, so the raw keys showed. `GRADIO_KEYS` adds them to the page's `gr.I18n` table
  (`ui/page_strings.py`).
- strings Gradio 6.31 compiles into its Svelte components as literal English, never through its i18n table
  (`aria-label="Toggle Sidebar"`, `` `number input for ${label}` ``, "Copy table data", the Settings panel's
  theme buttons...): no `gr.I18n` key reaches them. `LABELS` (whole strings) and `PATTERNS` (a prefix or suffix
  around our own text) translate them in the browser: `HEAD` (passed as `head=` to `mount_gradio_app`) defines
  `window.ragTranslateGradio(lang)` and calls it at once with the page's language (`window.ragPageLanguage()`,
  which the page-load hook in `ui/page_strings.py` reads too), before Gradio renders anything; for a language but
  English it rewrites the known aria-label/title/alt/placeholder values and whole text nodes (outside chat messages,
  the document panel and table cells) already there and, through a MutationObserver, in everything Gradio renders
  later.
English pages are left as Gradio renders them. It translates nothing Gradio already translates.
"""

from __future__ import annotations

import json

from ui.locales import LOCALES

# Per language (`ui/locales`): keys added to the page's `gr.I18n` table, and the hard-coded labels (whole strings,
# compared with runs of whitespace as one space, as Gradio writes them; and a regular expression in JavaScript around
# our own text in a label, with its replacement, $1 the captured part) of each language that has them.
GRADIO_KEYS: dict[str, dict[str, str]] = {code: loc.tables.GRADIO_KEYS for code, loc in LOCALES.items()}
LABELS: dict[str, dict[str, str]] = {code: loc.tables.LABELS for code, loc in LOCALES.items() if loc.tables.LABELS}
# (keyed as LABELS, so the script finds both for every language it translates)
PATTERNS: dict[str, dict[str, str]] = {code: loc.tables.PATTERNS for code, loc in LOCALES.items() if loc.tables.LABELS}


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
    const value = node.nodeValue.replace(/^(\\s*)[\\s\\S]*?(\\s*)$/, (_, a, b) => a + word + b);
    if (value !== node.nodeValue) node.nodeValue = value;  // a write, even of the same text, is a new mutation
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
// The page's language: the one chosen with the switch before (localStorage), else the first of the page's
// languages the browser lists (undefined for none). The page-load hook (ui/page_strings.py) picks it here too.
window.ragPageLanguage = () => {
  let stored = null;
  try { stored = localStorage.getItem('rag-page-lang'); } catch (e) { /* storage off */ }
  const langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  const pageLanguages = RAG_CODES;
  return pageLanguages.includes(stored) ? stored
    : langs.map((l) => String(l).slice(0, 2).toLowerCase()).find((l) => pageLanguages.includes(l));
};
window.ragTranslateGradio(window.ragPageLanguage());  // at once, before Gradio renders
</script>"""

# The labels travel as JSON inside the script; `<` is escaped so no string can close the script element.
HEAD = (
    _SCRIPT.replace("RAG_LABELS", json.dumps(LABELS, ensure_ascii=False).replace("<", "\\u003c"))
    .replace("RAG_PATTERNS", json.dumps(PATTERNS, ensure_ascii=False).replace("<", "\\u003c"))
    .replace("RAG_CODES", json.dumps(list(LOCALES)))
)
