// tipstatus.js: a citizen follows a tip with its tracking code; only the
// status is shown, never the tip's content.
import { h, field, clear } from '../dom.js';
import { t, label } from '../i18n.js';
import { api } from '../api.js';
import { errorBox, pageHead, dl } from '../ui.js';
import { fmtDateTime } from '../format.js';

export async function render(root, { query }) {
  root.appendChild(pageHead(t('tipstatus.title')));
  root.appendChild(h('p', { class: 'lead' }, t('tipstatus.intro')));
  const code = h('input', { name: 'code', required: true, autocomplete: 'off', spellcheck: 'false', class: 'mono', value: query.get('code') || '' });
  const out = h('div', { class: 'narrow', 'aria-live': 'polite' });
  const form = h('form', { class: 'card stack narrow', novalidate: true },
    field(t('tipstatus.code'), code, t('tipstatus.code_hint')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('tipstatus.look'))));
  async function look() {
    clear(out);
    const c = code.value.trim();
    if (!c) {
      out.appendChild(errorBox({ message: t('tipstatus.need_code') }));
      code.focus();
      return;
    }
    try {
      const r = await api.tipStatus(c);
      out.appendChild(h('div', { class: 'card stack narrow', 'data-testid': 'tip-status' },
        h('h2', null, label('tip_status', r.status)),
        h('p', null, t('tip_status_text.' + r.status)),
        dl([[t('tipstatus.code'), h('span', { class: 'mono' }, r.tracking_code || c)],
          [t('tipstatus.received'), fmtDateTime(r.received_at)]])));
    } catch (err) {
      if (err.status === 404 && !err.missing) err.message = t('tipstatus.unknown');
      out.appendChild(errorBox(err));
    }
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    look();
  });
  root.appendChild(form);
  root.appendChild(out);
  if (code.value) await look();
}
