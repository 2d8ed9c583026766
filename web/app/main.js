// main.js: starts the app: language, session, navigation, and the router
// that shows one screen per address (#/inbox, #/cases/12, #/tip ...).
import { h, clear } from './dom.js';
import { t, initLang, setLang, getLang } from './i18n.js';
import { api, setCsrf, setOnUnauthorized } from './api.js';
import { errorBox, loading } from './ui.js';

export const session = { user: null };

// Public screens need no login; the others send an anonymous visitor to
// the login screen and come back after it.
const routes = [
  { re: /^\/login$/, view: 'login', pub: true },
  { re: /^\/tip$/, view: 'tip', pub: true },
  { re: /^\/tip\/status$/, view: 'tipstatus', pub: true },
  { re: /^\/public\/bulletins$/, view: 'bulletins', pub: true, args: { public: true } },
  { re: /^\/public\/bulletins\/(\d+)$/, view: 'bulletin', pub: true, args: { public: true } },
  { re: /^\/inbox$/, view: 'inbox' },
  { re: /^\/cases$/, view: 'cases' },
  { re: /^\/cases\/(\d+)$/, view: 'case' },
  { re: /^\/enterprise$/, view: 'enterprise' },
  { re: /^\/stops$/, view: 'stops' },
  { re: /^\/bulletins$/, view: 'bulletins' },
  { re: /^\/bulletins\/(\d+)$/, view: 'bulletin' },
  { re: /^\/search$/, view: 'search' },
  { re: /^\/reports$/, view: 'reports' },
  { re: /^\/reports\/print$/, view: 'reportprint' },
];

export function isEnterprise() {
  return session.user && session.user.role === 'enterprise_reporter';
}
export function role() {
  return session.user ? session.user.role : '';
}

function homePath() {
  if (!session.user) return '/login';
  return isEnterprise() ? '/enterprise' : '/inbox';
}

export function navigate(path) {
  if (location.hash === '#' + path) route();
  else location.hash = '#' + path;
}

function parseHash() {
  const raw = decodeURI(location.hash.replace(/^#/, '')) || '/';
  const [path, qs] = raw.split('?');
  return { path: path || '/', query: new URLSearchParams(qs || '') };
}

function navLinks() {
  const links = [];
  if (session.user) {
    if (isEnterprise()) {
      links.push(['/enterprise', t('nav.enterprise')]);
      links.push(['/bulletins', t('nav.bulletins')]);
    } else {
      links.push(['/inbox', t('nav.inbox')], ['/cases', t('nav.cases')], ['/stops', t('nav.stops')],
        ['/search', t('nav.search')], ['/reports', t('nav.reports')], ['/bulletins', t('nav.bulletins')]);
    }
  } else {
    links.push(['/public/bulletins', t('nav.public_bulletins')], ['/tip', t('nav.tip')], ['/tip/status', t('nav.tip_status')]);
  }
  return links;
}

function renderChrome(current) {
  const nav = clear(document.getElementById('nav'));
  const links = navLinks();
  // The longest link the address starts with is the current one
  // ("/tip/status" is not "/tip").
  const best = links.map(([p]) => p).filter((p) => current === p || current.startsWith(p + '/'))
    .sort((a, b) => b.length - a.length)[0];
  const ul = h('ul', null, links.map(([p, label]) => {
    const here = p === best;
    return h('li', null, h('a', { href: '#' + p, 'aria-current': here ? 'page' : null }, label));
  }));
  nav.appendChild(ul);
  nav.setAttribute('aria-label', t('nav.main'));
  document.querySelector('.skip').textContent = t('nav.skip');
  document.querySelector('.brand-name').textContent = t('app.name');
  const right = clear(document.getElementById('top-right'));
  const other = getLang() === 'vi' ? 'en' : 'vi';
  right.appendChild(h('button', {
    type: 'button', class: 'lang', lang: other,
    'aria-label': other === 'en' ? 'Switch to English' : 'Chuyển sang tiếng Việt',
    onclick: async () => { await setLang(other); route(); },
  }, other === 'en' ? 'English' : 'Tiếng Việt'));
  if (session.user) {
    const u = session.user;
    const org = u.org && (u.org.name || u.org.code);
    right.appendChild(h('span', { class: 'who' }, h('span', { class: 'who-name' }, u.name || u.login),
      org ? h('span', { class: 'who-org' }, org) : null));
    right.appendChild(h('button', { type: 'button', onclick: logout }, t('act.logout')));
  } else if (current !== '/login') {
    right.appendChild(h('a', { class: 'button', href: '#/login' }, t('act.login')));
  }
}

async function logout() {
  try {
    await api.logout();
  } catch { /* the session is dropped here either way */ }
  session.user = null;
  setCsrf('');
  document.getElementById('toast').className = 'toast';
  navigate('/login');
}

let seq = 0;
let firstRoute = true;
export async function route() {
  const my = ++seq;
  const { path, query } = parseHash();
  const main = document.getElementById('main');
  if (path === '/') {
    navigate(homePath());
    return;
  }
  const r = routes.find((x) => x.re.test(path));
  renderChrome(path);
  if (!r) {
    clear(main).appendChild(h('section', { class: 'empty' }, h('h1', null, t('err.no_page')),
      h('p', null, h('a', { href: '#/' }, t('act.home')))));
    return;
  }
  if (!r.pub && !session.user) {
    navigate('/login?next=' + encodeURIComponent(path + (query.toString() ? '?' + query : '')));
    return;
  }
  const params = r.re.exec(path).slice(1);
  clear(main).appendChild(loading());
  try {
    const mod = await import(`./views/${r.view}.js`);
    if (my !== seq) return;
    const root = h('div', { class: 'view view-' + r.view });
    await mod.render(root, { params, query, args: r.args || {} });
    if (my !== seq) return;
    clear(main).appendChild(root);
    // Move focus to the new page so that keyboard and screen-reader users
    // start at its heading, as after a page load; the first page keeps the
    // browser's own start (the skip link comes first).
    const h1 = root.querySelector('h1');
    const initial = firstRoute;
    firstRoute = false;
    if (h1 && !initial) {
      h1.tabIndex = -1;
      h1.focus({ preventScroll: true });
    }
    window.scrollTo(0, 0);
  } catch (err) {
    if (my !== seq) return;
    clear(main).appendChild(errorBox(err));
  }
}

export async function refreshSession() {
  try {
    session.user = await api.me();
    if (session.user && session.user.user) session.user = { ...session.user.user, csrf_token: session.user.csrf_token };
    if (session.user && session.user.csrf_token) setCsrf(session.user.csrf_token);
  } catch {
    session.user = null;
  }
}

async function start() {
  try {
    await initLang();
  } catch (err) {
    clear(document.getElementById('main')).appendChild(errorBox(err));
    return;
  }
  // A session that ended (expired, revoked, logged out elsewhere) sends the
  // user to log in again and back to the same page afterwards.
  setOnUnauthorized(() => {
    if (session.user) {
      session.user = null;
      const { path, query } = parseHash();
      navigate('/login?next=' + encodeURIComponent(path + (query.toString() ? '?' + query : '')));
    }
  });
  await refreshSession();
  window.addEventListener('hashchange', route);
  // The skip link must not change the address: the address is the route.
  document.querySelector('.skip').addEventListener('click', (e) => {
    e.preventDefault();
    document.getElementById('main').focus();
  });
  // "/" focuses the search box where there is one, as in most web apps.
  document.addEventListener('keydown', (e) => {
    if (e.key === '/' && !/INPUT|TEXTAREA|SELECT/.test(document.activeElement.tagName)) {
      const box = document.querySelector('input[type=search]');
      if (box) {
        e.preventDefault();
        box.focus();
      }
    }
  });
  route();
}

start();
