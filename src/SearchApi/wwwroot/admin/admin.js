// Beheerconsole: plain JavaScript, text written with textContent only (never innerHTML).
(() => {
  'use strict';
  const KEY = 'kbz-admin-key';
  const $ = (selector, root = document) => root.querySelector(selector);
  const status = $('#status');

  function el(tag, text, attrs) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    return e;
  }

  function button(text, onClick, cls) {
    const b = el('button', text, { type: 'button' });
    if (cls) b.className = cls;
    b.addEventListener('click', onClick);
    return b;
  }

  function row(cells) {
    const tr = document.createElement('tr');
    for (const c of cells) {
      const td = document.createElement('td');
      if (c instanceof Node) td.append(c); else td.textContent = c ?? '';
      tr.append(td);
    }
    return tr;
  }

  const date = v => v ? new Date(v).toLocaleString('nl-NL') : '–';
  const RUN = { succeeded: 'geslaagd', partial: 'gedeeltelijk', failed: 'mislukt', running: 'bezig', cancelled: 'afgebroken', interrupted: 'onderbroken' };
  const runStatus = v => RUN[v] || v;

  class ApiError extends Error {
    constructor(status, problem) {
      super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
      this.status = status;
      this.problem = problem || {};
    }
  }

  async function api(method, path, body, raw) {
    const headers = { 'X-Api-Key': sessionStorage.getItem(KEY) || '' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : (raw ? body : JSON.stringify(body)) });
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = text; }
    if (response.status === 401) { logout('De beheersleutel is niet (meer) geldig.'); }
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }

  function say(message, isError) {
    status.textContent = message;
    status.className = isError ? 'error' : '';
  }

  function showErrors(list, error) {
    list.replaceChildren();
    const errors = error.problem && error.problem.errors;
    if (errors) {
      for (const [field, messages] of Object.entries(errors)) {
        for (const m of messages) list.append(el('li', `${field}: ${m}`, { 'data-field': field }));
      }
    } else {
      list.append(el('li', error.message));
    }
  }

  // --- aanmelden ---
  function logout(message) {
    sessionStorage.removeItem(KEY);
    $('#console').hidden = true;
    $('#logout').hidden = true;
    $('#login').hidden = false;
    $('#login-error').textContent = message || '';
  }

  async function login() {
    try {
      await api('GET', '/api/v1/admin/partner-keys');
    } catch (e) {
      if (e.status !== 401) $('#login-error').textContent = e.message;
      return;
    }
    $('#login').hidden = true;
    $('#console').hidden = false;
    $('#logout').hidden = false;
    await loadSources();
  }

  $('#login').addEventListener('submit', e => {
    e.preventDefault();
    sessionStorage.setItem(KEY, $('#key').value.trim());
    $('#key').value = '';
    login();
  });
  $('#logout').addEventListener('click', () => logout());

  // --- tabbladen ---
  const loaders = { bronnen: loadSources, partners: loadKeys, analyse: loadFile, statistiek: loadAnalytics, audit: loadAudit };
  for (const b of document.querySelectorAll('nav button')) {
    b.addEventListener('click', () => {
      for (const other of document.querySelectorAll('nav button')) other.removeAttribute('aria-current');
      b.setAttribute('aria-current', 'page');
      for (const tab of document.querySelectorAll('.tab')) tab.hidden = tab.id !== b.dataset.tab;
      say('');
      loaders[b.dataset.tab]();
    });
  }

  // --- bronnen ---
  async function loadSources() {
    const sources = await api('GET', '/api/v1/sources');
    const body = $('#sources tbody');
    body.replaceChildren();
    for (const s of sources) {
      const last = s.lastHarvest;
      const actions = el('div', null, { class: 'actions' });
      actions.append(
        button('Bewerken', () => editSource(s.id)),
        button(s.enabled ? 'Uitschakelen' : 'Inschakelen', () => toggleSource(s.id, !s.enabled)),
        button('Nu oogsten', () => harvest(s.id)),
        button('Runs', () => loadRuns(s.id)),
        button('Verwijderen', () => removeSource(s.id), 'danger'));
      const tr = row([s.id, s.name, s.kind, s.enabled ? 'ingeschakeld' : 'uitgeschakeld',
        last ? `${runStatus(last.status)} – ${date(last.finishedAt || last.startedAt)}` : 'nog niet geoogst', s.documents ?? s.documentCount ?? '', actions]);
      tr.dataset.source = s.id;
      body.append(tr);
    }
  }

  async function definition(id) {
    return await api('GET', `/api/v1/admin/sources/${encodeURIComponent(id)}/definition`);
  }

  async function toggleSource(id, enabled) {
    try {
      const def = await definition(id);
      def.enabled = enabled;
      await api('PUT', `/api/v1/admin/sources/${encodeURIComponent(id)}`, def);
      say(`Bron ${id} is ${enabled ? 'ingeschakeld' : 'uitgeschakeld'}.`);
      await loadSources();
    } catch (e) { say(e.message, true); }
  }

  async function harvest(id) {
    try {
      const started = await api('POST', `/api/v1/admin/sources/${encodeURIComponent(id)}/harvest`);
      say(`Oogst van ${id} gestart (run ${started.runId}).`);
    } catch (e) { say(e.message, true); }
  }

  async function removeSource(id) {
    if (!confirm(`Bron ${id} en al haar documenten verwijderen?`)) return;
    try {
      await api('DELETE', `/api/v1/admin/sources/${encodeURIComponent(id)}`);
      say(`Bron ${id} is verwijderd.`);
      await loadSources();
    } catch (e) { say(e.message, true); }
  }

  async function loadRuns(id) {
    const panel = $('#runs');
    panel.hidden = false;
    $('.source-id', panel).textContent = id;
    const body = $('tbody', panel);
    body.replaceChildren();
    $('.run-detail', panel).replaceChildren();
    try {
      const runs = await api('GET', `/api/v1/admin/sources/${encodeURIComponent(id)}/runs`);
      for (const r of runs) {
        const c = r.counts || {};
        body.append(row([date(r.startedAt), runStatus(r.status), c.new, c.changed, c.unchanged, c.failed, c.removed,
          button('Details', () => loadRun(id, r.runId))]));
      }
      if (runs.length === 0) body.append(row(['Nog geen runs.']));
    } catch (e) { say(e.message, true); }
  }

  async function loadRun(id, runId) {
    const detail = $('#runs .run-detail');
    detail.replaceChildren();
    const run = await api('GET', `/api/v1/admin/sources/${encodeURIComponent(id)}/runs/${encodeURIComponent(runId)}`);
    detail.append(el('h4', `Run ${run.runId}${run.error ? ' – ' + run.error : ''}`));
    const list = el('ul');
    for (const ev of run.events || []) list.append(el('li', `${ev.url || ''} – ${ev.kind || ''} ${ev.reason || ev.message || ''}`.trim()));
    if (!list.children.length) list.append(el('li', 'Geen mislukte of verwijderde URL\'s.'));
    detail.append(list);
  }

  // --- bron toevoegen / bewerken / proefoogst ---
  const form = $('#source-form');
  let editing = null;

  function sourceBody() {
    const json = form.elements.json.value.trim();
    if (json) return json;
    const f = form.elements;
    const def = { id: f.id.value.trim(), name: f.name.value.trim(), kind: f.kind.value, schedule: f.schedule.value.trim(),
      visibility: f.visibility.value, enabled: f.enabled.checked };
    if (f.url.value.trim()) def.url = f.url.value.trim();
    if (f.network.value.trim()) def.network = f.network.value.trim();
    return JSON.stringify(def);
  }

  async function editSource(id) {
    try {
      const def = await definition(id);
      editing = id;
      $('#source-form-title').textContent = `Bron ${id} bewerken`;
      const f = form.elements;
      f.id.value = def.id || ''; f.id.readOnly = true; f.name.value = def.name || ''; f.kind.value = def.kind || 'sitemap';
      f.url.value = def.url || ''; f.schedule.value = def.schedule || ''; f.visibility.value = def.visibility || 'public';
      f.network.value = def.network || ''; f.enabled.checked = def.enabled !== false;
      f.json.value = JSON.stringify(def, null, 2);
      $('details', form).open = true;
      $('#cancel-edit').hidden = false;
      form.scrollIntoView();
    } catch (e) { say(e.message, true); }
  }

  function resetForm() {
    editing = null;
    form.reset();
    form.elements.id.readOnly = false;
    form.elements.json.value = '';
    $('#source-form-title').textContent = 'Bron toevoegen';
    $('#cancel-edit').hidden = true;
    $('.errors', form).replaceChildren();
  }

  $('#cancel-edit').addEventListener('click', resetForm);
  // The fields win over a stale JSON copy: editing a field clears the JSON.
  for (const name of ['id', 'name', 'kind', 'url', 'schedule', 'visibility', 'network', 'enabled']) {
    form.elements[name].addEventListener('input', () => { form.elements.json.value = ''; });
  }

  form.addEventListener('submit', async e => {
    e.preventDefault();
    const errors = $('.errors', form);
    errors.replaceChildren();
    try {
      const saved = editing
        ? await api('PUT', `/api/v1/admin/sources/${encodeURIComponent(editing)}`, sourceBody(), true)
        : await api('POST', '/api/v1/admin/sources', sourceBody(), true);
      say(`Bron ${saved.id} is opgeslagen.`);
      resetForm();
      await loadSources();
    } catch (err) { showErrors(errors, err); }
  });

  $('#dry-run').addEventListener('click', async () => {
    const errors = $('.errors', form);
    const out = $('#dry-run-results');
    errors.replaceChildren();
    out.replaceChildren(el('p', 'Proefoogst loopt… (hoogstens 30 seconden)', { class: 'hint' }));
    try {
      const docs = await api('POST', '/api/v1/admin/sources/dry-run', sourceBody(), true);
      out.replaceChildren(el('h4', `Proefoogst: ${docs.length} document(en) – er is niets opgeslagen of geïndexeerd`));
      for (const d of docs) {
        const card = el('article', null, { class: 'preview' + (d.error ? ' failed' : '') });
        card.append(el('h5', d.title || d.url));
        card.append(el('a', d.url, { href: d.url, target: '_blank', rel: 'noopener noreferrer' }));
        if (d.error) card.append(el('p', d.error, { class: 'error' }));
        else {
          card.append(el('p', `Type: ${d.type || '–'} · Thema's: ${(d.themes || []).join(', ') || '–'} · Gepubliceerd: ${d.published || '–'}`, { class: 'meta' }));
          card.append(el('p', d.textPreview || '', { class: 'text' }));
        }
        out.append(card);
      }
    } catch (err) {
      out.replaceChildren();
      showErrors(errors, err);
    }
  });

  // --- partnersleutels ---
  async function loadKeys() {
    const keys = await api('GET', '/api/v1/admin/partner-keys');
    const body = $('#partner-keys tbody');
    body.replaceChildren();
    for (const k of keys) {
      const revoke = k.revokedAt ? '' : button('Intrekken', async () => {
        if (!confirm(`Sleutel ${k.name} intrekken?`)) return;
        try { await api('DELETE', `/api/v1/admin/partner-keys/${encodeURIComponent(k.id)}`); say(`Sleutel ${k.id} is ingetrokken.`); await loadKeys(); }
        catch (e) { say(e.message, true); }
      }, 'danger');
      const tr = row([k.id, k.name, (k.allowedOrigins || []).join(' '), k.filter || '', k.rateLimitPerMinute, date(k.createdAt),
        k.revokedAt ? `ingetrokken ${date(k.revokedAt)}` : 'actief', revoke]);
      tr.dataset.key = k.id;
      body.append(tr);
    }
  }

  $('#partner-form').addEventListener('submit', async e => {
    e.preventDefault();
    const f = e.target.elements;
    const errors = $('#partner-form .errors');
    errors.replaceChildren();
    $('#new-key').hidden = true;
    try {
      const created = await api('POST', '/api/v1/admin/partner-keys', {
        name: f.name.value.trim(),
        allowedOrigins: f.allowedOrigins.value.split(/\s+/).filter(Boolean),
        filter: f.filter.value.trim() || null,
        rateLimitPerMinute: Number(f.rateLimitPerMinute.value) || null,
      });
      $('#new-key code').textContent = created.key;
      $('#new-key').hidden = false;
      e.target.reset();
      await loadKeys();
    } catch (err) { showErrors(errors, err); }
  });

  // --- analysebestanden en analyse ---
  const fileForm = $('#file-form');
  async function loadFile() {
    const name = fileForm.elements.name.value;
    $('.errors', fileForm).replaceChildren();
    try {
      const file = await api('GET', `/api/v1/admin/analysis/files/${encodeURIComponent(name)}`);
      fileForm.elements.text.value = file.text;
      $('.file-hint', fileForm).textContent = file.indexSide
        ? 'Deze lijst geldt ook bij het indexeren: zoekvragen gebruiken hem direct na opslaan, bestaande documenten pas na een nieuwe oogst.'
        : 'Synoniemen gelden alleen voor zoekvragen: direct actief na opslaan, geen nieuwe oogst nodig.';
    } catch (e) { say(e.message, true); }
  }
  fileForm.elements.name.addEventListener('change', loadFile);
  fileForm.addEventListener('submit', async e => {
    e.preventDefault();
    const errors = $('.errors', fileForm);
    errors.replaceChildren();
    try {
      const saved = await api('PUT', `/api/v1/admin/analysis/files/${encodeURIComponent(fileForm.elements.name.value)}`, { text: fileForm.elements.text.value });
      say(`${saved.name} is opgeslagen en de zoekanalyse is herladen.${saved.indexSide ? ' Oogst de bronnen opnieuw om ook de index bij te werken.' : ''}`);
    } catch (err) { showErrors(errors, err); }
  });

  $('#analyze-form').addEventListener('submit', async e => {
    e.preventDefault();
    const f = e.target.elements;
    const list = $('#analyze-form .tokens');
    list.replaceChildren();
    try {
      const result = await api('POST', '/api/v1/admin/analyze', { text: f.text.value, mode: f.mode.value });
      for (const t of result.tokens) list.append(el('li', `${t.term} (positie ${t.position}, ${t.type})`));
    } catch (err) { say(err.message, true); }
  });

  // --- statistiek en audit ---
  async function loadAnalytics() {
    const report = await api('GET', `/api/v1/admin/analytics?days=${$('#days').value}`);
    $('#statistiek .summary').textContent =
      `${report.searches} zoekopdrachten, ${report.searchesWithoutResults} zonder resultaten, ${report.clicks} kliks (doorklikratio ${(report.clickThroughRate * 100).toFixed(1)}%).`;
    $('#top-queries tbody').replaceChildren(...report.topQueries.map(q => row([q.query, q.count, q.averageResults, q.clicks])));
    $('#zero-queries tbody').replaceChildren(...report.zeroResultQueries.map(q => row([q.query, q.count, date(q.lastSeen)])));
  }
  $('#days').addEventListener('change', loadAnalytics);

  async function loadAudit() {
    const entries = await api('GET', '/api/v1/admin/audit?limit=200');
    $('#audit-log tbody').replaceChildren(...entries.map(a => row([date(a.at), a.who, a.action, a.target || '', a.status])));
  }

  if (sessionStorage.getItem(KEY)) login();
})();
