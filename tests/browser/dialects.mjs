#!/usr/bin/env node
// Browser checks of MDX tabs, on the docusaurus fixture built by quire:
//
//   node tests/browser/dialects.mjs <docusaurus-site-dir>
//
// The tabs of `languages/setup.html`: ARIA roles and states, arrow keys, Home/End, Tab
// into the panel, a shared groupId, axe-core (light and dark) once a tab is switched,
// every panel shown without JavaScript and in print. (Every fixture page, this one
// included, also goes through the Nu checker and axe-core in tests/browser/fixtures.mjs.)
// Prints PASS/FAIL per check; exits 1 if any failed. Run by tests/dialects_browser.rs.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const CHROMIUM = process.env.QUIRE_CHROMIUM || '/usr/bin/chromium';
const AXE_JS = require.resolve('axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const TABS_PAGE = 'languages/setup.html';

const sites = process.argv.slice(2).map((d) => path.resolve(d));
if (sites.length !== 1 || !fs.existsSync(path.join(sites[0], TABS_PAGE))) {
  console.error(`usage: node tests/browser/dialects.mjs <docusaurus-site-dir> (a built site with ${TABS_PAGE})`);
  process.exit(2);
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

async function main() {
  const servers = await Promise.all(sites.map(serve));
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'], headless: true });
  const errors = [];

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
    await page.keyboard.press('ArrowRight');
    await page.addScriptTag({ path: AXE_JS });
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      const v = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
        .then((r) => r.violations.map((x) => `${x.id}: ${x.help} — ${x.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)), AXE_TAGS);
      v.forEach((m) => fail(`axe after switching tabs [${scheme}] ${m}`));
    }
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

  await check('code inside a list item is highlighted and its copy button copies it (languages/first-steps.html)', async (fail) => {
    const context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: servers[0].base.replace(/\/$/, '') });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(servers[0].base + 'languages/first-steps.html', { waitUntil: 'load' });
    const box = page.locator('li .code-nested');
    if ((await box.count()) !== 1) return fail(`${await box.count()} .code-nested boxes in the list, want 1`);
    const tokens = await box.locator('pre.code code > *').count();
    if (tokens === 0) fail('the code in the list item is not highlighted');
    const button = box.locator('button.copy-code');
    if ((await button.count()) !== 1) return fail('no copy button in the box');
    const name = await button.getAttribute('aria-label');
    if (!/bash/.test(name || '')) fail(`copy button labelled ${JSON.stringify(name)}`);
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await button.focus();
    await page.keyboard.press('Enter');
    let text = '';
    for (let i = 0; i < 40 && !text; i++) {
      await new Promise((r) => setTimeout(r, 50));
      text = await page.evaluate(() => navigator.clipboard.readText());
    }
    if (text.replace(/\n$/, '') !== 'python3 -q') fail(`copied ${JSON.stringify(text)}, want "python3 -q"`);
    await context.close();
  });

  await check('no JavaScript error on any page', (fail) => errors.forEach(fail));

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
