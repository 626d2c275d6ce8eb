// Kennisbank Zoeken: the staff search page. The query and filters live in the URL, so every search is bookmarkable.
(() => {
  'use strict';
  const facetNames = { source: 'Bron', type: 'Soort document', theme: 'Thema', year: 'Jaar' };
  const form = document.getElementById('search-form');
  const q = document.getElementById('q');
  const sort = document.getElementById('sort');
  const el = (tag, props = {}, children = []) => {
    const node = Object.assign(document.createElement(tag), props);
    for (const child of children) node.append(child);
    return node;
  };
  const dateNl = iso => iso ? new Date(iso + 'T00:00:00').toLocaleDateString('nl-NL', { day: 'numeric', month: 'long', year: 'numeric' }) : '';

  function state() { return new URLSearchParams(location.search); }

  function go(params, push = true) {
    const url = '?' + params.toString();
    if (push) history.pushState(null, '', url);
    run();
  }

  form.addEventListener('submit', e => {
    e.preventDefault();
    const p = state();
    p.set('q', q.value.trim());
    p.set('sort', sort.value);
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
        const response = await fetch('/api/v1/suggest?size=8&q=' + encodeURIComponent(text));
        if (!response.ok) return;
        const data = await response.json();
        list.replaceChildren(...data.suggestions.map(s => el('option', { value: s.text, label: s.kind === 'title' ? 'document' : 'zoekterm' })));
      } catch { /* suggestions are optional */ }
    }, 150);
  });
  window.addEventListener('popstate', run);

  async function run() {
    const p = state();
    q.value = p.get('q') || '';
    sort.value = p.get('sort') || 'relevance';
    const status = document.getElementById('status');
    status.textContent = 'Zoeken…';
    let data;
    try {
      const response = await fetch('/api/v1/search?' + p.toString(), { headers: { Accept: 'application/json' } });
      data = await response.json();
      if (!response.ok) {
        const details = data.errors ? Object.values(data.errors).flat().join(' ') : (data.detail || data.title);
        status.textContent = details || 'De zoekopdracht is mislukt.';
        render({ hits: [], facets: {}, total: 0, page: 1, pageSize: 10 }, p);
        return;
      }
    } catch {
      status.textContent = 'De zoekdienst is niet bereikbaar. Probeer het later opnieuw.';
      return;
    }
    const shown = data.total === 1 ? '1 document' : `${data.total.toLocaleString('nl-NL')} documenten`;
    status.textContent = (data.notice ? data.notice + ' ' : '') + `${shown} gevonden` + (data.query ? ` voor “${data.query}”` : '') + ` (${data.tookMs} ms)`;
    if (data.didYouMean && !data.notice?.includes(data.didYouMean)) {
      const link = el('a', { href: '?q=' + encodeURIComponent(data.didYouMean), textContent: data.didYouMean });
      link.addEventListener('click', e => { e.preventDefault(); const next = state(); next.set('q', data.didYouMean); next.delete('page'); go(next); });
      status.append(' Bedoelde u: ', link, '?');
    }
    render(data, p);
  }

  function render(data, p) {
    const hits = document.getElementById('hits');
    hits.replaceChildren(...data.hits.map(hit => {
      const title = el('h2', {}, [el('a', { href: hit.url, textContent: hit.title, rel: 'noopener' })]);
      const badges = el('div', {}, [el('span', { className: 'badge', textContent: label(data, 'type', hit.type) }),
        ...hit.themes.map(t => el('span', { className: 'badge', textContent: label(data, 'theme', t) }))]);
      const meta = el('p', { className: 'meta', textContent: [hit.source.name, dateNl(hit.published)].filter(Boolean).join(' · ') });
      if (hit.parent) {
        meta.append(' · bijlage bij ', el('a', { href: hit.parent.url, textContent: hit.parent.title || hit.parent.url }));
      }
      const snippet = el('p', { className: 'snippet' });
      snippet.innerHTML = hit.snippet; // the API escapes the text; only <mark> is markup
      const read = el('button', { className: 'linkbutton', type: 'button', textContent: 'Tekst lezen' });
      read.addEventListener('click', () => openReader(hit.id));
      return el('li', { className: 'hit' }, [title, badges, meta, snippet, read]);
    }));

    const facets = document.getElementById('facets');
    facets.replaceChildren(...Object.entries(facetNames).map(([name, legend]) => {
      const values = (data.facets && data.facets[name]) || [];
      const selected = p.getAll(name);
      const set = el('fieldset', {}, [el('legend', { textContent: legend })]);
      for (const v of values) {
        const box = el('input', { type: 'checkbox', checked: selected.includes(v.value) });
        box.addEventListener('change', () => {
          const next = state();
          const current = next.getAll(name).filter(x => x !== v.value);
          next.delete(name);
          (box.checked ? [...current, v.value] : current).forEach(x => next.append(name, x));
          next.delete('page');
          go(next);
        });
        set.append(el('label', {}, [el('span', {}, [box, ' ' + v.label]), el('span', { className: 'count', textContent: v.count })]));
      }
      return set;
    }));

    const pager = document.getElementById('pager');
    const pages = Math.min(Math.ceil(data.total / data.pageSize), Math.floor(1000 / data.pageSize));
    const buttons = [];
    for (let i = Math.max(1, data.page - 4); i <= Math.min(pages, data.page + 4); i++) {
      const b = el('button', { type: 'button', textContent: i });
      if (i === data.page) b.setAttribute('aria-current', 'page');
      b.addEventListener('click', () => { const next = state(); next.set('page', i); go(next); window.scrollTo(0, 0); });
      buttons.push(b);
    }
    pager.replaceChildren(...(pages > 1 ? buttons : []));
  }

  function label(data, facet, value) {
    const found = ((data.facets || {})[facet] || []).find(v => v.value === value);
    return found ? found.label : value;
  }

  async function openReader(id) {
    const response = await fetch('/api/v1/documents/' + encodeURIComponent(id));
    if (!response.ok) return;
    const doc = await response.json();
    document.getElementById('reader-title').textContent = doc.title;
    document.getElementById('reader-meta').textContent = [doc.source.name, dateNl(doc.published), doc.format.toUpperCase()].filter(Boolean).join(' · ');
    document.getElementById('reader-text').textContent = doc.text;
    document.getElementById('reader').showModal();
  }

  run();
})();
