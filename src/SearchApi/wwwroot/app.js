// Kennisbank Zoeken: the staff search page. The query, filters, sort and page live in the URL, so every search is
// bookmarkable and back/forward replays it. Document text is only ever written with textContent; the one piece of
// markup the API sends (<mark> in snippets) is rebuilt as elements.
(() => {
  'use strict';
  const facetNames = { source: 'Bron', type: 'Soort document', theme: 'Thema', year: 'Jaar' };
  const form = document.getElementById('search-form');
  const q = document.getElementById('q');
  const sort = document.getElementById('sort');
  const $ = id => document.getElementById(id);

  const el = (tag, props = {}, children = []) => {
    const node = Object.assign(document.createElement(tag), props);
    for (const child of children) node.append(child);
    return node;
  };
  const dateNl = iso => iso ? new Date(iso + 'T00:00:00').toLocaleDateString('nl-NL', { day: 'numeric', month: 'long', year: 'numeric' }) : '';
  const dateTimeNl = iso => iso ? new Date(iso).toLocaleDateString('nl-NL', { day: 'numeric', month: 'long', year: 'numeric' }) : '';

  // There is no log-in flow yet. As a development aid a bearer token in sessionStorage['kbz-token'] is sent along.
  const token = (() => { try { return sessionStorage.getItem('kbz-token'); } catch { return null; } })();
  const api = path => fetch(path, { headers: Object.assign({ Accept: 'application/json' }, token ? { Authorization: 'Bearer ' + token } : {}) });

  function showLoginStatus() {
    const status = $('login-status');
    if (!token) {
      status.textContent = 'Niet ingelogd — u ziet openbare documenten';
      return;
    }

    const logout = el('button', { type: 'button', className: 'linkbutton', textContent: 'Afmelden' });
    logout.addEventListener('click', () => { try { sessionStorage.removeItem('kbz-token'); } catch { /* ignore */ } location.reload(); });
    status.replaceChildren(el('span', { textContent: 'Ingelogd' }), ' ', logout);
  }

  // Source freshness ("bijgewerkt op …"): the end of each source's last harvest.
  const sources = api('/api/v1/sources')
    .then(r => r.ok ? r.json() : [])
    .then(list => Object.fromEntries(list.map(s => [s.id, s.lastHarvest && s.lastHarvest.finishedAt])))
    .catch(() => ({}));

  function state() { return new URLSearchParams(location.search); }

  function go(params, focusResults = false) {
    history.pushState(null, '', '?' + params.toString());
    run(focusResults);
  }

  form.addEventListener('submit', e => {
    e.preventDefault();
    const p = state();
    p.set('q', q.value.trim());
    if (sort.value === 'relevance') p.delete('sort'); else p.set('sort', sort.value);
    p.delete('page');
    go(p);
  });
  sort.addEventListener('change', () => form.requestSubmit());

  // Autocomplete: titles and words from /api/v1/suggest, offered through a datalist.
  const list = el('datalist', { id: 'suggestions' });
  document.body.append(list);
  q.setAttribute('list', 'suggestions');
  let pending;
  q.addEventListener('input', () => {
    clearTimeout(pending);
    pending = setTimeout(async () => {
      const text = q.value.trim();
      if (text.length < 2) { list.replaceChildren(); return; }
      try {
        const response = await api('/api/v1/suggest?size=8&q=' + encodeURIComponent(text));
        if (!response.ok) return;
        const data = await response.json();
        list.replaceChildren(...data.suggestions.map(s => el('option', { value: s.text, label: s.kind === 'title' ? 'document' : 'zoekterm' })));
      } catch { /* suggestions are optional */ }
    }, 150);
  });
  window.addEventListener('popstate', () => run());

  function clearFilters() {
    const next = state();
    for (const name of Object.keys(facetNames)) next.delete(name);
    next.delete('page');
    go(next);
  }
  $('clear-filters-empty').addEventListener('click', clearFilters);

  const hasFilters = p => Object.keys(facetNames).some(name => p.has(name));

  function problemText(response, data) {
    if (response.status === 400 && data) {
      const details = data.errors ? Object.values(data.errors).flat().join(' ') : (data.detail || data.title);
      return details || 'De zoekopdracht is ongeldig.';
    }
    if (response.status === 401) return 'Uw inlogsessie is ongeldig of verlopen. Meld u af en probeer het opnieuw.';
    if (response.status === 429) return 'Er worden te veel zoekopdrachten gedaan. Wacht even en probeer het opnieuw.';
    return 'Er ging iets mis bij het zoeken. Probeer het later opnieuw.';
  }

  function showError(text) {
    const error = $('error');
    error.textContent = text;
    error.hidden = !text;
  }

  let sequence = 0;

  async function run(focusResults = false) {
    const ticket = ++sequence;
    const p = state();
    q.value = p.get('q') || '';
    sort.value = p.get('sort') === 'date' ? 'date' : 'relevance';
    document.title = (p.get('q') ? `${p.get('q')} — ` : '') + 'Kennisbank Zoeken';
    const results = $('results');
    results.setAttribute('aria-busy', 'true');
    $('status').textContent = 'Zoeken…';
    showError('');
    let response, data;
    try {
      response = await api('/api/v1/search?' + p.toString());
      data = await response.json().catch(() => null);
    } catch {
      response = null;
    }

    const freshness = await sources;
    if (ticket !== sequence) return; // a newer search has started
    results.removeAttribute('aria-busy');
    if (!response) {
      $('status').textContent = '';
      showError('De zoekdienst is niet bereikbaar. Controleer uw verbinding en probeer het opnieuw.');
      render({ hits: [], facets: {}, total: 0, page: 1, pageSize: 10 }, p, freshness, true);
      return;
    }
    if (!response.ok || !data) {
      $('status').textContent = '';
      showError(problemText(response, data));
      render({ hits: [], facets: {}, total: 0, page: 1, pageSize: 10 }, p, freshness, true);
      return;
    }

    const shown = data.total === 1 ? '1 document' : `${data.total.toLocaleString('nl-NL')} documenten`;
    const pages = pageCount(data);
    const status = $('status');
    status.textContent = `${shown} gevonden` + (data.query ? ` voor “${data.query}”` : '')
      + (pages > 1 ? `, pagina ${data.page} van ${pages}` : '') + ` (${data.tookMs} ms)`;
    if (data.didYouMean && !(data.notice || '').includes(data.didYouMean)) {
      const next = state();
      next.set('q', data.didYouMean);
      next.delete('page');
      const link = el('a', { href: '?' + next.toString(), textContent: data.didYouMean, className: 'did-you-mean' });
      link.addEventListener('click', e => { e.preventDefault(); go(next); });
      status.append(' Bedoelde u: ', link, '?');
    }
    const notice = $('notice');
    notice.textContent = data.notice || '';
    notice.hidden = !data.notice;
    render(data, p, freshness, false);
    if (focusResults) $('results-heading').focus();
  }

  const pageCount = data => Math.min(Math.ceil(data.total / data.pageSize), Math.floor(1000 / data.pageSize));

  // The API escapes the snippet and inserts only <mark>/</mark>: split on those, decode the five entities, write text.
  function snippetNodes(snippet) {
    const decode = s => s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]);
    const nodes = [];
    let marked = false;
    for (const part of String(snippet || '').split(/(<mark>|<\/mark>)/)) {
      if (part === '<mark>') { marked = true; continue; }
      if (part === '</mark>') { marked = false; continue; }
      if (part) nodes.push(marked ? el('mark', { textContent: decode(part) }) : document.createTextNode(decode(part)));
    }
    return nodes;
  }

  const withPage = (url, page) => page ? url.split('#')[0] + '#page=' + page : url;

  // Click-through for search analytics: the query, the document and its position; never who clicked.
  function reportClick(data, hit) {
    const position = data.hits.indexOf(hit) + 1 + (data.page - 1) * data.pageSize;
    const body = JSON.stringify({ query: data.query || '', id: hit.id, position });
    try {
      if (!navigator.sendBeacon('/api/v1/click', new Blob([body], { type: 'application/json' }))) throw new Error();
    } catch {
      fetch('/api/v1/click', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body, keepalive: true }).catch(() => {});
    }
  }

  function renderHit(data, hit) {
    const href = withPage(hit.url, hit.page);
    const link = el('a', { href, textContent: hit.title, rel: 'noopener' });
    link.addEventListener('click', () => reportClick(data, hit));
    const title = el('h3', {}, [link]);
    const badges = el('div', { className: 'badges' }, [
      el('span', { className: 'badge badge-type', textContent: label(data, 'type', hit.type) }),
      ...(hit.themes || []).map(t => el('span', { className: 'badge badge-theme', textContent: label(data, 'theme', t) })),
    ]);
    const meta = el('p', { className: 'meta', textContent: [hit.source.name, dateNl(hit.published)].filter(Boolean).join(' · ') });
    const parts = [title, badges, meta];
    if (hit.parent) {
      parts.push(el('p', { className: 'parent' }, [
        'Bijlage bij ', el('a', { href: hit.parent.url, textContent: hit.parent.title || hit.parent.url }),
      ]));
    }
    if (hit.restricted) {
      parts.push(el('p', { className: 'snippet restricted-text' }, [
        el('span', { className: 'lock', textContent: '🔒', ariaHidden: 'true' }),
        el('span', { className: 'visually-hidden', textContent: 'Alleen voor leden: ' }),
        hit.snippet,
      ]));
      return el('li', { className: 'hit restricted' }, parts);
    }

    parts.push(el('p', { className: 'snippet' }, snippetNodes(hit.snippet)));
    if (hit.page) {
      parts.push(el('p', { className: 'pagelink' }, [el('a', { href, textContent: `Open de PDF op pagina ${hit.page}`, rel: 'noopener' })]));
    }
    if (hit.variants && hit.variants.length) {
      const variants = el('p', { className: 'variants' }, ['Ook gepubliceerd door ']);
      hit.variants.forEach((v, i) => {
        if (i > 0) variants.append(i === hit.variants.length - 1 ? ' en ' : ', ');
        variants.append(el('a', { href: v.url, textContent: v.source.name, rel: 'noopener' }));
        if (v.published) variants.append(` (${dateNl(v.published)})`);
      });
      parts.push(variants);
    }
    const read = el('button', { className: 'linkbutton', type: 'button', textContent: 'Tekst lezen' });
    read.addEventListener('click', () => openReader(hit.id));
    parts.push(read);
    return el('li', { className: 'hit' }, parts);
  }

  function render(data, p, freshness, failed) {
    $('hits').replaceChildren(...data.hits.map(hit => renderHit(data, hit)));
    $('empty').hidden = failed || data.hits.length > 0;
    $('empty-filters').hidden = !hasFilters(p);
    renderFacets(data, p, freshness);
    renderPager(data, p);
  }

  function renderFacets(data, p, freshness) {
    const focused = document.activeElement && document.activeElement.id;
    const facets = $('facets');
    const groups = Object.entries(facetNames).map(([name, legend], g) => {
      const values = ((data.facets && data.facets[name]) || []).slice();
      const selected = p.getAll(name);
      // A selected value stays visible (and can be unticked) even when nothing matches it any more.
      for (const v of selected) if (!values.some(x => x.value === v)) values.push({ value: v, label: v, count: 0 });
      const set = el('fieldset', {}, [el('legend', { textContent: legend })]);
      values.forEach((v, i) => {
        const id = `facet-${name}-${i}-${v.value.replace(/[^a-z0-9]/gi, '')}`;
        const box = el('input', { type: 'checkbox', id, name, value: v.value, checked: selected.includes(v.value) });
        box.addEventListener('change', () => {
          const next = state();
          const current = next.getAll(name).filter(x => x !== v.value);
          next.delete(name);
          (box.checked ? [...current, v.value] : current).forEach(x => next.append(name, x));
          next.delete('page');
          go(next);
        });
        const text = el('span', { className: 'facet-label', textContent: v.label });
        if (name === 'source' && freshness[v.value]) {
          text.append(el('small', { className: 'fresh', textContent: 'bijgewerkt op ' + dateTimeNl(freshness[v.value]) }));
        }
        set.append(el('div', { className: 'facet-value' }, [box, el('label', { htmlFor: id }, [text, el('span', { className: 'count', textContent: v.count })])]));
      });
      return values.length ? set : null;
    }).filter(Boolean);
    if (hasFilters(p)) {
      const clear = el('button', { type: 'button', className: 'linkbutton clear-filters', textContent: 'Alle filters wissen' });
      clear.addEventListener('click', clearFilters);
      groups.unshift(clear);
    }
    facets.replaceChildren(...groups);
    if (focused && focused.startsWith('facet-')) {
      const again = document.getElementById(focused);
      if (again) again.focus();
    }
  }

  function renderPager(data, p) {
    const pages = pageCount(data);
    const pager = $('pager');
    if (pages <= 1) { pager.replaceChildren(); return; }
    const link = (page, text, extra = {}) => {
      const next = new URLSearchParams(p);
      if (page === 1) next.delete('page'); else next.set('page', page);
      const a = el('a', Object.assign({ href: '?' + next.toString(), textContent: text }, extra));
      a.addEventListener('click', e => { e.preventDefault(); go(next, true); window.scrollTo(0, 0); });
      return a;
    };
    const items = [];
    if (data.page > 1) items.push(link(data.page - 1, '‹ Vorige', { rel: 'prev', className: 'prev' }));
    for (let i = Math.max(1, data.page - 4); i <= Math.min(pages, data.page + 4); i++) {
      const a = link(i, String(i), { ariaLabel: `Pagina ${i}` });
      if (i === data.page) a.setAttribute('aria-current', 'page');
      items.push(a);
    }
    if (data.page < pages) items.push(link(data.page + 1, 'Volgende ›', { rel: 'next', className: 'next' }));
    pager.replaceChildren(...items);
  }

  function label(data, facet, value) {
    const found = ((data.facets || {})[facet] || []).find(v => v.value === value);
    return found ? found.label : value;
  }

  async function openReader(id) {
    try {
      const response = await api('/api/v1/documents/' + encodeURIComponent(id));
      if (!response.ok) { showError('Dit document kan niet worden geopend.'); return; }
      const doc = await response.json();
      $('reader-title').textContent = doc.title;
      $('reader-meta').textContent = [doc.source.name, dateNl(doc.published), (doc.format || '').toUpperCase()].filter(Boolean).join(' · ');
      $('reader-text').textContent = doc.text || '';
      $('reader').showModal();
    } catch {
      showError('De zoekdienst is niet bereikbaar. Probeer het later opnieuw.');
    }
  }

  showLoginStatus();
  run();
})();
