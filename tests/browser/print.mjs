#!/usr/bin/env node
// Browser checks of print.html, on the `print` fixture built by quire:
//
//   node tests/browser/print.mjs <print-site-dir>
//
// Opened from disk and printed (emulated print media, then a real PDF): every chapter is
// there in reading order, each after the first starts a new printed page (computed
// break-before, and the PDF has a page per chapter at least), answers are shown (and a
// <details> one is open), share, practice, copy and navigation controls are hidden,
// links between chapters lead to an element of the page, and no request leaves the site.
// Prints PASS/FAIL per check; exits 1 if any failed. Run by tests/print_browser.rs.

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const CHROMIUM = process.env.QUIRE_CHROMIUM || '/usr/bin/chromium';
const site = path.resolve(process.argv[2] || '');
if (!fs.existsSync(path.join(site, 'print.html'))) {
  console.error('usage: node tests/browser/print.mjs <print-site-dir>');
  process.exit(2);
}

const results = [];
async function check(name, fn) {
  const problems = [];
  try { await fn((p) => problems.push(p)); } catch (e) { problems.push(`crashed: ${e && e.stack ? e.stack : e}`); }
  results.push(problems.length === 0);
  console.log(`${problems.length ? 'FAIL' : 'PASS'}  ${name}`);
  for (const p of problems.slice(0, 40)) console.log(`      ${p}`);
}

// Everything print media shows of print.html.
function printed() {
  const shown = (el) => el.checkVisibility({ visibilityProperty: true, opacityProperty: true });
  const chapters = [...document.querySelectorAll('.print-chapter')];
  const hiddenTools = ['.q-tools', '.q-share', '.copy-code', '.copy-link', '.reveal', '.practice-bar',
    '.site-header', '.sidebar', '.site-footer', '.page-toc', '.anchor'];
  return {
    titles: chapters.map((c) => c.querySelector('h1').textContent.trim()),
    breaks: chapters.map((c) => getComputedStyle(c).breakBefore),
    answersShown: [...document.querySelectorAll('.print-chapter .q-answer, .print-chapter details')].map((a) => ({
      what: a.tagName === 'DETAILS' ? 'details' : a.textContent.trim().slice(0, 40),
      open: a.tagName !== 'DETAILS' || a.open,
      shown: shown(a) && [...a.querySelectorAll(':scope > :not(summary)')].every(shown),
    })),
    text: document.querySelector('main').innerText,
    toolsShown: hiddenTools.flatMap((sel) => [...document.querySelectorAll(sel)]
      .filter(shown).map((el) => `${sel}: ${el.outerHTML.slice(0, 80)}`)),
    toolsPresent: hiddenTools.filter((sel) => document.querySelector(sel)).length,
    deadLinks: [...document.querySelectorAll('main a[href^="#"]')]
      .map((a) => decodeURIComponent(a.getAttribute('href').slice(1)))
      .filter((id) => id && !document.getElementById(id)),
    inPageLinks: document.querySelectorAll('main a[href^="#"]').length,
    chapterLinksOut: [...document.querySelectorAll('main a[href]')]
      .map((a) => a.getAttribute('href'))
      .filter((h) => /\.html(#|$)/.test(h) && !/^(q|study)\//.test(h)),
  };
}

(async () => {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'], headless: true });
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(pathToFileURL(path.join(site, 'print.html')).href, { waitUntil: 'load' });
  await page.emulateMedia({ media: 'print' });
  const p = await page.evaluate(printed);

  await check('every chapter in reading order', async (fail) => {
    const want = ['Printing fixture', 'Basics', 'Deep dive'];
    if (JSON.stringify(p.titles) !== JSON.stringify(want)) fail(`chapters ${JSON.stringify(p.titles)}, want ${JSON.stringify(want)}`);
  });
  await check('each chapter after the first starts a printed page (computed break-before)', async (fail) => {
    if (p.breaks.length < 3) fail(`only ${p.breaks.length} chapters`);
    if (p.breaks[0] === 'page') fail('the first chapter breaks before itself: a blank first page');
    p.breaks.slice(1).forEach((b, i) => { if (b !== 'page') fail(`chapter ${i + 2}: break-before ${b}`); });
  });
  await check('answers are shown in print', async (fail) => {
    // The <details> question has its answer box; heading questions answer in their section.
    if (!p.answersShown.length) fail('no answer box found; the fixture has a <details> question');
    p.answersShown.forEach((a) => { if (!a.open || !a.shown) fail(`answer "${a.what}": open=${a.open} shown=${a.shown}`); });
    for (const words of ['It yields one item at a time', 'It hashes the key and probes the table']) {
      if (!p.text.includes(words)) fail(`"${words}" is not in the printed text`);
    }
  });
  await check('share, practice, copy and navigation controls are hidden', async (fail) => {
    if (p.toolsPresent < 3) fail(`only ${p.toolsPresent} kinds of controls on the page: the check would prove nothing`);
    p.toolsShown.forEach((t) => fail(`shown in print: ${t}`));
  });
  await check('links between chapters lead within the page', async (fail) => {
    if (p.inPageLinks < 3) fail(`only ${p.inPageLinks} in-page links`);
    p.deadLinks.forEach((id) => fail(`#${id} names no element`));
    p.chapterLinksOut.forEach((h) => fail(`a link leaves the page for ${h}`));
  });
  await check('the PDF has a page per chapter at least, and nothing is fetched from elsewhere', async (fail) => {
    const pdf = await page.pdf({ format: 'A4' });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;
    if (pages < p.titles.length) fail(`${pages} printed pages for ${p.titles.length} chapters`);
    const outside = requests.filter((u) => !u.startsWith('file://') && !u.startsWith('data:'));
    outside.forEach((u) => fail(`request to ${u}`));
    errors.forEach((e) => fail(`JavaScript error: ${e}`));
  });

  await browser.close();
  const failed = results.filter((ok) => !ok).length;
  console.log(`\n${results.length - failed}/${results.length} print checks passed`);
  process.exit(failed ? 1 : 0);
})();
