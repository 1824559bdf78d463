#!/usr/bin/env node
// Browser checks for a site built by quire.
//
//   node tests/browser/run.mjs <site-dir> [<subpath-site-dir> [<linenos-site-dir>]]
//
// <site-dir> is a site built with the default settings; <subpath-site-dir>
// (optional) is the same site built with `--base-url https://example.test/guide/`
// and is served under /guide/ for the sub-path check; <linenos-site-dir>
// (optional) is the guide built with `linenos` on its first ```python fence,
// for checking that line numbers stay out of copied code.
//
// One process, one headless Chromium (the system /usr/bin/chromium driven by
// playwright-core: no browser is ever downloaded), one local static server per
// site on 127.0.0.1. Every check prints PASS/FAIL with its findings; the exit
// status is 1 if any check failed. Run by tests/browser.rs (`cargo test`).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const MARKDOWN = path.join(REPO, 'content', 'python-interview-guide.md');
const require = createRequire(import.meta.url);

const CHROMIUM = process.env.QUIRE_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const TOTAL_TIMEOUT_MS = Number(process.env.QUIRE_BROWSER_TIMEOUT_MS || 300_000);
const NAV_TIMEOUT_MS = 20_000;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const MOBILE_WIDTH = 360;
const SUBPATH = '/guide/';
const MAX_LINES_PER_CHECK = 80;
// Pages are checked by this many browser contexts at once (one page each).
const WORKERS = Math.max(1, Number(process.env.QUIRE_BROWSER_WORKERS) || Math.min(4, os.availableParallelism?.() ?? os.cpus().length));

// ---------------------------------------------------------------- arguments

const [siteArg, subArg, linenosArg] = process.argv.slice(2);
if (!siteArg || process.argv.length > 5) {
  console.error('usage: node tests/browser/run.mjs <site-dir> [<subpath-site-dir> [<linenos-site-dir>]]');
  process.exit(2);
}
const SITE = path.resolve(siteArg);
const SUB = subArg ? path.resolve(subArg) : null;
const LINENOS = linenosArg ? path.resolve(linenosArg) : null;
for (const dir of [SITE, SUB, LINENOS].filter(Boolean)) {
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    console.error(`error: ${dir} has no index.html (is it a built quire site?)`);
    process.exit(2);
  }
}

// ---------------------------------------------------------------- utilities

/** All .html files under `root`, as site-relative POSIX paths, index.html first. */
function htmlFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, ent.name);
      if (ent.isDirectory()) walk(full);
      else if (ent.isFile() && ent.name.endsWith('.html')) {
        out.push(path.relative(root, full).split(path.sep).join('/'));
      }
    }
  };
  walk(root);
  out.sort((a, b) => (a === 'index.html' ? -1 : b === 'index.html' ? 1 : a.localeCompare(b)));
  return out;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const oneLine = (s, max = 300) => {
  const t = String(s).replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
};

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

/**
 * A static file server on 127.0.0.1 (port 0) serving `root` under `prefix`
 * (nothing is served outside the prefix). Directory URLs serve index.html.
 */
function startServer(root, prefix = '/', { notFoundPage = false } = {}) {
  const server = http.createServer((req, res) => {
    const send = (status, body, headers = {}) => {
      res.writeHead(status, { 'cache-control': 'no-store', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      return send(400, 'bad request');
    }
    if (pathname === prefix.replace(/\/$/, '') && prefix !== '/') {
      return send(301, '', { location: prefix });
    }
    if (!pathname.startsWith(prefix)) return send(404, 'not found', { 'content-type': 'text/plain' });
    // Like a static host: a missing file under the prefix gets the site's 404.html.
    const notFound = () =>
      notFoundPage && fs.existsSync(path.join(root, '404.html'))
        ? send(404, fs.readFileSync(path.join(root, '404.html')), { 'content-type': MIME['.html'] })
        : send(404, 'not found', { 'content-type': 'text/plain' });
    let file = path.join(root, pathname.slice(prefix.length));
    if (file !== root && !file.startsWith(root + path.sep)) return notFound();
    let st;
    try {
      st = fs.statSync(file);
    } catch {
      return notFound();
    }
    if (st.isDirectory()) {
      if (!pathname.endsWith('/')) return send(301, '', { location: `${pathname}/` });
      file = path.join(file, 'index.html');
      if (!fs.existsSync(file)) return notFound();
    }
    const type = MIME[path.extname(file).toLowerCase()] || 'application/octet-stream';
    send(200, fs.readFileSync(file), { 'content-type': type });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ server, origin: `http://127.0.0.1:${port}`, base: `http://127.0.0.1:${port}${prefix}` });
    });
  });
}

/** Is `url` something a page may load: the given local origin, file:, or inline data. */
function isLocalUrl(url, origin) {
  if (url.startsWith('file://')) return true;
  if (url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('about:')) return true;
  return origin != null && (url === origin || url.startsWith(`${origin}/`));
}

// ---------------------------------------------------------------- runner

const results = [];

// QUIRE_CHECKS=2,9 runs only those checks (for working on one; "6" also selects "6b").
const ONLY = (process.env.QUIRE_CHECKS || '').split(/[\s,]+/).filter(Boolean);
const selected = (name) => {
  const id = name.split(' ')[0];
  return ONLY.length === 0 || ONLY.includes(id) || ONLY.includes(id.replace(/\D.*$/, ''));
};

/** Run one named check; `fn(fail, note)` reports findings through `fail`. */
async function check(name, fn) {
  if (!selected(name)) return skip(name, 'not selected by QUIRE_CHECKS');
  const failures = [];
  const notes = [];
  const started = Date.now();
  try {
    await fn((msg) => failures.push(msg), (msg) => notes.push(msg));
  } catch (err) {
    failures.push(`check crashed: ${err && err.stack ? err.stack : err}`);
  }
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  const ok = failures.length === 0;
  results.push({ name, ok });
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${name} (${secs}s)`);
  for (const n of notes) console.log(`      · ${n}`);
  for (const f of failures.slice(0, MAX_LINES_PER_CHECK)) console.log(`      - ${f}`);
  if (failures.length > MAX_LINES_PER_CHECK) {
    console.log(`      … and ${failures.length - MAX_LINES_PER_CHECK} more`);
  }
}

function skip(name, why) {
  results.push({ name, ok: true, skipped: true });
  console.log(`SKIP  ${name}: ${why}`);
}

let browser = null;
const servers = [];

const watchdog = setTimeout(async () => {
  console.log(`FAIL  runner: did not finish within ${TOTAL_TIMEOUT_MS / 1000}s (hung page or browser?)`);
  process.exitCode = 1;
  try {
    await Promise.race([browser?.close(), sleep(3000)]);
  } finally {
    process.exit(1);
  }
}, TOTAL_TIMEOUT_MS);

// ---------------------------------------------------------------- browser helpers

/**
 * A new browser context that records every request, response >= 400, failed
 * request and uncaught page error. Requests to anything but `origin` and
 * file:/data: are recorded and aborted so a test never waits on the network.
 */
async function recordingContext(origin, options = {}) {
  const ctx = await browser.newContext({ bypassCSP: true, ...options });
  const log = { label: '', foreign: [], bad: [], failed: [], errors: [], inflight: 0, lastActivity: Date.now() };
  const touch = () => {
    log.lastActivity = Date.now();
  };
  await ctx.route(
    (url) => !isLocalUrl(url.href, origin),
    (route) => route.abort('blockedbyclient'),
  );
  const labelOf = new WeakMap();
  ctx.on('request', (req) => {
    log.inflight++;
    touch();
    labelOf.set(req, log.label);
    if (!isLocalUrl(req.url(), origin)) log.foreign.push(`${log.label}: ${req.url()}`);
  });
  const badStatus = new WeakSet();
  ctx.on('response', (res) => {
    if (res.status() >= 400) {
      badStatus.add(res.request());
      log.bad.push(`${log.label}: HTTP ${res.status()} ${res.url()}`);
    }
  });
  ctx.on('requestfinished', () => {
    log.inflight--;
    touch();
  });
  ctx.on('requestfailed', (req) => {
    log.inflight--;
    touch();
    // A 4xx/5xx response that Chromium then cancelled is already reported above.
    if (!isLocalUrl(req.url(), origin) || badStatus.has(req)) return;
    const error = req.failure()?.errorText || 'failed';
    // net::ERR_ABORTED without an error status is a cancellation (Chromium
    // drops and re-issues favicon loads; navigating on cancels late requests),
    // not a missing file: those answer 4xx (reported above) or ERR_FILE_NOT_FOUND.
    if (error === 'net::ERR_ABORTED') return;
    log.failed.push(`${labelOf.get(req) ?? log.label}: ${error} ${req.url()}`);
  });
  ctx.on('page', (page) => attachPage(page, log));
  ctx.log = log;
  return ctx;
}

/** Uncaught errors from every page of every check (loading, clicking, typing). */
const PAGE_ERRORS = new Set();

function attachPage(page, log) {
  page.setDefaultTimeout(NAV_TIMEOUT_MS);
  page.on('pageerror', (err) => {
    const msg = `${log.label || page.url()}: ${oneLine(err.message || err)}`;
    log.errors.push(msg);
    PAGE_ERRORS.add(msg);
  });
}

/** Navigate and wait until the page is loaded and the network has been quiet for a moment. */
async function load(page, url, log) {
  if (log) log.label = url;
  const res = await page.goto(url, { waitUntil: 'load', timeout: NAV_TIMEOUT_MS });
  if (log) {
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline && (log.inflight > 0 || Date.now() - log.lastActivity < 150)) {
      await sleep(30);
    }
  }
  return res;
}

/**
 * Runs `fn(item, page, ctx)` for every item on WORKERS recording contexts made
 * by `makeCtx` (each with one page). Returns { findings, logs }: `findings[i]`
 * holds what `fn` returned for item i (an array of messages; a thrown error
 * becomes one message), so reports come out in item order.
 */
async function overPages(items, makeCtx, fn) {
  const queue = items.map((item, i) => ({ item, i }));
  const findings = items.map(() => []);
  const logs = [];
  const worker = async () => {
    const ctx = await makeCtx();
    logs.push(ctx.log);
    const page = await ctx.newPage();
    try {
      while (queue.length) {
        const { item, i } = queue.shift();
        try {
          findings[i] = (await fn(item, page, ctx)) || [];
        } catch (err) {
          findings[i] = [`${item}: ${oneLine(err && err.message ? err.message : err, 500)}`];
        }
      }
    } finally {
      await ctx.close();
    }
  };
  await Promise.all(Array.from({ length: Math.min(WORKERS, items.length) }, worker));
  return { findings: findings.flat(), logs };
}

/** Short description of the focused / given element, for messages. */
const DESCRIBE_FN = `(el) => {
  if (!el) return 'null';
  if (el === document.body) return 'body';
  let s = el.tagName.toLowerCase();
  if (el.id) s += '#' + el.id;
  if (el.classList && el.classList.length) s += '.' + [...el.classList].join('.');
  const href = el.getAttribute && el.getAttribute('href');
  if (href) s += '[href="' + href + '"]';
  const text = (el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 40);
  if (text) s += ' "' + text + '"';
  return s;
}`;

// ---------------------------------------------------------------- markdown

/**
 * The first ```python fenced block after the `## ` heading whose text (or
 * slug) matches `title`/`slug`. Returns { heading, code } or null.
 */
function firstPythonBlockOfChapter(markdown, title, slug) {
  const lines = markdown.split(/\r?\n/);
  const norm = (s) => s.replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
  const slugify = (s) => norm(s).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  let fence = null;
  let start = -1;
  let heading = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (m && m[1][0] === fence[0] && m[1].length >= fence.length && line.trim() === m[1]) fence = null;
      continue;
    }
    if (m) {
      fence = m[1];
      continue;
    }
    const h = /^## +(.*?)\s*#*\s*$/.exec(line);
    if (h && (norm(h[1]) === norm(title) || slugify(h[1]) === slug)) {
      start = i + 1;
      heading = h[1];
      break;
    }
  }
  if (start < 0) return null;
  fence = null;
  let code = null;
  for (let i = start; i < lines.length; i++) {
    const m = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[i]);
    if (!fence) {
      if (m) {
        fence = m[1];
        if (m[2].toLowerCase() === 'python') code = [];
      }
    } else if (m && m[1][0] === fence[0] && m[1].length >= fence.length && lines[i].trim() === m[1]) {
      if (code) return { heading, code: code.join('\n') };
      fence = null;
    } else if (code) {
      code.push(lines[i]);
    }
  }
  return null;
}

// ---------------------------------------------------------------- checks

const PAGES = htmlFiles(SITE);
const VNU_JAR = path.join(HERE, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
const AXE_JS = require.resolve('axe-core/axe.min.js');

/** 1. Nu HTML checker over every .html file (started early, runs beside the browser). */
function runVnu() {
  return new Promise((resolve) => {
    const files = PAGES.map((p) => path.join(SITE, p));
    const child = spawn('java', ['-jar', VNU_JAR, '--errors-only', '--format', 'json', ...files], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', (e) => resolve({ spawnError: e }));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

async function checkVnu(vnuPromise, fail, note) {
  const r = await vnuPromise;
  if (r.spawnError) return fail(`could not run java -jar ${VNU_JAR}: ${r.spawnError.message}`);
  const text = (r.err.trim() || r.out.trim());
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    return fail(`vnu exited ${r.code} without JSON output: ${oneLine(r.out + r.err, 2000)}`);
  }
  note(`checked ${PAGES.length} HTML files with vnu.jar`);
  // The same template error repeats on every page: one line per message, with every file:line.
  const groups = new Map();
  for (const m of json.messages || []) {
    if (m.type !== 'error' && m.type !== 'non-document-error') continue;
    let where = m.url || '?';
    try {
      where = path.relative(SITE, fileURLToPath(m.url));
    } catch {
      /* keep the URL */
    }
    const key = `${m.message}${m.extract ? `  [${oneLine(m.extract, 120)}]` : ''}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(`${where}:${m.lastLine ?? m.firstLine ?? '?'}`);
  }
  for (const [message, places] of groups) {
    fail(`${message}\n          at ${places.join(', ')}`);
  }
  if (r.code !== 0 && (json.messages || []).length === 0) fail(`vnu exited ${r.code}: ${oneLine(r.out + r.err)}`);
}

/** 2. Loading every page over HTTP and from file://: no foreign hosts, no missing assets, no JS errors. */
async function checkRequests(site, fail, note) {
  const overHttp = await overPages(PAGES, () => recordingContext(site.origin), async (p, page, ctx) => {
    await load(page, site.base + p, ctx.log);
  });
  const fromDisk = await overPages(PAGES, () => recordingContext(null), async (p, page, ctx) => {
    await load(page, pathToFileURL(path.join(SITE, p)).href, ctx.log);
  });
  note(`loaded ${PAGES.length} pages over ${site.base} and from file://`);
  for (const log of [...overHttp.logs, ...fromDisk.logs]) {
    for (const f of log.foreign) fail(`request to another host: ${f}`);
    for (const f of log.bad) fail(`failed asset: ${f}`);
    for (const f of log.failed) fail(`failed request: ${f}`);
  }
  [...overHttp.findings, ...fromDisk.findings].forEach(fail);
}

/** 3. axe-core on every page in light and dark. */
async function checkAxe(site, fail, note) {
  let runsDone = 0;
  const runs = PAGES.flatMap((p) => [`${p} light`, `${p} dark`]);
  const desktop = async () => {
    const ctx = await recordingContext(site.origin, { viewport: { width: 1280, height: 800 } });
    // Injected into every page before its own scripts: cheaper than addScriptTag per page.
    await ctx.addInitScript({ path: AXE_JS });
    return ctx;
  };
  const { findings } = await overPages(runs, desktop, async (run, page, ctx) => {
    const p = run.slice(0, run.lastIndexOf(' '));
    const scheme = run.slice(run.lastIndexOf(' ') + 1);
    await page.emulateMedia({ colorScheme: scheme });
    await load(page, site.base + p, ctx.log);
    const violations = await page.evaluate(async (tags) => {
      const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary || '' })),
      }));
    }, AXE_TAGS);
    runsDone++;
    const out = [];
    for (const v of violations) {
      const shown = v.nodes.slice(0, 5);
      for (const n of shown) {
        out.push(`${p} [${scheme}] ${v.id} (${v.impact}) ${v.help} — ${n.target}: ${oneLine(n.summary, 220)}`);
      }
      if (v.nodes.length > shown.length) {
        out.push(`${p} [${scheme}] ${v.id}: … and ${v.nodes.length - shown.length} more elements`);
      }
    }
    return out;
  });
  findings.forEach(fail);
  if (runsDone !== runs.length) fail(`axe ran on ${runsDone} of ${runs.length} page/scheme pairs`);
  note(`${runsDone} axe runs (${PAGES.length} pages × light/dark, ${WORKERS} at a time), tags ${AXE_TAGS.join(',')}`);
}

/** 4. No horizontal page scroll at 360 px wide. */
async function checkMobile(site, fail) {
  const mobile = () => recordingContext(site.origin, { viewport: { width: MOBILE_WIDTH, height: 800 } });
  const { findings } = await overPages(PAGES, mobile, async (p, page, ctx) => {
    await load(page, site.base + p, ctx.log);
    const r = await page.evaluate((limit) => {
      const sw = document.documentElement.scrollWidth;
      const offenders = [];
      if (sw > limit) {
        const clipped = (el) => {
          for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
            const ox = getComputedStyle(a).overflowX;
            if (ox !== 'visible') return true;
          }
          return false;
        };
        for (const el of document.body.querySelectorAll('*')) {
          const rect = el.getBoundingClientRect();
          if (rect.right > limit + 0.5 && rect.width > 0 && !clipped(el)) {
            let s = el.tagName.toLowerCase();
            if (el.id) s += `#${el.id}`;
            if (el.classList.length) s += `.${[...el.classList].join('.')}`;
            offenders.push(`${s} (right edge ${Math.round(rect.right)}px, width ${Math.round(rect.width)}px)`);
            if (offenders.length >= 5) break;
          }
        }
      }
      return { sw, offenders };
    }, MOBILE_WIDTH);
    if (r.sw > MOBILE_WIDTH) {
      return [`${p}: document scrollWidth ${r.sw}px > ${MOBILE_WIDTH}px; widest: ${r.offenders.join('; ') || '?'}`];
    }
    return [];
  });
  findings.forEach(fail);
}

/** Pick the first chapter page: the first sidebar link of index.html to a page that is not a special page. */
async function firstChapter(site) {
  const ctx = await recordingContext(site.origin);
  const page = await ctx.newPage();
  await load(page, site.base + 'index.html');
  const hrefs = await page.$$eval('nav.sidebar a[href]', (as) => as.map((a) => a.getAttribute('href')));
  await ctx.close();
  const special = new Set(['index.html', 'questions.html', 'examples.html', '404.html', '']);
  for (const h of hrefs) {
    const file = h.split('#')[0].split('?')[0].replace(/^\.\//, '');
    if (special.has(file) || /^[a-z]+:|^\//i.test(file) || !file.endsWith('.html')) continue;
    if (PAGES.includes(file)) return file;
  }
  return null;
}

/** 5. Keyboard: skip link, focus never stuck, visible focus indicator. */
async function checkKeyboard(site, chapter, fail, note) {
  const ctx = await recordingContext(site.origin, { viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  const url = site.base + chapter;
  await load(page, url, ctx.log);

  await page.keyboard.press('Tab');
  const first = await page.evaluate(`(() => {
    const describe = ${DESCRIBE_FN};
    const el = document.activeElement;
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    let opacity = 1;
    for (let a = el; a; a = a.parentElement) opacity *= Number(getComputedStyle(a).opacity);
    const cx = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
    const cy = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
    const hit = document.elementFromPoint(cx, cy);
    return {
      desc: describe(el),
      isSkip: el.matches('a.skip-link'),
      href: el.getAttribute('href'),
      rect: { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height },
      visibility: cs.visibility, opacity,
      hitOk: !!hit && (hit === el || el.contains(hit)),
      hitDesc: describe(hit),
      vw: innerWidth, vh: innerHeight,
    };
  })()`);
  if (!first.isSkip) fail(`first Tab focused ${first.desc}, expected a.skip-link`);
  else {
    if (first.href !== '#main') fail(`skip link href is ${JSON.stringify(first.href)}, expected "#main"`);
    const r = first.rect;
    const inView = r.width >= 1 && r.height >= 1 && r.left >= 0 && r.top >= 0 && r.right <= first.vw && r.bottom <= first.vh;
    if (!inView) fail(`focused skip link is not on screen: rect ${JSON.stringify(r)}`);
    if (first.visibility !== 'visible' || first.opacity < 0.5) {
      fail(`focused skip link is not visible (visibility ${first.visibility}, opacity ${first.opacity})`);
    }
    if (inView && !first.hitOk) fail(`focused skip link is covered by ${first.hitDesc}`);

    await page.keyboard.press('Enter');
    // Allow smooth scrolling to settle: three equal readings in a row.
    let state = null;
    let stable = 0;
    for (let i = 0; i < 60; i++) {
      await sleep(50);
      const s = await page.evaluate(`(() => {
        const main = document.querySelector('main#main');
        const a = document.activeElement;
        return {
          hasMain: !!main, hash: location.hash, y: scrollY,
          mainTop: main ? main.getBoundingClientRect().top : null,
          focusInMain: !!main && (a === main || main.contains(a)),
          vh: innerHeight, maxY: document.documentElement.scrollHeight - innerHeight,
        };
      })()`);
      stable = state && state.y === s.y ? stable + 1 : 0;
      state = s;
      if (stable >= 2) break;
    }
    if (!state.hasMain) fail(`${chapter} has no <main id="main">`);
    else {
      if (state.hash !== '#main') fail(`Enter on the skip link did not navigate to #main (hash ${JSON.stringify(state.hash)})`);
      const atBottom = state.y >= state.maxY - 1;
      if (!(state.mainTop > -2 && state.mainTop < state.vh / 2) && !atBottom) {
        fail(`after the skip link, <main> is not scrolled into view (top at ${Math.round(state.mainTop)}px)`);
      }
      let focusOk = state.focusInMain;
      if (!focusOk) {
        await page.keyboard.press('Tab');
        focusOk = await page.evaluate(() => {
          const main = document.querySelector('main#main');
          return main.contains(document.activeElement);
        });
        if (!focusOk) {
          const d = await page.evaluate(`(${DESCRIBE_FN})(document.activeElement)`);
          fail(`after the skip link, focus is not in <main> and the next Tab went to ${d}`);
        }
      }
    }
  }

  // Fresh load, then 30 Tabs: focus must keep moving and always be visible.
  await load(page, url, ctx.log);
  await page.evaluate(() => {
    window.__quireIds = new WeakMap();
    window.__quireNext = 1;
  });
  const seen = new Map();
  let prev = null;
  let indicatorFailures = 0;
  for (let i = 1; i <= 30; i++) {
    await page.keyboard.press('Tab');
    const s = await page.evaluate(`(() => {
      const describe = ${DESCRIBE_FN};
      const el = document.activeElement;
      if (!el || el === document.body || el === document.documentElement) return { body: true };
      if (!window.__quireIds.has(el)) window.__quireIds.set(el, window.__quireNext++);
      const cs = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return {
        body: false, id: window.__quireIds.get(el), desc: describe(el),
        outlineStyle: cs.outlineStyle, outlineWidth: parseFloat(cs.outlineWidth) || 0,
        outlineColor: cs.outlineColor, boxShadow: cs.boxShadow,
        width: r.width, height: r.height,
      };
    })()`);
    if (s.body) {
      // Focus left the document (end of the tab order): the cycle restarts.
      seen.clear();
      prev = null;
      continue;
    }
    if (prev === s.id) {
      fail(`Tab #${i}: focus stuck on ${s.desc}`);
      break;
    }
    if (seen.has(s.id)) {
      fail(`Tab #${i}: focus went back to ${s.desc} (first focused at Tab #${seen.get(s.id)}) — focus trap`);
      break;
    }
    seen.set(s.id, i);
    prev = s.id;
    const transparent = /rgba\([^)]*,\s*0\)$|transparent/.test(s.outlineColor);
    const outline = s.outlineStyle !== 'none' && s.outlineWidth > 0 && !transparent;
    const shadow = s.boxShadow && s.boxShadow !== 'none';
    if (!outline && !shadow) {
      indicatorFailures++;
      fail(`Tab #${i}: ${s.desc} has no visible focus indicator (outline ${s.outlineStyle} ${s.outlineWidth}px ${s.outlineColor}, box-shadow ${s.boxShadow})`);
    }
    if (s.width < 1 || s.height < 1) fail(`Tab #${i}: focused ${s.desc} has no size (invisible)`);
  }
  note(`30 Tabs on ${chapter}: ${seen.size} distinct elements in the last cycle, ${indicatorFailures} without indicator`);
  await ctx.close();
}

/** 6. Copy button copies the exact code of the chapter's first fenced block, no line numbers. */
async function checkCopy(site, chapter, fail, note, { expectLineNumbers = false } = {}) {
  const ctx = await recordingContext(site.origin, { viewport: { width: 1280, height: 800 } });
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
  const page = await ctx.newPage();
  await load(page, site.base + chapter, ctx.log);
  const title = await page.evaluate(() => {
    const h = document.querySelector('main h1') || document.querySelector('h1');
    if (!h) return null;
    const c = h.cloneNode(true);
    c.querySelectorAll('.anchor').forEach((a) => a.remove());
    return c.textContent.replace(/\s+/g, ' ').trim();
  });
  const slug = chapter.replace(/\.html$/, '');
  const md = fs.readFileSync(MARKDOWN, 'utf8');
  const block = firstPythonBlockOfChapter(md, title || '', slug);
  if (!block) return fail(`no "## ${title}" chapter (slug ${slug}) with a \`\`\`python block in ${path.relative(REPO, MARKDOWN)}`);
  note(`${chapter}: first block of "## ${block.heading}" (${block.code.split('\n').length} lines)`);

  const buttons = page.locator('button.copy-code');
  if ((await buttons.count()) === 0) return fail(`${chapter} has no button.copy-code`);
  const inFirstFigure = await page.evaluate(() => {
    const b = document.querySelector('button.copy-code');
    const fig = document.querySelector('figure.code-example');
    return !!fig && fig.contains(b);
  });
  if (!inFirstFigure) fail('the first button.copy-code is not inside the first figure.code-example');
  if (expectLineNumbers) {
    const shown = await page.evaluate(() => {
      const line = document.querySelector('figure.code-example pre.code .line');
      const c = line ? getComputedStyle(line, '::before').content : 'none';
      return { content: c, visible: !!line && c !== 'none' && c !== 'normal' && c !== '""' };
    });
    if (!shown.visible) fail(`the first block was built with linenos but shows no line numbers (.line::before content ${shown.content})`);
  }

  const copy = async (index) => {
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await buttons.nth(index).click();
    let text = '';
    for (let i = 0; i < 40 && !text; i++) {
      await sleep(50);
      text = await page.evaluate(() => navigator.clipboard.readText());
    }
    return text;
  };
  const firstDiff = (a, b) => {
    const la = a.split('\n');
    const lb = b.split('\n');
    for (let i = 0; i < Math.max(la.length, lb.length); i++) {
      if (la[i] !== lb[i]) return `line ${i + 1}: copied ${JSON.stringify(la[i])}, expected ${JSON.stringify(lb[i])}`;
    }
    return '';
  };
  const stripLineNumbers = (t) => t.split('\n').map((l) => l.replace(/^\s*\d+[ \t:|]?/, '')).join('\n');

  const copied = (await copy(0)).replace(/\n$/, '');
  if (!copied) fail('clicking the first copy button put nothing on the clipboard');
  else if (copied !== block.code) {
    if (stripLineNumbers(copied) === stripLineNumbers(block.code) || stripLineNumbers(copied) === block.code) {
      fail('copied text contains line numbers');
    }
    fail(`copied text differs from the Markdown block (${copied.length} vs ${block.code.length} chars); first difference at ${firstDiff(copied, block.code)}`);
  }

  // A block that shows line numbers: the copy must equal its lines' text, without the numbers.
  const numbered = await page.evaluate(() => {
    const figs = [...document.querySelectorAll('figure.code-example')];
    for (let i = 0; i < figs.length; i++) {
      const line = figs[i].querySelector('pre.code .line');
      if (!line) continue;
      const before = getComputedStyle(line, '::before').content;
      const pre = figs[i].querySelector('pre.code');
      const marked = /line-?num|linenos|numbered/i.test(pre.className) || pre.hasAttribute('data-line-numbers');
      if ((before && before !== 'none' && before !== 'normal' && before !== '""') || marked) {
        const btns = [...document.querySelectorAll('button.copy-code')];
        const button = figs[i].querySelector('button.copy-code');
        return {
          fig: figs[i].id || `#${i + 1}`,
          buttonIndex: btns.indexOf(button),
          lines: [...figs[i].querySelectorAll('pre.code .line')].map((l) => l.textContent),
        };
      }
    }
    return null;
  });
  if (!numbered) {
    note('no block on this page shows line numbers');
  } else if (numbered.buttonIndex < 0) {
    fail(`figure ${numbered.fig} shows line numbers but has no button.copy-code`);
  } else {
    const text = (await copy(numbered.buttonIndex)).replace(/\n$/, '');
    const expected = numbered.lines.join('\n').replace(/\n$/, '');
    note(`figure ${numbered.fig} shows line numbers; checked its copy`);
    if (/^\s*1\b/.test(text) && !/^\s*1\b/.test(expected)) fail(`copy of ${numbered.fig} starts with a line number`);
    else if (text !== expected) fail(`copy of ${numbered.fig} differs from its lines: ${firstDiff(text, expected)}`);
  }

  // A question's "Copy link" copies the address of that question (this page, its id).
  const links = page.locator('section.question button.copy-link');
  const n = await links.count();
  if (n === 0) {
    note('no question with a copy-link button on this page');
  } else {
    const i = Math.min(1, n - 1);
    const id = await links.nth(i).evaluate((b) => b.closest('section.question').id);
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await links.nth(i).click();
    let text = '';
    for (let k = 0; k < 40 && !text; k++) {
      await sleep(50);
      text = await page.evaluate(() => navigator.clipboard.readText());
    }
    const want = page.url().split('#')[0] + '#' + id;
    if (text !== want) fail(`"Copy link" of question ${i + 1} copied ${JSON.stringify(text)}, expected ${JSON.stringify(want)}`);
    else note(`"Copy link" of question ${i + 1} copied its address`);
  }
  await ctx.close();
}

/** 7. Theme toggle flips the effective scheme, changes the background, survives reload. */
async function checkTheme(site, chapter, fail, note) {
  const state = `(() => {
    const root = document.documentElement;
    const bgOf = (el) => getComputedStyle(el).backgroundColor;
    const transparent = (c) => c === 'transparent' || /rgba\\([^)]*,\\s*0\\)$/.test(c);
    let bg = bgOf(document.body);
    if (transparent(bg)) bg = bgOf(root);
    if (transparent(bg)) bg = 'canvas/' + getComputedStyle(root).colorScheme;
    return {
      theme: root.dataset.theme ?? null,
      effective: root.dataset.theme || (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'),
      bg,
      hasToggle: !!document.querySelector('button.theme-toggle'),
    };
  })()`;
  const settle = async (page, differentFrom) => {
    // Wait out CSS transitions: two equal readings in a row (and different from `differentFrom`).
    let last = await page.evaluate(state);
    for (let i = 0; i < 40; i++) {
      await sleep(60);
      const s = await page.evaluate(state);
      if (s.bg === last.bg && (differentFrom == null || s.bg !== differentFrom)) return s;
      last = s;
    }
    return last;
  };
  const natural = {};
  for (const scheme of ['light', 'dark']) {
    const ctx = await recordingContext(site.origin, { colorScheme: scheme });
    const page = await ctx.newPage();
    await load(page, site.base + chapter, ctx.log);
    const before = await settle(page);
    natural[scheme] = before.bg;
    if (!before.hasToggle) {
      fail(`${chapter} has no button.theme-toggle`);
      await ctx.close();
      return;
    }
    if (before.theme !== null) fail(`[${scheme}] data-theme="${before.theme}" is set before the user chose a theme`);
    if (before.effective !== scheme) fail(`[${scheme}] effective scheme is ${before.effective}`);
    const want = scheme === 'dark' ? 'light' : 'dark';
    await page.click('button.theme-toggle');
    const after = await settle(page, before.bg);
    if (after.theme !== want) fail(`[${scheme}] after clicking the toggle data-theme is ${JSON.stringify(after.theme)}, expected "${want}"`);
    if (after.bg === before.bg) fail(`[${scheme}] clicking the toggle did not change the page background (${after.bg})`);
    await page.reload({ waitUntil: 'load' });
    const reloaded = await settle(page);
    if (reloaded.theme !== want) fail(`[${scheme}] after reload data-theme is ${JSON.stringify(reloaded.theme)}, expected "${want}" (choice not persisted)`);
    if (reloaded.bg !== after.bg) fail(`[${scheme}] after reload the background is ${reloaded.bg}, expected ${after.bg}`);
    note(`[${scheme}] ${before.bg} → toggle ${want} → ${after.bg}, after reload ${reloaded.theme}`);
    await ctx.close();
  }
  if (natural.light === natural.dark) fail(`prefers-color-scheme light and dark give the same background (${natural.light})`);
}

/** 8. Links over file://: relative targets exist, fragments exist, no absolute-path URLs. */
async function checkLinks(fail, note) {
  const ctx = await recordingContext(null);
  const page = await ctx.newPage();
  const ids = new Map(); // rel page -> Set of ids
  const linksByPage = new Map();
  const queue = ['index.html'];
  const queued = new Set(queue);
  const enqueue = (rel) => {
    if (!queued.has(rel)) {
      queued.add(rel);
      queue.push(rel);
    }
  };
  const targetOf = (url) => {
    // Returns { rel, file } for a file: URL inside the site, resolving directories to index.html.
    const u = new URL(url);
    u.hash = '';
    u.search = '';
    let abs = fileURLToPath(u);
    if (abs !== SITE && !abs.startsWith(SITE + path.sep)) return { outside: true, abs };
    let st = null;
    try {
      st = fs.statSync(abs);
    } catch {
      return { missing: true, abs };
    }
    if (st.isDirectory()) {
      if (!u.pathname.endsWith('/')) return { dirNoSlash: true, abs };
      abs = path.join(abs, 'index.html');
      if (!fs.existsSync(abs)) return { missing: true, abs };
    }
    return { rel: path.relative(SITE, abs).split(path.sep).join('/'), abs };
  };

  let crawled = 0;
  const visit = async (rel) => {
    await load(page, pathToFileURL(path.join(SITE, rel)).href, ctx.log);
    crawled++;
    const data = await page.evaluate(() => ({
      ids: [...document.querySelectorAll('[id]')].map((e) => e.id).concat(
        [...document.querySelectorAll('a[name]')].map((a) => a.getAttribute('name')),
      ),
      links: [...document.querySelectorAll('a[href]')].map((a) => ({ raw: a.getAttribute('href'), abs: a.href })),
      resources: [...document.querySelectorAll('link[href], script[src], img[src], source[src], iframe[src], form[action]')]
        .map((e) => ({ tag: e.tagName.toLowerCase(), raw: e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('action') })),
    }));
    ids.set(rel, new Set(data.ids));
    linksByPage.set(rel, data);
    for (const l of data.links) {
      if (!l.abs.startsWith('file:')) continue;
      const t = targetOf(l.abs);
      if (t.rel && t.rel.endsWith('.html')) enqueue(t.rel);
    }
  };
  while (queue.length) await visit(queue.shift());
  const unreachable = PAGES.filter((p) => !ids.has(p));
  for (const p of unreachable) await visit(p); // check their links too
  note(`crawled ${crawled} pages from index.html${unreachable.length ? `; not linked from the crawl: ${unreachable.join(', ')}` : ''}`);

  let checked = 0;
  for (const [rel, data] of linksByPage) {
    for (const r of data.resources) {
      if (r.raw && /^\/(?!\/)/.test(r.raw.trim())) fail(`${rel}: <${r.tag}> uses absolute-path URL ${JSON.stringify(r.raw)} (breaks from disk)`);
      if (r.raw && /^\/\//.test(r.raw.trim())) fail(`${rel}: <${r.tag}> uses protocol-relative URL ${JSON.stringify(r.raw)}`);
    }
    for (const l of data.links) {
      checked++;
      const raw = l.raw.trim();
      if (/^\/\//.test(raw)) {
        fail(`${rel}: protocol-relative link ${JSON.stringify(raw)} (breaks from disk)`);
        continue;
      }
      if (raw.startsWith('/')) {
        fail(`${rel}: absolute-path link ${JSON.stringify(raw)} (breaks from disk)`);
        continue;
      }
      if (/^file:/i.test(raw)) {
        fail(`${rel}: link to a local file path ${JSON.stringify(raw)}`);
        continue;
      }
      if (/^[a-z][a-z0-9+.-]*:/i.test(raw)) continue; // external (https:, mailto:, …)
      if (!l.abs.startsWith('file:')) {
        fail(`${rel}: relative link ${JSON.stringify(raw)} resolved to ${l.abs}`);
        continue;
      }
      const t = targetOf(l.abs);
      if (t.outside) {
        fail(`${rel}: link ${JSON.stringify(raw)} points outside the site (${t.abs})`);
        continue;
      }
      if (t.missing) {
        fail(`${rel}: broken link ${JSON.stringify(raw)}: ${path.relative(SITE, t.abs) || t.abs} does not exist`);
        continue;
      }
      if (t.dirNoSlash) {
        fail(`${rel}: link ${JSON.stringify(raw)} points at a directory without a trailing slash`);
        continue;
      }
      const hash = new URL(l.abs).hash;
      if (hash.length > 1 && t.rel.endsWith('.html')) {
        let frag;
        try {
          frag = decodeURIComponent(hash.slice(1));
        } catch {
          frag = hash.slice(1);
        }
        if (!ids.has(t.rel)) await visit(t.rel);
        if (!ids.get(t.rel).has(frag) && frag !== 'top') {
          fail(`${rel}: link ${JSON.stringify(raw)}: no id="${frag}" in ${t.rel}`);
        }
      }
    }
  }
  note(`checked ${checked} links`);
  await ctx.close();
}

/** 9. Sub-path: the base_url build served under /guide/ loads fully and is styled. */
async function checkSubpath(sub, fail, note) {
  const pages = htmlFiles(SUB);
  const ctx = await recordingContext(sub.origin, { viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await page.setContent('<!DOCTYPE html><html><body><p>x</p></body></html>');
  const styleOf = `(() => {
    const cs = getComputedStyle(document.body);
    return { fontFamily: cs.fontFamily, margin: cs.margin, color: cs.color, background: cs.backgroundColor, lineHeight: cs.lineHeight };
  })()`;
  const ua = await page.evaluate(styleOf);
  const rootRes = await fetch(`${sub.origin}/`);
  if (rootRes.status !== 404) fail(`test server bug: / should be empty but answered ${rootRes.status}`);
  const linkTargets = new Map();
  for (const p of pages) {
    const url = sub.base + (p === 'index.html' ? '' : p);
    const mark = { foreign: ctx.log.foreign.length, bad: ctx.log.bad.length, failed: ctx.log.failed.length, errors: ctx.log.errors.length };
    const res = await load(page, url, ctx.log);
    if (!res || res.status() !== 200) fail(`${url}: HTTP ${res ? res.status() : 'no response'}`);
    for (const f of ctx.log.foreign.slice(mark.foreign)) fail(`request to another host: ${f}`);
    for (const f of ctx.log.bad.slice(mark.bad)) fail(`failed request: ${f}`);
    for (const f of ctx.log.failed.slice(mark.failed)) fail(`failed request: ${f}`);
    for (const e of ctx.log.errors.slice(mark.errors)) fail(`JavaScript error: ${e}`);
    const s = await page.evaluate(`(() => {
      const links = [...document.querySelectorAll('link[rel~="stylesheet"]')];
      return {
        sheets: document.styleSheets.length,
        links: links.map((l) => ({ href: l.href, loaded: !!l.sheet && (() => { try { return l.sheet.cssRules.length; } catch { return -1; } })() })),
        style: ${styleOf},
        anchors: [...document.querySelectorAll('a[href]')].map((a) => a.href),
      };
    })()`);
    if (s.links.length === 0) fail(`${url}: no <link rel="stylesheet">`);
    for (const l of s.links) if (!l.loaded) fail(`${url}: stylesheet ${l.href} not applied`);
    const styled = Object.keys(ua).some((k) => ua[k] !== s.style[k]);
    if (!styled) fail(`${url}: body has the browser's default style (font ${s.style.fontFamily}) — CSS not applied`);
    for (const a of s.anchors) {
      if (!a.startsWith(`${sub.origin}/`)) continue;
      const u = new URL(a);
      u.hash = '';
      if (!u.pathname.startsWith(SUBPATH)) fail(`${url}: link ${a} leaves the ${SUBPATH} sub-path`);
      else if (!linkTargets.has(u.href)) linkTargets.set(u.href, url);
    }
  }
  // A host serves 404.html for any missing URL, at any depth: with a base_url
  // its assets must still load there.
  const missing = `${sub.base}no/such/dir/missing-page.html`;
  if (pages.includes('404.html')) {
    const mark = { bad: ctx.log.bad.length, failed: ctx.log.failed.length, foreign: ctx.log.foreign.length };
    const res = await load(page, missing, ctx.log);
    if (!res || res.status() !== 404) fail(`${missing}: expected the 404 page with HTTP 404, got ${res ? res.status() : 'no response'}`);
    for (const f of ctx.log.bad.slice(mark.bad)) if (!f.endsWith(` ${missing}`)) fail(`404 page at a nested URL: failed request: ${f}`);
    for (const f of ctx.log.failed.slice(mark.failed)) fail(`404 page at a nested URL: failed request: ${f}`);
    for (const f of ctx.log.foreign.slice(mark.foreign)) fail(`404 page at a nested URL: request to another host: ${f}`);
    const styled = await page.evaluate(`(() => {
      const links = [...document.querySelectorAll('link[rel~="stylesheet"]')];
      const rules = (l) => { try { return l.sheet ? l.sheet.cssRules.length : 0; } catch { return 0; } };
      return links.length > 0 && links.every((l) => rules(l) > 0);
    })()`);
    if (!styled) fail(`${missing}: the 404 page's stylesheets did not load at a nested URL`);
  } else {
    fail('the sub-path site has no 404.html');
  }
  for (const [target, from] of linkTargets) {
    const res = await fetch(target);
    if (!res.ok) fail(`${from}: link to ${target} answers HTTP ${res.status}`);
  }
  note(`loaded ${pages.length} pages under ${sub.base}; checked ${linkTargets.size} same-origin link targets`);
  await ctx.close();
}

// ---------------------------------------------------------------- main

async function main() {
  const started = Date.now();
  console.log(`quire browser checks: ${SITE} (${PAGES.length} pages)${SUB ? `, sub-path site ${SUB}` : ''}${LINENOS ? `, linenos site ${LINENOS}` : ''}`);
  if (ONLY.length) console.log(`NOTE  QUIRE_CHECKS=${ONLY.join(',')}: running only those checks`);
  const vnu = selected('1 ') ? runVnu() : null;
  const site = await startServer(SITE, '/');
  servers.push(site.server);
  const sub = SUB ? await startServer(SUB, SUBPATH, { notFoundPage: true }) : null;
  if (sub) servers.push(sub.server);
  const linenos = LINENOS ? await startServer(LINENOS, '/') : null;
  if (linenos) servers.push(linenos.server);
  browser = await import('playwright-core').then(({ chromium }) =>
    chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 }),
  );

  await check('2 requests: no other host, no missing asset (http + file://)', (fail, note) => checkRequests(site, fail, note));
  await check('3 axe-core WCAG 2.1 A/AA, light and dark, every page', (fail, note) => checkAxe(site, fail, note));
  await check(`4 no horizontal scroll at ${MOBILE_WIDTH}px`, (fail) => checkMobile(site, fail));
  const chapter = await firstChapter(site);
  if (!chapter) {
    await check('5-7 find the first chapter page', (fail) => fail('index.html nav.sidebar links to no chapter page'));
  } else {
    await check(`5 keyboard: skip link, focus moves, focus visible (${chapter})`, (fail, note) => checkKeyboard(site, chapter, fail, note));
    await check(`6 copy button copies the Markdown code (${chapter})`, (fail, note) => checkCopy(site, chapter, fail, note));
    if (linenos) {
      await check(`6b copy button leaves out line numbers (linenos build, ${chapter})`, (fail, note) =>
        checkCopy(linenos, chapter, fail, note, { expectLineNumbers: true }),
      );
    } else skip('6b copy button leaves out line numbers', 'no linenos site dir given');
    await check(`7 theme toggle (${chapter})`, (fail, note) => checkTheme(site, chapter, fail, note));
  }
  await check('8 links and fragments from file://', (fail, note) => checkLinks(fail, note));
  if (sub) await check(`9 sub-path site served at ${SUBPATH}`, (fail, note) => checkSubpath(sub, fail, note));
  else skip(`9 sub-path site served at ${SUBPATH}`, 'no second site dir given');
  await check('2b no uncaught JavaScript error on any page during all checks', (fail) => PAGE_ERRORS.forEach(fail));
  await check('1 Nu HTML checker (vnu.jar --errors-only)', (fail, note) => checkVnu(vnu, fail, note));

  await browser.close();
  for (const s of servers) s.close();
  clearTimeout(watchdog);
  const failed = results.filter((r) => !r.ok).length;
  const passed = results.filter((r) => r.ok && !r.skipped).length;
  const skipped = results.filter((r) => r.skipped).length;
  console.log(`browser checks finished in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exitCode = failed ? 1 : 0;
}

main().catch(async (err) => {
  console.log(`FAIL  runner crashed: ${err && err.stack ? err.stack : err}`);
  try {
    await browser?.close();
  } catch {
    /* ignore */
  }
  process.exit(1);
});
