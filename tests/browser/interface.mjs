#!/usr/bin/env node
// The interface in Russian, in headless Chromium (run by tests/interface_browser.rs):
//
//   node tests/browser/interface.mjs <built-interface-ru-site>
//
// Practice mode, a study set and search on a site with language = "ru": every text the
// scripts write is Russian, and no English interface text shows. Exit status 1 on failure.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.QUIRE_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SITE = path.resolve(process.argv[2] || '');
if (!fs.existsSync(path.join(SITE, 'index.html'))) {
  console.error('usage: node tests/browser/interface.mjs <built-site>');
  process.exit(2);
}
// English texts the scripts used to write, and the English of the pages' controls.
const ENGLISH = ['Show answer', 'Hide answer', 'I knew it', 'Review again', 'Practice mode',
  'Known ', 'to review', 'not tried', 'Open the study set', 'Study set', 'Copy link', 'Remove',
  'Show all answers', 'Answers are', 'question', 'result', 'No results', 'Chapter', 'Section',
  'Question', 'Search', 'Share'];

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.json': 'application/json' };
const server = http.createServer((req, res) => {
  let file = path.join(SITE, decodeURIComponent(new URL(req.url, 'http://x').pathname));
  if (file.endsWith(path.sep)) file = path.join(file, 'index.html');
  if (!file.startsWith(SITE) || !fs.existsSync(file)) { res.writeHead(404); return res.end(); }
  res.writeHead(200, { 'content-type': MIME[path.extname(file)] || 'application/octet-stream' });
  res.end(fs.readFileSync(file));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const BASE = `http://127.0.0.1:${server.address().port}/`;

const failures = [];
const fail = (m) => failures.push(m);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
const page = await (await browser.newContext({ locale: 'ru-RU' })).newPage();
page.setDefaultTimeout(15_000);
page.on('pageerror', (e) => fail(`${page.url()}: ${e.message}`));
page.on('dialog', (d) => d.accept());

async function noEnglish(label) {
  const text = await page.evaluate(() => {
    const parts = [document.body.innerText];
    for (const el of document.querySelectorAll('[aria-label],[title],[placeholder]')) {
      for (const a of ['aria-label', 'title', 'placeholder']) if (el.hasAttribute(a)) parts.push(el.getAttribute(a));
    }
    return parts.join('\n');
  });
  for (const en of ENGLISH) if (text.includes(en)) fail(`${label}: English "${en}" shows`);
  return text;
}

// Practice mode
await page.goto(BASE + 'questions.html');
await page.click('.practice-toggle');
const first = page.locator('.qp-item').first();
const reveal = first.locator('button.reveal');
if ((await reveal.textContent()) !== 'Показать ответ') fail(`reveal button says "${await reveal.textContent()}"`);
await reveal.click();
if ((await reveal.textContent()) !== 'Скрыть ответ') fail(`open reveal button says "${await reveal.textContent()}"`);
await first.locator('[data-mark=knew]').click();
const progress = await page.locator('.practice-progress').textContent();
if (!progress.startsWith('Знаю 1 · повторить 0')) fail(`practice progress says "${progress}"`);
await noEnglish('practice mode');

// Study set
await page.click('.practice-toggle');
const boxes = page.locator('.qp-item input.study-pick');
await boxes.nth(0).check();
await boxes.nth(1).check();
const open = page.locator('.study-open');
if ((await open.textContent()) !== 'Открыть подборку (2 элемента)') fail(`study link says "${await open.textContent()}"`);
await noEnglish('study builder');
await page.goto(new URL(await open.getAttribute('href'), BASE + 'questions.html').href);
await page.waitForFunction(() => document.querySelector('.study-summary').textContent.length > 0);
const summary = await page.locator('.study-summary').textContent();
if (!summary.startsWith('2 элемента: 2 вопроса. Ответы скрыты.')) fail(`study summary says "${summary}"`);
if ((await page.locator('h1.study-title').textContent()) !== 'Подборка') fail('study title');
await page.locator('.study-all').click();
if ((await page.locator('.study-all').textContent()) !== 'Скрыть все ответы') fail('show-all button');
await noEnglish('study page');

// Search
await page.goto(BASE + 'osnovy.html');
await page.fill('#search-input', 'порт');
await page.waitForSelector('.search-result', { state: 'attached' });
const count = await page.locator('.search-count').textContent();
if (!/^\d+ результат/.test(count)) fail(`search count says "${count}"`);
const kinds = await page.locator('.sr-kind').allTextContents();
if (!kinds.length || kinds.some((k) => !['Глава', 'Раздел', 'Вопрос', 'Пример'].includes(k))) fail(`result kinds: ${kinds}`);
await page.fill('#search-input', 'зебра');
await page.waitForFunction(() => /Ничего не найдено/.test(document.querySelector('.search-count').textContent));
await noEnglish('search');
await page.goto(BASE + 'search.html?q=' + encodeURIComponent('сокет'));
await page.waitForFunction(() => /результат/.test(document.getElementById('search-page-status').textContent));
await noEnglish('search page');

await browser.close();
server.close();
for (const f of failures) console.log(`FAIL  ${f}`);
console.log(failures.length ? `${failures.length} failed` : 'PASS  practice mode, study set and search in Russian');
process.exit(failures.length ? 1 : 0);
