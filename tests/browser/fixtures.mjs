#!/usr/bin/env node
// The Nu HTML checker and axe-core (light and dark) over several built sites at once:
// every fixture site of tests/fixtures/, not only the bundled guide.
//
//   node tests/browser/fixtures.mjs <site-dir>...
//
// One vnu.jar process over every .html file of every site, one headless Chromium (the system
// /usr/bin/chromium driven by playwright-core) for axe-core, each site served on 127.0.0.1.
// Also checks that no page scrolls sideways at 360 px. Exit status 1 if anything failed.
// Run by tests/fixtures_browser.rs (`cargo test`).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.QUIRE_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const VNU_JAR = path.join(HERE, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
const AXE_JS = require.resolve('axe-core/axe.min.js');
const WORKERS = 3;

const sites = process.argv.slice(2).map((d) => path.resolve(d));
if (sites.length === 0) {
  console.error('usage: node tests/browser/fixtures.mjs <site-dir>...');
  process.exit(2);
}

/** All .html files under `root`, as site-relative POSIX paths. */
function htmlFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, ent.name);
      if (ent.isDirectory()) walk(full);
      else if (ent.name.endsWith('.html')) out.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

const oneLine = (s, max = 300) => {
  const t = String(s).replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
};

const MIME = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.gif': 'image/gif', '.xml': 'application/xml',
};

/**
 * The path a site is hosted under: a site with a `base_url` writes its 404 page with
 * absolute asset paths (`/docs/assets/quire.css`), so it is served where it will live.
 */
function hostedPrefix(root) {
  const notFound = path.join(root, '404.html');
  const html = fs.existsSync(notFound) ? fs.readFileSync(notFound, 'utf8') : '';
  const m = html.match(/href="(\/[^"]*?)assets\/quire\.css"/);
  return m ? m[1] : '/';
}

/** A static file server for `root` on 127.0.0.1, under `prefix`. */
function serve(root, prefix) {
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!pathname.startsWith(prefix)) {
      res.writeHead(404).end('not found');
      return;
    }
    let file = path.join(root, pathname.slice(prefix.length));
    if (file.endsWith(path.sep)) file = path.join(file, 'index.html');
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': MIME[path.extname(file)] || 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function runVnu(files) {
  return new Promise((resolve) => {
    const child = spawn('java', ['-jar', VNU_JAR, '--errors-only', '--format', 'json', ...files]);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (e) => resolve({ error: e.message }));
    child.on('close', (code) => resolve({ code, out }));
  });
}

const failures = [];
const fail = (msg) => failures.push(msg);

async function checkVnu() {
  const files = sites.flatMap((s) => htmlFiles(s).map((p) => path.join(s, p)));
  const r = await runVnu(files);
  if (r.error) return fail(`could not run vnu.jar: ${r.error}`);
  let json;
  try {
    json = JSON.parse(r.out.trim());
  } catch {
    return fail(`vnu exited ${r.code} without JSON: ${oneLine(r.out, 1000)}`);
  }
  for (const m of json.messages || []) {
    if (m.type !== 'error' && m.type !== 'non-document-error') continue;
    const where = m.url ? fileURLToPath(m.url) : '?';
    fail(`vnu: ${where}:${m.lastLine ?? '?'}: ${m.message} [${oneLine(m.extract || '', 120)}]`);
  }
  console.log(`vnu: ${files.length} HTML files in ${sites.length} sites`);
}

async function checkPages(browser) {
  const jobs = [];
  const servers = [];
  for (const site of sites) {
    const prefix = hostedPrefix(site);
    const server = await serve(site, prefix);
    servers.push(server);
    const origin = `http://127.0.0.1:${server.address().port}${prefix}`;
    for (const p of htmlFiles(site)) {
      for (const scheme of ['light', 'dark']) jobs.push({ site, url: origin + p, scheme });
    }
  }
  let done = 0;
  const worker = async () => {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 800 } });
    await ctx.addInitScript({ path: AXE_JS });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => fail(`${page.url()}: script error: ${e.message}`));
    for (let job = jobs.shift(); job; job = jobs.shift()) {
      const name = `${path.basename(job.site)}/${job.url.replace(/^http:\/\/[^/]+/, '')} [${job.scheme}]`;
      await page.emulateMedia({ colorScheme: job.scheme });
      const response = await page.goto(job.url, { waitUntil: 'load' });
      if (!response || !response.ok()) fail(`${name}: HTTP ${response && response.status()}`);
      const result = await page.evaluate(async (tags) => {
        const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
        return {
          scroll: document.documentElement.scrollWidth,
          violations: r.violations.map((v) => `${v.id} (${v.impact}) ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`),
        };
      }, AXE_TAGS);
      for (const v of result.violations) fail(`axe: ${name}: ${v}`);
      if (result.scroll > 361) fail(`${name}: scrolls sideways at 360 px (document is ${result.scroll} px wide)`);
      done++;
    }
    await ctx.close();
  };
  const total = jobs.length;
  await Promise.all(Array.from({ length: WORKERS }, worker));
  servers.forEach((s) => s.close());
  if (done !== total) fail(`axe ran on ${done} of ${total} page/scheme pairs`);
  console.log(`axe: ${done} runs (light and dark, 360 px), tags ${AXE_TAGS.join(',')}`);
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  await Promise.all([checkVnu(), checkPages(browser)]);
} finally {
  await browser.close();
}
for (const f of failures.slice(0, 200)) console.log(`FAIL ${f}`);
if (failures.length > 200) console.log(`… and ${failures.length - 200} more`);
console.log(failures.length === 0 ? 'PASS fixture sites' : `FAIL ${failures.length} findings`);
process.exit(failures.length === 0 ? 0 : 1);
