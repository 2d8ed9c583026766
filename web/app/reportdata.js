// reportdata.js: the period report as the screens use it: the chosen period
// (month, quarter, year, range), and the API's report JSON read into one
// shape: totals and tables for the period, the previous period and the same
// period a year before.
import { t, label } from './i18n.js';
import { dayFromIso, addDays, dmy, isoDay, today } from './format.js';

const ROMAN = ['I', 'II', 'III', 'IV'];

// A period: {kind: 'month'|'quarter'|'year'|'range', from, to} with from and
// to the first and last day included, as {y,m,d}.
export function periodOf(kind, y, n, from, to) {
  if (kind === 'month') return { kind, y, n, from: { y, m: n, d: 1 }, to: addDays({ y: n === 12 ? y + 1 : y, m: n === 12 ? 1 : n + 1, d: 1 }, -1) };
  if (kind === 'quarter') return { kind, y, n, from: { y, m: 3 * n - 2, d: 1 }, to: addDays({ y: n === 4 ? y + 1 : y, m: n === 4 ? 1 : 3 * n + 1, d: 1 }, -1) };
  if (kind === 'year') return { kind, y, from: { y, m: 1, d: 1 }, to: { y, m: 12, d: 31 } };
  return { kind: 'range', from, to };
}

// The period the query string names (?from=YYYY-MM-DD&to=YYYY-MM-DD&kind=),
// or last month by default.
export function periodFromQuery(q) {
  const from = dayFromIso(q.get('from'));
  const to = dayFromIso(q.get('to'));
  if (from && to) {
    const kind = q.get('kind') || 'range';
    if (kind === 'month') return periodOf('month', from.y, from.m);
    if (kind === 'quarter') return periodOf('quarter', from.y, Math.ceil(from.m / 3));
    if (kind === 'year') return periodOf('year', from.y);
    return periodOf('range', 0, 0, from, to);
  }
  const td = today();
  return td.m === 1 ? periodOf('month', td.y - 1, 12) : periodOf('month', td.y, td.m - 1);
}

export function periodQuery(p) {
  return `from=${isoDay(p.from)}&to=${isoDay(p.to)}&kind=${p.kind}`;
}

// "tháng 11 năm 2026", "quý IV năm 2026", "năm 2026", "từ 01/10/2026 đến 15/11/2026"
export function periodName(p) {
  if (p.kind === 'month') return t('period.month_name', { m: p.n, y: p.y });
  if (p.kind === 'quarter') return t('period.quarter_name', { q: ROMAN[p.n - 1], y: p.y });
  if (p.kind === 'year') return t('period.year_name', { y: p.y });
  return t('period.range_name', { from: dmy(p.from), to: dmy(p.to) });
}

const num = (v) => (v === null || v === undefined || v === '' ? null : Number(v));

// Pick the first of several names a figure may have.
function pick(o, ...names) {
  if (!o) return null;
  for (const n of names) if (o[n] !== undefined && o[n] !== null) return o[n];
  return null;
}

const TOTALS = {
  alerts: ['alerts', 'alerts_received', 'alert_count'],
  cases_opened: ['cases_opened', 'cases', 'opened'],
  cases_closed: ['cases_closed', 'closed'],
  fines_vnd: ['fines_vnd', 'fine_vnd', 'fines'],
  seizures: ['seizures', 'seized', 'goods_seized'],
  prosecutions: ['prosecutions'],
  warnings: ['warnings'],
  stops_issued: ['stops_issued', 'stop_orders', 'stops'],
  stops_done: ['stops_done'],
  stops_overdue: ['stops_overdue'],
};
export const TOTAL_KEYS = Object.keys(TOTALS);
export const TABLES = ['violation', 'agency', 'district', 'outcome'];

function readTotals(p) {
  const src = pick(p, 'totals', 'summary') || p || {};
  const out = {};
  for (const [k, names] of Object.entries(TOTALS)) {
    let v = pick(src, ...names);
    if (v && typeof v === 'object') v = pick(v, 'count', 'value', 'amount_vnd', 'quantity');
    out[k] = num(v);
  }
  return out;
}

// One table of one period -> Map key -> {key, name, value, amount}.
function readTable(p, which) {
  const arr = pick(p, `by_${which}`, which === 'agency' ? 'by_org' : null, which === 'agency' ? 'by_lead' : null) ||
    pick(pick(p, 'tables', 'by') || {}, which, `by_${which}`) || [];
  const m = new Map();
  for (const r of Array.isArray(arr) ? arr : []) {
    const key = String(pick(r, 'code', 'key', 'kind', 'org', 'district', 'id') ?? pick(r, 'name', 'label'));
    m.set(key, {
      key,
      name: pick(r, 'name_vi', 'name', 'label', 'title'),
      value: num(pick(r, 'cases', 'count', 'value', 'n', 'alerts')) ?? 0,
      alerts: num(pick(r, 'alerts')),
      amount: num(pick(r, 'amount_vnd', 'fines_vnd', 'amount')),
    });
  }
  return m;
}

function readPeriod(p) {
  if (!p) return null;
  const tables = {};
  for (const w of TABLES) tables[w] = readTable(p, w);
  return { totals: readTotals(p), tables };
}

// The server's report lists each figure with its three periods
// ({"totals": {"current": {...}, "previous": ..., "year_ago": ...},
// "by_violation": [{"key", "label", "current", "previous", "year_ago"}]});
// read it as one object per period.
function byPeriod(r) {
  const row = (x, p) => ({ code: x.key, name: x.label, cases: x[p], amount_vnd: x.vnd ? x.vnd[p] : undefined });
  const one = (p) => (r.totals[p] ? {
    totals: r.totals[p],
    ...Object.fromEntries(['violation', 'agency', 'district', 'outcome'].map((w) => [`by_${w}`, (r[`by_${w}`] || []).map((x) => row(x, p))])),
  } : null);
  return { scope: r.scope, current: one('current'), previous: one('previous'), year_before: one('year_ago') };
}

export function normalize(r) {
  if (r && r.totals && r.totals.current) r = byPeriod(r);
  const cur = pick(r, 'current', 'period') || r;
  const prev = pick(r, 'previous', 'prev', 'previous_period');
  const yoy = pick(r, 'year_before', 'year_ago', 'same_period_last_year', 'last_year');
  return { raw: r, cur: readPeriod(cur), prev: readPeriod(prev), yoy: readPeriod(yoy), scope: pick(r, 'scope', 'org') };
}

// Rows of one table across the three periods, biggest first.
export function tableRows(n, which) {
  const keys = new Set();
  for (const p of [n.cur, n.prev, n.yoy]) if (p) for (const k of p.tables[which].keys()) keys.add(k);
  const rows = [...keys].map((k) => {
    const c = n.cur && n.cur.tables[which].get(k);
    const pv = n.prev && n.prev.tables[which].get(k);
    const y = n.yoy && n.yoy.tables[which].get(k);
    const any = c || pv || y;
    const listName = { violation: 'violation', outcome: 'outcome' }[which];
    return {
      key: k,
      name: (listName && label(listName, k) !== k ? label(listName, k) : null) || any.name || k,
      value: c ? c.value : 0, prev: pv ? pv.value : 0, yoy: y ? y.value : 0,
      amount: c ? c.amount : null, prevAmount: pv ? pv.amount : null, yoyAmount: y ? y.amount : null,
    };
  });
  rows.sort((a, b) => b.value - a.value || b.prev - a.prev || String(a.name).localeCompare(String(b.name), 'vi'));
  return rows;
}
