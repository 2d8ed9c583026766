// charts.js: small inline SVG charts, no library: horizontal bars with the
// previous period as a thin bar beneath, so a change shows at a glance.
import { s } from './dom.js';
import { fmtInt } from './format.js';

function short(text, max) {
  const str = String(text ?? '');
  return str.length > max ? str.slice(0, max - 1) + '…' : str;
}

// rows: [{label, value, prev}] (prev optional). Returns an <svg>.
export function barChart(rows, { title, valueLabel, prevLabel, width = 640, max = 12, color = '#124e86', prevColor = '#b8c4d6' } = {}) {
  const data = rows.slice(0, max);
  const rowH = 30;
  const labelW = Math.round(width * 0.38);
  const numW = 70;
  const top = prevLabel ? 26 : 6;
  const height = top + data.length * rowH + 6;
  const peak = Math.max(1, ...data.map((r) => Math.max(Number(r.value) || 0, Number(r.prev) || 0)));
  const barW = width - labelW - numW - 10;
  const svg = s('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title || '' });
  if (title) svg.appendChild(s('title', null, title));
  if (prevLabel) {
    svg.appendChild(s('rect', { x: labelW, y: 6, width: 12, height: 10, fill: color }));
    svg.appendChild(s('text', { x: labelW + 16, y: 15 }, valueLabel || ''));
    svg.appendChild(s('rect', { x: labelW + 150, y: 9, width: 12, height: 5, fill: prevColor }));
    svg.appendChild(s('text', { x: labelW + 166, y: 15 }, prevLabel));
  }
  data.forEach((r, i) => {
    const y = top + i * rowH;
    const v = Number(r.value) || 0;
    const p = Number(r.prev) || 0;
    const g = s('g', null);
    g.appendChild(s('title', null, `${r.label}: ${fmtInt(v)}${prevLabel ? ` (${prevLabel}: ${fmtInt(p)})` : ''}`));
    g.appendChild(s('text', { x: labelW - 8, y: y + 15, 'text-anchor': 'end' }, short(r.label, Math.floor(labelW / 7))));
    g.appendChild(s('rect', { x: labelW, y: y + 4, width: Math.max(v > 0 ? 2 : 0, (v / peak) * barW), height: 14, rx: 2, fill: color }));
    if (prevLabel) g.appendChild(s('rect', { x: labelW, y: y + 20, width: Math.max(p > 0 ? 2 : 0, (p / peak) * barW), height: 5, rx: 1, fill: prevColor }));
    g.appendChild(s('text', { x: labelW + Math.max(2, (v / peak) * barW) + 6, y: y + 15 }, fmtInt(v)));
    svg.appendChild(g);
  });
  return svg;
}

// A donut of shares: rows [{label, value}]. Returns an <svg> with a legend.
export function donut(rows, { title, width = 320 } = {}) {
  const palette = ['#124e86', '#b3261e', '#c9a227', '#1d6b3a', '#6a3d9a', '#e07b00', '#5b6576', '#2a9d8f'];
  const total = rows.reduce((a, r) => a + (Number(r.value) || 0), 0);
  const legendH = rows.length * 20;
  const height = Math.max(140, legendH + 10);
  const svg = s('svg', { class: 'chart donut', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title || '' });
  if (title) svg.appendChild(s('title', null, title));
  const cx = 65, cy = 70, r = 55, w = 22;
  let a0 = -Math.PI / 2;
  if (total === 0) svg.appendChild(s('circle', { cx, cy, r: r - w / 2, fill: 'none', stroke: '#e8ecf2', 'stroke-width': w }));
  rows.forEach((row, i) => {
    const v = Number(row.value) || 0;
    if (!total || !v) return;
    const a1 = a0 + (v / total) * Math.PI * 2;
    const rr = r - w / 2;
    const large = a1 - a0 > Math.PI ? 1 : 0;
    const d = v === total
      ? `M ${cx} ${cy - rr} A ${rr} ${rr} 0 1 1 ${cx - 0.01} ${cy - rr}`
      : `M ${cx + rr * Math.cos(a0)} ${cy + rr * Math.sin(a0)} A ${rr} ${rr} 0 ${large} 1 ${cx + rr * Math.cos(a1)} ${cy + rr * Math.sin(a1)}`;
    svg.appendChild(s('path', { d, fill: 'none', stroke: palette[i % palette.length], 'stroke-width': w }, s('title', null, `${row.label}: ${fmtInt(v)}`)));
    a0 = a1;
  });
  rows.forEach((row, i) => {
    const y = 10 + i * 20;
    svg.appendChild(s('rect', { x: 140, y, width: 12, height: 12, fill: palette[i % palette.length] }));
    svg.appendChild(s('text', { x: 158, y: y + 11 }, `${short(row.label, 20)}: ${fmtInt(row.value)}`));
  });
  return svg;
}
