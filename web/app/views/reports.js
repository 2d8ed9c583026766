// reports.js: the period report: choose a month, quarter, year or range;
// totals and tables by violation, agency, district and outcome, with the
// change against the previous period and the same period a year before;
// charts; XLSX / CSV downloads and the printable administrative report.
import { h, clear, field } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { navigate } from '../main.js';
import { errorBox, pageHead, table, emptyBox } from '../ui.js';
import { fmtInt, fmtVND, fmtPct, pctChange, parseDMY, dmy, isoDay, today } from '../format.js';
import { periodOf, periodFromQuery, periodQuery, periodName, normalize, tableRows, TOTAL_KEYS, TABLES } from '../reportdata.js';
import { barChart, donut } from '../charts.js';

function change(cur, base) {
  const p = pctChange(cur, base);
  const cls = p === null || p === 0 ? '' : p > 0 ? 'up' : 'down';
  return h('span', { class: cls }, fmtPct(p));
}

function periodChooser(p) {
  const td = today();
  const kind = p.kind;
  const radios = ['month', 'quarter', 'year', 'range'].map((k) => h('label', { class: 'radio' },
    h('input', { type: 'radio', name: 'kind', value: k, checked: k === kind }), ' ', t('period.' + k)));
  const years = [];
  for (let y = td.y; y >= td.y - 10; y -= 1) years.push(y);
  const yearSel = () => h('select', { name: 'year' }, years.map((y) => h('option', { value: y, selected: y === (p.y || td.y) }, String(y))));
  const month = h('select', { name: 'month' }, Array.from({ length: 12 }, (_, i) => h('option', { value: i + 1, selected: kind === 'month' && p.n === i + 1 }, t('period.month_n', { m: i + 1 }))));
  const quarter = h('select', { name: 'quarter' }, [1, 2, 3, 4].map((q) => h('option', { value: q, selected: kind === 'quarter' && p.n === q }, t('period.quarter_n', { q: ['I', 'II', 'III', 'IV'][q - 1] }))));
  const y1 = yearSel(), y2 = yearSel(), y3 = yearSel();
  const from = h('input', { name: 'from', placeholder: 'dd/mm/yyyy', inputmode: 'numeric', value: dmy(p.from), size: 11 });
  const to = h('input', { name: 'to', placeholder: 'dd/mm/yyyy', inputmode: 'numeric', value: dmy(p.to), size: 11 });
  const groups = {
    month: h('div', { class: 'filters inline' }, field(t('period.month'), month), field(t('period.year'), y1)),
    quarter: h('div', { class: 'filters inline' }, field(t('period.quarter'), quarter), field(t('period.year'), y2)),
    year: h('div', { class: 'filters inline' }, field(t('period.year'), y3)),
    range: h('div', { class: 'filters inline' }, field(t('period.from'), from, 'dd/mm/yyyy'), field(t('period.to'), to, 'dd/mm/yyyy')),
  };
  const err = h('div', { 'aria-live': 'assertive' });
  const show = () => {
    const k = radios.map((r) => r.firstChild).find((r) => r.checked).value;
    for (const [g, el] of Object.entries(groups)) el.hidden = g !== k;
    return k;
  };
  const form = h('form', { class: 'card stack period-form' },
    h('fieldset', { class: 'radios' }, h('legend', null, t('period.kind')), radios),
    Object.values(groups), err, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('report.show'))));
  form.addEventListener('change', (e) => { if (e.target.name === 'kind') show(); });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clear(err);
    const k = show();
    let np;
    if (k === 'month') np = periodOf('month', Number(y1.value), Number(month.value));
    else if (k === 'quarter') np = periodOf('quarter', Number(y2.value), Number(quarter.value));
    else if (k === 'year') np = periodOf('year', Number(y3.value));
    else {
      const a = parseDMY(from.value), b = parseDMY(to.value);
      if (!a || !b) {
        err.appendChild(errorBox({ message: t('case.bad_date') }));
        (a ? to : from).focus();
        return;
      }
      if (isoDay(a) > isoDay(b)) {
        err.appendChild(errorBox({ message: t('period.order') }));
        to.focus();
        return;
      }
      np = periodOf('range', 0, 0, a, b);
    }
    navigate('/reports?' + periodQuery(np));
  });
  show();
  return form;
}

export async function render(root, { query }) {
  const p = periodFromQuery(query);
  const qs = periodQuery(p);
  root.appendChild(pageHead(t('report.title'),
    h('a', { class: 'button', href: '#/reports/print?' + qs }, t('act.print'))));
  root.appendChild(periodChooser(p));
  const body = h('div', { class: 'section stack', 'aria-live': 'polite' });
  root.appendChild(body);
  body.appendChild(h('h2', { class: 'period-title' }, t('report.for', { period: periodName(p) })));
  // A year on a large store takes the server a while: the period form stays
  // usable and the figures come when they are ready.
  const waiting = h('p', { class: 'loading', role: 'status' }, t('report.computing'));
  body.appendChild(waiting);
  fill(body, waiting, p).catch((err) => {
    waiting.remove();
    body.appendChild(errorBox(err));
  });
}

async function fill(body, waiting, p) {
  const r = await api.report(isoDay(p.from), isoDay(p.to));
  waiting.remove();
  const n = normalize(r);
  if (n.scope) body.appendChild(h('p', { class: 'muted' }, t('report.scope', { scope: typeof n.scope === 'string' ? n.scope : n.scope.name || '' })));
  body.appendChild(h('div', { class: 'actions' },
    h('a', { class: 'button', href: api.reportDownload(isoDay(p.from), isoDay(p.to), 'xlsx'), download: `bao-cao-${isoDay(p.from)}_${isoDay(p.to)}.xlsx` }, t('report.xlsx')),
    h('a', { class: 'button', href: api.reportDownload(isoDay(p.from), isoDay(p.to), 'csv'), download: `bao-cao-${isoDay(p.from)}_${isoDay(p.to)}.csv` }, t('report.csv'))));

  // Totals, each with its change.
  body.appendChild(h('div', { class: 'grid-cards', 'data-testid': 'report-totals' }, TOTAL_KEYS.filter((k) => n.cur.totals[k] !== null).map((k) => {
    const v = n.cur.totals[k];
    const money = k === 'fines_vnd';
    return h('div', { class: 'tile', 'data-key': k },
      h('div', { class: 'k' }, t('report.total.' + k)),
      h('div', { class: money ? 'v money' : 'v' }, money ? fmtVND(v) : fmtInt(v)),
      n.prev ? h('div', { class: 'd' }, t('report.vs_prev'), ' ', change(v, n.prev.totals[k])) : null,
      n.yoy ? h('div', { class: 'd' }, t('report.vs_yoy'), ' ', change(v, n.yoy.totals[k])) : null);
  })));

  for (const which of TABLES) {
    const rows = tableRows(n, which);
    const sec = h('section', { class: 'card', 'aria-labelledby': 'h-r-' + which }, h('h2', { id: 'h-r-' + which }, t('report.by.' + which)));
    body.appendChild(sec);
    if (!rows.length) {
      sec.appendChild(emptyBox(t('report.no_rows')));
      continue;
    }
    const money = which === 'outcome';
    const heads = [t('report.col.' + which), t('report.cur'), t('report.prev'), t('report.change'), t('report.yoy'), t('report.change')];
    if (money) heads.splice(2, 0, t('report.amount'));
    const trs = rows.map((x) => h('tr', null, h('td', null, x.name),
      h('td', { class: 'num' }, fmtInt(x.value)),
      money ? h('td', { class: 'num' }, x.amount ? fmtVND(x.amount) : '—') : null,
      h('td', { class: 'num' }, n.prev ? fmtInt(x.prev) : '—'), h('td', { class: 'num' }, n.prev ? change(x.value, x.prev) : '—'),
      h('td', { class: 'num' }, n.yoy ? fmtInt(x.yoy) : '—'), h('td', { class: 'num' }, n.yoy ? change(x.value, x.yoy) : '—')));
    const sum = rows.reduce((a, x) => ({ v: a.v + x.value, p: a.p + x.prev, y: a.y + x.yoy }), { v: 0, p: 0, y: 0 });
    trs.push(h('tr', { class: 'total' }, h('th', { scope: 'row' }, t('report.sum')), h('td', { class: 'num' }, fmtInt(sum.v)),
      money ? h('td', { class: 'num' }, fmtVND(rows.reduce((a, x) => a + (x.amount || 0), 0))) : null,
      h('td', { class: 'num' }, n.prev ? fmtInt(sum.p) : '—'), h('td', { class: 'num' }, n.prev ? change(sum.v, sum.p) : '—'),
      h('td', { class: 'num' }, n.yoy ? fmtInt(sum.y) : '—'), h('td', { class: 'num' }, n.yoy ? change(sum.v, sum.y) : '—')));
    const chart = which === 'outcome'
      ? donut(rows.map((x) => ({ label: x.name, value: x.value })), { title: t('report.by.' + which) })
      : barChart(rows.map((x) => ({ label: x.name, value: x.value, prev: x.prev })),
        { title: t('report.by.' + which), valueLabel: t('report.cur'), prevLabel: n.prev ? t('report.prev') : null });
    sec.appendChild(h('div', { class: 'report-block' }, h('div', { class: 'chart-box' }, chart), table(t('report.by.' + which), heads, trs, { class: 'report-table' })));
  }
}
