// inbox.js: the focal alert inbox: filter, sort, select several and triage
// them at once (dismiss with a reason, attach to a case, open cases).
import { h, clear, field } from '../dom.js';
import { t, label, values } from '../i18n.js';
import { api } from '../api.js';
import { navigate, role } from '../main.js';
import { loadRefs } from '../ref.js';
import { errorBox, emptyBox, pageHead, table, badge, formDialog, infoDialog, toast, dl } from '../ui.js';
import { fmtDateTime } from '../format.js';

const TRIAGE_ROLES = ['coordinator', 'investigator', 'inspector'];

function scoreCell(v) {
  const n = Number(v) || 0;
  const cls = n >= 0.8 ? 'hi' : n >= 0.5 ? 'mid' : 'lo';
  return h('span', { class: 'score ' + cls, title: t('inbox.score') }, String(Math.round(n * 100)));
}

export async function render(root, { query }) {
  const refs = await loadRefs();
  const mayTriage = TRIAGE_ROLES.includes(role());
  const state = {
    status: query.get('status') ?? 'new',
    kind: query.get('kind') || '',
    text: query.get('q') || '',
    sort: query.get('sort') || 'newest',
    items: [], next: null, selected: new Set(), error: null,
  };

  root.appendChild(pageHead(t('inbox.title')));
  const status = h('select', { name: 'status' },
    h('option', { value: '' }, t('inbox.all_status')),
    values('alert_status').map((v) => h('option', { value: v, selected: v === state.status }, label('alert_status', v))));
  const kind = h('select', { name: 'kind' },
    h('option', { value: '' }, t('inbox.all_kinds')),
    values('violation').map((v) => h('option', { value: v, selected: v === state.kind }, label('violation', v))));
  const text = h('input', { type: 'search', name: 'q', value: state.text, placeholder: t('inbox.filter_ph') });
  const sort = h('select', { name: 'sort' },
    ['newest', 'oldest', 'score'].map((v) => h('option', { value: v, selected: v === state.sort }, t('inbox.sort_' + v))));
  const filters = h('form', { class: 'filters', role: 'search', 'aria-label': t('inbox.filters') },
    field(t('inbox.status'), status), field(t('inbox.kind'), kind), field(t('inbox.filter'), text, t('inbox.local_hint')), field(t('inbox.sort'), sort, t('inbox.local_hint')),
    h('button', { type: 'submit' }, t('act.apply')));
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    state.status = status.value;
    state.kind = kind.value;
    state.text = text.value.trim();
    state.sort = sort.value;
    load(true);
  });
  // Sorting and the kind / text filters work on the loaded pages at once.
  for (const el of [kind, sort]) el.addEventListener('change', () => { state.kind = kind.value; state.sort = sort.value; draw(); });
  status.addEventListener('change', () => { state.status = status.value; load(true); });
  root.appendChild(filters);

  const bulk = h('div', { class: 'bulk', role: 'region', 'aria-label': t('inbox.bulk') });
  const list = h('div', { 'aria-live': 'polite' });
  const more = h('div', { class: 'actions section' });
  root.appendChild(bulk);
  root.appendChild(list);
  root.appendChild(more);

  async function load(reset) {
    if (reset) {
      state.items = [];
      state.next = null;
      state.selected.clear();
    }
    state.error = null;
    try {
      const r = await api.alerts({ status: state.status, before: reset ? null : state.next, limit: 50 });
      state.items = state.items.concat(r.items || []);
      state.next = r.next ?? null;
    } catch (err) {
      state.error = err;
    }
    draw();
  }

  function visible() {
    const needle = state.text.toLocaleLowerCase('vi');
    let rows = state.items.filter((a) => (!state.kind || a.kind === state.kind) &&
      (!needle || `${a.title} ${a.source_ref} ${a.source}`.toLocaleLowerCase('vi').includes(needle)));
    const by = {
      newest: (a, b) => b.id - a.id,
      oldest: (a, b) => a.id - b.id,
      score: (a, b) => (b.score - a.score) || (b.id - a.id),
    }[state.sort];
    return rows.slice().sort(by);
  }

  function drawBulk(rows) {
    clear(bulk);
    const n = state.selected.size;
    bulk.hidden = !mayTriage || rows.length === 0;
    bulk.appendChild(h('span', { 'data-testid': 'selected-count' }, t('inbox.selected', { n })));
    const dis = n === 0;
    bulk.appendChild(h('button', { type: 'button', disabled: dis, onclick: () => openCases() }, t('inbox.open_case')));
    bulk.appendChild(h('button', { type: 'button', disabled: dis, onclick: () => attach() }, t('inbox.attach')));
    bulk.appendChild(h('button', { type: 'button', class: 'danger', disabled: dis, onclick: () => dismiss() }, t('inbox.dismiss')));
  }

  function draw() {
    clear(list);
    clear(more);
    if (state.error) {
      list.appendChild(errorBox(state.error));
      bulk.hidden = true;
      return;
    }
    const rows = visible();
    drawBulk(rows);
    if (rows.length === 0) {
      list.appendChild(emptyBox(state.items.length ? t('inbox.none_match') : t('inbox.empty')));
    } else {
      const all = h('input', {
        type: 'checkbox', 'aria-label': t('inbox.select_all'),
        checked: rows.every((a) => state.selected.has(a.id)),
        onchange: (e) => {
          for (const a of rows) if (a.status === 'new') e.target.checked ? state.selected.add(a.id) : state.selected.delete(a.id);
          draw();
        },
      });
      const body = rows.map((a) => {
        const canPick = mayTriage && a.status === 'new';
        const box = h('input', {
          type: 'checkbox', disabled: !canPick, checked: state.selected.has(a.id),
          'aria-label': t('inbox.select_one', { title: a.title }),
          onchange: (e) => { e.target.checked ? state.selected.add(a.id) : state.selected.delete(a.id); draw(); },
        });
        return h('tr', { class: state.selected.has(a.id) ? 'selected' : '' },
          h('td', null, mayTriage ? box : null),
          h('td', { class: 'num' }, scoreCell(a.score)),
          h('td', null, h('button', { type: 'button', class: 'linklike', onclick: () => showAlert(a.id) }, a.title),
            h('span', { class: 'sub' }, label('violation', a.kind))),
          h('td', null, label('source', a.source), h('span', { class: 'sub mono' }, a.source_ref)),
          h('td', null, refs.orgName(a.org), h('span', { class: 'sub' }, refs.districtName(a.district))),
          h('td', { class: 'nowrap' }, fmtDateTime(a.observed_at || a.created_at)),
          h('td', null, badge(label('alert_status', a.status), a.status),
            a.case_id ? h('a', { class: 'sub', href: `#/cases/${a.case_id}` }, t('inbox.case_n', { id: a.case_id })) : null));
      });
      list.appendChild(table(t('inbox.title'), [
        h('th', { scope: 'col' }, mayTriage ? all : h('span', { class: 'sr-only' }, t('inbox.select'))),
        t('inbox.score_short'), t('inbox.col_alert'), t('inbox.col_source'), t('inbox.col_org'), t('inbox.col_time'), t('inbox.status')], body));
      list.appendChild(h('p', { class: 'muted small' }, t('inbox.shown', { n: rows.length, total: state.items.length })));
    }
    if (state.next) more.appendChild(h('button', { type: 'button', onclick: () => load(false) }, t('act.more')));
  }

  async function showAlert(id) {
    let a;
    try {
      a = await api.alert(id);
    } catch (err) {
      toast(err.message, 'error');
      return;
    }
    const detail = a.detail ? h('pre', { class: 'json' }, JSON.stringify(a.detail, null, 2)) : h('p', { class: 'muted' }, t('inbox.no_detail'));
    infoDialog(a.title, [
      dl([[t('inbox.kind'), label('violation', a.kind)], [t('inbox.col_source'), `${label('source', a.source)} · ${a.source_ref}`],
        [t('inbox.score'), String(Math.round((a.score || 0) * 100))], [t('inbox.col_org'), refs.orgName(a.org)],
        [t('inbox.district'), refs.districtName(a.district)], [t('inbox.col_time'), fmtDateTime(a.observed_at)],
        [t('inbox.status'), label('alert_status', a.status)], a.reason ? [t('inbox.reason'), a.reason] : null]),
      h('h3', null, t('inbox.detail')), detail]);
  }

  // Run fn on every selected alert; say how many went through and why the
  // others did not.
  async function each(fn, doneMsg) {
    const ids = [...state.selected];
    const failed = [];
    let ok = 0;
    let last = null;
    for (const id of ids) {
      try {
        last = await fn(id);
        ok += 1;
      } catch (err) {
        failed.push(`#${id}: ${err.message}${err.detail ? ' (' + err.detail + ')' : ''}`);
      }
    }
    if (ok) toast(t(doneMsg, { n: ok }));
    if (failed.length) {
      const e = new Error(t('inbox.some_failed', { n: failed.length }));
      e.detail = failed.join('; ');
      throw Object.assign(e, { status: 0 });
    }
    return last;
  }

  async function dismiss() {
    const reason = h('textarea', { name: 'reason', rows: 3, required: true });
    await formDialog(t('inbox.dismiss_title', { n: state.selected.size }),
      [field(t('inbox.reason'), reason, t('inbox.reason_hint'))], t('inbox.dismiss'),
      () => each((id) => api.alertDismiss(id, reason.value.trim()), 'inbox.dismissed_n'));
    load(true);
  }

  async function attach() {
    const caseId = h('input', { name: 'case', required: true, inputmode: 'numeric', pattern: '[0-9]+|VV-[0-9]{4}-[0-9]+' });
    await formDialog(t('inbox.attach_title', { n: state.selected.size }),
      [field(t('inbox.case_id'), caseId, t('inbox.case_id_hint'))], t('inbox.attach'),
      () => {
        const m = /(\d+)$/.exec(caseId.value.trim());
        return each((id) => api.alertAttach(id, Number(m[1])), 'inbox.attached_n');
      });
    load(true);
  }

  async function openCases() {
    const lead = h('select', { name: 'lead' }, h('option', { value: '' }, t('inbox.lead_self')),
      refs.orgs.filter((o) => !/enterprise/.test(o.kind || '')).map((o) => h('option', { value: o.code }, o.name)));
    const n = state.selected.size;
    const caseId = await formDialog(t('inbox.open_title', { n }),
      [h('p', null, t('inbox.open_text')), field(t('inbox.lead'), lead)], t('inbox.open_case'),
      () => each(async (id) => {
        const r = await api.alertOpenCase(id, lead.value || null);
        return r && (r.case_id || r.id);
      }, 'inbox.opened_n'));
    if (caseId && n === 1) navigate(`/cases/${caseId}`);
    else load(true);
  }

  await load(true);
}
