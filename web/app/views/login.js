// login.js: the login screen; after it, back to where the user was going.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { api, setCsrf } from '../api.js';
import { session, navigate, refreshSession } from '../main.js';
import { errorBox } from '../ui.js';

export async function render(root, { query }) {
  document.title = `${t('login.title')} — ${t('app.name')}`;
  const login = h('input', { id: 'login-user', name: 'login', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const pass = h('input', { id: 'login-pass', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const errSlot = h('div', { 'aria-live': 'assertive' });
  const btn = h('button', { type: 'submit', class: 'primary wide' }, t('act.login'));
  const form = h('form', { class: 'card login-card stack', novalidate: true },
    h('p', { class: 'app-long' }, t('app.long')),
    h('h1', null, t('login.title')),
    h('p', { class: 'muted' }, t('login.intro')),
    h('div', { class: 'field' }, h('label', { for: 'login-user' }, t('login.user')), login),
    h('div', { class: 'field' }, h('label', { for: 'login-pass' }, t('login.password')), pass),
    errSlot, btn);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errSlot.textContent = '';
    if (!login.value.trim() || !pass.value) {
      errSlot.appendChild(errorBox({ message: t('login.fill_both') }));
      (login.value.trim() ? pass : login).focus();
      return;
    }
    btn.disabled = true;
    btn.textContent = t('login.busy');
    try {
      const r = await api.login(login.value.trim(), pass.value);
      if (r && r.csrf_token) setCsrf(r.csrf_token);
      await refreshSession();
      if (!session.user && r) session.user = r.user || r;
      const next = query.get('next');
      navigate(next && next.startsWith('/') && next !== '/login' ? next : '/');
    } catch (err) {
      if (err.status === 401) err.message = t('login.bad');
      errSlot.appendChild(errorBox(err));
      pass.value = '';
      pass.focus();
    } finally {
      btn.disabled = false;
      btn.textContent = t('act.login');
    }
  });
  const side = h('aside', { class: 'login-side' },
    h('h2', null, t('login.public_title')),
    h('p', null, t('login.public_text')),
    h('ul', { class: 'links' },
      h('li', null, h('a', { href: '#/tip' }, t('nav.tip'))),
      h('li', null, h('a', { href: '#/tip/status' }, t('nav.tip_status'))),
      h('li', null, h('a', { href: '#/public/bulletins' }, t('nav.public_bulletins')))));
  root.appendChild(h('div', { class: 'login-grid' }, form, side));
}
