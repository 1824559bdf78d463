#!/usr/bin/env node
// Browser checks for issue 6 (links for candidates), run by tests/candidates_browser.rs:
//
//   node tests/browser/candidates.mjs <guide-site> <aliased-site> <many-site>
//
// <guide-site> is the bundled guide built by quire; <aliased-site> is the fixture
// tests/fixtures/permalinks-aliased built by quire (a renamed chapter, section and question,
// each kept with an alias); <many-site> has hundreds of questions, so that its study set
// data is spread over several files. Each site is checked over HTTP (the aliased one under the
// sub-path /guide/) and from file://. One headless Chromium (the system /usr/bin/chromium,
// driven by playwright-core); every check prints PASS/FAIL; exit status 1 if any failed.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.QUIRE_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TIMEOUT = 15_000;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const [guideArg, aliasedArg, manyArg] = process.argv.slice(2);
if (!guideArg || !aliasedArg || !manyArg) {
  console.error('usage: node tests/browser/candidates.mjs <guide-site> <aliased-site> <many-site>');
  process.exit(2);
}
const GUIDE = path.resolve(guideArg);
const ALIASED = path.resolve(aliasedArg);
const MANY = path.resolve(manyArg);
for (const dir of [GUIDE, ALIASED, MANY]) {
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    console.error(`error: ${dir} has no index.html (is it a built quire site?)`);
    process.exit(2);
  }
}
const QUESTIONS = JSON.parse(fs.readFileSync(path.join(GUIDE, 'questions.json'), 'utf8')).questions;

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml' };

/** A static server for `root` under `prefix` on 127.0.0.1. */
function serve(root, prefix) {
  const server = http.createServer((req, res) => {
    let pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!pathname.startsWith(prefix)) { res.writeHead(404); return res.end('not found'); }
    let file = path.join(root, pathname.slice(prefix.length));
    if (file.endsWith(path.sep) || file === root) file = path.join(file, 'index.html');
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404); return res.end('not found');
    }
    res.writeHead(200, { 'content-type': MIME[path.extname(file)] || 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () =>
    resolve({ server, base: `http://127.0.0.1:${server.address().port}${prefix}` })));
}

const results = [];
async function check(name, fn) {
  const failures = [];
  try {
    await fn((msg) => failures.push(msg));
  } catch (err) {
    failures.push(`crashed: ${err && err.stack ? err.stack : err}`);
  }
  results.push(failures.length === 0);
  console.log(`${failures.length === 0 ? 'PASS' : 'FAIL'}  ${name}`);
  for (const f of failures) console.log(`      - ${f}`);
}

let browser;
const pageErrors = [];
async function newPage() {
  const ctx = await browser.newContext();
  // Nothing may be fetched from another host.
  await ctx.route((url) => !/^(http:\/\/127\.0\.0\.1|file:|data:|about:)/.test(url.href), (r) => {
    pageErrors.push(`request to another host: ${r.request().url()}`);
    return r.abort();
  });
  const page = await ctx.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
  page.on('dialog', (d) => d.accept());
  return page;
}

const fileUrl = (root, rel) => pathToFileURL(path.join(root, rel.split('#')[0])).href + (rel.includes('#') ? `#${rel.split('#')[1]}` : '');

async function axe(page, fail, label) {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const r = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), AXE_TAGS);
  for (const v of r.violations) fail(`${label}: axe ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
}

// ---------------------------------------------------------------- share page

async function checkShareReveal(base, fail) {
  const page = await newPage();
  const q = QUESTIONS[0];
  await page.goto(base(q.share_url));
  const button = page.locator('button.reveal');
  const answer = page.locator('#answer');
  if (await answer.isVisible()) fail('the answer is visible before "Show answer"');
  if ((await button.getAttribute('aria-controls')) !== 'answer') fail('button lacks aria-controls="answer"');
  if ((await button.getAttribute('aria-expanded')) !== 'false') fail('aria-expanded is not "false" at first');
  // Mouse.
  await button.click();
  if (!(await answer.isVisible())) fail('click: the answer did not appear');
  if ((await button.getAttribute('aria-expanded')) !== 'true') fail('click: aria-expanded did not become "true"');
  const shown = (await answer.innerText()).replace(/\s+/g, ' ').trim();
  if (!shown.startsWith(q.answer_text.slice(0, 30))) fail(`answer text is "${shown.slice(0, 60)}"`);
  await button.click();
  if (await answer.isVisible()) fail('second click: the answer stayed visible');
  // Keyboard only: Tab to the button, Enter and Space.
  await page.reload();
  let reached = false;
  for (let i = 0; i < 80 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement && document.activeElement.matches('button.reveal'));
  }
  if (!reached) fail('Tab never reached the "Show answer" button');
  await page.keyboard.press('Enter');
  if (!(await answer.isVisible())) fail('Enter: the answer did not appear');
  if ((await button.getAttribute('aria-expanded')) !== 'true') fail('Enter: aria-expanded is not "true"');
  await page.keyboard.press('Space');
  if (await answer.isVisible()) fail('Space: the answer did not hide again');
  if ((await button.getAttribute('aria-expanded')) !== 'false') fail('Space: aria-expanded is not "false"');
  // Previous/next and the context link.
  const next = await page.locator('a[rel=next]').getAttribute('href');
  if (next !== QUESTIONS[1].share_url.replace(/^q\//, '')) fail(`next question link is ${next}`);
  await page.locator('a[rel=next]').click();
  await page.waitForURL((u) => u.href.includes(QUESTIONS[1].share_url));
  await page.locator('.share-context a').click();
  await page.waitForURL((u) => u.hash === `#${QUESTIONS[1].id}`);
  await page.context().close();
}

// ---------------------------------------------------------------- questions page controls

// The questions page ships each question as its link, share link and hidden answer; the script
// adds the study-set box, "Show answer", "Copy link" and the practice marks to every one.
async function checkQuestionControls(base, fail) {
  const page = await newPage();
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(base('')).origin });
  await page.goto(base('questions.html'));
  const items = await page.locator('.qp-item').evaluateAll((els) => els.map((li) => {
    const share = li.querySelector('a.q-share');
    const copy = li.querySelector('button.copy-share');
    const box = li.querySelector('.qp-head input.study-pick');
    const reveal = li.querySelector('button.reveal');
    const answer = reveal && document.getElementById(reveal.getAttribute('aria-controls'));
    const title = reveal && document.getElementById(reveal.getAttribute('aria-describedby'));
    return { key: li.dataset.key, share: share && share.getAttribute('href'), copy: copy && copy.dataset.href,
      box: box && box.value, label: box && box.getAttribute('aria-label'),
      answer: Boolean(answer && li.contains(answer) && answer.hidden), title: title && title.textContent,
      marks: li.querySelectorAll('.qp-mark[hidden] button[data-mark]').length };
  }));
  if (items.length !== QUESTIONS.length) fail(`${items.length} questions on the page, ${QUESTIONS.length} in questions.json`);
  const shares = new Set(QUESTIONS.map((q) => q.share_url));
  for (const it of items) {
    if (!shares.has(it.share)) fail(`${it.key}: share link ${it.share} is no share page`);
    if (it.copy !== it.share) fail(`${it.key}: "Copy link" copies ${it.copy}, the share link is ${it.share}`);
    if (it.box !== it.key) fail(`${it.key}: study-set box has value ${it.box}`);
    if (!it.title || it.label !== `Add to the study set: ${it.title}`) fail(`${it.key}: study-set box labelled ${it.label}`);
    if (!it.answer) fail(`${it.key}: "Show answer" does not control the item's hidden answer`);
    if (it.marks !== 2) fail(`${it.key}: ${it.marks} practice-mark buttons`);
  }
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await page.locator('.qp-item button.copy-share').first().click();
  let copied = '';
  for (let i = 0; i < 40 && !copied; i++) {
    await new Promise((r) => setTimeout(r, 50));
    copied = await page.evaluate(() => navigator.clipboard.readText());
  }
  const want = new URL(items[0].share, page.url()).href;
  if (copied !== want) fail(`"Copy link" put ${JSON.stringify(copied)} on the clipboard, expected ${want}`);
  await page.context().close();
}

// ---------------------------------------------------------------- study sets

async function checkStudySet(base, fail, { label }) {
  const page = await newPage();
  await page.goto(base('questions.html'));
  const [a, b] = [QUESTIONS[4], QUESTIONS[1]];
  // Tick B, then A, then a section (order of ticking = order of the set).
  await page.locator(`input.study-pick[value="${b.id}"]`).check();
  await page.locator(`input.study-pick[value="${a.id}"]`).check();
  const details = page.locator('details.qp-sections').first();
  await details.locator('summary').click();
  const sectionBox = details.locator('input.study-pick').first();
  const sectionKey = await sectionBox.getAttribute('value');
  await sectionBox.check();
  await page.locator('input[name=study-answers][value=shown]').check();
  const href = await page.locator('a.study-open').getAttribute('href');
  const want = `study.html#set=${b.id},${a.id},${sectionKey}&answers=shown`;
  if (href !== want) fail(`${label}: study link is ${href}, expected ${want}`);
  const chosen = await page.locator('.study-chosen li').count();
  if (chosen !== 3) fail(`${label}: the builder lists ${chosen} items`);
  await axe(page, fail, `${label} questions.html with a study set`);
  await page.locator('a.study-open').click();
  await page.waitForURL((u) => u.pathname.endsWith('study.html'));
  await page.waitForSelector('.study-list li.study-item');
  const keys = await page.locator('.study-list > li.study-item').evaluateAll((els) => els.map((e) => e.dataset.key));
  if (keys.join(',') !== [b.id, a.id, sectionKey].join(',')) fail(`${label}: study page shows ${keys.join(',')}`);
  const visibleAnswers = await page.locator('.study-answer:visible').count();
  if (visibleAnswers !== 2) fail(`${label}: answers=shown shows ${visibleAnswers} answers, expected 2`);
  if (await page.locator('.study-missing').isVisible()) fail(`${label}: a missing-items alert on a good set`);
  await axe(page, fail, `${label} study.html`);
  // A section lists its questions, each linking to its share page.
  const withQuestions = QUESTIONS.find((q) => q.section_id);
  const sectionQs = QUESTIONS.filter((q) => q.section_id === withQuestions.section_id && q.chapter_url === withQuestions.chapter_url);
  await page.goto(base(`study.html#set=${withQuestions.section_id}&answers=hidden`));
  await page.waitForSelector('.study-list li.study-section');
  const listed = await page.locator('.study-section li a').evaluateAll((els) => els.map((a) => [a.getAttribute('href'), a.textContent]));
  const wantListed = sectionQs.map((q) => [q.share_url, q.question_text]);
  if (JSON.stringify(listed) !== JSON.stringify(wantListed)) fail(`${label}: section ${withQuestions.section_id} lists ${JSON.stringify(listed)}, expected ${JSON.stringify(wantListed)}`);
  // An id that no longer exists is reported, not dropped silently; answers hidden.
  await page.goto(base(`study.html#set=${a.id},q-no-such-question&answers=hidden`));
  await page.waitForSelector('.study-list li.study-item');
  const missing = page.locator('.study-missing');
  if (!(await missing.isVisible())) fail(`${label}: no alert for an unknown id`);
  else if (!(await missing.innerText()).includes('q-no-such-question')) fail(`${label}: the alert does not name the unknown id`);
  if ((await missing.getAttribute('role')) !== 'alert') fail(`${label}: the unknown-id message is not role=alert`);
  const items = await page.locator('.study-list > li').count();
  if (items !== 1) fail(`${label}: ${items} items shown, expected 1`);
  if ((await page.locator('.study-answer:visible').count()) !== 0) fail(`${label}: answers=hidden shows an answer`);
  await page.locator('.study-list button.reveal').click();
  if ((await page.locator('.study-answer:visible').count()) !== 1) fail(`${label}: "Show answer" on the study page`);
  await page.context().close();
}

// Ids that are names of a plain object's fields (constructor, __proto__…): the valid item is
// still shown, and each of them is reported as not in this guide.
async function checkStudySetWithInheritedNames(base, fail, { label }) {
  const page = await newPage();
  const valid = QUESTIONS[4].id;
  const inherited = ['constructor', 'hasOwnProperty', '__proto__', 'toString', 'valueOf'];
  await page.goto(base(`study.html#set=constructor,${valid},${inherited.slice(1).join(',')}&answers=hidden`));
  await page.waitForSelector('.study-list li.study-item', { timeout: 5000 }).catch(() => {});
  const shown = await page.locator('.study-list > li.study-item').evaluateAll((els) => els.map((e) => e.dataset.key));
  if (shown.join(',') !== valid) fail(`${label}: the set shows [${shown.join(',')}], expected ${valid}`);
  const missing = page.locator('.study-missing');
  const notice = (await missing.isVisible()) ? await missing.innerText() : '';
  for (const name of inherited) {
    if (!notice.includes(name)) fail(`${label}: the "not in this guide" notice does not name ${name}: "${notice}"`);
  }
  await page.context().close();
}

// A big site's study data is spread over several files; a set loads the ones it needs and
// shows every item, in the order of the link, whichever file holds it.
async function checkStudyShards(base, fail, { label }) {
  const questions = JSON.parse(fs.readFileSync(path.join(MANY, 'questions.json'), 'utf8')).questions;
  const files = fs.readdirSync(path.join(MANY, 'study')).length;
  if (files < 4) fail(`${label}: ${questions.length} questions in only ${files} study data files`);
  // Three questions and a section: fewer keys than data files, so a set that loaded every
  // file would be caught.
  const picked = questions.filter((_, i) => i % 37 === 5).reverse().slice(0, 3);
  const section = questions[100].section_id;
  const keys = [...picked.map((q) => q.share_url.replace(/^q\//, '').replace(/\.html$/, '')), section];
  const page = await newPage();
  await page.goto(base(`study.html#set=${keys.join(',')}&answers=hidden`));
  await page.waitForSelector('.study-list li.study-item');
  const shown = await page.locator('.study-list > li.study-item').evaluateAll((els) => els.map((e) => e.dataset.key));
  if (shown.join(',') !== keys.join(',')) fail(`${label}: study page shows ${shown.join(',')}, expected ${keys.join(',')}`);
  const prompts = await page.locator('.study-question .study-prompt').allInnerTexts();
  const want = picked.map((q) => q.question_text);
  if (JSON.stringify(prompts) !== JSON.stringify(want)) fail(`${label}: prompts ${JSON.stringify(prompts.slice(0, 3))}…, expected ${JSON.stringify(want.slice(0, 3))}…`);
  if (await page.locator('.study-missing').isVisible()) fail(`${label}: a missing-items alert on a good set`);
  const loaded = await page.locator('script[src^="study/"]').count();
  if (loaded === 0 || loaded >= files) fail(`${label}: loaded ${loaded} of ${files} data files for ${keys.length} items`);
  await page.context().close();
}

// ---------------------------------------------------------------- practice mode

async function checkPractice(base, fail) {
  const page = await newPage();
  await page.goto(base('questions.html'));
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  const answersVisible = () => page.locator('.qp-answer:visible').count();
  const reveal = (i) => page.locator('.qp-item').nth(i).locator('button.reveal');
  if ((await answersVisible()) !== 0) fail('answers are visible on load');
  await reveal(0).click();
  await reveal(1).click();
  if ((await answersVisible()) !== 2) fail('outside practice mode two answers can be open');
  await page.locator('.practice-toggle').click();
  if ((await page.locator('.practice-toggle').getAttribute('aria-pressed')) !== 'true') fail('toggle is not aria-pressed');
  if ((await answersVisible()) !== 0) fail('practice mode did not hide every answer');
  await reveal(0).click();
  await reveal(2).click();
  if ((await answersVisible()) !== 1) fail(`practice mode shows ${await answersVisible()} answers, expected one at a time`);
  if (!(await page.locator('.qp-item').nth(2).locator('.qp-answer').isVisible())) fail('the last revealed answer is not the one shown');
  const item = page.locator('.qp-item').nth(2);
  await item.locator('.qp-mark button[data-mark=knew]').click();
  const progress = await page.locator('.practice-progress').innerText();
  if (!progress.includes('Known 1')) fail(`progress says "${progress}"`);
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.closest('.qp-item')?.dataset.key);
  const third = await page.locator('.qp-item').nth(3).getAttribute('data-key');
  if (focused !== third) fail(`after marking, focus is on ${focused}, expected the next question ${third}`);
  await axe(page, fail, 'questions.html in practice mode');
  // Progress is kept in this browser.
  const key = await item.getAttribute('data-key');
  await page.reload();
  if ((await page.locator(`.qp-item[data-key="${key}"]`).getAttribute('data-mark')) !== 'knew') fail('the mark did not survive a reload');
  // Filter by chapter, then by "known".
  await page.locator('.practice-chapter').selectOption('2');
  const chapters = await page.locator('.qp-item:visible').evaluateAll((els) => els.map((e) => e.dataset.chapter));
  if (chapters.length === 0 || chapters.some((c) => c !== '2')) fail(`chapter filter shows chapters ${chapters}`);
  await page.locator('.practice-chapter').selectOption('');
  await page.locator('.practice-filter').selectOption('knew');
  const known = await page.locator('.qp-item:visible').count();
  if (known !== 1) fail(`"Known" filter shows ${known} questions`);
  await page.locator('.practice-filter').selectOption('');
  // Shuffle gathers every question in one list; again restores chapter order.
  const before = await page.locator('.qp-item').evaluateAll((els) => els.map((e) => e.dataset.key).join(','));
  await page.locator('.practice-shuffle').click();
  const shuffled = await page.locator('.qp-shuffled .qp-item').count();
  if (shuffled !== QUESTIONS.length) fail(`shuffled list has ${shuffled} questions`);
  await page.locator('.practice-shuffle').click();
  const after = await page.locator('.qp-item').evaluateAll((els) => els.map((e) => e.dataset.key).join(','));
  if (before !== after) fail('unshuffling did not restore the order');
  await page.context().close();
}

// ---------------------------------------------------------------- aliases

async function checkAliases(base, fail, { label }) {
  const page = await newPage();
  const land = async (from, wantPath, wantHash, ensureId) => {
    await page.goto(base(from));
    try {
      await page.waitForURL((u) => u.pathname.endsWith(wantPath) && u.hash === wantHash, { timeout: 5000 });
    } catch {
      return fail(`${label}: ${from} landed on ${page.url()}, expected …${wantPath}${wantHash}`);
    }
    if (ensureId && (await page.locator(`[id="${ensureId}"]`).count()) !== 1) fail(`${label}: ${from}: no #${ensureId} on the page`);
  };
  await land('two.html', '/deux.html', '', null);
  await land('two.html#detail', '/deux.html', '#detail', 'detail');
  await land('two.html#two', '/deux.html', '#deux', 'deux');
  await land('one.html#part', '/one.html', '#portion', 'portion');
  await land('one.html#q-what-is-a-part', '/one.html', '#q-what-is-a-portion', 'q-what-is-a-portion');
  await land('q/q-what-is-a-part.html', '/q/q-what-is-a-portion.html', '', null);
  // The new heading is where the reader lands.
  await page.goto(base('one.html#part'));
  await page.waitForFunction(() => location.hash === '#portion');
  await page.waitForTimeout(200);
  const inView = await page.evaluate(() => {
    const r = document.getElementById('portion').getBoundingClientRect();
    return r.top >= 0 && r.top < window.innerHeight;
  });
  if (!inView) fail(`${label}: one.html#part did not scroll to the renamed heading`);
  // A study set made before the renames still finds its items.
  await page.goto(base('study.html#set=q-what-is-a-part,part&answers=hidden'));
  await page.waitForSelector('.study-list li.study-item');
  const keys = await page.locator('.study-list > li.study-item').evaluateAll((els) => els.map((e) => e.dataset.key));
  if (keys.join(',') !== 'q-what-is-a-portion,portion') fail(`${label}: old study set shows ${keys.join(',')}`);
  if (await page.locator('.study-missing').isVisible()) fail(`${label}: old study-set ids reported missing`);
  await page.context().close();
}

// ---------------------------------------------------------------- main

const guideServer = await serve(GUIDE, '/');
const aliasedServer = await serve(ALIASED, '/guide/');
const manyServer = await serve(MANY, '/guide/');
browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
const httpGuide = (rel) => guideServer.base + rel;
const diskGuide = (rel) => fileUrl(GUIDE, rel);
const httpAliased = (rel) => aliasedServer.base + rel;
const diskAliased = (rel) => fileUrl(ALIASED, rel);
try {
  await check('share page: "Show answer" with mouse and keyboard, prev/next, context link (http)', (fail) => checkShareReveal(httpGuide, fail));
  await check('share page: "Show answer" with mouse and keyboard (file://)', (fail) => checkShareReveal(diskGuide, fail));
  await check('questions page: every question has its study-set box, "Show answer", share link and "Copy link"', (fail) => checkQuestionControls(httpGuide, fail));
  await check('study set: tick on the questions page, open the link, exactly those items (http)', (fail) => checkStudySet(httpGuide, fail, { label: 'http' }));
  await check('study set: the same from file://', (fail) => checkStudySet(diskGuide, fail, { label: 'file' }));
  await check('study set naming constructor, hasOwnProperty, __proto__, toString, valueOf: the valid item shown, the rest reported (http)', (fail) => checkStudySetWithInheritedNames(httpGuide, fail, { label: 'http' }));
  await check('study set naming inherited field names: the same from file://', (fail) => checkStudySetWithInheritedNames(diskGuide, fail, { label: 'file' }));
  await check('study set on a big site: items from several data files, in order (http, sub-path)', (fail) => checkStudyShards((rel) => manyServer.base + rel, fail, { label: 'http' }));
  await check('study set on a big site: the same from file://', (fail) => checkStudyShards((rel) => fileUrl(MANY, rel), fail, { label: 'file' }));
  await check('practice mode: hide all, one at a time, marks kept, filters, shuffle', (fail) => checkPractice(httpGuide, fail));
  await check('aliases: old pages and fragments land on the renamed headings (hosted at /guide/)', (fail) => checkAliases(httpAliased, fail, { label: 'http' }));
  await check('aliases: the same from file://', (fail) => checkAliases(diskAliased, fail, { label: 'file' }));
  await check('no page error and no request to another host', (fail) => pageErrors.forEach(fail));
} finally {
  await browser.close();
  guideServer.server.close();
  aliasedServer.server.close();
  manyServer.server.close();
}
const failed = results.filter((ok) => !ok).length;
console.log(failed ? `${failed} of ${results.length} candidate checks FAILED` : `all ${results.length} candidate checks passed`);
process.exit(failed ? 1 : 0);
