// cases.js: the cases the user may see, newest first, by status and district.
import { h, clear, field } from '../dom.js';
import { t, label, values } from '../i18n.js';
import { api } from '../api.js';
import { navigate, role } from '../main.js';
import { loadRefs } from '../ref.js';
import { errorBox, emptyBox, pageHead, table, badge, formDialog } from '../ui.js';
import { fmtDate } from '../format.js';

export async function render(root, { query }) {
  const refs = await loadRefs();
  const state = { status: query.get('status') || '', district: query.get('district') || '', items: [], next: null, error: null };
  const mayCreate = ['coordinator', 'investigator', 'inspector'].includes(role());
  root.appendChild(pageHead(t('cases.title'), mayCreate ? h('button', { type: 'button', class: 'primary', onclick: create }, t('cases.new')) : null));
  const status = h('select', { name: 'status' }, h('option', { value: '' }, t('inbox.all_status')),
    values('case_status').map((v) => h('option', { value: v, selected: v === state.status }, label('case_status', v))));
  const district = h('select', { name: 'district' }, h('option', { value: '' }, t('cases.all_districts')),
    refs.districts.map((d) => h('option', { value: d.code, selected: d.code === state.district }, d.name)));
  const filters = h('form', { class: 'filters', role: 'search', 'aria-label': t('inbox.filters') },
    field(t('inbox.status'), status), field(t('inbox.district'), district), h('button', { type: 'submit' }, t('act.apply')));
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    state.status = status.value;
    state.district = district.value;
    load(true);
  });
  const list = h('div', { 'aria-live': 'polite' });
  const more = h('div', { class: 'actions section' });
  root.append(filters, list, more);

  async function load(reset) {
    if (reset) {
      state.items = [];
      state.next = null;
    }
    state.error = null;
    try {
      const r = await api.cases({ status: state.status, district: state.district, before: reset ? null : state.next, limit: 50 });
      state.items = state.items.concat(r.items || []);
      state.next = r.next ?? null;
    } catch (err) {
      state.error = err;
    }
    draw();
  }

  function draw() {
    clear(list);
    clear(more);
    if (state.error) {
      list.appendChild(errorBox(state.error));
      return;
    }
    if (!state.items.length) {
      list.appendChild(emptyBox(t('cases.empty')));
      return;
    }
    list.appendChild(table(t('cases.title'), [t('cases.code'), t('cases.case'), t('cases.lead'), t('inbox.district'), t('inbox.status'), t('cases.updated')],
      state.items.map((c) => h('tr', null,
        h('td', { class: 'mono nowrap' }, h('a', { href: `#/cases/${c.id}` }, c.code || `#${c.id}`)),
        h('td', null, h('a', { href: `#/cases/${c.id}` }, c.title), h('span', { class: 'sub' }, label('violation', c.violation))),
        h('td', null, refs.orgName(c.lead)),
        h('td', null, refs.districtName(c.district)),
        h('td', null, badge(label('case_status', c.status), c.status)),
        h('td', { class: 'nowrap' }, fmtDate(c.updated_at))))));
    if (state.next) more.appendChild(h('button', { type: 'button', onclick: () => load(false) }, t('act.more')));
  }

  async function create() {
    const violation = h('select', { name: 'violation', required: true }, h('option', { value: '' }, t('tip.choose')),
      values('violation').filter((v) => v !== 'other').map((v) => h('option', { value: v }, label('violation', v))));
    const title = h('input', { name: 'title', required: true, maxlength: 300 });
    const facts = h('textarea', { name: 'facts', rows: 4 });
    const dist = h('select', { name: 'district' }, h('option', { value: '' }, '—'), refs.districts.map((d) => h('option', { value: d.code }, d.name)));
    const lead = h('select', { name: 'lead' }, h('option', { value: '' }, t('inbox.lead_self')),
      refs.orgs.filter((o) => !/enterprise/.test(o.kind || '')).map((o) => h('option', { value: o.code }, o.name)));
    const id = await formDialog(t('cases.new'), [field(t('cases.violation'), violation), field(t('cases.case_title'), title),
      field(t('cases.facts'), facts), field(t('inbox.district'), dist), field(t('inbox.lead'), lead)], t('cases.create'),
    async () => {
      const r = await api.caseCreate({ violation: violation.value, title: title.value.trim(), facts: facts.value.trim() || null,
        district: dist.value || null, lead_org: lead.value || null });
      return r.id;
    });
    if (id) navigate(`/cases/${id}`);
  }

  await load(true);
}
