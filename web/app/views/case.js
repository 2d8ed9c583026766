// case.js: one case: its facts and status, the timeline, tasks, subjects
// with their matches in other cases, evidence (upload with progress and the
// SHA-256 shown), hand-over of the lead, emergency stops, outcomes.
import { h, clear, field } from '../dom.js';
import { t, label, values } from '../i18n.js';
import { api, upload } from '../api.js';
import { role, route } from '../main.js';
import { loadRefs } from '../ref.js';
import { errorBox, emptyBox, pageHead, table, badge, formDialog, infoDialog, toast, dl } from '../ui.js';
import { fmtDate, fmtDateTime, fmtVND, fmtBytes, parseDMY, fmtSubject } from '../format.js';

// The status machine of src/cases/case.h, to offer only the moves allowed.
const MOVES = {
  new: ['verifying'],
  verifying: ['investigating', 'inspecting'],
  investigating: ['inspecting', 'handled'],
  inspecting: ['investigating', 'handled'],
  handled: ['closed'],
  closed: ['verifying'],
};

// Day dd/mm/yyyy at 17:00 in the province (end of the working day) -> Unix s.
function deadlineFrom(text) {
  const p = parseDMY(text);
  if (!p) return null;
  return Date.UTC(p.y, p.m - 1, p.d, 17 - 7, 0, 0) / 1000;
}

async function sha256Hex(file) {
  if (!(window.crypto && crypto.subtle)) return null; // only in a secure context
  const d = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// The store writes timeline texts in Vietnamese with the status and outcome
// codes as they are ("Trạng thái: verifying → investigating"); show their
// names instead.
function eventText(e) {
  let text = e.text || label('event', e.kind);
  if (/status/.test(e.kind || '')) {
    text = text.replace(/^([^:]*: )(\w+) → (\w+)/, (m, pre, a, b) => `${pre}${label('case_status', a)} → ${label('case_status', b)}`);
  }
  text = text.replace(/\((fine|seizure|prosecution|warning)\)/, (m, k) => `(${label('outcome', k)})`);
  return text;
}

export async function render(root, { params }) {
  const id = Number(params[0]);
  const refs = await loadRefs();
  let c;
  try {
    c = await api.caseGet(id);
  } catch (err) {
    root.appendChild(pageHead(t('case.title_n', { id })));
    root.appendChild(errorBox(err));
    return;
  }
  const canWrite = c.access === 'write';
  const isCoord = role() === 'coordinator';
  const reload = () => route();
  const act = (fn, okMsg) => async () => {
    try {
      await fn();
      if (okMsg) toast(okMsg);
      reload();
    } catch (err) {
      toast(err.message + (err.detail ? ' — ' + err.detail : ''), 'error');
    }
  };

  // Header and actions
  const actions = [];
  if (canWrite) {
    const moves = MOVES[c.status] || [];
    if (moves.length) actions.push(h('button', { type: 'button', class: 'primary', onclick: changeStatus }, t('case.change_status')));
  }
  if (canWrite || isCoord) actions.push(h('button', { type: 'button', onclick: handover }, t('case.handover')));
  if (canWrite) actions.push(h('button', { type: 'button', onclick: join }, t('case.join')));
  if (isCoord) actions.push(h('button', { type: 'button', class: 'danger', onclick: orderStop }, t('case.order_stop')));
  root.appendChild(pageHead(`${c.code || '#' + c.id}: ${c.title}`, ...actions));
  root.appendChild(h('p', { class: 'case-sub' }, badge(label('case_status', c.status), c.status), ' ',
    label('violation', c.violation), ' · ', refs.districtName(c.district),
    canWrite ? null : h('span', { class: 'badge' }, t('case.read_only'))));

  const left = h('div', { class: 'stack' });
  const right = h('div', { class: 'stack' });
  root.appendChild(h('div', { class: 'grid-2' }, left, right));

  // Facts
  left.appendChild(h('section', { class: 'card', 'aria-labelledby': 'h-facts' }, h('h2', { id: 'h-facts' }, t('case.facts')),
    dl([[t('cases.lead'), refs.orgName(c.lead)],
      [t('case.orgs'), (c.orgs || []).map((o) => h('div', null, o.name || o.code, ' ', h('span', { class: 'muted small' }, '(' + label('org_role', o.role) + ')')))],
      [t('case.opened'), fmtDateTime(c.created_at)], [t('cases.updated'), fmtDateTime(c.updated_at)],
      c.closed_at ? [t('case.closed'), fmtDateTime(c.closed_at)] : null]),
    c.facts ? h('p', { class: 'facts-text' }, c.facts) : h('p', { class: 'muted' }, t('case.no_facts'))));

  // Tasks
  const tasks = c.tasks || [];
  left.appendChild(section('h-tasks', t('case.tasks'), canWrite ? h('button', { type: 'button', onclick: addTask }, t('case.add_task')) : null,
    tasks.length ? table(t('case.tasks'), [t('case.task'), t('case.assignee'), t('case.deadline'), t('inbox.status'), ''],
      tasks.map((k) => {
        const late = !k.done_at && k.deadline && k.deadline < Date.now() / 1000;
        return h('tr', null, h('td', null, k.title), h('td', null, k.assignee_name || (k.assignee ? '#' + k.assignee : '—')),
          h('td', { class: 'nowrap' + (late ? ' up' : '') }, k.deadline ? fmtDate(k.deadline) : '—'),
          h('td', null, k.done_at ? badge(t('case.task_done'), 'done') : badge(late ? t('case.task_late') : t('case.task_open'), late ? 'overdue' : 'new')),
          h('td', null, canWrite && !k.done_at ? h('button', { type: 'button', onclick: act(() => api.taskDone(id, k.id), t('case.task_done')) }, t('case.mark_done')) : null));
      })) : emptyBox(t('case.no_tasks'))));

  // Evidence
  const ev = (c.evidence || []).slice();
  const evList = h('div');
  const drawEvidence = () => {
    clear(evList).appendChild(ev.length ? table(t('case.evidence'), [t('case.file'), 'SHA-256', t('case.added'), ''],
      ev.map((e) => h('tr', null,
        h('td', null, e.name || '#' + e.id, h('span', { class: 'sub' }, `${e.mime || ''} · ${fmtBytes(e.size)}`)),
        h('td', null, h('span', { class: 'hash' }, e.sha256)),
        h('td', { class: 'nowrap' }, fmtDateTime(e.added_at)),
        h('td', null, e.id ? h('div', { class: 'actions' },
          h('a', { class: 'button', href: api.evidenceDownload(e.id), download: e.name || '' }, t('case.download')),
          h('button', { type: 'button', onclick: () => verify(e) }, t('case.verify'))) : null)))) : emptyBox(t('case.no_evidence')));
  };
  drawEvidence();
  const evSec = section('h-ev', t('case.evidence'), null, evList);
  if (canWrite) evSec.appendChild(uploadForm());
  left.appendChild(evSec);

  // Outcomes
  const outs = c.outcomes || [];
  left.appendChild(section('h-out', t('case.outcomes'), canWrite ? h('button', { type: 'button', onclick: addOutcome }, t('case.add_outcome')) : null,
    outs.length ? table(t('case.outcomes'), [t('case.outcome_kind'), t('case.amount'), t('case.description'), t('case.added')],
      outs.map((o) => h('tr', null, h('td', null, label('outcome', o.kind)), h('td', { class: 'num' }, o.amount_vnd ? fmtVND(o.amount_vnd) : '—'),
        h('td', null, o.description || ''), h('td', { class: 'nowrap' }, fmtDate(o.at || o.added_at || o.created_at))))) : emptyBox(t('case.no_outcomes'))));

  // Notes
  const notes = c.notes || [];
  left.appendChild(section('h-notes', t('case.notes'), canWrite ? h('button', { type: 'button', onclick: addNote }, t('case.add_note')) : null,
    notes.length ? h('ul', { class: 'notes' }, notes.map((n) => h('li', null, h('time', null, fmtDateTime(n.at || n.created_at), n.author ? ' · ' + n.author : ''), h('div', { class: 'facts-text' }, n.body)))) : emptyBox(t('case.no_notes'))));

  // Subjects
  const subs = c.subjects || [];
  right.appendChild(section('h-sub', t('case.subjects'), canWrite ? h('button', { type: 'button', onclick: addSubject }, t('case.add_subject')) : null,
    subs.length ? h('ul', { class: 'subjects' }, subs.map((s) => h('li', null,
      h('span', { class: 'muted small' }, label('subject_kind', s.kind)), h('br'),
      h('span', { class: ['name', 'address'].includes(s.kind) ? '' : 'mono' }, fmtSubject(s.kind, s.value)), s.label ? h('span', null, ' — ', s.label) : null,
      s.other_cases > 0 ? h('div', null, h('button', { type: 'button', class: 'linklike match', onclick: () => matches(s) }, t('case.in_other_cases', { n: s.other_cases }))) : null)))
      : emptyBox(t('case.no_subjects'))));

  // Stops
  const stops = c.stops || null;
  right.appendChild(section('h-stops', t('case.stops'), null,
    stops === null ? h('p', { class: 'muted small' }, t('case.stops_elsewhere'), ' ', h('a', { href: '#/stops' }, t('nav.stops')))
      : stops.length ? h('ul', { class: 'plain' }, stops.map((s) => h('li', null, badge(label('stop_status', s.overdue ? 'overdue' : s.status), s.overdue ? 'overdue' : s.status), ' ',
        refs.orgName(s.org), ': ', s.target, h('span', { class: 'sub' }, t('stops.due', { at: fmtDateTime(s.due_at) })))))
        : emptyBox(t('case.no_stops'))));

  // Alerts
  const alerts = c.alerts || [];
  right.appendChild(section('h-alerts', t('case.alerts'), null,
    alerts.length ? h('ul', { class: 'plain' }, alerts.map((a) => h('li', null, a.title, h('span', { class: 'sub' }, `${label('source', a.source)} · ${fmtDateTime(a.observed_at)}`))))
      : emptyBox(t('case.no_alerts'))));

  // Timeline
  const tl = (c.timeline || []).slice().sort((a, b) => b.id - a.id);
  right.appendChild(section('h-tl', t('case.timeline'), null,
    tl.length ? h('ol', { class: 'timeline' }, tl.map((e) => h('li', null, h('time', null, fmtDateTime(e.at)), eventText(e))))
      : emptyBox(t('case.no_events'))));

  function section(hid, title, action, ...content) {
    return h('section', { class: 'card', 'aria-labelledby': hid },
      h('div', { class: 'section-head' }, h('h2', { id: hid }, title), action), content);
  }

  function uploadForm() {
    const file = h('input', { type: 'file', name: 'file', required: true });
    const bar = h('progress', { max: 100, value: 0, hidden: true, 'aria-label': t('case.upload_progress') });
    const pct = h('span', { class: 'small muted', 'aria-live': 'polite' });
    const hashOut = h('div', { class: 'small', 'aria-live': 'polite' });
    const btn = h('button', { type: 'submit', class: 'primary' }, t('case.upload'));
    const form = h('form', { class: 'upload stack' }, field(t('case.upload_file'), file, t('case.upload_hint')),
      h('div', { class: 'actions' }, btn, bar, pct), hashOut);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const f = file.files[0];
      if (!f) {
        file.focus();
        return;
      }
      btn.disabled = true;
      bar.hidden = false;
      bar.value = 0;
      clear(hashOut);
      const local = sha256Hex(f).catch(() => null);
      try {
        const r = await upload(api.evidenceUrl(id), f, (sent, total) => {
          const p = total ? Math.floor((sent / total) * 100) : 0;
          bar.value = p;
          pct.textContent = `${p} % · ${fmtBytes(sent)} / ${fmtBytes(total)}`;
        });
        const mine = await local;
        const server = r.sha256 || (r.evidence && r.evidence.sha256) || '';
        hashOut.append(h('div', { class: 'notice ok' }, h('strong', null, t('case.uploaded')),
          h('p', null, 'SHA-256: ', h('span', { class: 'hash', 'data-testid': 'evidence-sha256' }, server || mine || '—')),
          mine && server ? h('p', null, mine === server ? t('case.hash_match') : t('case.hash_mismatch')) : null));
        const got = r.evidence || r;
        ev.unshift({ id: got.id || null, sha256: server || mine, size: got.size ?? f.size, name: got.name || f.name,
          mime: got.mime || f.type, added_at: got.added_at || Math.floor(Date.now() / 1000) });
        drawEvidence();
        file.value = '';
      } catch (err) {
        hashOut.appendChild(errorBox(err));
      } finally {
        btn.disabled = false;
      }
    });
    return form;
  }

  async function verify(e) {
    try {
      const r = await api.evidenceVerify(e.id);
      const ok = r && (r.ok === true || r.result === 'ok' || r.valid === true);
      infoDialog(t('case.verify'), [h('div', { class: 'notice ' + (ok ? 'ok' : 'error') }, h('strong', null, ok ? t('case.verify_ok') : t('case.verify_bad')),
        h('p', null, 'SHA-256: ', h('span', { class: 'hash' }, e.sha256)))]);
    } catch (err) {
      toast(err.message, 'error');
    }
  }

  async function matches(s) {
    try {
      const r = await api.subjectMatches(s.id);
      const cases = (r.cases || r.items || []).filter((x) => x.id !== id);
      infoDialog(t('case.matches_title', { value: fmtSubject(s.kind, s.value) }), [
        cases.length ? h('ul', { class: 'plain' }, cases.map((x) => h('li', null,
          x.visible === false ? h('span', { class: 'muted' }, t('case.match_hidden'))
            : h('a', { href: `#/cases/${x.id}` }, `${x.code}: ${x.title}`), ' ', x.status ? badge(label('case_status', x.status), x.status) : null)))
          : emptyBox(t('case.no_matches'))]);
    } catch (err) {
      toast(err.message, 'error');
    }
  }

  async function changeStatus() {
    const to = h('select', { name: 'status', required: true }, (MOVES[c.status] || []).map((v) => h('option', { value: v }, label('case_status', v))));
    const reason = h('textarea', { name: 'reason', rows: 3 });
    await formDialog(t('case.change_status'), [h('p', null, t('case.status_now', { s: label('case_status', c.status) })),
      field(t('case.new_status'), to), field(t('case.reason'), reason, c.status === 'closed' ? t('case.reopen_hint') : t('case.reason_opt'))],
    t('act.save'), () => api.caseStatus(id, to.value, reason.value.trim() || null).then(() => true));
    reload();
  }

  async function handover() {
    const to = h('select', { name: 'org', required: true }, h('option', { value: '' }, t('case.choose_org')),
      refs.orgs.filter((o) => !/enterprise/.test(o.kind || '') && o.code !== (c.lead && c.lead.code)).map((o) => h('option', { value: o.code }, o.name)));
    const reason = h('textarea', { name: 'reason', rows: 3, required: true });
    const done = await formDialog(t('case.handover'), [h('p', null, t('case.handover_text', { org: refs.orgName(c.lead) })),
      field(t('case.to_org'), to), field(t('case.reason'), reason)], t('case.handover_do'),
    () => api.caseHandover(id, to.value, reason.value.trim()).then(() => true));
    if (done) toast(t('case.handed_over'));
    reload();
  }

  async function join() {
    const org = h('select', { name: 'org', required: true }, h('option', { value: '' }, t('case.choose_org')),
      refs.orgs.filter((o) => !(c.orgs || []).some((x) => x.code === o.code)).map((o) => h('option', { value: o.code }, o.name)));
    await formDialog(t('case.join'), [field(t('case.org'), org)], t('case.join_do'), () => api.caseJoin(id, org.value).then(() => true));
    reload();
  }

  async function addTask() {
    const title = h('input', { name: 'title', required: true, maxlength: 300 });
    const deadline = h('input', { name: 'deadline', placeholder: 'dd/mm/yyyy', pattern: '\\d{1,2}/\\d{1,2}/\\d{4}', inputmode: 'numeric' });
    await formDialog(t('case.add_task'), [field(t('case.task'), title), field(t('case.deadline'), deadline, t('case.deadline_hint'))], t('act.save'),
      () => {
        const dl2 = deadline.value.trim() ? deadlineFrom(deadline.value) : 0;
        if (dl2 === null) throw Object.assign(new Error(t('case.bad_date')), { status: 400 });
        return api.caseTask(id, { title: title.value.trim(), deadline: dl2 }).then(() => true);
      });
    reload();
  }

  async function addOutcome() {
    const kind = h('select', { name: 'kind', required: true }, values('outcome').map((v) => h('option', { value: v }, label('outcome', v))));
    const amount = h('input', { name: 'amount', inputmode: 'numeric', placeholder: '5.000.000' });
    const desc = h('textarea', { name: 'description', rows: 3 });
    await formDialog(t('case.add_outcome'), [field(t('case.outcome_kind'), kind), field(t('case.amount'), amount, t('case.amount_hint')),
      field(t('case.description'), desc)], t('act.save'), () => {
      const n = Number(amount.value.replace(/[.\s₫đ]/g, '')) || 0;
      if (kind.value === 'fine' && !(n > 0)) throw Object.assign(new Error(t('case.need_amount')), { status: 400 });
      return api.caseOutcome(id, { kind: kind.value, amount_vnd: n, description: desc.value.trim() }).then(() => true);
    });
    reload();
  }

  async function addNote() {
    const body = h('textarea', { name: 'body', rows: 4, required: true });
    await formDialog(t('case.add_note'), [field(t('case.note'), body)], t('act.save'), () => api.caseNote(id, body.value.trim()).then(() => true));
    reload();
  }

  async function addSubject() {
    const kind = h('select', { name: 'kind', required: true }, values('subject_kind').map((v) => h('option', { value: v }, label('subject_kind', v))));
    const value = h('input', { name: 'value', required: true, maxlength: 300 });
    const lab = h('input', { name: 'label', maxlength: 300 });
    await formDialog(t('case.add_subject'), [field(t('case.subject_kind'), kind), field(t('case.subject_value'), value), field(t('case.subject_label'), lab)],
      t('act.save'), () => api.caseSubject(id, { kind: kind.value, value: value.value.trim(), label: lab.value.trim() || null }).then(() => true));
    reload();
  }

  async function orderStop() {
    const org = h('select', { name: 'org', required: true }, h('option', { value: '' }, t('case.choose_org')),
      refs.orgs.filter((o) => /enterprise/.test(o.kind || '')).map((o) => h('option', { value: o.code }, o.name)));
    const kind = h('select', { name: 'target_kind' }, h('option', { value: 'item' }, t('stops.kind_item')), h('option', { value: 'service' }, t('stops.kind_service')));
    const target = h('input', { name: 'target', required: true });
    const reason = h('textarea', { name: 'reason', rows: 3, required: true });
    const hours = h('input', { name: 'hours', type: 'number', min: 1, max: 720, value: 2 });
    await formDialog(t('case.order_stop'), [field(t('stops.enterprise'), org), field(t('stops.target_kind'), kind), field(t('stops.target'), target),
      field(t('case.reason'), reason), field(t('stops.hours'), hours)], t('stops.order'),
    () => api.stopCreate({ org: org.value, target_kind: kind.value, target: target.value.trim(), reason: reason.value.trim(), case_id: id,
      due_at: Math.floor(Date.now() / 1000) + 3600 * (Number(hours.value) || 2) }).then(() => true));
    reload();
  }
}
