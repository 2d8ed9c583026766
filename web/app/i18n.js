// i18n.js: the UI's words, one dictionary file per language under /i18n/.
// Vietnamese is the default and the fallback for a key English lacks.

let vi = {};
let cur = {};
let lang = 'vi';
export const LANGS = ['vi', 'en'];

async function fetchDict(l) {
  const r = await fetch(`/i18n/${l}.json`, { credentials: 'same-origin' });
  if (!r.ok) throw new Error(`/i18n/${l}.json: HTTP ${r.status}`);
  return r.json();
}

export async function initLang() {
  vi = await fetchDict('vi');
  let want = 'vi';
  try {
    want = localStorage.getItem('lang') || 'vi';
  } catch { /* storage refused (private mode): stay in Vietnamese */ }
  await setLang(LANGS.includes(want) ? want : 'vi');
}

export async function setLang(l) {
  cur = l === 'vi' ? vi : await fetchDict(l);
  lang = l;
  document.documentElement.lang = l;
  try {
    localStorage.setItem('lang', l);
  } catch { /* not remembered, still switched */ }
}

export function getLang() {
  return lang;
}

// t('inbox.count', {n: 3}) -> the string with {n} replaced.
export function t(key, params) {
  let s = cur[key] ?? vi[key] ?? key;
  if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (params[k] ?? m));
  return s;
}

// The label of a value in a named list ("violation", "case_status"...),
// or the value itself when the dictionary does not know it.
export function label(list, value) {
  if (value === null || value === undefined || value === '') return '—';
  const k = `${list}.${value}`;
  return cur[k] ?? vi[k] ?? String(value);
}

// Every value a list knows, in dictionary order: for select boxes.
export function values(list) {
  const pre = list + '.';
  return Object.keys(vi).filter((k) => k.startsWith(pre)).map((k) => k.slice(pre.length));
}
