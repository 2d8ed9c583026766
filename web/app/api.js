// api.js: every call the UI makes to the server's JSON API, in one place.
//
// Errors become ApiError with a Vietnamese (or English) message chosen by
// the HTTP status, plus the server's own detail and the field it names.
// A 404 or 405 on a collection (a path without an id) or a 501 means the
// server does not have that endpoint yet: the error is marked `missing`
// and the screens show a "not available yet" state instead of data.
import { t } from './i18n.js';

export class ApiError extends Error {
  constructor(status, message, detail, field, missing, retryAfter) {
    super(message);
    this.status = status;
    this.detail = detail || '';
    this.field = field || '';
    this.missing = !!missing;
    this.retryAfter = retryAfter || 0;
  }
}

let csrf = '';
try {
  csrf = sessionStorage.getItem('csrf') || '';
} catch { /* no storage: the token lives in memory only */ }

export function setCsrf(tok) {
  csrf = tok || '';
  try {
    if (csrf) sessionStorage.setItem('csrf', csrf);
    else sessionStorage.removeItem('csrf');
  } catch { /* memory only */ }
}

let onUnauthorized = null;
export function setOnUnauthorized(fn) {
  onUnauthorized = fn;
}

// The server's error body: {"error":{"code","message","field"}} or
// {"error":"...","message":"...","field":"..."}; read whatever is there.
function errorParts(body) {
  if (!body || typeof body !== 'object') return {};
  const e = body.error;
  if (e && typeof e === 'object') return { detail: e.message || e.reason || e.code, field: e.field, code: e.code };
  return { detail: body.message || (typeof e === 'string' ? e : ''), field: body.field, code: body.code };
}

function messageFor(status, field, retryAfter) {
  switch (status) {
    case 400: return field ? t('err.400_field', { field }) : t('err.400');
    case 401: return t('err.401');
    case 403: return t('err.403');
    case 404: return t('err.404');
    case 409: return t('err.409');
    case 413: return t('err.413');
    case 429: return retryAfter ? t('err.429_wait', { s: retryAfter }) : t('err.429');
    case 503: return t('err.503');
    default: return status >= 500 ? t('err.500') : t('err.other', { status });
  }
}

function isCollection(path) {
  const p = path.split('?')[0];
  return !/\/\d+(\/|$)/.test(p) && !/\/api\/tips\/[^/]+$/.test(p);
}

export async function errorFrom(res, path) {
  let body = null;
  try {
    body = await res.json();
  } catch { /* not JSON: a proxy's page, keep the status */ }
  const { detail, field, code } = errorParts(body);
  const retry = Number(res.headers.get('Retry-After')) || (body && body.retry_after) || 0;
  const missing = res.status === 501 || ((res.status === 404 || res.status === 405) &&
    (isCollection(path) || code === 'no_route' || code === 'not_implemented'));
  if (missing) return new ApiError(res.status, t('state.missing'), detail, field, true);
  return new ApiError(res.status, messageFor(res.status, field, retry), detail, field, false, retry);
}

export async function call(method, path, body, opts = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  let res;
  try {
    res = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, t('err.network'), '', '', false);
  }
  if (!res.ok) {
    const err = await errorFrom(res, path);
    if (res.status === 401 && onUnauthorized && !opts.quiet401) onUnauthorized();
    throw err;
  }
  if (res.status === 204) return null;
  const ct = res.headers.get('Content-Type') || '';
  return ct.includes('json') ? res.json() : res.text();
}

const q = (params) => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== '') u.set(k, v);
  const s = u.toString();
  return s ? '?' + s : '';
};
const enc = encodeURIComponent;

export const api = {
  // session
  login: (login, password) => call('POST', '/api/login', { login, password }, { quiet401: true }),
  logout: () => call('POST', '/api/logout', {}),
  me: () => call('GET', '/api/me', undefined, { quiet401: true }),
  orgs: () => call('GET', '/api/orgs'),
  districts: () => call('GET', '/api/districts'),

  // alerts
  alerts: (f) => call('GET', '/api/alerts' + q(f)),
  alert: (id) => call('GET', `/api/alerts/${id}`),
  alertCreate: (a) => call('POST', '/api/alerts', a),
  alertDismiss: (id, reason) => call('POST', `/api/alerts/${id}/dismiss`, { reason }),
  alertAttach: (id, caseId) => call('POST', `/api/alerts/${id}/attach`, { case_id: caseId }),
  alertOpenCase: (id, leadOrg) => call('POST', `/api/alerts/${id}/case`, leadOrg ? { lead_org: leadOrg } : {}),

  // cases
  cases: (f) => call('GET', '/api/cases' + q(f)),
  caseGet: (id) => call('GET', `/api/cases/${id}`),
  caseCreate: (c) => call('POST', '/api/cases', c),
  caseStatus: (id, status, reason) => call('POST', `/api/cases/${id}/status`, { status, reason }),
  caseHandover: (id, toOrg, reason) => call('POST', `/api/cases/${id}/handover`, { to_org: toOrg, reason }),
  caseJoin: (id, org) => call('POST', `/api/cases/${id}/orgs`, { org }),
  caseNote: (id, body) => call('POST', `/api/cases/${id}/notes`, { body }),
  caseTask: (id, task) => call('POST', `/api/cases/${id}/tasks`, task),
  taskDone: (caseId, taskId) => call('POST', `/api/cases/${caseId}/tasks/${taskId}/done`, {}),
  caseOutcome: (id, o) => call('POST', `/api/cases/${id}/outcomes`, o),
  caseSubject: (id, s) => call('POST', `/api/cases/${id}/subjects`, s),
  subjectMatches: (id) => call('GET', `/api/subjects/${id}/matches`),
  evidenceUrl: (caseId) => `/api/cases/${caseId}/evidence`,
  evidenceDownload: (id) => `/api/evidence/${id}/content`,
  evidenceVerify: (id) => call('POST', `/api/evidence/${id}/verify`, {}),

  // stop orders
  stops: (f) => call('GET', '/api/stops' + q(f)),
  stopCreate: (s) => call('POST', '/api/stops', s),
  stopAck: (id) => call('POST', `/api/stops/${id}/ack`, {}),
  stopDone: (id, report) => call('POST', `/api/stops/${id}/done`, { report }),

  // citizens' tips (no login)
  tipCreate: (tip) => call('POST', '/api/tips', tip),
  tipFileUrl: (code) => `/api/tips/${enc(code)}/files`,
  tipStatus: (code) => call('GET', `/api/tips/${enc(code)}`),

  // bulletins, search, reports
  bulletins: (f) => call('GET', '/api/bulletins' + q(f)),
  bulletin: (id) => call('GET', `/api/bulletins/${id}`),
  bulletinCreate: (b) => call('POST', '/api/bulletins', b),
  bulletinPublish: (id) => call('POST', `/api/bulletins/${id}/publish`, {}),
  bulletinWithdraw: (id, reason) => call('POST', `/api/bulletins/${id}/withdraw`, { reason }),
  subjectSearch: (kind, value) => call('GET', '/api/subjects/search' + q({ kind, value })),
  search: (text, f) => call('GET', '/api/search' + q({ q: text, ...f })),
  report: (from, to) => call('GET', '/api/reports' + q({ from, to })),
  reportDownload: (from, to, format) => '/api/reports' + q({ from, to, format }),
};

// Upload a file as the request body with progress: onProgress(sent, total).
// Resolves with the server's JSON, rejects with ApiError.
export function upload(url, file, onProgress) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('POST', url + q({ name: file.name }));
    x.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    x.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
    x.setRequestHeader('Accept', 'application/json');
    if (csrf) x.setRequestHeader('X-CSRF-Token', csrf);
    x.upload.onprogress = (e) => onProgress && onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    x.onerror = () => reject(new ApiError(0, t('err.network'), '', '', false));
    x.onload = async () => {
      const res = new Response(x.responseText || null, {
        status: x.status, headers: { 'Content-Type': x.getResponseHeader('Content-Type') || '' },
      });
      if (x.status >= 200 && x.status < 300) {
        try {
          resolve(JSON.parse(x.responseText));
        } catch {
          resolve({});
        }
      } else {
        reject(await errorFrom(res, url));
      }
    };
    x.send(file);
  });
}
