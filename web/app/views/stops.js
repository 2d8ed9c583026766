// stops.js: emergency stop orders (ngăn chặn khẩn cấp) as agencies see them,
// overdue ones first in mind: a filter shows only those.
import { h, clear, field } from '../dom.js';
import { t, label, values } from '../i18n.js';
import { api } from '../api.js';
import { loadRefs } from '../ref.js';
import { errorBox, emptyBox, pageHead, table, badge } from '../ui.js';
import { fmtDateTime, fmtSubject } from '../format.js';

export function stopRow(s, refs, extra, noOrg) {
  // An overdue order still shows how far the enterprise got with it.
  return h('tr', { class: s.overdue ? 'late' : '' },
    h('td', null, badge(label('stop_status', s.status), s.status),
      s.overdue ? badge(label('stop_status', 'overdue'), 'overdue') : null),
    noOrg ? null : h('td', null, refs.orgName(s.org)),
    h('td', null, label('stop_kind', s.target_kind), h('span', { class: 'sub mono' }, s.target_kind === 'service' ? fmtSubject('phone', s.target) : s.target)),
    h('td', null, s.reason, s.case_id ? h('a', { class: 'sub', href: `#/cases/${s.case_id}` }, t('inbox.case_n', { id: s.case_id })) : null),
    h('td', { class: 'nowrap' }, fmtDateTime(s.ordered_at)),
    h('td', { class: 'nowrap' + (s.overdue ? ' up' : '') }, fmtDateTime(s.due_at)),
    h('td', null, s.done_at ? fmtDateTime(s.done_at) : s.ack_at ? t('stops.acked_at', { at: fmtDateTime(s.ack_at) }) : '—',
      s.report ? h('span', { class: 'sub' }, s.report) : null),
    extra ? h('td', null, extra(s)) : null);
}

export const stopHeads = (noOrg) => [t('inbox.status'), noOrg ? null : t('stops.enterprise'), t('stops.target'), t('case.reason'), t('stops.ordered'), t('stops.due_col'), t('stops.progress')].filter(Boolean);

export async function render(root, { query }) {
  const refs = await loadRefs();
  root.appendChild(pageHead(t('stops.title')));
  const status = h('select', { name: 'status' }, h('option', { value: '' }, t('inbox.all_status')),
    values('stop_status').map((v) => h('option', { value: v, selected: v === (query.get('status') || '') }, label('stop_status', v))));
  const filters = h('form', { class: 'filters', role: 'search', 'aria-label': t('inbox.filters') }, field(t('inbox.status'), status),
    h('button', { type: 'submit' }, t('act.apply')));
  const list = h('div', { 'aria-live': 'polite' });
  const more = h('div', { class: 'actions section' });
  root.append(filters, list, more);
  let items = [];
  let next = null;
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    load(true);
  });
  status.addEventListener('change', () => load(true));
  async function load(reset) {
    if (reset) {
      items = [];
      next = null;
    }
    clear(list);
    clear(more);
    try {
      const r = await api.stops({ status: status.value, before: reset ? null : next, limit: 100 });
      items = items.concat(r.items || []);
      next = r.next ?? null;
    } catch (err) {
      list.appendChild(errorBox(err));
      return;
    }
    if (!items.length) list.appendChild(emptyBox(t('stops.empty')));
    else list.appendChild(table(t('stops.title'), stopHeads(), items.map((s) => stopRow(s, refs))));
    if (next) more.appendChild(h('button', { type: 'button', onclick: () => load(false) }, t('act.more')));
  }
  await load(true);
}
