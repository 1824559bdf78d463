#!/usr/bin/env node
// Search checks for a site built by quire, in headless Chromium (playwright-core driving
// /usr/bin/chromium; nothing is downloaded).
//
//   node tests/browser/search.mjs <site-dir> [options]
//
//   --queries FILE     query set (default: tests/browser/search-queries.json)
//   --parity FILE      {stems: [[word, stem]], tokens: [[text, [[terms]]]]} written by the Rust
//                      tokenizer: search.js must agree on every one
//   --mdbook DIR       also run the query set on mdBook's search box (a built book/ folder)
//   --min-top1 X       fail when quire's top-1 (exact anchor) is below X (default 0.9)
//   --min-top5 X       same for top-5 (default 0.95)
//   --quality-only     skip the interface checks
//   --bench            measure first-query bytes and query latency instead of checking UI
//   --json FILE        write every figure as JSON
//
// The query set runs by typing into the real search box, over HTTP (127.0.0.1) and from
// file://. A result is right at "anchor" level when it is one of the expected targets, and at
// "section" level when it lies in the same section as one (what mdBook, which only knows
// headings, can reach). Top-1, top-5 and MRR (over the 8 results the box shows) are printed.
// Exit status 1 when a check fails.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.QUIRE_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOWN = 8;
const TIMEOUT = 15_000;

// ---------------------------------------------------------------- arguments

const args = process.argv.slice(2);
const opt = { queries: path.join(HERE, 'search-queries.json'), minTop1: 0.9, minTop5: 0.95 };
const positional = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const next = () => { if (i + 1 >= args.length) usage(`${a} needs a value`); return args[++i]; };
  if (a === '--queries') opt.queries = next();
  else if (a === '--parity') opt.parity = next();
  else if (a === '--mdbook') opt.mdbook = path.resolve(next());
  else if (a === '--min-top1') opt.minTop1 = Number(next());
  else if (a === '--min-top5') opt.minTop5 = Number(next());
  else if (a === '--quality-only') opt.qualityOnly = true;
  else if (a === '--bench') opt.bench = true;
  else if (a === '--json') opt.json = next();
  else if (a.startsWith('--')) usage(`unknown option ${a}`);
  else positional.push(a);
}
function usage(msg) {
  console.error(`error: ${msg}\nusage: node tests/browser/search.mjs <site-dir> [--queries F] [--parity F] [--mdbook DIR] [--quality-only] [--bench] [--json F]`);
  process.exit(2);
}
if (positional.length !== 1) usage('one site directory expected');
const SITE = path.resolve(positional[0]);
if (!fs.existsSync(path.join(SITE, 'search', 'meta.js'))) usage(`${SITE} has no search/meta.js (is it a quire site?)`);
const QUERIES = JSON.parse(fs.readFileSync(opt.queries, 'utf8')).queries;

// ---------------------------------------------------------------- reporting

let failures = 0;
const figures = {};
function check(name, ok, detail = '') {
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
  if (!ok) failures++;
}
const pct = (x) => `${(100 * x).toFixed(1)} %`;

// ---------------------------------------------------------------- static server

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf' };

/** Serves `root` under `prefix` on 127.0.0.1; `log` collects every path served. */
function serve(root, prefix = '/') {
  const log = [];
  const server = http.createServer((req, res) => {
    let p;
    try { p = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname); } catch { res.writeHead(400); return res.end(); }
    if (!p.startsWith(prefix)) { res.writeHead(404); return res.end(); }
    let rel = p.slice(prefix.length);
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = path.join(root, rel);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) { res.writeHead(404); return res.end('not found'); }
    const body = fs.readFileSync(file);
    log.push(rel);
    res.writeHead(200, { 'content-type': MIME[path.extname(file)] || 'application/octet-stream', 'content-length': body.length, 'cache-control': 'no-store' });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    resolve({ base: `http://127.0.0.1:${port}${prefix}`, log, close: () => new Promise((r) => server.close(r)) });
  }));
}

// ---------------------------------------------------------------- site structure

/** page#anchor → page#section-heading-anchor, from the built HTML (quire and mdBook alike). */
function sectionMap(root) {
  const map = new Map();
  for (const name of fs.readdirSync(root).filter((f) => f.endsWith('.html'))) {
    const html = fs.readFileSync(path.join(root, name), 'utf8');
    const main = html.slice(Math.max(0, html.indexOf('<main')));
    let section = null;
    for (const m of main.matchAll(/<(h[1-6]|[a-z]+)\b[^>]*\sid="([^"]+)"/g)) {
      if (/^h[1-6]$/.test(m[1])) section = m[2];
      map.set(`${name}#${m[2]}`, `${name}#${section ?? m[2]}`);
    }
  }
  return map;
}

/** A result href → `page.html#anchor` relative to the site root. */
function relTarget(href, base) {
  const u = new URL(href);
  const b = new URL(base);
  let p = decodeURIComponent(u.pathname);
  const bp = decodeURIComponent(b.pathname.replace(/[^/]*$/, ''));
  if (p.startsWith(bp)) p = p.slice(bp.length);
  return `${p}${u.hash}`;
}

function score(ranks) {
  const n = ranks.length;
  return {
    n,
    top1: ranks.filter((r) => r === 1).length / n,
    top5: ranks.filter((r) => r >= 1 && r <= 5).length / n,
    mrr: ranks.reduce((s, r) => s + (r ? 1 / r : 0), 0) / n,
  };
}

// ---------------------------------------------------------------- drivers

/** Types `q` into quire's header box and returns the hrefs of the options shown. */
async function quireQuery(page, q) {
  const input = page.locator('#search-input');
  await input.fill(q);
  await page.waitForFunction((q) => {
    const l = document.getElementById('search-listbox');
    return l && l.dataset.query === q && (l.dataset.state === 'ready' || l.dataset.state === 'error');
  }, q, { timeout: TIMEOUT });
  return page.$$eval('#search-listbox [role=option]', (els) => els.map((e) => e.href));
}

/** Waits for the snippets of the shown results (the box fetches them once typing pauses). */
async function waitSnippets(page) {
  await page.waitForFunction(() => document.getElementById('search-listbox').dataset.snippets === 'ready', null, { timeout: TIMEOUT });
}

/** Types `q` into mdBook's search bar and returns the result hrefs. */
async function mdbookQuery(page, q) {
  const bar = page.locator('#mdbook-searchbar');
  if (!(await bar.isVisible())) {
    await page.click('#mdbook-search-toggle');
    await bar.waitFor({ state: 'visible', timeout: TIMEOUT });
  }
  await bar.fill(q);
  await bar.press('End'); // mdBook searches on keyup
  await page.waitForFunction((q) => {
    const h = document.getElementById('mdbook-searchresults-header');
    return h && h.textContent.includes(`'${q.trim()}'`);
  }, q, { timeout: TIMEOUT });
  return page.$$eval('#mdbook-searchresults > li > a', (els) => els.map((e) => e.href));
}

/**
 * Runs the query set through `driver`; `sections` maps the expected targets (quire anchors)
 * to their sections, `resultSections` maps the engine's result anchors to theirs.
 */
async function runQuerySet(browser, label, startPage, driver, base, sections, resultSections, isQuire) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const foreign = watchRequests(page);
  await page.goto(base + startPage);
  const anchorRanks = [], sectionRanks = [], misses = [];
  for (const q of QUERIES) {
    const hrefs = (await driver(page, q.q)).slice(0, SHOWN).map((h) => relTarget(h, base));
    const want = new Set(q.expect);
    const wantSections = new Set(q.expect.map((t) => sections.get(t) || t));
    const aRank = hrefs.findIndex((h) => want.has(h)) + 1;
    const sRank = hrefs.findIndex((h) => wantSections.has(resultSections.get(h) || h)) + 1;
    anchorRanks.push(aRank);
    sectionRanks.push(sRank);
    if ((isQuire ? aRank : sRank) !== 1) misses.push(`${JSON.stringify(q.q)} → ${hrefs[0] || '(nothing)'} (want ${q.expect[0]}, rank ${(isQuire ? aRank : sRank) || '>8'})`);
  }
  await ctx.close();
  const result = { section: score(sectionRanks), misses, foreign: foreign.list };
  if (isQuire) result.anchor = score(anchorRanks);
  const a = result.anchor, s = result.section;
  console.log(`     ${label}: ${a ? `anchor top-1 ${pct(a.top1)} top-5 ${pct(a.top5)} MRR ${a.mrr.toFixed(3)}; ` : ''}section top-1 ${pct(s.top1)} top-5 ${pct(s.top5)} MRR ${s.mrr.toFixed(3)} (${s.n} queries)`);
  for (const m of misses) console.log(`       miss: ${m}`);
  return result;
}

/** Records requests to anything but 127.0.0.1 or file:. */
function watchRequests(page) {
  const list = [];
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith('file:') && !u.startsWith('http://127.0.0.1') && !u.startsWith('data:') && !u.startsWith('about:')) list.push(u);
  });
  return { list };
}

// ---------------------------------------------------------------- checks

async function parityCheck(browser, base) {
  const data = JSON.parse(fs.readFileSync(opt.parity, 'utf8'));
  const page = await browser.newPage();
  await page.goto(base + 'index.html');
  const bad = await page.evaluate((data) => {
    const out = [];
    for (const [w, s] of data.stems) { const js = window.quireSearch.stem(w); if (js !== s) out.push(`stem(${w}): rust ${s}, js ${js}`); }
    for (const [text, terms] of data.tokens) {
      const js = JSON.stringify(window.quireSearch.tokenize(text));
      if (js !== JSON.stringify(terms)) out.push(`tokenize(${JSON.stringify(text)}): rust ${JSON.stringify(terms)}, js ${js}`);
    }
    return out;
  }, data);
  await page.close();
  check('tokenizer and stemmer agree with Rust', bad.length === 0,
    bad.length ? `${bad.length} differences: ${bad.slice(0, 5).join('; ')}` : `${data.stems.length} stems, ${data.tokens.length} texts`);
}

async function keyboardCheck(browser, base) {
  const page = await browser.newPage();
  const foreign = watchRequests(page);
  await page.goto(base + 'gil-and-concurrency.html');
  await page.keyboard.press('/');
  const afterSlash = await page.evaluate(() => document.activeElement && document.activeElement.id);
  check('"/" focuses the search field', afterSlash === 'search-input', `focused: ${afterSlash}`);
  await page.keyboard.press('Escape');
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await page.keyboard.press('Control+k');
  const afterK = await page.evaluate(() => document.activeElement && document.activeElement.id);
  check('Ctrl+K focuses the search field', afterK === 'search-input', `focused: ${afterK}`);

  await page.keyboard.type('gather wait', { delay: 20 });
  await page.waitForFunction(() => { const l = document.getElementById('search-listbox'); return l.dataset.query === 'gather wait' && l.dataset.state === 'ready'; }, null, { timeout: TIMEOUT });
  const aria = await page.evaluate(() => {
    const i = document.getElementById('search-input');
    const l = document.getElementById(i.getAttribute('aria-controls'));
    return { role: i.getAttribute('role'), expanded: i.getAttribute('aria-expanded'), listRole: l && l.getAttribute('role'),
      options: l ? l.querySelectorAll('[role=option]').length : 0, ad: i.getAttribute('aria-activedescendant') };
  });
  check('combobox pattern: role, aria-expanded, aria-controls → listbox of options',
    aria.role === 'combobox' && aria.expanded === 'true' && aria.listRole === 'listbox' && aria.options > 1 && !aria.ad, JSON.stringify(aria));
  const active = () => page.evaluate(() => {
    const i = document.getElementById('search-input');
    const id = i.getAttribute('aria-activedescendant');
    const el = id && document.getElementById(id);
    return { id, selected: el && el.getAttribute('aria-selected'), index: el ? [...el.parentNode.children].indexOf(el) : -1, focus: document.activeElement.id };
  });
  await page.keyboard.press('ArrowDown');
  const a1 = await active();
  await page.keyboard.press('ArrowDown');
  const a2 = await active();
  await page.keyboard.press('ArrowUp');
  const a3 = await active();
  check('arrow keys move aria-activedescendant (focus stays in the field)',
    a1.index === 0 && a2.index === 1 && a3.index === 0 && a1.selected === 'true' && a3.focus === 'search-input', JSON.stringify([a1, a2, a3]));
  const firstHref = await page.$eval('#search-listbox [role=option]', (e) => e.getAttribute('href'));
  await Promise.all([page.waitForURL((u) => u.hash.length > 1, { timeout: TIMEOUT }), page.keyboard.press('Enter')]);
  await page.waitForFunction(() => document.documentElement.dataset.searchMarked !== undefined, null, { timeout: TIMEOUT });
  const landed = await page.evaluate(() => {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = document.getElementById(id);
    const marks = target ? [...target.querySelectorAll('mark.search-hl')].map((m) => m.textContent) : [];
    const r = target ? target.getBoundingClientRect() : null;
    return { path: location.pathname.split('/').pop(), hash: location.hash, search: location.search, marks, top: r && Math.round(r.top), vh: innerHeight };
  });
  const want = 'async-programming.html#q-whats-the-difference-between-asynciogather-and-asynciowait';
  check('Enter lands on the exact anchor of the first result', `${landed.path}${landed.hash}` === want && firstHref.endsWith(want.split('#')[1]),
    `${landed.path}${landed.hash}`);
  check('the landing marks the query terms there', landed.marks.length >= 2 && landed.marks.some((m) => /gather/i.test(m)) && landed.marks.some((m) => /wait/i.test(m)),
    `marks: ${JSON.stringify(landed.marks)}, url search now "${landed.search}"`);
  check('the target is scrolled into view', landed.top !== null && landed.top >= 0 && landed.top < landed.vh, `top ${landed.top}px of ${landed.vh}`);

  // Escape closes the popup.
  await page.keyboard.press('/');
  await page.keyboard.type('decorator');
  await page.waitForFunction(() => document.getElementById('search-listbox').dataset.query === 'decorator', null, { timeout: TIMEOUT });
  await page.keyboard.press('Escape');
  const closed = await page.evaluate(() => ({ expanded: document.getElementById('search-input').getAttribute('aria-expanded'), hidden: document.querySelector('.search-popup').hidden }));
  check('Escape closes the results', closed.expanded === 'false' && closed.hidden, JSON.stringify(closed));
  // Enter with no option chosen opens the full results page for the query.
  await page.locator('#search-input').fill('');
  await page.keyboard.type('late binding');
  await page.waitForFunction(() => document.getElementById('search-listbox').dataset.query === 'late binding', null, { timeout: TIMEOUT });
  await Promise.all([page.waitForURL(/search\.html\?q=/, { timeout: TIMEOUT }), page.keyboard.press('Enter')]);
  await page.waitForFunction(() => document.getElementById('search-page-results').dataset.state === 'ready', null, { timeout: TIMEOUT });
  const full = await page.evaluate(() => ({ q: new URLSearchParams(location.search).get('q'), n: document.querySelectorAll('#search-page-results li').length }));
  check('Enter without a chosen result opens search.html?q=…', full.q === 'late binding' && full.n > 0, JSON.stringify(full));
  check('no request leaves the site (keyboard run)', foreign.list.length === 0, foreign.list.join(', '));
  await page.close();
}

async function escapingCheck(browser, base) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => { errors.push(`dialog: ${d.message()}`); d.dismiss(); });
  await page.goto(base + 'index.html');
  const evil = '"><img src=x onerror="window.__xss=1"><script>window.__xss=2</script>\' gather';
  await quireQuery(page, evil);
  const res = await page.evaluate(() => ({
    xss: window.__xss,
    foreignEls: document.querySelectorAll('.search-popup img, .search-popup script, .search img').length,
    status: document.querySelector('.search-status').textContent,
  }));
  check('a <script>/<img onerror> query is shown as text and never runs', res.xss === undefined && res.foreignEls === 0 && errors.length === 0,
    `status: ${JSON.stringify(res.status)}${errors.length ? `; errors: ${errors.join('; ')}` : ''}`);
  await quireQuery(page, 'pivot');
  await waitSnippets(page);
  const snip = await page.evaluate(() => {
    const els = [...document.querySelectorAll('#search-listbox [role=option] *')];
    return { tags: [...new Set(els.map((e) => e.tagName))], text: [...document.querySelectorAll('.sr-snippet')].map((e) => e.textContent).join(' | ') };
  });
  check('snippets of code with "<" are text (only span/mark elements inside results)',
    snip.tags.every((t) => t === 'SPAN' || t === 'MARK') && snip.text.includes('<'), `tags ${snip.tags.join(',')}; ${snip.text.slice(0, 120)}`);
  await page.goto(base + 'search.html?q=' + encodeURIComponent('<script>window.__xss=3</script>gather'));
  await page.waitForFunction(() => document.getElementById('search-page-results').dataset.state === 'ready', null, { timeout: TIMEOUT });
  const page2 = await page.evaluate(() => ({ xss: window.__xss, status: document.getElementById('search-page-status').textContent, scripts: document.querySelectorAll('main script').length }));
  check('search.html?q=<script> is escaped', page2.xss === undefined && page2.scripts === 0 && page2.status.includes('<script>'), page2.status);
  await page.close();
}

async function resultsPageCheck(browser, base) {
  const page = await browser.newPage();
  await page.goto(base + 'search.html?q=' + encodeURIComponent('difference between gather and wait'));
  await page.waitForFunction(() => document.getElementById('search-page-results').dataset.state === 'ready', null, { timeout: TIMEOUT });
  const r = await page.evaluate(() => ({
    value: document.getElementById('search-page-input').value,
    first: document.querySelector('#search-page-results a') && document.querySelector('#search-page-results a').href,
    n: document.querySelectorAll('#search-page-results li').length,
    kinds: [...document.querySelectorAll('#search-page-results .sr-kind')].map((e) => e.textContent),
    crumbs: document.querySelectorAll('#search-page-results .sr-crumb').length,
    marks: document.querySelectorAll('#search-page-results mark').length,
  }));
  check('search.html?q=… shows the shared query and its results', r.value === 'difference between gather and wait' && r.n > 1 &&
    /#q-whats-the-difference-between-asynciogather-and-asynciowait$/.test(new URL(r.first).hash) && r.crumbs > 0 && r.marks > 0,
    `${r.n} results, first ${r.first && relTarget(r.first, base)}, kinds ${[...new Set(r.kinds)].join('/')}`);
  await page.close();
}

async function axeCheck(browser, base) {
  const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const page = await browser.newPage();
  // The WCAG rules on the whole page (the tags tests/browser/run.mjs uses), and axe's best
  // practices too on the search elements themselves.
  const run = async (label) => {
    await page.addScriptTag({ content: axeSource });
    const v = await page.evaluate(async () => {
      const fmt = (r) => r.violations.map((x) => `${x.id} (${x.nodes.length}): ${x.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')}`);
      const wcag = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      const ours = ['form.search', '.search-page-form', '#search-page-results'].filter((s) => document.querySelector(s)).map((s) => [s]);
      const bp = await window.axe.run({ include: ours }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
      return fmt(wcag).concat(fmt(bp));
    });
    check(`axe: 0 violations ${label}`, v.length === 0, v.join('; '));
  };
  for (const theme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto(base + 'async-programming.html');
    await quireQuery(page, 'gather wait');
    await waitSnippets(page);
    await page.locator('#search-input').press('ArrowDown');
    await run(`with the results open (${theme})`);
    await page.goto(base + 'search.html?q=gather');
    await page.waitForFunction(() => document.getElementById('search-page-results').dataset.state === 'ready', null, { timeout: TIMEOUT });
    await run(`on search.html (${theme})`);
  }
  await page.close();
}

async function narrowCheck(browser, base) {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await page.goto(base + 'async-programming.html');
  await quireQuery(page, 'asyncio gather wait difference');
  await waitSnippets(page);
  const m = await page.evaluate(() => {
    const p = document.querySelector('.search-popup').getBoundingClientRect();
    const i = document.getElementById('search-input').getBoundingClientRect();
    return { scroll: document.documentElement.scrollWidth, popup: [Math.round(p.left), Math.round(p.right)], input: [Math.round(i.left), Math.round(i.right)], w: innerWidth };
  });
  check('360 px: field and results fit, no horizontal scroll', m.scroll <= m.w && m.popup[0] >= 0 && m.popup[1] <= m.w && m.input[1] <= m.w && m.input[1] - m.input[0] > 200,
    JSON.stringify(m));
  await page.close();
}

async function subpathCheck(browser) {
  const srv = await serve(SITE, '/docs/guide/');
  const page = await browser.newPage();
  const foreign = watchRequests(page);
  await page.goto(srv.base + 'python-design-patterns.html');
  const hrefs = await quireQuery(page, 'singleton');
  const loaded = srv.log.filter((p) => p.startsWith('search/'));
  const ok = hrefs.length > 0 && hrefs.every((h) => h.startsWith(srv.base)) && loaded.includes('search/meta.js');
  check('hosted under a sub-path: index loads and results stay under it', ok && foreign.list.length === 0,
    `${hrefs.length} results, first ${hrefs[0]}; loaded ${loaded.length} index files`);
  if (hrefs[0]) {
    const resp = await page.goto(hrefs[0]);
    check('sub-path result link resolves', resp && resp.status() === 200, hrefs[0]);
  }
  await page.close();
  await srv.close();
}

// ---------------------------------------------------------------- bench

function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function bench(browser) {
  const srv = await serve(SITE);
  const size = (rel) => { const b = fs.readFileSync(path.join(SITE, rel)); return { raw: b.length, gz: zlib.gzipSync(b).length }; };
  const firsts = [];
  for (const q of QUERIES) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(srv.base + 'gil-and-concurrency.html');
    const mark = srv.log.length;
    const t0 = Date.now();
    await quireQuery(page, q.q);
    const ms = Date.now() - t0;
    await waitSnippets(page);
    const files = srv.log.slice(mark).filter((p) => p.startsWith('search/'));
    const sz = files.map(size).reduce((a, b) => ({ raw: a.raw + b.raw, gz: a.gz + b.gz }), { raw: 0, gz: 0 });
    firsts.push({ q: q.q, files: files.length, raw: sz.raw, gz: sz.gz, ms, loaded: files });
    await ctx.close();
  }
  // The same, typed key by key (80 ms apart) as a reader does: every keystroke searches, so
  // the prefixes of the words on the way load their shards too.
  const typed = [];
  for (const q of QUERIES) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(srv.base + 'gil-and-concurrency.html');
    const mark = srv.log.length;
    await page.locator('#search-input').pressSequentially(q.q, { delay: 80 });
    await page.waitForFunction((q) => { const l = document.getElementById('search-listbox'); return l.dataset.query === q && l.dataset.state === 'ready' && l.dataset.snippets === 'ready'; }, q.q, { timeout: TIMEOUT });
    const files = srv.log.slice(mark).filter((p) => p.startsWith('search/'));
    typed.push(files.map(size).reduce((a, b) => ({ raw: a.raw + b.raw, gz: a.gz + b.gz }), { raw: 0, gz: 0 }));
    await ctx.close();
  }
  // Warm latency: the same page, every query once to load its shards, then timed runs.
  const page = await browser.newPage();
  await page.goto(srv.base + 'gil-and-concurrency.html');
  const lat = await page.evaluate(async (qs) => {
    const api = window.quireSearch, out = { engine: [], ui: [] };
    for (const q of qs) await api.search(q, { limit: 8 });
    const input = document.getElementById('search-input');
    const list = document.getElementById('search-listbox');
    for (let rep = 0; rep < 10; rep++) {
      for (const q of qs) {
        let t = performance.now();
        await api.search(q, { limit: 8 });
        out.engine.push(performance.now() - t);
        const text = q + (rep % 2 ? ' ' : '');
        t = performance.now();
        const done = new Promise((resolve) => {
          const mo = new MutationObserver(() => {
            if (list.dataset.query === text && list.dataset.state === 'ready' && list.dataset.snippets === 'ready') { mo.disconnect(); resolve(); }
          });
          mo.observe(list, { attributes: true, attributeFilter: ['data-state', 'data-query', 'data-snippets'] });
        });
        input.value = text;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await done;
        out.ui.push(performance.now() - t);
      }
    }
    return out;
  }, QUERIES.map((q) => q.q));
  await page.close();
  await srv.close();
  const all = fs.readdirSync(path.join(SITE, 'search')).map((f) => size(`search/${f}`));
  const total = all.reduce((a, b) => ({ raw: a.raw + b.raw, gz: a.gz + b.gz }), { raw: 0, gz: 0 });
  const js = size('assets/search.js');
  const gzs = firsts.map((f) => f.gz), raws = firsts.map((f) => f.raw);
  const r = {
    index_files: all.length,
    index_total_raw: total.raw,
    index_total_gzip: total.gz,
    search_js_raw: js.raw,
    search_js_gzip: js.gz,
    first_query_gzip_median: percentile(gzs, 50),
    first_query_gzip_max: Math.max(...gzs),
    first_query_raw_median: percentile(raws, 50),
    first_query_raw_max: Math.max(...raws),
    first_query_files_median: percentile(firsts.map((f) => f.files), 50),
    typed_query_gzip_median: percentile(typed.map((t) => t.gz), 50),
    typed_query_gzip_max: Math.max(...typed.map((t) => t.gz)),
    first_query_cold_ms_median: percentile(firsts.map((f) => f.ms), 50),
    engine_ms_p50: percentile(lat.engine, 50),
    engine_ms_p95: percentile(lat.engine, 95),
    ui_ms_p50: percentile(lat.ui, 50),
    ui_ms_p95: percentile(lat.ui, 95),
    worst_first_query: firsts.reduce((a, b) => (b.gz > a.gz ? b : a)),
    first_queries: firsts,
  };
  console.log(JSON.stringify(r, null, 2));
  figures.bench = r;
}

// ---------------------------------------------------------------- main

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
try {
  if (opt.bench) {
    await bench(browser);
  } else {
    const srv = await serve(SITE);
    const fileBase = pathToFileURL(SITE + path.sep).href;
    if (opt.parity) await parityCheck(browser, srv.base);
    const sections = sectionMap(SITE);
    console.log(`query set: ${QUERIES.length} queries (${[...new Set(QUERIES.map((q) => q.kind))].join(', ')})`);
    figures.quire = {};
    for (const [label, base] of [['quire, http', srv.base], ['quire, file', fileBase]]) {
      const r = await runQuerySet(browser, label, 'index.html', quireQuery, base, sections, sections, true);
      figures.quire[label.split(', ')[1]] = r;
      check(`${label}: top-1 ≥ ${pct(opt.minTop1)} and top-5 ≥ ${pct(opt.minTop5)} (exact anchor)`, r.anchor.top1 >= opt.minTop1 && r.anchor.top5 >= opt.minTop5,
        `top-1 ${pct(r.anchor.top1)}, top-5 ${pct(r.anchor.top5)}`);
      check(`${label}: no request leaves the site`, r.foreign.length === 0, r.foreign.slice(0, 3).join(', '));
    }
    if (opt.mdbook) {
      const msrv = await serve(opt.mdbook);
      const msections = sectionMap(opt.mdbook);
      figures.mdbook = {};
      for (const [label, base] of [['mdBook, http', msrv.base], ['mdBook, file', pathToFileURL(opt.mdbook + path.sep).href]]) {
        figures.mdbook[label.split(', ')[1]] = await runQuerySet(browser, label, 'index.html', mdbookQuery, base, sections, msections, false);
      }
      await msrv.close();
    }
    if (!opt.qualityOnly) {
      await keyboardCheck(browser, srv.base);
      await keyboardCheck(browser, fileBase).catch((e) => check('keyboard from file://', false, e.message));
      await escapingCheck(browser, srv.base);
      await resultsPageCheck(browser, srv.base);
      await resultsPageCheck(browser, fileBase);
      await axeCheck(browser, srv.base);
      await narrowCheck(browser, srv.base);
      await subpathCheck(browser);
    }
    await srv.close();
  }
} finally {
  await browser.close();
}
if (opt.json) fs.writeFileSync(opt.json, JSON.stringify(figures, null, 2));
console.log(failures ? `${failures} search check(s) failed` : 'all search checks passed');
process.exit(failures ? 1 : 0);
