// ui.js: the pieces every screen shares: page heading, error and empty
// states, the "not available yet" state, toasts, modal dialogs, tables.
import { h, clear } from './dom.js';
import { t } from './i18n.js';

export function pageHead(title, ...extra) {
  document.title = `${title} — ${t('app.name')}`;
  return h('div', { class: 'page-head' }, h('h1', null, title), extra.length ? h('div', { class: 'page-actions' }, extra) : null);
}

// An error from the API (ApiError) or anything thrown, as a visible box.
export function errorBox(err) {
  if (err && err.missing) return missingBox();
  const msg = (err && err.message) || t('err.500');
  return h('div', { class: 'notice error', role: 'alert' },
    h('strong', null, msg),
    err && err.detail ? h('p', { class: 'detail' }, t('err.detail'), ' ', err.detail) : null);
}

export function missingBox(what) {
  return h('div', { class: 'notice missing', role: 'status' },
    h('strong', null, t('state.missing_title')),
    h('p', null, what || t('state.missing')));
}

export function emptyBox(text, action) {
  return h('div', { class: 'empty', role: 'status' }, h('p', null, text), action || null);
}

export function loading() {
  return h('p', { class: 'loading', role: 'status' }, t('state.loading'));
}

let toastTimer = 0;
export function toast(msg, kind) {
  const el = document.getElementById('toast');
  el.textContent = msg;
  el.className = 'toast show ' + (kind || '');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.className = 'toast'; }, 5000);
}

// A modal dialog with a form. fields: the form's content; onSubmit(form)
// returns a promise; errors it throws are shown inside the dialog, which
// stays open. Resolves with onSubmit's value, or null when cancelled.
export function formDialog(title, fields, submitLabel, onSubmit) {
  return new Promise((resolve) => {
    const errSlot = h('div', { class: 'dialog-error' });
    const submit = h('button', { type: 'submit', class: 'primary' }, submitLabel);
    const cancel = h('button', { type: 'button', onclick: () => { dlg.close(); } }, t('act.cancel'));
    const form = h('form', { method: 'dialog', class: 'stack' }, fields, errSlot,
      h('div', { class: 'dialog-actions' }, cancel, submit));
    const dlg = h('dialog', { class: 'dialog', 'aria-label': title }, h('h2', null, title), form);
    let result = null;
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!form.reportValidity()) return;
      submit.disabled = true;
      clear(errSlot);
      try {
        result = await onSubmit(form);
        dlg.close();
      } catch (err) {
        errSlot.appendChild(errorBox(err));
        // The field the server names gets marked and the focus.
        for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
        const bad = err && err.field ? form.querySelector(`[name="${CSS.escape(err.field)}"]`) : null;
        if (bad) {
          bad.setAttribute('aria-invalid', 'true');
          bad.focus();
        }
      } finally {
        submit.disabled = false;
      }
    });
    dlg.addEventListener('close', () => { dlg.remove(); resolve(result); });
    document.body.appendChild(dlg);
    dlg.showModal();
    const first = form.querySelector('input, select, textarea');
    if (first) first.focus();
  });
}

// A table whose head names every column; wide tables scroll inside their
// frame on a tablet instead of widening the page.
export function table(caption, heads, rows, opts = {}) {
  return h('div', { class: 'table-wrap', tabindex: opts.scrollFocus ? '0' : null, role: opts.scrollFocus ? 'region' : null, 'aria-label': opts.scrollFocus ? caption : null },
    h('table', { class: opts.class || '' },
      caption ? h('caption', { class: opts.captionVisible ? '' : 'sr-only' }, caption) : null,
      h('thead', null, h('tr', null, heads.map((x) => (x instanceof Node ? x : h('th', { scope: 'col' }, x))))),
      h('tbody', null, rows)));
}

export function badge(text, kind) {
  return h('span', { class: 'badge ' + (kind || '') }, text);
}

export function dl(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(Boolean).map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
}

// A modal dialog that only shows something; Esc or the button closes it.
export function infoDialog(title, content) {
  const close = h('button', { type: 'button', class: 'primary', onclick: () => dlg.close() }, t('act.close'));
  const dlg = h('dialog', { class: 'dialog wide', 'aria-label': title }, h('h2', null, title), h('div', { class: 'stack' }, content),
    h('div', { class: 'dialog-actions' }, close));
  dlg.addEventListener('close', () => dlg.remove());
  document.body.appendChild(dlg);
  dlg.showModal();
  close.focus();
}
