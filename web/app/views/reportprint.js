// reportprint.js: the period report as a Vietnamese administrative document
// (Decree 30/2020/NĐ-CP, Appendix I): issuing body top left, national motto
// top right, number and place/date line, title, addressee, body, recipients
// ("Nơi nhận") and the signature block; A4, Times New Roman, printed to PDF
// from the browser. The header's words are editable and remembered here.
import { h, clear, field } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { errorBox } from '../ui.js';
import { fmtInt, fmtPct, pctChange, isoDay, today } from '../format.js';
import { periodFromQuery, periodQuery, periodName, normalize, tableRows, TABLES } from '../reportdata.js';

const KEY = 'report-doc';
const DEFAULTS = {
  parent: 'UBND TỈNH TIỀN GIANG',
  body: 'SỞ THÔNG TIN VÀ TRUYỀN THÔNG',
  number: '/BC-STTTT',
  place: 'Tiền Giang',
  to: 'Ủy ban nhân dân tỉnh Tiền Giang',
  signer_title: 'GIÁM ĐỐC',
  signer_name: '',
  recipients: 'Như trên;\nBộ Thông tin và Truyền thông (để b/c);\nCông an tỉnh;\nCục Quản lý thị trường tỉnh;\nCục Hải quan tỉnh;\nUBND các huyện, thị xã, thành phố;\nLưu: VT, BCVT.',
  assessment: '',
};

function load() {
  try {
    return { ...DEFAULTS, ...JSON.parse(localStorage.getItem(KEY) || '{}') };
  } catch {
    return { ...DEFAULTS };
  }
}
function save(v) {
  try {
    localStorage.setItem(KEY, JSON.stringify(v));
  } catch { /* not remembered */ }
}

// "ngày 05 tháng 01 năm 2026": the decree writes a 0 before days under 10
// and before months 1 and 2.
function dateLine(place, d) {
  const dd = d.d < 10 ? '0' + d.d : String(d.d);
  const mm = d.m <= 2 ? '0' + d.m : String(d.m);
  return `${place}, ngày ${dd} tháng ${mm} năm ${d.y}`;
}

function changeWords(cur, base) {
  const p = pctChange(cur, base);
  if (p === null) return 'chưa có số liệu để so sánh';
  if (p === 0) return 'không thay đổi';
  return `${p > 0 ? 'tăng' : 'giảm'} ${fmtPct(Math.abs(p)).replace('+', '')}`;
}

const TITLES = {
  violation: 'Theo hành vi vi phạm',
  agency: 'Theo cơ quan chủ trì',
  district: 'Theo địa bàn',
  outcome: 'Theo kết quả xử lý',
};
const FIRST_COL = { violation: 'Hành vi vi phạm', agency: 'Cơ quan chủ trì', district: 'Địa bàn', outcome: 'Hình thức xử lý' };

function docTable(n, which) {
  const rows = tableRows(n, which);
  const money = which === 'outcome';
  const head = ['TT', FIRST_COL[which], 'Kỳ này', money ? 'Số tiền (đồng)' : null, 'Kỳ trước', 'Tăng/giảm', 'Cùng kỳ năm trước', 'Tăng/giảm'].filter(Boolean);
  const body = rows.map((x, i) => h('tr', null, h('td', { class: 'c' }, String(i + 1)), h('td', null, x.name), h('td', { class: 'r' }, fmtInt(x.value)),
    money ? h('td', { class: 'r' }, x.amount ? fmtInt(x.amount) : '') : null,
    h('td', { class: 'r' }, n.prev ? fmtInt(x.prev) : ''), h('td', { class: 'r' }, n.prev ? fmtPct(pctChange(x.value, x.prev)) : ''),
    h('td', { class: 'r' }, n.yoy ? fmtInt(x.yoy) : ''), h('td', { class: 'r' }, n.yoy ? fmtPct(pctChange(x.value, x.yoy)) : '')));
  const sum = rows.reduce((a, x) => ({ v: a.v + x.value, p: a.p + x.prev, y: a.y + x.yoy, m: a.m + (x.amount || 0) }), { v: 0, p: 0, y: 0, m: 0 });
  body.push(h('tr', { class: 'sum' }, h('td', null), h('td', null, 'Tổng cộng'), h('td', { class: 'r' }, fmtInt(sum.v)),
    money ? h('td', { class: 'r' }, fmtInt(sum.m)) : null,
    h('td', { class: 'r' }, n.prev ? fmtInt(sum.p) : ''), h('td', { class: 'r' }, n.prev ? fmtPct(pctChange(sum.v, sum.p)) : ''),
    h('td', { class: 'r' }, n.yoy ? fmtInt(sum.y) : ''), h('td', { class: 'r' }, n.yoy ? fmtPct(pctChange(sum.v, sum.y)) : '')));
  return h('table', { class: 'doc-table' }, h('thead', null, h('tr', null, head.map((x) => h('th', null, x)))), h('tbody', null, rows.length ? body : h('tr', null, h('td', { colspan: head.length, class: 'c' }, 'Không phát sinh trong kỳ.'))));
}

function summary(n, period) {
  const c = n.cur.totals;
  const p = n.prev ? n.prev.totals : {};
  const y = n.yoy ? n.yoy.totals : {};
  const parts = [];
  if (c.alerts !== null) parts.push(`tiếp nhận ${fmtInt(c.alerts)} tin báo (${changeWords(c.alerts, p.alerts)} so với kỳ trước, ${changeWords(c.alerts, y.alerts)} so với cùng kỳ năm trước)`);
  if (c.cases_opened !== null) parts.push(`thụ lý mới ${fmtInt(c.cases_opened)} vụ việc (${changeWords(c.cases_opened, p.cases_opened)} so với kỳ trước, ${changeWords(c.cases_opened, y.cases_opened)} so với cùng kỳ năm trước)`);
  if (c.cases_closed !== null) parts.push(`kết thúc ${fmtInt(c.cases_closed)} vụ việc`);
  const res = [];
  if (c.fines_vnd !== null) res.push(`xử phạt vi phạm hành chính tổng số tiền ${fmtInt(c.fines_vnd)} đồng`);
  if (c.seizures !== null) res.push(`tịch thu tang vật, hàng hóa trong ${fmtInt(c.seizures)} trường hợp`);
  if (c.prosecutions !== null) res.push(`chuyển khởi tố ${fmtInt(c.prosecutions)} vụ`);
  if (c.warnings !== null) res.push(`cảnh cáo ${fmtInt(c.warnings)} trường hợp`);
  const stops = c.stops_issued !== null ? `Đã yêu cầu doanh nghiệp ngăn chặn khẩn cấp ${fmtInt(c.stops_issued)} trường hợp${c.stops_done !== null ? `, đã thực hiện ${fmtInt(c.stops_done)}` : ''}${c.stops_overdue ? `, quá hạn ${fmtInt(c.stops_overdue)}` : ''}.` : '';
  return [
    h('p', null, `Trong ${period}, các cơ quan, đơn vị và doanh nghiệp trên địa bàn tỉnh đã ${parts.join('; ')}.`),
    res.length ? h('p', null, `Kết quả xử lý: ${res.join('; ')}.`) : null,
    stops ? h('p', null, stops) : null,
  ];
}

export async function render(root, { query }) {
  const p = periodFromQuery(query);
  const v = load();
  document.title = `${t('report.print_title')} — ${periodName(p)}`;

  const doc = h('article', { class: 'a4 doc', lang: 'vi', 'aria-label': t('report.print_title') });
  let data = null;
  let failure = null;
  let pending = true;

  const mk = (k, label, multi) => {
    const el = multi ? h('textarea', { name: k, rows: 4 }) : h('input', { name: k });
    el.value = v[k];
    el.addEventListener('input', () => { v[k] = el.value; save(v); draw(); });
    return field(label, el);
  };
  const tools = h('aside', { class: 'doc-tools no-print card stack', 'aria-label': t('report.doc_settings') },
    h('h2', null, t('report.print_title')),
    h('p', { class: 'muted small' }, t('report.print_hint')),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'primary', onclick: () => window.print() }, t('report.print_pdf')),
      h('a', { class: 'button', href: '#/reports?' + periodQuery(p) }, t('act.back'))),
    mk('parent', t('report.f.parent')), mk('body', t('report.f.body')), mk('number', t('report.f.number')),
    mk('place', t('report.f.place')), mk('to', t('report.f.to')), mk('signer_title', t('report.f.signer_title')),
    mk('signer_name', t('report.f.signer_name')), mk('recipients', t('report.f.recipients'), true), mk('assessment', t('report.f.assessment'), true));

  function draw() {
    clear(doc);
    const pv = periodViName(p);
    doc.append(
      h('table', { class: 'doc-head', role: 'presentation' }, h('tbody', null, h('tr', null,
        h('td', { class: 'doc-org' }, h('div', { class: 'upper' }, v.parent), h('div', { class: 'upper b' }, v.body), h('div', { class: 'rule short' }),
          h('div', { class: 'doc-no' }, 'Số: ', h('span', { class: 'blank' }, v.number))),
        h('td', { class: 'doc-motto' }, h('div', { class: 'upper b' }, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'),
          h('div', { class: 'b motto' }, 'Độc lập - Tự do - Hạnh phúc'), h('div', { class: 'rule long' }),
          h('div', { class: 'i date-line' }, dateLine(v.place, today())))))),
      h('h1', { class: 'doc-title' }, 'BÁO CÁO'),
      h('p', { class: 'doc-subject' }, `Kết quả phòng, chống tội phạm và vi phạm pháp luật trên mạng bưu chính, viễn thông, công nghệ thông tin ${pv}`),
      h('div', { class: 'rule subject' }),
      h('p', { class: 'doc-to' }, `Kính gửi: ${v.to}.`),
      h('p', null, `Thực hiện chế độ báo cáo định kỳ về công tác phối hợp phòng, chống tội phạm và vi phạm pháp luật trên mạng bưu chính, viễn thông, công nghệ thông tin, ${capFirst(v.body)} báo cáo kết quả ${pv} (từ ngày ${dm(p.from)} đến ngày ${dm(p.to)}) như sau:`));
    if (pending) {
      doc.append(h('p', { class: 'loading no-print', role: 'status' }, t('report.computing')));
    } else if (!data) {
      doc.append(h('div', { class: 'no-print' }, errorBox(failure)), h('p', { class: 'print-only' }, 'Chưa có số liệu báo cáo.'));
    } else {
      doc.append(h('h2', null, 'I. TÌNH HÌNH CHUNG'), ...summary(data, pv).filter(Boolean));
      doc.append(h('h2', null, 'II. KẾT QUẢ CỤ THỂ'));
      TABLES.forEach((w, i) => doc.append(h('h3', null, `${i + 1}. ${TITLES[w]}`), docTable(data, w)));
      doc.append(h('h2', null, 'III. ĐÁNH GIÁ, KIẾN NGHỊ'),
        v.assessment.trim() ? v.assessment.trim().split(/\n+/).map((x) => h('p', null, x)) : h('p', { class: 'fill' }, '…'));
    }
    doc.append(h('table', { class: 'doc-foot', role: 'presentation' }, h('tbody', null, h('tr', null,
      h('td', { class: 'doc-recipients' }, h('div', { class: 'b i' }, 'Nơi nhận:'),
        v.recipients.split('\n').filter((x) => x.trim()).map((x) => h('div', null, '- ' + x.trim()))),
      h('td', { class: 'doc-sign' }, h('div', { class: 'upper b' }, v.signer_title), h('div', { class: 'sign-space' }),
        h('div', { class: 'b' }, v.signer_name || '\u00a0'))))));
  }
  draw();
  root.append(h('div', { class: 'doc-layout' }, tools, h('div', { class: 'doc-frame' }, doc)));
  api.report(isoDay(p.from), isoDay(p.to)).then((r) => { data = normalize(r); }, (err) => { failure = err; })
    .finally(() => { pending = false; draw(); });
}

function capFirst(s) {
  const x = String(s || '').toLocaleLowerCase('vi');
  return x.charAt(0).toLocaleUpperCase('vi') + x.slice(1).replace('thông tin và truyền thông', 'Thông tin và Truyền thông');
}
function dm(d) {
  return `${String(d.d).padStart(2, '0')}/${String(d.m).padStart(2, '0')}/${d.y}`;
}
const ROMAN = ['I', 'II', 'III', 'IV'];
function periodViName(p) {
  if (p.kind === 'month') return `tháng ${p.n} năm ${p.y}`;
  if (p.kind === 'quarter') return `quý ${ROMAN[p.n - 1]} năm ${p.y}`;
  if (p.kind === 'year') return `năm ${p.y}`;
  return `từ ngày ${dm(p.from)} đến ngày ${dm(p.to)}`;
}
