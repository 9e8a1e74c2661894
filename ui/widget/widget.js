/* polyglot-rag chat widget: one <script src=".../widget.js" defer> tag adds a cited chat bubble to any page.
 * Hand-written, dependency-free, no build step. All DOM lives in a shadow root; the only global is
 * window.RagWidget. Server text (answers, passages, titles, errors) is inserted with textContent only.
 * Options (data-* on the script tag): title, lang (auto|en|it|ru), position (bottom-right|bottom-left),
 * api (API base URL; default: the script's own origin), color (accent colour), max (longest question; 2000),
 * timeout (seconds without a byte from the server before an answer is given up; 60). */
(function () {
  'use strict';
  if (window.RagWidget) return;
  var t0 = performance.now();
  var script = document.currentScript || document.querySelector('script[src*="widget.js"]');
  var opt = function (name, dflt) {
    var v = script && script.getAttribute('data-' + name);
    return v ? v.trim() : dflt;
  };
  var apiBase = opt('api', script ? new URL(script.src, location.href).origin : location.origin).replace(/\/+$/, '');

  var STR = {
    en: {
      title: 'Ask our docs', close: 'Close chat', clear: 'New conversation',
      placeholder: 'Ask a question…', label: 'Your question', send: 'Send', thinking: 'Searching…',
      sources: 'Sources', hello: 'Ask anything about our documents. Answers cite their sources.',
      network: 'Cannot reach the server. Check your connection and try again.',
      slow: 'No answer came for {s} seconds.', unanswered: 'This question got no answer.',
      busy: 'Too many questions right now. Please try again in {s} seconds.',
      server: 'The server had a problem. Please try again in a moment.',
      bad: 'This question cannot be sent: {m}', retry: 'Try again', passage: 'Passage', language: 'Language',
      unsupported: 'Not supported by the source(s) it cites ({c}).',
      uncited: 'Not supported: this sentence cites no source, and the cited sources do not back it up.',
      count: '{n} of {max} characters', tooLong: 'Too long: shorten it to {max} characters to send it.',
      whole: 'Open the whole document', back: 'Back to the chat', gone: 'This document is no longer in the index.'
    },
    it: {
      title: 'Chiedi ai documenti', close: 'Chiudi la chat', clear: 'Nuova conversazione',
      placeholder: 'Fai una domanda…', label: 'La tua domanda', send: 'Invia', thinking: 'Sto cercando…',
      sources: 'Fonti', hello: 'Chiedi qualsiasi cosa sui nostri documenti. Le risposte citano le fonti.',
      network: 'Impossibile raggiungere il server. Controlla la connessione e riprova.',
      slow: 'Nessuna risposta da {s} secondi.', unanswered: 'Questa domanda non ha avuto risposta.',
      busy: 'Troppe domande in questo momento. Riprova tra {s} secondi.',
      server: 'Il server ha avuto un problema. Riprova tra poco.',
      bad: 'Questa domanda non può essere inviata: {m}', retry: 'Riprova', passage: 'Passaggio', language: 'Lingua',
      unsupported: 'Non confermata dalle fonti citate ({c}).',
      uncited: 'Non verificata: la frase non cita fonti e le fonti citate non la confermano.',
      count: '{n} di {max} caratteri', tooLong: 'Troppo lunga: accorciala a {max} caratteri per inviarla.',
      whole: 'Apri il documento intero', back: 'Torna alla chat', gone: 'Questo documento non è più nell\'indice.'
    },
    ru: {
      title: 'Спросите документы', close: 'Закрыть чат', clear: 'Новый разговор',
      placeholder: 'Задайте вопрос…', label: 'Ваш вопрос', send: 'Отправить', thinking: 'Ищу…',
      sources: 'Источники', hello: 'Спросите что угодно о наших документах. Ответы ссылаются на источники.',
      network: 'Сервер недоступен. Проверьте подключение и попробуйте снова.',
      slow: 'Ответа нет уже {s} с.', unanswered: 'На этот вопрос ответа не было.',
      busy: 'Слишком много вопросов. Попробуйте снова через {s} с.',
      server: 'На сервере произошла ошибка. Попробуйте чуть позже.',
      bad: 'Этот вопрос нельзя отправить: {m}', retry: 'Повторить', passage: 'Фрагмент', language: 'Язык',
      unsupported: 'Не подтверждено указанными источниками ({c}).',
      uncited: 'Не подтверждено: предложение не ссылается на источник, и указанные источники его не подтверждают.',
      count: '{n} из {max} символов', tooLong: 'Слишком длинный: сократите до {max} символов, чтобы отправить.',
      whole: 'Открыть весь документ', back: 'Назад к чату', gone: 'Этого документа больше нет в индексе.'
    }
  };
  var wanted = opt('lang', 'auto').toLowerCase();
  if (wanted === 'auto') wanted = (document.documentElement.lang || navigator.language || 'en').toLowerCase();
  var lang = STR[wanted.slice(0, 2)] ? wanted.slice(0, 2) : 'en';
  var L = STR[lang];
  var title = opt('title', L.title);
  var side = opt('position', 'bottom-right') === 'bottom-left' ? 'left' : 'right';
  var storeKey = 'rag-widget:' + apiBase;
  // A positive number option; another value is named in the console and the default used.
  var positive = function (name, dflt) {
    var raw = opt(name, String(dflt)), v = Number(raw);
    if (v > 0 && isFinite(v)) return v;
    console.warn('rag widget: data-' + name + '="' + raw + '" is not a positive number; using ' + dflt);
    return dflt;
  };
  var maxChars = Math.max(1, Math.floor(positive('max', 2000))); // the server's RAG_MAX_QUESTION_CHARS
  // silence (not a byte, not even the server's keep-alive ping every 15 s) after which an answer is given up
  var timeout = Math.min(positive('timeout', 60), 2147483); // setTimeout's longest delay, in seconds

  // Shared rules first (every button starts bare; common layouts and colours), then each part's own.
  var CSS = `
  *{box-sizing:border-box}
  .w{--a:#2456c8;--af:#fff;--bg:#fff;--fg:#1b1f24;--mu:#5b6470;--bd:#d5dae1;--me:#eef2fb;--er:#a3261b;
    font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg)}
  @media (prefers-color-scheme:dark){.w{--a:#7ea6ff;--af:#0b1220;--bg:#1c1f24;--fg:#e8eaed;--mu:#a4acb6;--bd:#3a4049;
    --me:#262c36;--er:#ff8a80}}
  button,textarea{font:inherit;color:inherit}
  button{border:0;background:none;cursor:pointer}
  .b,.p{position:fixed;${side}:20px}
  .p,.dv,.log{display:flex;flex-direction:column}
  .h,.f{display:flex;gap:6px}
  .log,.dt{flex:1;overflow-y:auto}
  .m,.dt{white-space:pre-wrap;overflow-wrap:anywhere}
  .mt,.nt,.cn{color:var(--mu);font-size:12px}
  .mk,.st,.wd{padding:0;color:var(--a)}
  .b,.u,.f button{background:var(--a);color:var(--af)}
  .p,.dv,.ps,.f textarea{background:var(--bg)}
  .b{bottom:20px;z-index:2147483000;width:56px;height:56px;border-radius:50%;
    box-shadow:0 4px 14px rgba(0,0,0,.3);display:flex;align-items:center;justify-content:center}
  .b:focus-visible,.p :is(button,textarea):focus-visible{outline:3px solid var(--a);outline-offset:2px}
  .b svg{width:28px;height:28px;fill:currentColor}
  .p{bottom:88px;z-index:2147483001;width:380px;max-width:calc(100vw - 40px);height:560px;
    max-height:calc(100vh - 110px);border:1px solid var(--bd);border-radius:12px;
    box-shadow:0 10px 40px rgba(0,0,0,.3);overflow:hidden;overscroll-behavior:contain}
  .p[hidden],.dv[hidden]{display:none}
  .p:focus{outline:none}
  @media (max-width:480px){.p{inset:0;width:100%;max-width:none;height:100%;max-height:none;border-radius:0}}
  .h{align-items:center;padding:10px 12px;border-bottom:1px solid var(--bd)}
  .h h2{flex:1;margin:0;font-size:16px;font-weight:600}
  .ic{padding:4px 8px;border-radius:6px;color:var(--mu)}
  .ic:hover{background:var(--me)}
  .log{padding:12px;gap:10px}
  .m{max-width:92%;padding:8px 11px;border-radius:10px;unicode-bidi:plaintext;text-align:start}
  .u{align-self:flex-end}
  .a{align-self:flex-start;background:var(--me)}
  .hi{color:var(--mu)}
  .mk{padding:0 1px;text-decoration:underline;font-weight:600}
  .src{margin:8px 0 0;padding:0;list-style:none;font-size:13px;white-space:normal}
  .src li{margin-top:4px}
  .st{text-align:left}
  .ps{margin:4px 0 6px;padding:6px 8px;border-left:3px solid var(--a);
    white-space:pre-wrap;max-height:220px;overflow:auto}
  .mt{margin-bottom:2px}
  .er{align-self:stretch;color:var(--er);border:1px solid var(--er)}
  .er button{margin-left:8px;border:1px solid currentColor;border-radius:6px;padding:1px 8px}
  .f{padding:10px;border-top:1px solid var(--bd)}
  .f textarea{flex:1;resize:none;height:42px;padding:9px;border:1px solid var(--bd);border-radius:8px}
  .f button{border-radius:8px;padding:0 14px}
  .ps mark,.dt mark{background:#ffe58a;color:#1b1f24;border-radius:2px}
  .cn{padding:0 12px 8px;text-align:right}
  .cn.over{color:var(--er);font-weight:600}
  .f button:disabled{opacity:.5;cursor:default}
  .us{text-decoration:underline wavy #d97706;text-underline-offset:3px;cursor:help}
  .us::after{content:" \\26A0";color:#d97706;font-size:12px}
  .nt{margin-top:6px}
  .dv{position:absolute;inset:0;z-index:2}
  .dt{padding:10px 12px}
  .wd{display:block;margin:0 0 4px;font-size:12px;text-decoration:underline}
  .ps .wd{position:sticky;top:-6px;width:100%;padding:2px 0;text-align:left;background:var(--bg)}
  .sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}`;

  function el(tag, cls, text, attrs, ns) {
    var e = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = String(text);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    return e;
  }
  function button(cls, text, attrs, onClick) {
    var b = el('button', cls, text, attrs);
    b.type = 'button';
    if (onClick) b.addEventListener('click', onClick);
    return b;
  }
  function iconButton(glyph, label, onClick) {
    return button('ic', glyph, { 'aria-label': label, title: label }, onClick);
  }

  // A custom tag, not a div: page rules like `div {...}` or `div:last-of-type` never match the host element,
  // and the inline style beats any page selector that would style or move it.
  var hostEl = el('rag-widget', null, null, { 'data-rag-widget': '', style: 'all:initial !important' });
  var root = hostEl.attachShadow({ mode: 'open' });
  var w = el('div', 'w', null, { lang: lang });
  var accent = opt('color', '');
  if (accent && window.CSS && window.CSS.supports('color', accent)) w.style.setProperty('--a', accent);

  var bubble = button('b', null, { 'aria-label': title, 'aria-haspopup': 'dialog', 'aria-expanded': 'false',
    title: title }, function () { if (panel.hidden) open(); else close(); });
  var SVG = 'http://www.w3.org/2000/svg';
  var icon = el('svg', null, null, { viewBox: '0 0 24 24', 'aria-hidden': 'true' }, SVG);
  icon.appendChild(el('path', null, null,
    { d: 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z' }, SVG));
  bubble.appendChild(icon);

  var panel = el('div', 'p', null, { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'rw-t', hidden: '',
    tabindex: '-1' }); // a click on its text focuses the dialog, not the host page: Esc and Tab still reach it
  var head = el('div', 'h');
  head.append(el('h2', null, title, { id: 'rw-t' }), iconButton('↺', L.clear, clearConversation),
    iconButton('✕', L.close, close));
  var log = el('div', 'log', null, { role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions text' });
  var form = el('form', 'f');
  var input = el('textarea', null, null, { id: 'rw-q', rows: '1', placeholder: L.placeholder,
    'aria-describedby': 'rw-n' });
  var send = el('button', null, L.send, { type: 'submit' });
  form.append(el('label', 'sr', L.label, { for: 'rw-q' }), input, send);
  var counter = el('div', 'cn', null, { id: 'rw-n', 'aria-live': 'polite' });
  // A cited source expanded to its whole document (GET /api/documents/{source}/text), the quote marked.
  var docView = el('div', 'dv', null, { role: 'region', 'aria-labelledby': 'rw-dh', hidden: '' });
  var docHead = el('div', 'h');
  var backBtn = iconButton('←', L.back, closeDocument);
  var docTitle = el('h2', null, '', { id: 'rw-dh' });
  var docText = el('div', 'dt', null, { tabindex: '0' });
  docHead.append(backBtn, docTitle);
  docView.append(docHead, docText);
  panel.append(head, log, form, counter, docView);
  w.append(bubble, panel);
  root.append(el('style', null, CSS), w);

  var turns;
  try { turns = JSON.parse(sessionStorage.getItem(storeKey)); } catch (e) { /* unreadable: start afresh */ }
  if (!Array.isArray(turns)) turns = [];
  var busy = false, seq = 0, asking = null; // asking: the AbortController of the answer on its way
  var timings = { start: t0, visible: null, sent: null, firstToken: null };

  function save() {
    try { sessionStorage.setItem(storeKey, JSON.stringify(turns.slice(-40))); } catch (e) { /* storage full/off */ }
  }
  function scroll() { log.scrollTop = log.scrollHeight; }

  function renderSources(box, citations) {
    if (!citations || !citations.length) return {};
    var items = {};
    box.appendChild(el('div', 'mt', L.sources));
    var list = el('ol', 'src');
    citations.forEach(function (c) {
      var id = 'rw-c' + (++seq);
      var toggle = button('st', '[' + c.id + '] ' + c.title + ' · ' + String(c.language).toUpperCase(),
        { 'aria-expanded': 'false', 'aria-controls': id }, function () { expand(toggle, detail); });
      var detail = el('div', 'ps', null, { id: id, hidden: '' });
      // stays at the top of the passage (sticky) while the passage scrolls to its quote
      var whole = button('wd', L.whole, null, function () { openDocument(c, whole); });
      detail.append(el('div', 'mt', c.title + ' · ' + L.language + ': ' + c.language), whole);
      appendHighlighted(detail, String(c.text || ''), String(c.quote || ''));
      var li = el('li');
      li.append(toggle, detail);
      list.appendChild(li);
      items[c.id] = { toggle: toggle, detail: detail };
    });
    box.appendChild(list);
    return items;
  }
  // The passage with its quote inside <mark> (text nodes only; any whitespace between words). A list's introduction
  // quoted with a later item (rag/spans.py) is marked from one to the other, as ui.document_view.locate does.
  function appendHighlighted(box, text, quote) {
    var words = quote.trim().split(/\s+/).filter(Boolean), lo = 1, hi = words.length, head = null, n = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1, hit = find(words.slice(0, mid), text, 0);
      if (hit) { head = hit; n = mid; lo = mid + 1; } else hi = mid - 1;
    }
    var tail = head && (n < words.length ? find(words.slice(n), text, head.index + head[0].length) : head);
    if (!tail) return box.append(text);
    var end = tail.index + tail[0].length;
    box.append(text.slice(0, head.index), el('mark', null, text.slice(head.index, end)), text.slice(end));
  }
  function find(words, text, from) {
    var re = new RegExp(words.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }).join('\\s+'), 'g');
    re.lastIndex = from;
    return re.exec(text);
  }
  function openDocument(c, opener) {
    docTitle.textContent = String(c.title || c.source);
    docText.textContent = L.thinking;
    docView.hidden = false;
    docView.opener = opener;
    backBtn.focus();
    var query = '?quote=' + encodeURIComponent(String(c.quote || '').slice(0, 2000)) +
      '&passage=' + encodeURIComponent(String(c.text || '').slice(0, 300));
    fetch(apiBase + '/api/documents/' + encodeURIComponent(String(c.source)) + '/text' + query)
      .then(function (res) {
        if (!res.ok) { docText.textContent = res.status === 404 ? L.gone : L.server; return; }
        return res.json().then(function (doc) {
          var text = String(doc.text || ''), span = doc.highlight || [0, 0];
          var mark = el('mark', null, text.slice(span[0], span[1]));
          docText.textContent = text.slice(0, span[0]);
          docText.append(mark, text.slice(span[1]));
          docText.scrollTop = Math.max(0, mark.offsetTop - docText.offsetTop - docText.clientHeight / 3);
        });
      })
      .catch(function () { docText.textContent = L.network; });
  }
  function closeDocument() {
    if (docView.hidden) return false;
    docView.hidden = true;
    // back where the reader left: focusing the opener (at the passage's top) must not scroll the quote away
    if (docView.opener) docView.opener.focus({ preventScroll: true });
    return true;
  }

  function expand(toggle, detail, show) {
    var open = show == null ? detail.hidden : show;
    detail.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open) {
      var marked = detail.querySelector('mark');
      detail.scrollIntoView({ block: 'nearest' });
      if (marked) detail.scrollTop = Math.max(0, marked.offsetTop - detail.offsetTop - 24);
    }
  }

  // The text cut into [text, flagged sentence or null]: unsupported sentences (from the server) are marked.
  function segments(text, unsupported) {
    var out = [], pos = 0;
    (unsupported || []).forEach(function (u) {
      var at = u && u.text ? text.indexOf(u.text, pos) : -1;
      if (at < 0) return;
      if (at > pos) out.push([text.slice(pos, at), null]);
      out.push([u.text, u]);
      pos = at + u.text.length;
    });
    if (pos < text.length) out.push([text.slice(pos), null]);
    return out;
  }

  // An assistant turn's text with each [n] marker as a button that opens cited passage n.
  function renderAnswer(box, turn) {
    box.textContent = '';
    var body = el('div');
    box.appendChild(body);
    if (turn.notice) box.appendChild(el('div', 'nt', turn.notice));
    var items = renderSources(box, turn.citations);
    segments(String(turn.content), turn.unsupported).forEach(function (seg) {
      var into = body;
      if (seg[1]) {
        var cites = (seg[1].cites || []).map(function (n) { return '[' + n + ']'; }).join('');
        var why = cites ? L.unsupported.replace('{c}', cites) : L.uncited;
        into = body.appendChild(el('span', 'us', null, { title: why }));
      }
      renderText(into, seg[0], items);
    });
  }
  function renderText(body, text, items) {
    text.split(/(\[\d+\])/).forEach(function (part) {
      var n = /^\[(\d+)\]$/.exec(part);
      var item = n && items[n[1]];
      if (!item) { body.appendChild(document.createTextNode(part)); return; }
      body.appendChild(button('mk', part, { 'aria-controls': item.detail.id, 'aria-label': L.passage + ' ' + n[1] },
        function () { expand(item.toggle, item.detail, true); item.toggle.focus(); }));
    });
  }

  function addTurn(turn) {
    var box = el('div', turn.role === 'user' ? 'm u' : 'm a', turn.content);
    if (turn.role !== 'user') renderAnswer(box, turn);
    log.appendChild(box);
  }
  function renderAll() {
    log.textContent = '';
    if (!turns.length) log.appendChild(el('div', 'm a hi', L.hello));
    turns.forEach(addTurn);
    var last = turns[turns.length - 1];
    // a question whose answer failed, or was on its way when the page was left: it can be asked again
    if (last && last.role === 'user' && !asking) showError(L.unanswered, last.content);
    scroll();
  }

  function showError(message, question) {
    var box = el('div', 'm er', message, { role: 'alert' });
    // the focus must not go down with the box (to the host page, where Esc and Tab no longer reach the dialog)
    box.appendChild(button(null, L.retry, null, function () {
      if (busy) return; // another answer is on its way: this box stays until it can ask again
      input.focus(); box.remove(); ask(question, true);
    }));
    log.appendChild(box); // whole before it joins the live log
    scroll();
  }

  function friendly(status, detail, retryAfter) {
    if (status === 429) return L.busy.replace('{s}', retryAfter || '30');
    if ((status === 413 || status === 422) && typeof detail === 'string') return L.bad.replace('{m}', detail);
    return L.server;
  }

  // A Server-Sent Events body: onEvent(name, payload) per event, heard() per chunk.
  function readEvents(res, onEvent, heard) {
    var reader = res.body.getReader(), decoder = new TextDecoder(), buf = '';
    function handle(block) {
      var event = 'message', data = '', payload;
      block.split(/\r?\n/).forEach(function (line) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data += line.slice(5).replace(/^ /, '');
      });
      if (!data) return;
      try { payload = JSON.parse(data); } catch (e) { return; }
      onEvent(event, payload);
    }
    function pump() {
      return reader.read().then(function (r) {
        heard();
        if (r.value) buf += decoder.decode(r.value, { stream: true });
        var parts = buf.split(/\r?\n\r?\n/);
        buf = r.done ? '' : parts.pop();
        parts.forEach(handle);
        if (!r.done) return pump();
      });
    }
    return pump();
  }

  function ask(question, isRetry) {
    question = String(question || '').trim();
    if (!question || busy) return;
    busy = true;
    send.disabled = true;
    var history = turns.map(function (t) { return { role: t.role, content: String(t.content).slice(0, 20000) }; });
    var last = turns[turns.length - 1];
    if (isRetry && last && last.role === 'user' && last.content === question) {
      history.pop(); // asked again: the question is already in the conversation
    } else {
      turns.push({ role: 'user', content: question });
      save();
      var hello = log.querySelector('.hi');
      if (hello) hello.remove();
      addTurn(turns[turns.length - 1]);
    }
    var box = log.appendChild(el('div', 'm a', L.thinking));
    scroll();
    var text = '', done = false, request = new AbortController(), timer = null, stalled = false;
    asking = request;
    timings.sent = performance.now();
    timings.firstToken = null;
    // a conversation cleared meanwhile dropped this answer: nothing of it may reach the new one
    function mine() { return asking === request; }
    function fail(message) {
      if (mine()) { box.remove(); showError(stalled ? L.slow.replace('{s}', timeout) : message, question); }
    }
    function finish() { clearTimeout(timer); if (mine()) { asking = null; busy = false; count(); } }
    function heard() { // the server is there: the silence starts again, until the answer is whole
      clearTimeout(timer);
      if (!done) timer = setTimeout(function () { stalled = true; request.abort(); }, timeout * 1000);
    }
    function onEvent(event, payload) {
      if (!mine() || done) return;
      if (event === 'delta') {
        if (!text) { box.textContent = ''; timings.firstToken = performance.now(); }
        text += payload.text;
        box.appendChild(document.createTextNode(payload.text));
        scroll();
      } else if (event === 'citations' || event === 'error') {
        done = true;
        clearTimeout(timer);
        if (event === 'error') {
          return fail(typeof payload.message === 'string' ? L.bad.replace('{m}', payload.message) : L.server);
        }
        var turn = { role: 'assistant', content: text, citations: payload.citations || [],
          unsupported: payload.unsupported || [], notice: payload.notice || null };
        turns.push(turn);
        save();
        renderAnswer(box, turn);
        scroll();
      }
    }
    heard();
    fetch(apiBase + '/api/chat', {
      method: 'POST',
      // a question too short to tell its language ("🙂") is answered in the widget's
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', 'Accept-Language': lang },
      body: JSON.stringify({ question: question, history: history.slice(-50) }),
      signal: request.signal
    }).then(function (res) {
      if (!mine()) return;
      if (!res.ok) {
        var after = res.headers.get('Retry-After');
        return res.json().catch(function () { return {}; }).then(function (j) {
          fail(friendly(res.status, j && j.detail, after));
        });
      }
      return readEvents(res, onEvent, heard).then(function () { if (!done) fail(L.server); });
    }).catch(function () {
      if (!done) fail(L.network);
    }).then(finish);
  }

  function focusables() {
    return [].filter.call(panel.querySelectorAll('button,textarea,[tabindex]'), function (e) {
      return !e.disabled && e.tabIndex >= 0 && e.getClientRects().length > 0 && (docView.hidden || docView.contains(e));
    });
  }
  function open() {
    if (!panel.hidden) return;
    panel.hidden = false;
    bubble.setAttribute('aria-expanded', 'true');
    count(); // first: the counter's text takes its height from the log, which would hide the log's end again
    scroll(); // the log was rendered once, at mount: rebuilding it here lost the answer on its way
    input.focus();
  }
  function close() {
    if (panel.hidden) return;
    panel.hidden = true;
    bubble.setAttribute('aria-expanded', 'false');
    bubble.focus();
  }
  function clearConversation() {
    if (asking) { asking.abort(); asking = null; busy = false; } // the answer on its way belongs to the old one
    closeDocument(); turns = []; save(); renderAll(); count(); input.focus();
  }

  function count() {
    var n = input.value.length, over = n > maxChars;
    counter.textContent = over ? L.tooLong.replace('{max}', maxChars)
      : L.count.replace('{n}', n).replace('{max}', maxChars);
    counter.className = over ? 'cn over' : 'cn';
    input.setAttribute('aria-invalid', String(over));
    send.disabled = busy || over;
    return !over;
  }
  input.addEventListener('input', count);
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var q = input.value;
    if (!q.trim() || busy || !count()) return;
    if (root.activeElement === send) input.focus(); // Send is disabled next: its focus would fall to the host page
    input.value = '';
    count();
    ask(q);
  });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit(); }
  });
  panel.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); if (!closeDocument()) close(); return; }
    if (e.key !== 'Tab') return;
    var items = focusables();
    if (!items.length) return;
    var first = items[0], last = items[items.length - 1], active = root.activeElement;
    var outside = active === panel || !panel.contains(active); // the dialog itself, after a click on its text
    if (e.shiftKey && (active === first || outside)) { e.preventDefault(); last.focus(); }
    else if (!e.shiftKey && (active === last || outside)) { e.preventDefault(); first.focus(); }
  });

  function mount() {
    renderAll();
    document.body.appendChild(hostEl);
    requestAnimationFrame(function () { timings.visible = performance.now(); });
  }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);

  window.RagWidget = { open: open, close: close, ask: function (q) { open(); ask(q); }, timings: timings };
})();
