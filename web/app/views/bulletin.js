// bulletin.js: one bulletin, readable by whoever may see it (public ones
// without login).
import { h } from '../dom.js';
import { t, label } from '../i18n.js';
import { api } from '../api.js';
import { session } from '../main.js';
import { errorBox, pageHead } from '../ui.js';
import { fmtDate } from '../format.js';

export async function render(root, { params, args }) {
  const pub = !!args.public || !session.user;
  const back = h('a', { class: 'button', href: pub ? '#/public/bulletins' : '#/bulletins' }, t('act.back'));
  let b;
  try {
    b = await api.bulletin(Number(params[0]));
  } catch (err) {
    root.append(pageHead(t('bul.title'), back), errorBox(err));
    return;
  }
  const codes = b.kinds || b.violations || [];
  root.append(pageHead(b.title, back),
    h('p', { class: 'muted' }, fmtDate(b.published_at || b.created_at), ' · ', label('audience', b.audience)),
    codes.length ? h('p', null, codes.map((c) => label('violation', c)).join(' · ')) : null,
    h('article', { class: 'card bulletin-body' }, b.body || ''));
}
