// enterprise.js: what a postal or telecom enterprise sees: the stop orders
// addressed to it (acknowledge, report done) and its own reports of
// suspicious items or traffic, with a form to send a new one.
import { h, clear, field } from '../dom.js';
import { t, label, values } from '../i18n.js';
import { api } from '../api.js';
import { session } from '../main.js';
import { loadRefs } from '../ref.js';
import { errorBox, emptyBox, pageHead, table, badge, formDialog, toast } from '../ui.js';
import { fmtDateTime } from '../format.js';
import { stopRow, stopHeads } from './stops.js';

export async function render(root) {
  const refs = await loadRefs();
  const org = session.user && session.user.org;
  root.appendChild(pageHead(t('ent.title'), h('button', { type: 'button', class: 'primary', onclick: report }, t('ent.new_report'))));
  if (org) root.appendChild(h('p', { class: 'lead' }, org.name || org.code));

  const stopsSec = h('section', { class: 'card section', 'aria-labelledby': 'h-ent-stops' }, h('h2', { id: 'h-ent-stops' }, t('ent.stops')));
  const stopsBody = h('div', { 'aria-live': 'polite' });
  stopsSec.appendChild(h('p', { class: 'muted small' }, t('ent.stops_hint')));
  stopsSec.appendChild(stopsBody);
  const repSec = h('section', { class: 'card section', 'aria-labelledby': 'h-ent-rep' }, h('h2', { id: 'h-ent-rep' }, t('ent.reports')));
  const repBody = h('div', { 'aria-live': 'polite' });
  repSec.appendChild(repBody);
  root.append(stopsSec, repSec);

  async function loadStops() {
    clear(stopsBody);
    let items;
    try {
      items = (await api.stops({ limit: 100 })).items || [];
    } catch (err) {
      stopsBody.appendChild(errorBox(err));
      return;
    }
    // Open orders first, the most urgent at the top.
    items.sort((a, b) => (a.status === 'done') - (b.status === 'done') || (a.due_at - b.due_at));
    if (!items.length) {
      stopsBody.appendChild(emptyBox(t('ent.no_stops')));
      return;
    }
    stopsBody.appendChild(table(t('ent.stops'), [...stopHeads(true), t('ent.action')], items.map((s) => stopRow(s, refs, (x) => {
      if (x.status === 'ordered') return h('button', { type: 'button', class: 'primary', onclick: () => ack(x) }, t('ent.ack'));
      if (x.status === 'acknowledged') return h('button', { type: 'button', onclick: () => done(x) }, t('ent.done'));
      return null;
    }, true))));
  }

  async function ack(s) {
    try {
      await api.stopAck(s.id);
      toast(t('ent.acked'));
    } catch (err) {
      toast(err.message + (err.detail ? ' — ' + err.detail : ''), 'error');
    }
    loadStops();
  }

  async function done(s) {
    const rep = h('textarea', { name: 'report', rows: 4, required: true });
    await formDialog(t('ent.done_title'), [h('p', null, `${label('stop_kind', s.target_kind)}: ${s.target}`), field(t('ent.done_report'), rep, t('ent.done_hint'))],
      t('ent.done'), () => api.stopDone(s.id, rep.value.trim()).then(() => true));
    loadStops();
  }

  // The enterprise's own reports, 20 at a time.
  let repItems = [];
  let repNext = null;
  async function loadReports(more) {
    if (!more) {
      repItems = [];
      repNext = null;
    }
    clear(repBody);
    try {
      const r = await api.alerts({ limit: 20, before: more ? repNext : null });
      repItems = repItems.concat(r.items || []);
      repNext = r.next ?? null;
    } catch (err) {
      repBody.appendChild(errorBox(err));
      return;
    }
    if (!repItems.length) {
      repBody.appendChild(emptyBox(t('ent.no_reports')));
      return;
    }
    repBody.appendChild(table(t('ent.reports'), [t('inbox.col_alert'), t('inbox.col_time'), t('inbox.status')], repItems.map((a) => h('tr', null,
      h('td', null, a.title, h('span', { class: 'sub' }, `${label('violation', a.kind)} · ${a.source_ref}`)),
      h('td', { class: 'nowrap' }, fmtDateTime(a.observed_at || a.created_at)),
      h('td', null, badge(label('alert_status', a.status), a.status))))));
    if (repNext) repBody.appendChild(h('div', { class: 'actions section' }, h('button', { type: 'button', onclick: () => loadReports(true) }, t('act.more'))));
  }

  async function report() {
    const kind = h('select', { name: 'kind', required: true }, h('option', { value: '' }, t('tip.choose')),
      values('violation').filter((v) => v !== 'other').map((v) => h('option', { value: v }, label('violation', v))));
    const title = h('input', { name: 'title', required: true, maxlength: 300 });
    const ref = h('input', { name: 'source_ref', required: true, maxlength: 120 });
    const detail = h('textarea', { name: 'detail', rows: 4 });
    const dist = h('select', { name: 'district' }, h('option', { value: '' }, '—'), refs.districts.map((d) => h('option', { value: d.code }, d.name)));
    const ok = await formDialog(t('ent.new_report'), [field(t('inbox.kind'), kind), field(t('ent.report_title'), title, t('ent.report_title_hint')),
      field(t('ent.report_ref'), ref, t('ent.report_ref_hint')), field(t('inbox.district'), dist), field(t('ent.report_detail'), detail)],
    t('ent.send'), () => api.alertCreate({
      kind: kind.value, title: title.value.trim(), source_ref: ref.value.trim(), district: dist.value || null, score: 0.5,
      observed_at: Math.floor(Date.now() / 1000), detail: detail.value.trim() ? { text: detail.value.trim() } : null,
    }).then(() => true));
    if (ok) toast(t('ent.sent'));
    loadReports();
  }

  await Promise.all([loadStops(), loadReports()]);
}
