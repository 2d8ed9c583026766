// tip.js: the public tip page (tố giác): no login, anonymous allowed; the
// citizen gets a tracking code to follow the tip.
import { h, field, clear } from '../dom.js';
import { t, label, values } from '../i18n.js';
import { api, upload } from '../api.js';
import { errorBox, pageHead } from '../ui.js';
import { fmtBytes } from '../format.js';

// As the store limits them (TIP_FILES, TIP_FILE_MAX).
const MAX_FILES = 5;
const MAX_BYTES = 10 * 1024 * 1024;

export async function render(root) {
  root.appendChild(pageHead(t('tip.title')));
  root.appendChild(h('p', { class: 'lead' }, t('tip.intro')));
  const cat = h('select', { name: 'category', required: true },
    h('option', { value: '' }, t('tip.choose')),
    values('violation').map((v) => h('option', { value: v }, label('violation', v))),
    h('option', { value: 'other' }, t('tip.other')));
  const text = h('textarea', { name: 'text', rows: 7, required: true, maxlength: 8000 });
  const contact = h('input', { name: 'contact', autocomplete: 'off', maxlength: 200 });
  const errSlot = h('div', { 'aria-live': 'assertive' });
  const result = h('div', { class: 'narrow', 'aria-live': 'polite' });
  const btn = h('button', { type: 'submit', class: 'primary' }, t('tip.send'));
  const form = h('form', { class: 'card stack narrow', novalidate: true },
    field(t('tip.category'), cat),
    field(t('tip.text'), text, t('tip.text_hint')),
    field(t('tip.contact'), contact, t('tip.contact_hint')),
    h('p', { class: 'muted small' }, t('tip.privacy')),
    errSlot, h('div', { class: 'actions' }, btn));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errSlot.textContent = '';
    if (!cat.value) {
      errSlot.appendChild(errorBox({ message: t('tip.need_category') }));
      cat.focus();
      return;
    }
    if (!text.value.trim()) {
      errSlot.appendChild(errorBox({ message: t('tip.need_text') }));
      text.focus();
      return;
    }
    btn.disabled = true;
    try {
      const body = { category: cat.value, text: text.value.trim() };
      if (contact.value.trim()) body.contact = contact.value.trim();
      const r = await api.tipCreate(body);
      form.hidden = true;
      const code = r.tracking_code;
      result.appendChild(h('div', { class: 'card success stack narrow', tabindex: '-1' },
        h('h2', null, t('tip.thanks')),
        h('p', null, t('tip.keep_code')),
        h('p', { class: 'code-big', 'data-testid': 'tracking-code' }, code),
        h('p', null, h('a', { class: 'button', href: '#/tip/status?code=' + encodeURIComponent(code) }, t('tip.follow'))),
        attachForm(code)));
      result.firstChild.focus();
    } catch (err) {
      errSlot.appendChild(errorBox(err));
    } finally {
      btn.disabled = false;
    }
  });
  root.appendChild(form);
  root.appendChild(result);
}

// Files (photos, screenshots, documents) added to the tip just sent.
function attachForm(code) {
  const files = h('input', { type: 'file', name: 'files', multiple: true });
  const list = h('ul', { class: 'plain', 'aria-live': 'polite' });
  const btn = h('button', { type: 'submit' }, t('tip.attach_send'));
  let sent = 0;
  const form = h('form', { class: 'stack' }, h('h3', null, t('tip.attach_title')),
    field(t('tip.attach_files'), files, t('tip.attach_hint', { n: MAX_FILES, mb: MAX_BYTES / 1024 / 1024 })), h('div', { class: 'actions' }, btn), list);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const chosen = [...files.files];
    if (!chosen.length) {
      files.focus();
      return;
    }
    btn.disabled = true;
    for (const f of chosen) {
      const bar = h('progress', { max: 100, value: 0, 'aria-label': f.name });
      const li = h('li', null, h('span', null, `${f.name} (${fmtBytes(f.size)})`), ' ', bar);
      list.appendChild(li);
      if (sent >= MAX_FILES) {
        clear(li).appendChild(errorBox({ message: t('tip.attach_too_many', { name: f.name, n: MAX_FILES }) }));
        continue;
      }
      if (f.size > MAX_BYTES) {
        clear(li).appendChild(errorBox({ message: t('tip.attach_too_big', { name: f.name, mb: MAX_BYTES / 1024 / 1024 }) }));
        continue;
      }
      try {
        await upload(api.tipFileUrl(code), f, (done, total) => { bar.value = total ? Math.floor((done / total) * 100) : 0; });
        sent += 1;
        clear(li).append(h('span', null, `${f.name} (${fmtBytes(f.size)})`), ' — ', t('tip.attach_ok'));
      } catch (err) {
        clear(li).appendChild(errorBox(err));
      }
    }
    files.value = '';
    btn.disabled = false;
  });
  return form;
}
