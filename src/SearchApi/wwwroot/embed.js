// Kennisbank Zoeken: the embeddable search widget for partner sites.
//   <script src="https://zoeken.example/embed.js" data-key="…" data-filter="theme:hennep" async></script>
// Renders a search box and results in a Shadow DOM next to the script tag (or inside data-target), so neither the
// partner page's CSS nor ours leaks across. Document data is only ever written with textContent: never innerHTML.
(() => {
  'use strict';
  const script = document.currentScript
    || Array.from(document.querySelectorAll('script[src*="embed.js"]')).find(s => !s.dataset.kbzStarted);
  if (!script || script.dataset.kbzStarted) return;
  script.dataset.kbzStarted = '1';

  const api = new URL('/api/v1/partner/search', script.src).href;
  const key = script.dataset.key
    || (script.hasAttribute('data-key-from-url') ? new URLSearchParams(location.search).get('key') : '') || '';
  const filter = script.dataset.filter
    || (script.hasAttribute('data-key-from-url') ? new URLSearchParams(location.search).get('filter') : '') || '';
  const pageSize = Math.min(Math.max(parseInt(script.dataset.pageSize || '5', 10) || 5, 1), 20);
  const linkTarget = script.dataset.linkTarget === '_blank' ? '_blank' : '';

  const css = `
    :host { all: initial; display: block; contain: content; }
    .kbz { box-sizing: border-box; font-family: var(--kbz-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
      font-size: var(--kbz-font-size, 16px); line-height: 1.45; color: var(--kbz-text, #1b1b1b);
      background: var(--kbz-background, #fff); border: 1px solid var(--kbz-border, #d0d4da);
      border-radius: var(--kbz-radius, 6px); padding: 1em; text-align: left; }
    :where(.kbz *) { box-sizing: border-box; font: inherit; color: inherit; letter-spacing: normal; text-transform: none; }
    label { display: block; font-weight: 600; margin: 0 0 .4em; }
    .row { display: flex; gap: .5em; }
    input { flex: 1; min-width: 0; padding: .5em .6em; border: 1px solid var(--kbz-border, #8a9099); border-radius: var(--kbz-radius, 6px);
      background: #fff; color: var(--kbz-text, #1b1b1b); }
    button { padding: .5em 1em; border: 1px solid var(--kbz-accent, #0b5fad); border-radius: var(--kbz-radius, 6px);
      background: var(--kbz-accent, #0b5fad); color: var(--kbz-accent-text, #fff); cursor: pointer; }
    button[disabled] { opacity: .45; cursor: default; }
    :focus-visible { outline: 3px solid var(--kbz-focus, #f2a900); outline-offset: 2px; }
    .status { margin: .8em 0 .4em; color: var(--kbz-muted, #555); }
    ol { list-style: none; margin: 0; padding: 0; }
    li { margin: 0; padding: .7em 0; border-top: 1px solid var(--kbz-border, #e3e6ea); }
    a { color: var(--kbz-accent, #0b5fad); font-weight: 600; text-decoration: underline; }
    .meta { display: block; margin: .15em 0; font-size: .85em; color: var(--kbz-muted, #555); }
    .snippet { margin: .2em 0 0; }
    mark { background: var(--kbz-mark, #fff1a8); color: inherit; padding: 0 .1em; }
    nav { display: flex; align-items: center; justify-content: space-between; gap: .5em; margin-top: .6em; }
    nav[hidden] { display: none; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }`;

  const el = (tag, props = {}, children = []) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props)) {
      if (name === 'text') node.textContent = value; else node.setAttribute(name, value);
    }
    for (const child of children) node.append(child);
    return node;
  };

  // The API escapes the snippet and inserts only <mark>/</mark>. Split on those two tags, decode the five entities the
  // API produces, and write every piece as text: a stray tag stays visible text, never becomes an element.
  const entities = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
  const decode = s => s.replace(/&(amp|lt|gt|quot|#39);/g, m => entities[m]);
  function snippetNodes(snippet) {
    const nodes = [];
    let marked = false;
    for (const part of String(snippet || '').split(/(<mark>|<\/mark>)/)) {
      if (part === '<mark>') { marked = true; continue; }
      if (part === '</mark>') { marked = false; continue; }
      if (!part) continue;
      nodes.push(marked ? el('mark', { text: decode(part) }) : document.createTextNode(decode(part)));
    }
    return nodes;
  }

  const safeHref = url => {
    try {
      const u = new URL(url);
      return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
    } catch { return null; }
  };

  const dateNl = iso => iso ? new Date(iso + 'T00:00:00').toLocaleDateString('nl-NL', { day: 'numeric', month: 'long', year: 'numeric' }) : '';

  const target = script.dataset.target ? document.querySelector(script.dataset.target) : null;
  const host = el('div', { class: 'kbz-zoeken' });
  if (target) target.append(host); else script.after(host);
  const root = host.attachShadow({ mode: 'open' });
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } else {
    root.append(el('style', { text: css }));
  }

  const input = el('input', { id: 'kbz-q', type: 'search', name: 'q', maxlength: '500', autocomplete: 'off', enterkeyhint: 'search' });
  const form = el('form', { role: 'search', class: 'kbz-form' }, [
    el('label', { for: 'kbz-q', text: 'Zoeken in de kennisbank' }),
    el('div', { class: 'row' }, [input, el('button', { type: 'submit', text: 'Zoeken' })]),
  ]);
  const status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const list = el('ol', { class: 'results', 'aria-label': 'Zoekresultaten' });
  const prev = el('button', { type: 'button', class: 'prev', text: 'Vorige' });
  const next = el('button', { type: 'button', class: 'next', text: 'Volgende' });
  const position = el('span', { class: 'position' });
  const pager = el('nav', { 'aria-label': 'Paginering', hidden: '' }, [prev, position, next]);
  root.append(el('div', { class: 'kbz', lang: 'nl' }, [form, status, list, pager]));

  let query = '';
  let page = 1;
  let pending = null;

  async function search() {
    pending?.abort();
    const controller = new AbortController();
    pending = controller;
    status.textContent = 'Bezig met zoeken…';
    const params = new URLSearchParams({ q: query, page: String(page), pageSize: String(pageSize) });
    if (filter) params.set('filter', filter);
    let response;
    try {
      response = await fetch(api + '?' + params, {
        headers: { 'X-Api-Key': key }, credentials: 'omit', mode: 'cors', signal: controller.signal,
      });
    } catch (e) {
      if (e.name !== 'AbortError') show(null, 'De zoekdienst is niet bereikbaar.');
      return;
    }
    if (response.status === 429) {
      const wait = response.headers.get('Retry-After');
      show(null, 'Te veel zoekopdrachten; probeer het ' + (wait ? 'over ' + wait + ' seconden ' : '') + 'opnieuw.');
      return;
    }
    if (!response.ok) {
      show(null, response.status === 401 || response.status === 403
        ? 'Deze zoekfunctie is op deze website niet beschikbaar.'
        : 'Er ging iets mis bij het zoeken.');
      return;
    }
    show(await response.json(), null);
  }

  function show(result, error) {
    list.replaceChildren();
    pager.hidden = true;
    if (error) { status.textContent = error; return; }
    if (!result.total) { status.textContent = 'Geen resultaten voor “' + query + '”.'; return; }
    const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
    status.textContent = (result.notice ? result.notice + ' ' : '')
      + result.total + (result.total === 1 ? ' resultaat' : ' resultaten') + (pages > 1 ? ', pagina ' + result.page + ' van ' + pages : '');
    for (const hit of result.hits) {
      const href = safeHref(hit.url);
      const title = href ? el('a', { href, class: 'title', text: hit.title || hit.url }) : el('span', { class: 'title', text: hit.title || '' });
      if (href && linkTarget) { title.setAttribute('target', linkTarget); title.setAttribute('rel', 'noopener noreferrer'); }
      const meta = el('span', { class: 'meta', text: [hit.source && hit.source.name, dateNl(hit.published)].filter(Boolean).join(' · ') });
      const snippet = el('p', { class: 'snippet' }, snippetNodes(hit.snippet));
      list.append(el('li', { class: 'hit' }, [title, meta, snippet]));
    }
    if (pages > 1) {
      pager.hidden = false;
      position.textContent = 'Pagina ' + result.page + ' van ' + pages;
      prev.disabled = result.page <= 1;
      next.disabled = result.page >= pages;
    }
  }

  form.addEventListener('submit', e => {
    e.preventDefault();
    query = input.value.trim();
    page = 1;
    if (query) search(); else { list.replaceChildren(); pager.hidden = true; status.textContent = 'Typ een zoekvraag.'; }
  });
  prev.addEventListener('click', () => { if (page > 1) { page--; search(); } });
  next.addEventListener('click', () => { page++; search(); });
})();
