#!/usr/bin/env node
// Browser checks of richer answers, on the `diagrams` and `math` fixtures built by quire:
//
//   node tests/browser/answers.mjs <diagrams-site-dir> <math-site-dir>
//
// The Mermaid diagram of design.html is drawn as an SVG, light and dark, over HTTP at a
// sub-path and from disk, and redrawn when the theme toggle is used; without JavaScript its
// source shows; a page without a diagram loads no diagram script. The formulas of
// complexity.html are MathML with a size. No request leaves the site.
// Prints PASS/FAIL per check; exits 1 if any failed. Run by tests/answers_browser.rs.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const CHROMIUM = process.env.QUIRE_CHROMIUM || '/usr/bin/chromium';
const PREFIX = '/guide/';
const [diagramSite, mathSite] = process.argv.slice(2).map((d) => path.resolve(d));
if (!diagramSite || !fs.existsSync(path.join(diagramSite, 'design.html')) || !mathSite) {
  console.error('usage: node tests/browser/answers.mjs <diagrams-site-dir> <math-site-dir>');
  process.exit(2);
}

// Serves `root` under PREFIX only, as a site published at a sub-path.
function serve(root) {
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!pathname.startsWith(PREFIX)) { res.writeHead(404); return res.end('outside the sub-path'); }
    let file = path.join(root, pathname.slice(PREFIX.length));
    if (!file.startsWith(root)) file = root;
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) { res.writeHead(404); return res.end('not found'); }
    const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml' };
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${server.address().port}${PREFIX}` })));
}

const results = [];
async function check(name, fn) {
  const problems = [];
  try { await fn((p) => problems.push(p)); } catch (e) { problems.push(`crashed: ${e && e.stack ? e.stack : e}`); }
  results.push(problems.length === 0);
  console.log(`${problems.length ? 'FAIL' : 'PASS'}  ${name}`);
  for (const p of problems.slice(0, 40)) console.log(`      ${p}`);
}

// A page that records every request and JavaScript error; `allowed` tells a local address.
async function open(context, url, allowed, fail) {
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => fail(`JavaScript error on ${url}: ${e}`));
  await page.goto(url, { waitUntil: 'load' });
  page.requestsOutside = () => requests.filter((u) => !allowed(u) && !u.startsWith('data:'));
  page.requests = requests;
  return page;
}

// The drawn diagram: its SVG and how light its boxes are (0 black .. 1 white).
async function drawn(page) {
  await page.waitForSelector('figure.diagram.drawn .diagram-svg svg', { timeout: 15000 });
  return page.evaluate(() => {
    const fig = document.querySelector('figure.diagram');
    const svg = fig.querySelector('.diagram-svg svg');
    const box = svg.querySelector('.node rect, .node path, rect');
    const m = getComputedStyle(box).fill.match(/\d+(\.\d+)?/g) || ['0', '0', '0'];
    const [r, g, b] = m.slice(0, 3).map(Number);
    return {
      theme: fig.dataset.theme,
      nodes: svg.querySelectorAll('.node').length,
      lightness: (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255,
      sourceShown: fig.querySelector('pre').checkVisibility(),
      copy: !!fig.querySelector('button.copy-code'),
      width: svg.getBoundingClientRect().width,
    };
  });
}

async function main() {
  const [diagrams, maths] = await Promise.all([serve(diagramSite), serve(mathSite)]);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'], headless: true });
  const local = (base) => (u) => u.startsWith(base);
  const fromDisk = (u) => u.startsWith('file://');

  for (const scheme of ['light', 'dark']) {
    await check(`diagram drawn as an SVG over HTTP at ${PREFIX}, ${scheme}`, async (fail) => {
      const context = await browser.newContext({ colorScheme: scheme });
      const page = await open(context, diagrams.base + 'design.html', local(diagrams.base), fail);
      const d = await drawn(page);
      if (d.theme !== scheme) fail(`drawn for ${d.theme}, want ${scheme}`);
      if (d.nodes < 5) fail(`${d.nodes} nodes drawn, want the 6 of the flowchart`);
      if (scheme === 'light' ? d.lightness < 0.6 : d.lightness > 0.4) fail(`boxes of lightness ${d.lightness.toFixed(2)} in ${scheme}`);
      if (d.sourceShown) fail('the source still shows beside the drawing');
      if (!d.copy) fail('no copy button');
      if (!(d.width > 100)) fail(`SVG ${d.width}px wide`);
      page.requestsOutside().forEach((u) => fail(`request outside the site: ${u}`));
      if (!page.requests.some((u) => u.endsWith('/guide/assets/mermaid/mermaid.min.js'))) fail(`Mermaid not loaded from the site: ${page.requests.join(' ')}`);
      await context.close();
    });
  }

  await check('theme toggle redraws the diagram in the other theme', async (fail) => {
    const context = await browser.newContext({ colorScheme: 'light' });
    const page = await open(context, diagrams.base + 'design.html', local(diagrams.base), fail);
    const before = await drawn(page);
    await page.click('.theme-toggle');
    await page.waitForFunction(() => document.querySelector('figure.diagram').dataset.theme === 'dark', null, { timeout: 15000 });
    const after = await drawn(page);
    if (!(after.lightness < before.lightness - 0.2)) fail(`lightness ${before.lightness.toFixed(2)} → ${after.lightness.toFixed(2)}`);
    await context.close();
  });

  await check('diagram drawn from disk (file://)', async (fail) => {
    const context = await browser.newContext();
    const page = await open(context, pathToFileURL(path.join(diagramSite, 'design.html')).href, fromDisk, fail);
    const d = await drawn(page);
    if (d.nodes < 5) fail(`${d.nodes} nodes`);
    page.requestsOutside().forEach((u) => fail(`request outside the site: ${u}`));
    await context.close();
  });

  await check('without JavaScript the diagram source shows; a page without a diagram loads no diagram script', async (fail) => {
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const p1 = await noJs.newPage();
    await p1.goto(diagrams.base + 'design.html');
    const shown = await p1.evaluate(() => ({
      pre: document.querySelector('figure.diagram pre').checkVisibility(),
      text: document.querySelector('figure.diagram pre').textContent,
    }));
    if (!shown.pre || !shown.text.includes('LB --> App1')) fail(`source without JavaScript: ${JSON.stringify(shown)}`);
    await noJs.close();
    const context = await browser.newContext();
    const page = await open(context, diagrams.base + 'plain.html', local(diagrams.base), fail);
    await page.waitForTimeout(300);
    const loaded = page.requests.filter((u) => /mermaid|diagrams\.js/.test(u));
    if (loaded.length) fail(`a page without a diagram loaded ${loaded.join(' ')}`);
    await context.close();
  });

  await check('diagram prints as a drawing without the copy button', async (fail) => {
    const context = await browser.newContext();
    const page = await open(context, diagrams.base + 'design.html', local(diagrams.base), fail);
    await drawn(page);
    await page.emulateMedia({ media: 'print' });
    const v = await page.evaluate(() => ({
      svg: document.querySelector('figure.diagram svg').checkVisibility(),
      button: document.querySelector('figure.diagram button').checkVisibility(),
    }));
    if (!v.svg || v.button) fail(`in print: ${JSON.stringify(v)}`);
    await context.close();
  });

  for (const [where, url, allowed] of [
    ['over HTTP', maths.base + 'complexity.html', local(maths.base)],
    ['from disk', pathToFileURL(path.join(mathSite, 'complexity.html')).href, fromDisk],
  ]) {
    await check(`formulas render as MathML ${where}, no request to another host`, async (fail) => {
      const context = await browser.newContext();
      const page = await open(context, url, allowed, fail);
      const m = await page.evaluate(() => [...document.querySelectorAll('math')].map((el) => {
        const r = el.getBoundingClientRect();
        return { ns: el.namespaceURI, display: el.getAttribute('display'), w: r.width, h: r.height };
      }));
      if (m.length !== 4) fail(`${m.length} formulas, want 4`);
      m.filter((x) => x.ns !== 'http://www.w3.org/1998/Math/MathML').forEach((x) => fail(`not MathML: ${JSON.stringify(x)}`));
      m.filter((x) => !(x.w > 0 && x.h > 0)).forEach((x) => fail(`formula with no size: ${JSON.stringify(x)}`));
      const block = m.find((x) => x.display === 'block');
      const inline = m.find((x) => x.display === 'inline');
      if (!block || !inline || !(block.h > inline.h)) fail(`display formula not taller than inline: ${JSON.stringify([block, inline])}`);
      page.requestsOutside().forEach((u) => fail(`request outside the site: ${u}`));
      await context.close();
    });
  }

  await browser.close();
  [diagrams, maths].forEach((s) => s.server.close());
  const failed = results.filter((ok) => !ok).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.log(`FAIL  runner crashed: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
