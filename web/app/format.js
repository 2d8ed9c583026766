// format.js: how figures read in Vietnamese administration: dates
// dd/mm/yyyy in the province's time (Asia/Ho_Chi_Minh, UTC+7, no DST),
// whole numbers and VND amounts grouped by dots.

const TZ_OFFSET = 7 * 3600; // Việt Nam has kept UTC+7 without DST since 1975

function parts(unix) {
  const d = new Date((unix + TZ_OFFSET) * 1000);
  return {
    y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(),
    hh: d.getUTCHours(), mm: d.getUTCMinutes(),
  };
}
const p2 = (n) => String(n).padStart(2, '0');

// Unix seconds (or an ISO string) -> "23/11/2026"; '' for nothing.
export function fmtDate(t) {
  const u = toUnix(t);
  if (u === null) return '';
  const p = parts(u);
  return `${p2(p.d)}/${p2(p.m)}/${p.y}`;
}

// -> "23/11/2026 14:05"
export function fmtDateTime(t) {
  const u = toUnix(t);
  if (u === null) return '';
  const p = parts(u);
  return `${p2(p.d)}/${p2(p.m)}/${p.y} ${p2(p.hh)}:${p2(p.mm)}`;
}

export function toUnix(t) {
  if (t === null || t === undefined || t === '') return null;
  if (typeof t === 'number') return t;
  if (/^\d+$/.test(String(t))) return Number(t);
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

// 1234567 -> "1.234.567"
export function fmtInt(n) {
  if (n === null || n === undefined || n === '' || Number.isNaN(Number(n))) return '—';
  const v = Math.round(Number(n));
  const s = String(Math.abs(v)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return v < 0 ? '−' + s : s;
}

// 1234567 -> "1.234.567 ₫"
export function fmtVND(n) {
  if (n === null || n === undefined || n === '') return '—';
  return fmtInt(n) + '\u00a0₫';
}

// Change in percent with its sign, or null when there is no base to compare.
export function pctChange(cur, prev) {
  if (prev === null || prev === undefined || cur === null || cur === undefined) return null;
  if (Number(prev) === 0) return Number(cur) === 0 ? 0 : null;
  return ((Number(cur) - Number(prev)) / Number(prev)) * 100;
}

export function fmtPct(p) {
  if (p === null || p === undefined) return '—';
  const r = Math.round(p * 10) / 10;
  const s = String(Math.abs(r)).replace('.', ',');
  return (r > 0 ? '+' : r < 0 ? '−' : '') + s + '\u00a0%';
}

// "dd/mm/yyyy" typed by a person -> {y,m,d}, or null when it is not a real day.
export function parseDMY(text) {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text || '');
  if (!m) return null;
  const d = Number(m[1]), mo = Number(m[2]), y = Number(m[3]);
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return { y, m: mo, d };
}

// {y,m,d} -> "2026-11-23" (what the API takes), and back.
export function isoDay(p) {
  return `${p.y}-${p2(p.m)}-${p2(p.d)}`;
}
export function dayFromIso(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s || '');
  return m ? { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) } : null;
}
export function dmy(p) {
  return `${p2(p.d)}/${p2(p.m)}/${p.y}`;
}

// Add n days to a day (calendar arithmetic, no time zone involved).
export function addDays(p, n) {
  const dt = new Date(Date.UTC(p.y, p.m - 1, p.d + n));
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

// Today in the province.
export function today() {
  const p = parts(Math.floor(Date.now() / 1000));
  return { y: p.y, m: p.m, d: p.d };
}

export function fmtBytes(n) {
  if (n === null || n === undefined) return '';
  if (n < 1024) return fmtInt(n) + ' B';
  if (n < 1024 * 1024) return (n / 1024).toFixed(1).replace('.', ',') + ' KB';
  return (n / 1024 / 1024).toFixed(1).replace('.', ',') + ' MB';
}

// A subject's value as people read it: E.164 digits of a phone get their
// "+" ("84912345678" -> "+84 912 345 678" for Việt Nam's mobiles).
export function fmtSubject(kind, value) {
  const v = String(value ?? '');
  if ((kind === 'phone' || kind === 'msisdn') && /^\d{8,15}$/.test(v)) {
    if (/^84\d{9}$/.test(v)) return `+84 ${v.slice(2, 5)} ${v.slice(5, 8)} ${v.slice(8)}`;
    return '+' + v;
  }
  return v;
}
