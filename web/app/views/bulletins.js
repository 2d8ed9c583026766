// bulletins.js: bulletins on criminals' methods. The department writes them
// and publishes them to enterprises or to the public; enterprises read
// theirs; anyone reads the public ones without logging in.
import { h, clear, field } from '../dom.js';
import { t, label, values } from '../i18n.js';
import { api } from '../api.js';
import { role, session } from '../main.js';
import { errorBox, emptyBox, pageHead, badge, formDialog, toast } from '../ui.js';
import { fmtDate } from '../format.js';

export function bulletinLink(b, pub) {
  return `#/${pub ? 'public/' : ''}bulletins/${b.id}`;
}

export async function render(root, { args }) {
  const pub = !!args.public || !session.user;
  const mayWrite = role() === 'coordinator';
  root.appendChild(pageHead(pub ? t('bul.public_title') : t('bul.title'),
    mayWrite ? h('button', { type: 'button', class: 'primary', onclick: write }, t('bul.write')) : null));
  root.appendChild(h('p', { class: 'lead' }, pub ? t('bul.public_intro') : t('bul.intro')));
  const list = h('div', { class: 'stack', 'aria-live': 'polite' });
  root.appendChild(list);

  async function load() {
    clear(list);
    let items;
    try {
      const r = await api.bulletins(pub ? { audience: 'public' } : {});
      items = Array.isArray(r) ? r : r.items || [];
    } catch (err) {
      list.appendChild(errorBox(err));
      return;
    }
    if (!items.length) {
      list.appendChild(emptyBox(pub ? t('bul.none_public') : t('bul.none')));
      return;
    }
    for (const b of items) {
      const codes = b.kinds || b.violations || [];
      list.appendChild(h('article', { class: 'card bulletin' },
        h('h2', null, h('a', { href: bulletinLink(b, pub) }, b.title)),
        h('p', { class: 'muted small' }, fmtDate(b.published_at || b.created_at), ' · ', label('audience', b.audience), b.author ? ' · ' + b.author : '',
          b.status && b.status !== 'published' ? [' ', badge(label('bul_status', b.status), b.status === 'draft' ? 'new' : 'closed')] : null),
        codes.length ? h('p', { class: 'small' }, codes.map((c) => label('violation', c)).join(' · ')) : null,
        b.summary || b.body ? h('p', null, excerpt(b.summary || b.body)) : null,
        mayWrite ? h('div', { class: 'actions' },
          b.status === 'draft' || b.status === 'withdrawn' ? h('button', { type: 'button', class: 'primary', onclick: () => publish(b) }, t('bul.publish')) : null,
          b.status === 'published' ? h('button', { type: 'button', class: 'danger', onclick: () => withdraw(b) }, t('bul.withdraw')) : null) : null));
    }
  }

  async function publish(b) {
    try {
      await api.bulletinPublish(b.id);
      toast(t('bul.published'));
    } catch (err) {
      toast(err.message, 'error');
    }
    load();
  }
  async function withdraw(b) {
    const reason = h('textarea', { name: 'reason', rows: 3, required: true });
    await formDialog(t('bul.withdraw'), [field(t('bul.withdraw_reason'), reason)], t('bul.withdraw'),
      () => api.bulletinWithdraw(b.id, reason.value.trim()).then(() => { toast(t('bul.withdrawn')); return true; }));
    load();
  }

  async function write() {
    const title = h('input', { name: 'title', required: true, maxlength: 300 });
    const body = h('textarea', { name: 'body', rows: 10, required: true });
    const audience = h('select', { name: 'audience' }, values('audience').map((v) => h('option', { value: v }, label('audience', v))));
    const boxes = values('violation').filter((v) => v !== 'other').map((v) => h('label', { class: 'radio' }, h('input', { type: 'checkbox', value: v }), ' ', label('violation', v)));
    const ok = await formDialog(t('bul.write'), [field(t('bul.f_title'), title), field(t('bul.f_body'), body, t('bul.f_body_hint')),
      field(t('bul.f_audience'), audience),
      h('fieldset', { class: 'radios column' }, h('legend', null, t('bul.f_codes')), boxes)], t('bul.save_draft'),
    () => api.bulletinCreate({ title: title.value.trim(), body: body.value.trim(), audience: audience.value,
      kinds: boxes.map((b) => b.firstChild).filter((x) => x.checked).map((x) => x.value) }).then(() => true));
    if (ok) toast(t('bul.saved'));
    load();
  }

  await load();
}

function excerpt(text) {
  const s = String(text).replace(/\s+/g, ' ').trim();
  return s.length > 280 ? s.slice(0, 279) + '…' : s;
}
