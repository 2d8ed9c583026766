// xlsx.mjs: reads the cells of an XLSX file (a zip of XML parts) with
// Node's zlib alone, so that the browser test can check a downloaded
// report's figures without another package.
import zlib from 'node:zlib';

// name -> Buffer of every entry of a zip file (stored or deflated).
export function unzip(buf) {
  const out = new Map();
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i -= 1) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip file: no end of central directory');
  const n = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let k = 0; k < n; k += 1) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('zip: bad central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const lNameLen = buf.readUInt16LE(local + 26);
    const lExtraLen = buf.readUInt16LE(local + 28);
    const data = buf.subarray(local + 30 + lNameLen + lExtraLen, local + 30 + lNameLen + lExtraLen + csize);
    out.set(name, method === 0 ? Buffer.from(data) : zlib.inflateRawSync(data));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

const unxml = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

// {sheetName: [[cell, ...], ...]} with numbers as numbers, strings as strings.
export function readXlsx(buf) {
  const z = unzip(buf);
  const text = (n) => (z.has(n) ? z.get(n).toString('utf8') : '');
  const shared = [...text('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)]
    .map((m) => unxml([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((x) => x[1]).join('')));
  const wb = text('xl/workbook.xml');
  const rels = text('xl/_rels/workbook.xml.rels');
  const sheets = {};
  for (const m of wb.matchAll(/<sheet [^>]*name="([^"]*)"[^>]*r:id="([^"]*)"/g)) {
    const target = new RegExp(`Id="${m[2]}"[^>]*Target="([^"]*)"`).exec(rels) || new RegExp(`Target="([^"]*)"[^>]*Id="${m[2]}"`).exec(rels);
    const path = 'xl/' + target[1].replace(/^\/?xl\//, '');
    const rows = [];
    for (const r of text(path).matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)) {
      const row = [];
      for (const c of r[1].matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const col = [...c[1]].reduce((a, ch) => a * 26 + ch.charCodeAt(0) - 64, 0) - 1;
        const type = /t="(\w+)"/.exec(c[2] || '');
        const v = /<v>([\s\S]*?)<\/v>/.exec(c[3] || '');
        const is = /<t[^>]*>([\s\S]*?)<\/t>/.exec(c[3] || '');
        let val = null;
        if (type && type[1] === 's' && v) val = shared[Number(v[1])];
        else if (type && type[1] === 'inlineStr' && is) val = unxml(is[1]);
        else if (type && type[1] === 'str' && v) val = unxml(v[1]);
        else if (v) val = Number(v[1]);
        row[col] = val;
      }
      rows.push(row);
    }
    sheets[unxml(m[1])] = rows;
  }
  return sheets;
}
