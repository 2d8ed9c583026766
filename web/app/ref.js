// ref.js: reference lists the screens share (organisations, districts),
// fetched once per session; names for codes, whichever form the API uses.
import { api } from './api.js';

let orgsP = null;
let districtsP = null;

function items(r) {
  return Array.isArray(r) ? r : (r && r.items) || [];
}

export function orgs() {
  if (!orgsP) orgsP = api.orgs().then(items).catch(() => { orgsP = null; return []; });
  return orgsP;
}
export function districts() {
  if (!districtsP) districtsP = api.districts().then(items).catch(() => { districtsP = null; return []; });
  return districtsP;
}

export async function loadRefs() {
  const [o, d] = await Promise.all([orgs(), districts()]);
  const orgBy = new Map();
  for (const x of o) {
    orgBy.set(x.code, x);
    orgBy.set(String(x.id), x);
  }
  const distBy = new Map(d.map((x) => [x.code, x]));
  return {
    orgs: o,
    districts: d,
    // An organisation as the API gives it (code, id, or {id,code,name}) -> its name.
    orgName(v) {
      if (v === null || v === undefined || v === '') return '—';
      if (typeof v === 'object') return v.name || (orgBy.get(v.code) || {}).name || v.code || '—';
      const x = orgBy.get(String(v));
      return x ? x.name : String(v);
    },
    districtName(code) {
      if (!code) return '—';
      if (typeof code === 'object') return code.name || code.code;
      const x = distBy.get(code);
      return x ? x.name : code;
    },
  };
}
