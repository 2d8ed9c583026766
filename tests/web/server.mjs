// server.mjs: serves web/ for the browser test while `canhgac serve` does
// not serve the UI itself, mapping paths as src/web/web.h documents (/ and
// the app's routes to index.html, /api never to a file). With --api URL,
// /api/* and /healthz are forwarded to that server (the real API); without
// it they answer 404 JSON, as a server without those endpoints would.
//
// usage: node server.mjs --root web --port 0 [--api http://127.0.0.1:8080]
// Prints "listening on PORT" once ready.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const args = Object.fromEntries(process.argv.slice(2).reduce((a, v, i, all) => {
  if (v.startsWith('--')) a.push([v.slice(2), all[i + 1]]);
  return a;
}, []));
const root = path.resolve(args.root || 'web');
const upstream = args.api ? new URL(args.api) : null;

const types = {
  html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8', svg: 'image/svg+xml; charset=utf-8', png: 'image/png',
  ico: 'image/x-icon', woff2: 'font/woff2', txt: 'text/plain; charset=utf-8',
};

function resolveAsset(urlPath) {
  if (urlPath.split('/').some((s) => s === '.' || s === '..')) return null;
  let p = urlPath === '/' ? '/index.html' : urlPath;
  const file = path.join(root, p);
  if (fs.existsSync(file) && fs.statSync(file).isFile()) return file;
  const last = p.split('/').pop();
  if (last.includes('.')) return null;
  return path.join(root, 'index.html');
}

function proxy(req, res) {
  const r = http.request({
    host: upstream.hostname, port: upstream.port, method: req.method, path: req.url,
    headers: { ...req.headers, host: upstream.host },
  }, (up) => {
    res.writeHead(up.statusCode, up.headers);
    up.pipe(res);
  });
  r.on('error', () => {
    res.writeHead(502, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'upstream', message: 'the API server did not answer' } }));
  });
  req.pipe(r);
}

const server = http.createServer((req, res) => {
  const u = new URL(req.url, 'http://x');
  const isApi = u.pathname === '/api' || u.pathname.startsWith('/api/') || u.pathname === '/healthz';
  if (isApi) {
    if (upstream) return proxy(req, res);
    res.writeHead(404, { 'Content-Type': 'application/json' });
    return res.end(JSON.stringify({ error: { code: 'no_route', message: `no route for ${u.pathname}` } }));
  }
  const file = resolveAsset(decodeURIComponent(u.pathname));
  if (!file) {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    return res.end('not found');
  }
  const ext = path.extname(file).slice(1).toLowerCase();
  res.writeHead(200, { 'Content-Type': types[ext] || 'application/octet-stream', 'Cache-Control': 'no-cache' });
  fs.createReadStream(file).pipe(res);
});
server.listen(Number(args.port || 0), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
