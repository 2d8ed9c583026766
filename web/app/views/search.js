// search.js: one box across cases, alerts and subjects (numbers, names,
// IMEIs, item IDs), results grouped by kind, within what the user may see.
import { h, clear, field } from '../dom.js';
import { t, label } from '../i18n.js';
import { api } from '../api.js';
import { navigate } from '../main.js';
import { errorBox, emptyBox, pageHead, badge } from '../ui.js';
import { fmtDate, fmtSubject } from '../format.js';

function group(r, ...names) {
  for (const n of names) {
    const v = r && (r[n] ?? (r.groups && r.groups[n]));
    if (v) return Array.isArray(v) ? v : v.items || [];
  }
  if (r && Array.isArray(r.items)) return r.items.filter((x) => names.includes(x.type) || names.includes(x.type + 's'));
  return [];
}

export async function render(root, { query }) {
  root.appendChild(pageHead(t('search.title')));
  const q = query.get('q') || '';
  const box = h('input', { type: 'search', name: 'q', value: q, required: true, placeholder: t('search.ph'), class: 'search-box' });
  const form = h('form', { class: 'filters', role: 'search' }, field(t('search.label'), box, t('search.hint')), h('button', { type: 'submit', class: 'primary' }, t('search.go')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (box.value.trim()) navigate('/search?q=' + encodeURIComponent(box.value.trim()));
  });
  const out = h('div', { class: 'results', 'aria-live': 'polite' });
  root.append(form, out);
  if (!q) {
    out.appendChild(emptyBox(t('search.start')));
    return;
  }
  let r;
  try {
    r = await api.search(q);
  } catch (err) {
    if (!err.missing) {
      out.appendChild(errorBox(err));
      return;
    }
    // No full-text search on the server yet: look the words up as a
    // subject (exact, as the store normalises it) and as a case code.
    clear(out);
    await subjectsOnly(out, q);
    return;
  }
  const cases = group(r, 'cases', 'case');
  const alerts = group(r, 'alerts', 'alert');
  const subjects = group(r, 'subjects', 'subject');
  clear(out);
  if (!cases.length && !alerts.length && !subjects.length) {
    out.appendChild(emptyBox(t('search.none', { q })));
    return;
  }
  const sec = (title, items, row) => h('section', { class: 'card section' }, h('h2', null, `${title} (${items.length})`),
    items.length ? h('ul', { class: 'plain' }, items.map(row)) : h('p', { class: 'muted' }, t('search.none_here')));
  out.append(
    sec(t('search.cases'), cases, (c) => h('li', null, h('a', { href: `#/cases/${c.id}` }, `${c.code || '#' + c.id}: ${c.title}`), ' ',
      c.status ? badge(label('case_status', c.status), c.status) : null, h('span', { class: 'sub' }, `${label('violation', c.violation)}${c.updated_at ? ' · ' + fmtDate(c.updated_at) : ''}`))),
    sec(t('search.alerts'), alerts, (a) => h('li', null, a.case_id ? h('a', { href: `#/cases/${a.case_id}` }, a.title) : a.title, ' ',
      a.status ? badge(label('alert_status', a.status), a.status) : null, h('span', { class: 'sub' }, `${label('violation', a.kind)} · ${a.source_ref || ''}`))),
    sec(t('search.subjects'), subjects, (s) => h('li', null, h('span', { class: 'muted small' }, label('subject_kind', s.kind)), ' ', h('span', { class: 'mono' }, fmtSubject(s.kind, s.value)),
      s.label ? ` — ${s.label}` : '', s.case_id ? h('a', { class: 'sub', href: `#/cases/${s.case_id}` }, s.case_code || t('inbox.case_n', { id: s.case_id })) : null)));
}

// The kinds of subject a typed value may be.
function kindsFor(q) {
  const digits = q.replace(/[\s.+()-]/g, '');
  if (/^\d{6,20}$/.test(digits)) return ['phone', 'msisdn', 'imei', 'id_number', 'item_id'];
  if (/^[A-Za-z]{2}\d{9}[A-Za-z]{2}$/.test(q)) return ['item_id'];
  return ['name', 'address', 'item_id'];
}

async function subjectsOnly(out, q) {
  out.appendChild(h('div', { class: 'notice missing', role: 'status' }, h('strong', null, t('state.missing_title')),
    h('p', null, t('search.partial'))));
  const code = /^VV-\d{4}-0*(\d+)$/i.exec(q.trim());
  if (code) {
    out.appendChild(h('section', { class: 'card section' }, h('h2', null, t('search.cases')),
      h('p', null, h('a', { href: `#/cases/${code[1]}` }, t('search.open_case', { code: q.trim().toUpperCase() })))));
  }
  const found = [];
  const errors = [];
  await Promise.all(kindsFor(q.trim()).map(async (kind) => {
    try {
      const r = await api.subjectSearch(kind, q.trim());
      for (const c of r.items || []) found.push({ kind, value: r.value, c });
    } catch (err) {
      if (err.status !== 400) errors.push(err);
    }
  }));
  if (errors.length) out.appendChild(errorBox(errors[0]));
  out.appendChild(h('section', { class: 'card section' }, h('h2', null, `${t('search.subjects')} (${found.length})`),
    found.length ? h('ul', { class: 'plain' }, found.map((x) => h('li', null,
      h('span', { class: 'muted small' }, label('subject_kind', x.kind)), ' ', h('span', { class: 'mono' }, fmtSubject(x.kind, x.value)), ' — ',
      h('a', { href: `#/cases/${x.c.id}` }, `${x.c.code || '#' + x.c.id}: ${x.c.title || ''}`), ' ',
      x.c.status ? badge(label('case_status', x.c.status), x.c.status) : null)))
      : h('p', { class: 'muted' }, t('search.none', { q }))));
}
