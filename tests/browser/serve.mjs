#!/usr/bin/env node
// Live reload of `quire serve` in headless Chromium.
//
//   node tests/browser/serve.mjs <site-url> <site-root>
//
// <site-url> is a running `quire serve` of <site-root>, a scratch copy of the bundled guide
// that this script edits (tests/serve.rs makes both). Steps, each printed PASS/FAIL:
//   1. open a chapter in two tabs, scroll down, add a paragraph to its Markdown: the new
//      text appears in both with no manual reload, and the scroll position is kept (one tab
//      polls the server, the other hears of the build from it);
//   2. add a broken link: an overlay lists `content/…md:line:col: error: …`, and the page
//      still shows the last good text;
//   3. fix it: the overlay goes;
//   4. change the stylesheet: the new style applies without a page reload.
// Exit status 1 if a step failed.

import fs from 'node:fs';
import path from 'node:path';

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
const WAIT_MS = 20_000; // a hang guard, not a latency target

const [siteUrl, root] = process.argv.slice(2);
if (!siteUrl || !root) {
  console.error('usage: node tests/browser/serve.mjs <site-url> <site-root>');
  process.exit(2);
}
const contentDir = path.join(root, 'content');
const markdown = path.join(contentDir, fs.readdirSync(contentDir).filter((f) => f.endsWith('.md')).sort()[0]);
const stylesheet = path.join(root, 'static', 'assets', 'quire.css');
const original = fs.readFileSync(markdown, 'utf8');

// The chapter to edit: the first `## ` heading after the table of contents.
const headings = [...original.matchAll(/^## (.+)$/gm)];
const chapter = headings.find((m) => !/table of contents/i.test(m[1]));
if (!chapter) {
  console.error(`error: no chapter heading in ${markdown}`);
  process.exit(2);
}
const headingEnd = chapter.index + chapter[0].length;
const withParagraph = (text) => `${original.slice(0, headingEnd)}\n\n${text}\n${original.slice(headingEnd)}`;

let failed = 0;
function report(name, ok, detail = '') {
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
  if (!ok) failed += 1;
}

async function step(name, fn) {
  try {
    const detail = await fn();
    report(name, true, detail);
  } catch (e) {
    report(name, false, String(e && e.stack ? e.stack : e));
  }
}

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
try {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  context.setDefaultTimeout(WAIT_MS);
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(siteUrl);
  await page.getByRole('link', { name: chapter[1], exact: true }).first().click();
  await page.waitForLoadState('load');
  const chapterUrl = page.url();
  const other = await context.newPage();
  other.on('pageerror', (e) => pageErrors.push(String(e)));
  await other.goto(chapterUrl);
  const marker = `Live edit marker ${Date.now()}`;

  await step('an edit appears without a manual reload and keeps the scroll position', async () => {
    await page.evaluate(() => window.scrollTo(0, 400));
    const before = await page.evaluate(() => window.scrollY);
    if (before < 100) throw new Error(`the page is too short to scroll (scrollY ${before})`);
    fs.writeFileSync(markdown, withParagraph(marker));
    await page.waitForFunction((m) => document.body.innerText.includes(m), marker);
    await page.waitForLoadState('load');
    await page.waitForFunction((y) => Math.abs(window.scrollY - y) <= 2, before);
    await other.waitForFunction((m) => document.body.innerText.includes(m), marker);
    return `${chapterUrl}, scrollY ${before}`;
  });

  const rel = `content/${path.basename(markdown)}`;
  const at = (kind, rest) => new RegExp(`^${rel.replace(/\./g, '\\.')}:\\d+:\\d+: ${kind}: ${rest}`);
  const overlayText = async (p, pattern) => {
    await p.waitForFunction(
      (source) => {
        const host = document.querySelector('#quire-error-overlay');
        const item = host && host.shadowRoot.querySelector('li');
        return item && new RegExp(source).test(item.textContent);
      },
      pattern.source,
    );
    return p.evaluate(() => {
      const host = document.querySelector('#quire-error-overlay');
      return [host.dataset.kind, host.shadowRoot.querySelector('li').textContent];
    });
  };

  await step('a broken link is served, with a warning overlay naming file:line:col', async () => {
    fs.writeFileSync(markdown, withParagraph(`${marker} Warned. See [nothing](#no-such-anchor-zq).`));
    await page.waitForFunction((m) => document.body.innerText.includes(m), `${marker} Warned.`);
    const [kind, text] = await overlayText(page, at('warning', 'broken link .*no-such-anchor-zq'));
    if (kind !== 'warnings') throw new Error(`overlay kind ${kind}: ${text}`);
    await overlayText(other, at('warning', 'broken link'));
    return text;
  });

  await step('a failed build shows the error overlay over the last good page', async () => {
    const twins = '### Twin {#twin-zq}\n\n### Twin {#twin-zq}';
    fs.writeFileSync(markdown, withParagraph(`${marker} Failed.\n\n${twins}`));
    const [kind, text] = await overlayText(page, at('error', 'duplicate id `twin-zq`'));
    if (kind !== 'errors') throw new Error(`overlay kind ${kind}: ${text}`);
    if (!(await page.evaluate((m) => document.body.innerText.includes(m), `${marker} Warned.`))) {
      throw new Error('the last good page is no longer shown');
    }
    await overlayText(other, at('error', 'duplicate id'));
    return text;
  });

  await step('fixing it removes the overlay', async () => {
    fs.writeFileSync(markdown, withParagraph(marker));
    await page.locator('#quire-error-overlay').waitFor({ state: 'detached' });
    await other.locator('#quire-error-overlay').waitFor({ state: 'detached' });
  });

  await step('a stylesheet change applies without a reload', async () => {
    await page.evaluate(() => { window.__quireNoReload = true; });
    fs.appendFileSync(stylesheet, '\nbody { outline: 3px solid rgb(1, 2, 3); }\n');
    await page.waitForFunction(() => getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)');
    if (!(await page.evaluate(() => window.__quireNoReload === true))) throw new Error('the page reloaded');
  });

  report('no script errors on the page', pageErrors.length === 0, pageErrors.join('; '));
} finally {
  fs.writeFileSync(markdown, original);
  await browser.close();
}
process.exit(failed ? 1 : 0);
