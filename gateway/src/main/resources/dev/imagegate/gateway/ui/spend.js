// Spend: totals and a chart per day, filterable by key, team, model, end user and dates; the latest calls; CSV.
import {get, allKeys} from './api.js';
import {h, replace, table, field, busy, usd, when, nanos, nanosToUsd, formValues, showError} from './dom.js';
import {spendChart, daysBetween} from './chart.js';

const LIMIT = 10000;
const SHOWN = 50;

function today(offsetDays = 0) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offsetDays);
  return d.toISOString().slice(0, 10);
}

const alias = row => row.metadata?.user_api_key_alias || null;
const attempts = row => 1 + (row.metadata?.retries || 0);

/** The calls table's columns, also the CSV's. */
const COLUMNS = [
  {label: 'Time', value: r => when(r.startTime), csv: r => r.startTime},
  {label: 'Key', value: r => alias(r) || (r.api_key ? r.api_key.slice(0, 10) + '…' : null), csv: r => alias(r) || ''},
  {label: 'Model group', value: r => r.model_group},
  {label: 'Deployment', value: r => `${r.model_id || ''} ${r.model ? `(${r.model})` : ''}`.trim(),
    csv: r => r.model_id || ''},
  {label: 'Status', value: r => r.status === 'success' ? 'success'
    : h('span', {class: 'bad'}, `${r.status}${r.metadata?.error_type ? ` (${r.metadata.error_type})` : ''}`),
    csv: r => r.status},
  {label: 'Latency', className: 'num', value: r => r.metadata?.latency_ms != null ? `${r.metadata.latency_ms} ms` : null,
    csv: r => r.metadata?.latency_ms ?? ''},
  {label: 'Cost', className: 'num', value: r => r.spend === null ? 'unpriced' : usd(r.spend),
    csv: r => r.spend === null ? '' : nanosToUsd(nanos(r.spend))},
  {label: 'Attempts', className: 'num', value: r => `${attempts(r)}${r.metadata?.fallbacks ? ` +${r.metadata.fallbacks} fallback` : ''}`,
    csv: r => attempts(r)},
  {label: 'End user', value: r => r.end_user},
];

const CSV_EXTRA = [['request_id', r => r.request_id], ['api_key_hash', r => r.api_key || ''], ['team_id', r => r.team_id || ''],
  ['model', r => r.model || ''], ['provider', r => r.custom_llm_provider || ''], ['fallbacks', r => r.metadata?.fallbacks ?? 0],
  ['n', r => r.metadata?.n ?? ''], ['size', r => r.metadata?.size ?? ''],
  ['content_filter', r => r.content_filter ? JSON.stringify(r.content_filter) : '']];

function csvCell(value) {
  const text = value === null || value === undefined ? '' : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text; // never a formula in a spreadsheet
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function toCsv(rows) {
  const header = [...COLUMNS.map(c => c.label), ...CSV_EXTRA.map(([name]) => name)];
  const lines = [header.map(csvCell).join(',')];
  for (const r of rows) {
    lines.push([...COLUMNS.map(c => (c.csv || c.value)(r)), ...CSV_EXTRA.map(([, f]) => f(r))].map(csvCell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

export async function spendView(root) {
  const errors = h('div');
  const results = h('div', {id: 'spend-results', 'aria-live': 'polite'});
  const apply = h('button', {type: 'submit', class: 'primary'}, 'Apply');
  const exportCsv = h('button', {type: 'button', id: 'export-csv', disabled: true}, 'Export CSV');
  const filters = h('form', {class: 'filters', novalidate: true, 'aria-label': 'Spend filters'});
  replace(root, h('h1', {id: 'page-title'}, 'Spend'), filters, errors, results);
  let rows = [];

  const [keys, teams, info] = await busy(null, errors, () => Promise.all([allKeys(), get('/team/list'),
    get('/v1/model/info')])) || [[], [], {data: []}];
  replace(filters, h('div', {class: 'grid'},
    field({label: 'Key', name: 'api_key', type: 'select', options: [['', 'All keys'],
      ...keys.map(k => [k.token, k.key_alias || k.key_name])]}),
    field({label: 'Team', name: 'team_id', type: 'select', options: [['', 'All teams'],
      ...teams.map(t => [t.team_id, t.team_alias || t.team_id])]}),
    field({label: 'Model group', name: 'model', type: 'select', options: [['', 'All models'],
      ...[...new Set(info.data.map(d => d.model_name))].map(m => [m, m])]}),
    field({label: 'End user', name: 'end_user', placeholder: 'any'}),
    field({label: 'From', name: 'start_date', type: 'date', value: today(-13)}),
    field({label: 'To', name: 'end_date', type: 'date', value: today()})),
  h('div', {class: 'actions'}, apply, exportCsv));

  async function load() {
    const f = formValues(filters);
    const answer = await get('/spend/logs', {api_key: f.api_key, end_user: f.end_user, start_date: f.start_date,
      end_date: f.end_date, limit: LIMIT});
    rows = answer.filter(r => (!f.team_id || r.team_id === f.team_id) && (!f.model || r.model_group === f.model))
      .sort((a, b) => (a.startTime < b.startTime ? 1 : -1));
    exportCsv.disabled = rows.length === 0;
    render(f, answer.length >= LIMIT);
  }

  function render(f, truncated) {
    const total = rows.reduce((s, r) => s + nanos(r.spend), 0n);
    const failed = rows.filter(r => r.status !== 'success').length;
    const unpriced = rows.filter(r => r.spend === null).length;
    const byDay = new Map();
    const first = f.start_date || (rows.length ? rows[rows.length - 1].startTime.slice(0, 10) : today());
    const last = f.end_date || today();
    for (const day of first <= last ? daysBetween(first, last) : []) byDay.set(day, {day, nanos: 0n, calls: 0});
    for (const r of rows) {
      const day = r.startTime.slice(0, 10);
      const entry = byDay.get(day) || byDay.set(day, {day, nanos: 0n, calls: 0}).get(day);
      entry.nanos += nanos(r.spend);
      entry.calls += 1;
    }
    const days = [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
    replace(results,
      h('div', {class: 'totals'},
        stat('Spend', `$${nanosToUsd(total)}`, 'total-spend'),
        stat('Calls', String(rows.length), 'total-calls'),
        stat('Failed', String(failed), 'total-failed'),
        stat('Unpriced', String(unpriced), 'total-unpriced')),
      truncated ? h('p', {class: 'notice'}, `Only the latest ${LIMIT.toLocaleString()} calls of this range are `
        + 'counted: narrow the dates for exact totals.') : null,
      h('figure', {class: 'chart-box'}, days.length ? spendChart(days) : h('p', {}, 'No days in this range.'),
        h('figcaption', {}, 'Spend (bars) and calls (line) per day, UTC')),
      h('h2', {}, rows.length > SHOWN ? `Latest ${SHOWN} of ${rows.length} calls` : 'Latest calls'),
      table(COLUMNS, rows.slice(0, SHOWN), {caption: 'Latest calls', empty: 'No calls match these filters.'}));
  }

  filters.addEventListener('submit', event => {
    event.preventDefault();
    busy(apply, errors, load);
  });
  exportCsv.onclick = () => {
    const url = URL.createObjectURL(new Blob([toCsv(rows)], {type: 'text/csv'}));
    const link = h('a', {href: url, download: `imagegate-spend-${today()}.csv`});
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  await busy(apply, errors, load).catch(e => showError(errors, e));
}

function stat(label, value, id) {
  return h('div', {class: 'stat'}, h('span', {class: 'stat-label'}, label), h('strong', {id}, value));
}
