/**
 * The rollout viewer page: plain browser JavaScript over the viewer's JSON API
 * (`/api/meta`, `/api/rollouts`, `/api/rollouts/:i`, `/api/stats`).
 * Rollout content is model output and user data: it only ever enters the page
 * through textContent / text nodes / setAttribute, never as HTML.
 */

const $ = (id) => document.getElementById(id);
const SVG_NS = 'http://www.w3.org/2000/svg';
const PAGE_SIZE = 100;

const state = {
  meta: null,
  filters: new URLSearchParams(),
  offset: 0,
  page: null,
  selected: null,
};

/** Build an element; string children become text nodes (so they are never parsed as HTML). */
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') node.textContent = String(value);
    else if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children) if (child !== undefined && child !== null && child !== false) node.append(child);
  return node;
}

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = String(text);
  return node;
}

function fmt(x) {
  if (x === null || x === undefined) return '—';
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4)));
}

function formatBytes(n) {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let k = 0;
  while (n >= 1024 && k < units.length - 1) (n /= 1024), (k += 1);
  return `${k ? n.toFixed(1) : n} ${units[k]}`;
}

function rewardClass(reward) {
  if (reward === null) return 'reward none';
  return reward > 0 ? 'reward positive' : 'reward zero';
}

async function api(path, init) {
  const res = await fetch(path, init);
  const isJson = (res.headers.get('content-type') || '').includes('json');
  const body = isJson ? await res.json() : await res.text();
  if (!res.ok) throw new Error((body && body.message) || `HTTP ${res.status} for ${path}`);
  return body;
}

let errorTimer;
function showError(err) {
  const box = $('error');
  box.textContent = err instanceof Error ? err.message : String(err);
  box.hidden = false;
  clearTimeout(errorTimer);
  errorTimer = setTimeout(() => (box.hidden = true), 10000);
}

/* ---------- file summary and bad lines ---------- */

function renderMeta(meta) {
  state.meta = meta;
  $('file-name').textContent = meta.fileName;
  $('file-name').title = meta.file;
  const parts = [`${meta.rollouts} rollouts`, formatBytes(meta.bytes)];
  if (meta.badLineCount) parts.push(`${meta.badLineCount} bad line${meta.badLineCount === 1 ? '' : 's'}`);
  $('file-summary').textContent = parts.join(' · ');

  const bad = $('bad-lines');
  bad.hidden = meta.badLineCount === 0;
  $('bad-lines-summary').textContent = `${meta.badLineCount} line${meta.badLineCount === 1 ? '' : 's'} could not be read and ${meta.badLineCount === 1 ? 'is' : 'are'} left out`;
  const list = $('bad-lines-list');
  list.replaceChildren(...meta.badLines.map((b) => el('li', {}, el('strong', { text: `line ${b.line}: ` }), b.error)));
  if (meta.badLineCount > meta.badLines.length) list.append(el('li', { class: 'muted', text: `… and ${meta.badLineCount - meta.badLines.length} more` }));

  const agent = $('f-agent');
  const chosenAgent = agent.value;
  agent.replaceChildren(el('option', { value: '', text: 'any' }), ...meta.agents.filter((a) => a !== null).map((a) => el('option', { value: a, text: a })));
  agent.value = chosenAgent;
  agent.closest('label').hidden = meta.agents.filter((a) => a !== null).length < 2;

  const reward = $('f-reward');
  const chosenReward = reward.value;
  const values = meta.rewardValues || [];
  reward.replaceChildren(el('option', { value: '', text: 'any' }), ...values.map((v) => el('option', { value: String(v), text: fmt(v) })));
  reward.value = chosenReward;
  reward.closest('label').hidden = meta.rewardValues === null;
}

/* ---------- the list ---------- */

function readFilters() {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData($('filters'))) {
    const v = String(value).trim();
    if (v && !(key === 'sort' && v === 'file')) params.set(key, v);
  }
  return params;
}

async function loadList() {
  const params = new URLSearchParams(state.filters);
  params.set('offset', String(state.offset));
  params.set('limit', String(PAGE_SIZE));
  const page = await api(`/api/rollouts?${params}`);
  state.page = page;
  renderList(page);
}

function renderList(page) {
  const total = state.meta ? state.meta.rollouts : page.total;
  $('result-count').textContent = page.total === total ? `${total} rollouts` : `${page.total} of ${total} rollouts match`;
  const list = $('rollout-list');
  list.replaceChildren(
    ...page.items.map((r) =>
      el(
        'li',
        { class: r.i === state.selected ? 'rollout-item selected' : 'rollout-item', 'data-i': r.i },
        el(
          'a',
          { href: `#/rollout/${r.i}` },
          el('span', { class: rewardClass(r.reward), text: fmt(r.reward) }),
          el('span', { class: 'ids', text: `#${r.i + 1}${r.task !== null ? ` · task ${r.task}` : ''}${r.rollout !== null ? ` · rollout ${r.rollout}` : ''}` }),
          r.toolCalls ? el('span', { class: 'calls muted', text: `${r.toolCalls} call${r.toolCalls === 1 ? '' : 's'}` }) : null,
          el('span', { class: 'preview', text: r.preview || '(no user message)' }),
        ),
      ),
    ),
  );
  if (page.items.length === 0) list.append(el('li', { class: 'muted empty', text: 'No rollout matches these filters.' }));
  const last = Math.min(page.offset + page.items.length, page.total);
  $('page-info').textContent = page.total ? `${page.offset + 1}–${last} of ${page.total}` : '';
  $('prev-page').disabled = page.offset === 0;
  $('next-page').disabled = last >= page.total;
}

function markSelected() {
  for (const li of document.querySelectorAll('.rollout-item')) li.classList.toggle('selected', Number(li.dataset.i) === state.selected);
}

/* ---------- one rollout ---------- */

function valueBlock(nv) {
  return nv.code !== undefined ? el('pre', { class: 'code', text: nv.code }) : el('div', { class: 'text', text: nv.text });
}

function section(title, open, ...content) {
  return el('details', { class: 'section', open }, el('summary', { text: title }), ...content);
}

function entryNode(entry) {
  return el(
    'div',
    { class: `entry kind-${entry.kind} source-${entry.source}` },
    el('div', { class: 'entry-title', text: entry.title }),
    entry.note ? el('p', { class: 'note', text: entry.note }) : null,
    // Models often open or close with blank lines; they only push the text away from its title.
    entry.text && entry.text.trim() ? el('div', { class: 'text', text: entry.text.replace(/^\s*\n|\n\s*$/g, '') }) : null,
    entry.code !== undefined ? el('pre', { class: 'code', text: entry.code }) : null,
  );
}

async function loadDetail(i) {
  state.selected = i;
  markSelected();
  const { summary: s, view } = await api(`/api/rollouts/${i}`);
  if (state.selected !== i) return;
  const facts = [
    `line ${s.line}`,
    s.agent !== null ? `agent ${s.agent}` : null,
    s.task !== null ? `task ${s.task}` : null,
    s.rollout !== null ? `rollout ${s.rollout}` : null,
    `${s.toolCalls} tool call${s.toolCalls === 1 ? '' : 's'}`,
    s.outputTokens !== null ? `${s.outputTokens} output tokens` : null,
  ].filter(Boolean);
  const transcript = [];
  let seenOutput = false;
  for (const entry of view.transcript) {
    if (entry.source === 'output' && !seenOutput) {
      seenOutput = true;
      transcript.push(el('div', { class: 'divider', text: 'response.output' }));
    }
    transcript.push(entryNode(entry));
  }
  $('detail').replaceChildren(
    el('h2', { text: `Sample ${s.i + 1} - Responses ID ${s.responseId ?? '(none)'}` }),
    el(
      'p',
      { class: 'facts' },
      el('span', { class: rewardClass(s.reward), text: `reward ${fmt(s.reward)}` }),
      ...facts.map((f) => el('span', { class: 'fact', text: f })),
      el('a', { href: `/api/rollouts/${s.i}/raw`, target: '_blank', rel: 'noopener', text: 'raw JSON' }),
    ),
    section(`Metadata (${view.metadata.length})`, true, ...view.metadata.map((nv) => el('div', { class: 'kv' }, el('div', { class: 'key', text: `Metadata - ${nv.key}` }), valueBlock(nv)))),
    view.response.length ? section('Response', false, ...view.response.map((nv) => el('div', { class: 'kv' }, el('div', { class: 'key', text: nv.key }), valueBlock(nv)))) : null,
    section(
      'Sampling params',
      false,
      el('pre', { class: 'code', text: view.samplingParams }),
      view.nullParams ? el('p', { class: 'muted', text: `${view.nullParams} null parameters not shown.` }) : null,
    ),
    view.tools.length
      ? section(
          `Tools (${view.tools.length})`,
          false,
          ...view.tools.map((t) => el('div', { class: 'tool' }, el('div', { class: 'key', text: `${t.name} (${t.type})` }), t.description ? el('div', { class: 'text', text: t.description }) : null, el('pre', { class: 'code', text: t.code }))),
        )
      : null,
    el('h3', { text: `Transcript (${view.transcript.length} items)` }),
    ...transcript,
  );
  $('detail').scrollTop = 0;
}

/* ---------- reward stats ---------- */

function histogramSvg(bins, counts, { width, height, mini }) {
  const margin = mini ? { l: 1, r: 1, t: 1, b: 1 } : { l: 36, r: 8, t: 18, b: 44 };
  const plotW = width - margin.l - margin.r;
  const plotH = height - margin.t - margin.b;
  const max = Math.max(1, ...counts);
  const slot = plotW / Math.max(1, bins.length);
  const root = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, class: mini ? 'histogram mini' : 'histogram', role: 'img' });
  root.append(svg('title', {}, bins.map((b, k) => `${b.label}: ${counts[k]}`).join(', ') || 'no rewards'));
  if (!mini) {
    root.append(svg('line', { x1: margin.l, y1: margin.t + plotH, x2: width - margin.r, y2: margin.t + plotH, class: 'axis' }));
    root.append(svg('text', { x: margin.l - 4, y: margin.t + plotH, class: 'tick', 'text-anchor': 'end' }, 0));
    root.append(svg('text', { x: margin.l - 4, y: margin.t + 8, class: 'tick', 'text-anchor': 'end' }, max));
  }
  bins.forEach((bin, k) => {
    const h = (counts[k] / max) * plotH;
    const x = margin.l + k * slot + (mini ? 0.5 : Math.min(6, slot * 0.1));
    const w = Math.max(1, slot - (mini ? 1 : 2 * Math.min(6, slot * 0.1)));
    const bar = svg('rect', { x, y: margin.t + plotH - h, width: w, height: Math.max(h, counts[k] ? 1 : 0), class: 'bar' });
    bar.append(svg('title', {}, `reward ${bin.label}: ${counts[k]} rollout${counts[k] === 1 ? '' : 's'}`));
    root.append(bar);
    if (!mini) {
      root.append(svg('text', { x: x + w / 2, y: margin.t + plotH - h - 4, class: 'count', 'text-anchor': 'middle' }, counts[k]));
      root.append(svg('text', { x: x + w / 2, y: margin.t + plotH + 16, class: 'label', 'text-anchor': 'middle' }, bin.label));
    }
  });
  if (!mini) root.append(svg('text', { x: margin.l + plotW / 2, y: height - 6, class: 'axis-title', 'text-anchor': 'middle' }, 'reward'));
  return root;
}

function metricsTable(metrics) {
  const rows = Object.entries(metrics).map(([k, v]) => el('tr', {}, el('td', { text: k }), el('td', { class: 'num', text: fmt(v) })));
  return el('table', { class: 'metrics' }, el('tbody', {}, ...rows));
}

function agentCard(stats, bins, name) {
  const width = Math.max(360, Math.min(900, bins.length * 64 + 60));
  return el(
    'div',
    { class: 'card' },
    el('h3', { text: name }),
    el('p', { class: 'muted', text: `${stats.count} rollouts · mean reward ${fmt(stats.mean)}${stats.noReward ? ` · ${stats.noReward} without a reward` : ''}` }),
    histogramSvg(bins, stats.counts, { width, height: 220, mini: false }),
    stats.metrics ? section('Aggregate metrics', false, metricsTable(stats.metrics)) : null,
  );
}

async function loadStats() {
  const stats = await api('/api/stats');
  const cards = stats.agents.map((a) => agentCard(a, stats.bins, a.agent ?? '(no agent_ref)'));
  if (stats.agents.length > 1) cards.unshift(agentCard(stats.overall, stats.bins, 'All agents'));
  $('agent-stats').replaceChildren(el('h2', { text: 'Reward histogram' }), ...cards);

  $('task-histogram-header').textContent = `Reward histogram (${stats.bins.map((b) => b.label).join(' · ') || 'no rewards'})`;
  $('task-stats-note').textContent =
    stats.tasksTotal > stats.tasks.length ? `Showing the first ${stats.tasks.length} of ${stats.tasksTotal} tasks.` : `${stats.tasksTotal} tasks. Click a row to list its rollouts.`;
  $('task-stats').tBodies[0].replaceChildren(
    ...stats.tasks.map((t) =>
      el(
        'tr',
        {
          class: 'task-row',
          onclick: () => {
            $('filters').reset();
            if (t.agent !== null && !$('f-agent').closest('label').hidden) $('f-agent').value = t.agent;
            if (t.task !== null) $('f-task').value = String(t.task);
            applyFilters();
            location.hash = '#/';
          },
        },
        el('td', { text: t.agent ?? '—' }),
        el('td', { text: t.task ?? '(no task index)' }),
        el('td', { class: 'num', text: t.count }),
        el('td', { class: 'num', text: fmt(t.mean) }),
        el('td', {}, histogramSvg(stats.bins, t.counts, { width: 140, height: 28, mini: true })),
      ),
    ),
  );
}

/* ---------- navigation ---------- */

function applyFilters() {
  state.filters = readFilters();
  state.offset = 0;
  loadList().catch(showError);
}

function route() {
  const hash = location.hash || '#/';
  const onStats = hash.startsWith('#/stats');
  $('stats-view').hidden = !onStats;
  $('rollouts-view').hidden = onStats;
  $('tab-stats').classList.toggle('active', onStats);
  $('tab-rollouts').classList.toggle('active', !onStats);
  if (onStats) return loadStats().catch(showError);
  const match = /^#\/rollout\/(\d+)$/.exec(hash);
  if (match) loadDetail(Number(match[1])).catch(showError);
}

function step(delta) {
  const items = state.page ? state.page.items : [];
  if (!items.length) return;
  const at = items.findIndex((r) => r.i === state.selected);
  const next = items[Math.min(items.length - 1, Math.max(0, at === -1 ? 0 : at + delta))];
  location.hash = `#/rollout/${next.i}`;
  const li = document.querySelector(`.rollout-item[data-i="${next.i}"]`);
  if (li) li.scrollIntoView({ block: 'nearest' });
}

function wire() {
  $('filters').addEventListener('submit', (event) => {
    event.preventDefault();
    applyFilters();
  });
  for (const id of ['f-agent', 'f-reward', 'f-sort']) $(id).addEventListener('change', applyFilters);
  $('clear-filters').addEventListener('click', () => {
    $('filters').reset();
    applyFilters();
  });
  $('prev-page').addEventListener('click', () => {
    state.offset = Math.max(0, state.offset - PAGE_SIZE);
    loadList().catch(showError);
  });
  $('next-page').addEventListener('click', () => {
    state.offset += PAGE_SIZE;
    loadList().catch(showError);
  });
  $('reload').addEventListener('click', async () => {
    try {
      renderMeta(await api('/api/reload', { method: 'POST' }));
      await loadList();
      route();
    } catch (err) {
      showError(err);
    }
  });
  document.addEventListener('keydown', (event) => {
    if (event.target instanceof HTMLElement && event.target.closest('input, select, textarea')) return;
    if (event.key === 'j') step(1);
    if (event.key === 'k') step(-1);
  });
  window.addEventListener('hashchange', route);
}

async function main() {
  wire();
  try {
    renderMeta(await api('/api/meta'));
    await loadList();
    route();
  } catch (err) {
    showError(err);
  }
}

main();
