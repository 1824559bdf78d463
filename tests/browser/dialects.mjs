#!/usr/bin/env node
// Browser checks for sites written for other tools (the docusaurus and mkdocs fixtures):
//
//   node tests/browser/dialects.mjs <docusaurus-site-dir> <mkdocs-site-dir>
//
// The Nu HTML checker and axe-core (light and dark) over every page of both sites, and
// the tabs of `languages/setup.html`: ARIA roles and states, arrow keys, Home/End, Tab
// into the panel, a shared groupId, every panel shown without JavaScript and in print.
// Prints PASS/FAIL per check; exits 1 if any failed. Run by tests/dialects_browser.rs.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const CHROMIUM = process.env.QUIRE_CHROMIUM || '/usr/bin/chromium';
const VNU_JAR = path.join(HERE, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
const AXE_JS = require.resolve('axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const TABS_PAGE = 'languages/setup.html';

const sites = process.argv.slice(2).map((d) => path.resolve(d));
if (sites.length !== 2 || !sites.every((d) => fs.existsSync(path.join(d, 'index.html')))) {
  console.error('usage: node tests/browser/dialects.mjs <docusaurus-site-dir> <mkdocs-site-dir>');
  process.exit(2);
}

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

function serve(root) {
  const server = http.createServer((req, res) => {
    let file = path.join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!file.startsWith(root)) file = root;
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) {
      res.writeHead(404);
      return res.end('not found');
    }
    const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml', '.json': 'application/json' };
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${server.address().port}/` })));
}

const results = [];
async function check(name, fn) {
  const problems = [];
  try {
    await fn((p) => problems.push(p));
  } catch (e) {
    problems.push(`crashed: ${e && e.stack ? e.stack : e}`);
  }
  results.push(problems.length === 0);
  console.log(`${problems.length ? 'FAIL' : 'PASS'}  ${name}`);
  for (const p of problems.slice(0, 40)) console.log(`      ${p}`);
}

function vnu(files) {
  return new Promise((resolve) => {
    const child = spawn('java', ['-jar', VNU_JAR, '--errors-only', '--format', 'json', ...files], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (e) => resolve({ error: e.message }));
    child.on('close', () => resolve({ out }));
  });
}

async function main() {
  const pages = sites.map((root) => htmlFiles(root).map((p) => ({ root, p })));
  const all = pages.flat();
  const vnuRun = vnu(all.map(({ root, p }) => path.join(root, p)));
  const servers = await Promise.all(sites.map(serve));
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'], headless: true });
  const errors = [];

  await check(`axe-core WCAG 2.1 A/AA, light and dark, ${all.length} pages`, async (fail) => {
    const ctx = await browser.newContext();
    await ctx.addInitScript({ path: AXE_JS });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    for (const [i, list] of pages.entries()) {
      for (const { p } of list) {
        for (const scheme of ['light', 'dark']) {
          await page.emulateMedia({ colorScheme: scheme });
          await page.goto(servers[i].base + p, { waitUntil: 'load' });
          const v = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }).then((r) => r.violations.map((x) => `${x.id}: ${x.help} — ${x.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)), AXE_TAGS);
          v.forEach((m) => fail(`${p} [${scheme}] ${m}`));
        }
      }
    }
    await ctx.close();
  });

  const url = servers[0].base + TABS_PAGE;
  await check(`tabs: roles, states, arrow keys, Home/End, Tab into the panel, groupId (${TABS_PAGE})`, async (fail) => {
    const page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url, { waitUntil: 'load' });
    const state = () => page.evaluate(() => [...document.querySelectorAll('.tabs')].map((set) => ({
      tabs: [...set.querySelectorAll('[role=tab]')].map((t) => `${t.textContent}:${t.getAttribute('aria-selected')}:${t.tabIndex}`),
      shown: [...set.querySelectorAll('[role=tabpanel]')].map((p) => !p.hidden && p.checkVisibility()),
      labelled: [...set.querySelectorAll('[role=tabpanel]')].every((p) => document.getElementById(p.getAttribute('aria-labelledby'))?.getAttribute('aria-controls') === p.id),
      inList: set.querySelectorAll('[role=tablist] > [role=tab]').length,
      focused: document.activeElement?.textContent ?? '',
    })));
    const expect = (got, want, what) => {
      if (JSON.stringify(got) !== JSON.stringify(want)) fail(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    };
    let s = await state();
    expect(s.length, 2, 'tab sets');
    expect(s[0].tabs, ['JavaScript:true:0', 'TypeScript:false:-1'], 'first set at load (default tab)');
    expect(s[0].shown, [true, false], 'first set panels at load');
    expect([s[0].labelled, s[0].inList], [true, 2], 'tabs in a tablist, panels labelled by their tab');
    await page.focus('.tabs [role=tab][aria-selected=true]');
    await page.keyboard.press('ArrowRight');
    s = await state();
    expect(s[0].tabs, ['JavaScript:false:-1', 'TypeScript:true:0'], 'ArrowRight selects the next tab');
    expect(s[0].shown, [false, true], 'ArrowRight shows its panel');
    expect(s[0].focused, 'TypeScript', 'focus follows');
    expect(s[1].tabs, ['JavaScript:false:-1', 'TypeScript:true:0'], 'the set with the same groupId follows');
    await page.keyboard.press('ArrowRight');
    expect((await state())[0].tabs[0], 'JavaScript:true:0', 'ArrowRight wraps to the first');
    await page.keyboard.press('End');
    expect((await state())[0].tabs[1], 'TypeScript:true:0', 'End selects the last');
    await page.keyboard.press('Home');
    expect((await state())[0].tabs[0], 'JavaScript:true:0', 'Home selects the first');
    await page.keyboard.press('ArrowLeft');
    expect((await state())[0].tabs[1], 'TypeScript:true:0', 'ArrowLeft wraps to the last');
    await page.keyboard.press('Tab');
    const into = await page.evaluate(() => document.activeElement?.getAttribute('role'));
    expect(into, 'tabpanel', 'Tab moves from the tab to its panel');
    await page.click('.tabs >> nth=1 >> text=JavaScript');
    expect((await state())[0].tabs[0], 'JavaScript:true:0', 'a click in the other set switches this one');
    await page.close();
  });

  await check('tabs: every panel and label shown without JavaScript and in print', async (fail) => {
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const p1 = await noJs.newPage();
    await p1.goto(url, { waitUntil: 'load' });
    const shownNoJs = await p1.evaluate(() => [...document.querySelectorAll('.tab-panel, .tab-label')].map((el) => el.checkVisibility()));
    if (shownNoJs.length !== 8 || shownNoJs.some((v) => !v)) fail(`without JavaScript: ${JSON.stringify(shownNoJs)}`);
    await noJs.close();
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const shownPrint = await page.evaluate(() => ({
      items: [...document.querySelectorAll('.tab-panel, .tab-label')].map((el) => el.checkVisibility()),
      lists: [...document.querySelectorAll('.tab-list')].map((el) => el.checkVisibility()),
    }));
    if (shownPrint.items.length !== 8 || shownPrint.items.some((v) => !v)) fail(`in print: ${JSON.stringify(shownPrint.items)}`);
    if (shownPrint.lists.length !== 2 || shownPrint.lists.some((v) => v)) fail(`tab lists in print: ${JSON.stringify(shownPrint.lists)}`);
    await page.close();
  });

  await check('no JavaScript error on any page', (fail) => errors.forEach(fail));

  await check(`Nu HTML checker (vnu.jar --errors-only), ${all.length} pages`, async (fail) => {
    const r = await vnuRun;
    if (r.error) return fail(`could not run java: ${r.error}`);
    let json;
    try {
      json = JSON.parse(r.out.trim());
    } catch {
      return fail(`no JSON from vnu: ${r.out.slice(0, 2000)}`);
    }
    for (const m of json.messages || []) {
      if (m.type === 'error' || m.type === 'non-document-error') fail(`${m.url}:${m.lastLine}: ${m.message} [${(m.extract || '').trim().slice(0, 120)}]`);
    }
  });

  await browser.close();
  servers.forEach((s) => s.server.close());
  const failed = results.filter((ok) => !ok).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.log(`FAIL  runner crashed: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
