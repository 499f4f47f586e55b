// Drives the editor demo in headless Chromium: checks the automation contract, takes screenshots.
// Run from www/: node demo/editor.shots.mjs  (with the demo bundled and served on 127.0.0.1:8713)

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const PAGE = process.env.DEMO_URL ?? 'http://127.0.0.1:8713/demo/editor.html';
const SHOTS = new URL('./shots/', import.meta.url).pathname;
const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

const dir = mkdtempSync(join(tmpdir(), 'ts-editor-'));
const context = await chromium.launchPersistentContext(dir, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1040, height: 720 },
  deviceScaleFactor: 1,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = context.pages()[0] ?? (await context.newPage());
const consoleErrors = [];
page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && consoleErrors.push(m.text()));
page.on('pageerror', (e) => consoleErrors.push(String(e)));
const foreign = [];
page.on('request', (r) => !r.url().startsWith('http://127.0.0.1:8713/') && foreign.push(r.url()));

// The demo has no icon; the browser's automatic favicon request is not the editor's business.
await page.route('**/favicon.ico', (r) => r.fulfill({ status: 204, body: '' }));
await page.addInitScript(() => {
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`));
});
await page.goto(PAGE);
await page.waitForSelector('.cm-editor');
/** A screenshot of the page's main column and any popups the selectors name (they may hang below it). */
async function shot(name, ...popups) {
  const boxes = [await page.locator('main').boundingBox()];
  for (const sel of popups) boxes.push(await page.locator(sel).first().boundingBox());
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height)) + 16;
  await page.screenshot({ path: `${SHOTS}editor-${name}.png`, clip: { x, y, width: right - x, height: bottom - y } });
}

// 1. The blog query, highlighted.
await page.getByTestId('query-editor').click();
await page.keyboard.press('End');
const styles = await page.evaluate(() =>
  ['pipe', 'op', 'keyword', 'string', 'escape', 'wildcard', 'regexp', 'meta', 'url', 'term'].map(
    (k) => [k, document.querySelectorAll(`.cm-ts-${k}`).length],
  ),
);
check(styles.every(([, n]) => n > 0), `token classes present: ${styles.map(([k, n]) => `${k}=${n}`).join(' ')}`);
const colors = await page.evaluate(() => {
  const c = (sel) => getComputedStyle(document.querySelector(sel)).color;
  return { pipe: c('.cm-ts-pipe'), op: c('.cm-ts-op'), string: c('.cm-ts-string') };
});
check(new Set(Object.values(colors)).size === 3, `distinct colours for pipe/op/string: ${JSON.stringify(colors)}`);
await shot('highlight');

// 2. fill + Control+Enter: the contract the page's tests rely on.
const multi = `_sourceCategory = cm-core/cloudtrail  "\\"errorCode\\":\\"AccessDenied\\""
| json "userAgent","errorMessage" | json "userIdentity.userName" as user_name
| where userAgent contains "IntelliJ"   // "quotes" and | pipes in a comment
| count by user_name`;
await page.getByTestId('query-editor').fill(multi);
await page.getByTestId('query-editor').press('Control+Enter');
const held = await page.evaluate(() => window.trailscopeEditor.editor.getText());
check(held === multi, 'fill() of a multi-line query with quotes and pipes: editor text equals what was filled');
const status = await page.getByTestId('status').textContent();
check(/Ran 4 line/.test(status), `Control+Enter ran it: status "${status}"`);
const hist = await page.evaluate(() => window.trailscopeEditor.history.list());
check(hist[0] === multi, 'Control+Enter added it to history (newest first)');
const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('trailscope.history') || '[]'));
check(stored[0] === multi, "history persisted in localStorage 'trailscope.history'");

// A second fill replaces everything (no leftovers, no auto-closed quotes).
await page.getByTestId('query-editor').fill('"a" | count');
check((await page.evaluate(() => window.trailscopeEditor.editor.getText())) === '"a" | count', 'second fill() replaces the text exactly');

// Typing over a selection that spans lines (select all, type) and wrapping one in brackets.
await page.getByTestId('query-editor').fill('a\nb');
await page.keyboard.press('Control+a');
await page.keyboard.type('x');
check((await page.evaluate(() => window.trailscopeEditor.editor.getText())) === 'x', 'typing over a multi-line selection replaces it');
await page.getByTestId('query-editor').fill('a\nb');
await page.keyboard.press('Control+a');
await page.keyboard.type('(');
check((await page.evaluate(() => window.trailscopeEditor.editor.getText())) === '(a\nb)', 'typing ( over a multi-line selection wraps it');

// 3. A diagnostic with a hint.
await page.click('#load-typo');
await page.getByTestId('query-editor').press('Control+Enter');
const diag = page.getByTestId('diagnostic');
check(await diag.isVisible(), 'diagnostic shown');
const diagText = await diag.textContent();
check(/E201/.test(diagText) && /unknown operator/.test(diagText) && /did you mean/.test(diagText), `diagnostic text: "${diagText}"`);
const underlined = await page.locator('.cm-ts-diag').allTextContents();
check(underlined.join('|') === 'cont', `underlined span: ${JSON.stringify(underlined)}`);
await page.mouse.move(0, 0);
await shot('diagnostic');

// The fix button replaces the word; the change clears the diagnostic.
await page.click('.ts-diag-fix');
check((await page.evaluate(() => window.trailscopeEditor.editor.getText())).endsWith('| count by userAgent'), 'hint button applied the fix');
check(!(await diag.isVisible()) && (await page.locator('.cm-ts-diag').count()) === 0, 'editing cleared the diagnostic and underline');

// Hostile text stays text, and a span after an astral character lands right (UTF-16 offsets).
await page.evaluate(() => {
  const { editor } = window.trailscopeEditor;
  editor.setText('"😀é" | cont <img src=x onerror="window.__pwned=1">');
  const text = editor.getText();
  const s = text.indexOf('cont');
  editor.showDiagnostic({
    code: 'E201', message: 'unknown operator `<img src=x onerror="window.__pwned=1">`', unsupported: false,
    labels: [{ start: { line: 1, column: 8, utf16: s }, end: { line: 1, column: 12, utf16: s + 4 }, span: { start: 0, end: 0 }, text: '<b>label</b>' }],
    hints: ['<script>window.__pwned=2</script>'],
  });
});
check((await page.locator('.cm-ts-diag').allTextContents()).join('') === 'cont', 'utf16 span after an emoji underlines exactly `cont`');
check((await diag.locator('img, b, script').count()) === 0 && !(await page.evaluate(() => window.__pwned)), 'diagnostic text never becomes HTML');
await page.evaluate(() => window.trailscopeEditor.editor.showDiagnostic(null));
check(!(await diag.isVisible()), 'showDiagnostic(null) hides it');

// 4. Completion: operators after a pipe, fields/functions elsewhere.
await page.getByTestId('query-editor').fill('_sourceCategory=cloudtrail "ConsoleLogin"\n| json "userAgent"\n');
await page.keyboard.type('| ');
await page.waitForSelector('.cm-tooltip-autocomplete');
const ops = await page.locator('.cm-tooltip-autocomplete li').allTextContents();
check(ops.some((t) => t.startsWith('count')) && ops.some((t) => t.startsWith('where')), `operators after a pipe: ${ops.slice(0, 6).join(', ')}...`);
await page.waitForTimeout(100);
await shot('completion-operators', '.cm-tooltip-autocomplete');
await page.keyboard.type('wh');
await page.keyboard.press('Enter');
await page.keyboard.type(' is');
await page.waitForSelector('.cm-tooltip-autocomplete');
await page.waitForTimeout(100);
await shot('completion-functions', '.cm-tooltip-autocomplete');
await page.keyboard.type('Priv');
await page.waitForTimeout(100);
await page.keyboard.press('Enter');
check((await page.evaluate(() => window.trailscopeEditor.editor.getText())).endsWith('| where isPrivateIP()'), 'picking an operator then a function (with parentheses)');
await page.keyboard.type('user');
await page.waitForSelector('.cm-tooltip-autocomplete');
await page.waitForTimeout(150);
await shot('completion', '.cm-tooltip-autocomplete');
const fieldOpts = await page.locator('.cm-tooltip-autocomplete li').allTextContents();
check(fieldOpts.some((t) => t.startsWith('userAgent')) && fieldOpts.some((t) => t.startsWith('userIdentity.userName')), `fields from the data: ${fieldOpts.slice(0, 5).join(', ')}`);
await page.keyboard.press('Escape');

// Control+Enter with the completion list open still runs (and closes the list).
await page.keyboard.type('A');
await page.waitForSelector('.cm-tooltip-autocomplete');
await page.keyboard.press('Control+Enter');
check((await page.locator('.cm-tooltip-autocomplete').count()) === 0 && /Ran/.test(await page.getByTestId('status').textContent()), 'Control+Enter runs with the completion list open');

// 5. The history menu, by keyboard.
await page.evaluate(() => {
  const { history, editor } = window.trailscopeEditor;
  history.add('_sourceCategory = cm-core/cloudtrail  "\\"errorCode\\":\\"AccessDenied\\""\n| json "userAgent"\n| count by userAgent');
  history.add('"ConsoleLogin" | json "userAgent" as ua | where ua = "<img src=x onerror=alert(1)>" | count');
  editor.setText('');
});
await page.click('#history');
const menu = page.getByTestId('history-menu');
check(await menu.isVisible(), 'history menu opens');
const items = await page.getByTestId('history-item').allTextContents();
check(items.length >= 3 && items[0].includes('<img src=x'), `history items newest first, as text (${items.length})`);
check((await menu.locator('img').count()) === 0, 'history entries are text, not HTML');
const focused = await page.evaluate(() => document.activeElement?.dataset?.testid);
check(focused === 'history-item', 'focus moves into the menu');
await page.keyboard.press('ArrowDown');
await shot('history', '.ts-history-menu');
await page.keyboard.press('Enter');
check(!(await menu.isVisible()), 'Enter picks and closes');
const picked = await page.evaluate(() => window.trailscopeEditor.editor.getText());
check(picked === items[1].replace(/\+ \d+ more lines?$/, ''), 'the picked entry is in the editor');
await page.click('#history');
await page.keyboard.press('Escape');
check(!(await menu.isVisible()) && (await page.evaluate(() => document.activeElement.id)) === 'history', 'Escape closes and returns focus to the button');
await page.keyboard.press('ArrowDown');
check(await menu.isVisible(), 'ArrowDown on the button opens the menu');
await page.click('#history');
check(!(await menu.isVisible()), 'pressing the button again closes it');
check((await page.getAttribute('#history', 'aria-expanded')) === 'false', 'aria-expanded follows');

// Clear history (the last item), then the menu says there is nothing yet.
await page.click('#history');
await page.keyboard.press('End');
await page.keyboard.press('Enter');
check((await page.evaluate(() => window.trailscopeEditor.history.list().length)) === 0, 'Clear history empties it');
await page.click('#history');
check(/No queries yet/.test(await menu.textContent()), 'an empty history says so');
await page.keyboard.press('Escape');

// 6. Undo, search, bracket closing, line wrapping.
await page.evaluate(() => window.trailscopeEditor.editor.setText(''));
await page.getByTestId('query-editor').click();
await page.keyboard.type('count(');
check((await page.evaluate(() => window.trailscopeEditor.editor.getText())) === 'count()', 'bracket closing');
await page.keyboard.press('Control+z');
check((await page.evaluate(() => window.trailscopeEditor.editor.getText())) !== 'count()', 'undo');
await page.keyboard.press('Control+f');
check((await page.locator('.cm-search').count()) === 1, 'search panel opens');
await page.keyboard.press('Escape');
const wraps = await page.evaluate(() => getComputedStyle(document.querySelector('.cm-content')).whiteSpace);
check(wraps.includes('pre-wrap') || wraps.includes('break-spaces'), `line wrapping (${wraps})`);

// setText does not call onChange (as setting an input's value fires no input event); typing does.
await page.evaluate(() => (document.getElementById('status').textContent = 'before'));
await page.click('#load-blog');
check((await page.getByTestId('status').textContent()) === 'before', 'setText does not call onChange');
await page.keyboard.type(' ');
check(/Edited/.test(await page.getByTestId('status').textContent()), 'typing calls onChange');

// Operator names that arrive later from the engine are highlighted as operators.
await page.evaluate(() => window.trailscopeEditor.editor.setText('x | frob(a)'));
check((await page.locator('.cm-ts-op').count()) === 0, 'an unknown name with ( after a pipe is a function call');
await page.evaluate(() => window.trailscopeEditor.editor.setVocabulary({ operators: ['frob'], functions: [] }));
check((await page.locator('.cm-ts-op').allTextContents()).join() === 'frob', 'setVocabulary: new operator names highlight');

// The empty editor shows how to start.
await page.evaluate(() => window.trailscopeEditor.editor.setText(''));
await page.locator('#status').click();
await shot('empty');

// 7. No CSP violation, no foreign request, nothing in the console.
await page.click('#load-blog');
const csp = await page.evaluate(() => window.__csp);
check(csp.length === 0, `no CSP violation ${JSON.stringify(csp)}`);
check(consoleErrors.length === 0, `no console errors or warnings ${JSON.stringify(consoleErrors)}`);
check(foreign.length === 0, `no request outside the origin ${JSON.stringify(foreign)}`);
const styleNonces = await page.evaluate(() => [...document.querySelectorAll('style')].map((s) => s.nonce));
check(styleNonces.length > 0 && styleNonces.every((n) => n === 'demo123'), `CodeMirror <style> elements carry the nonce (${styleNonces.length})`);

await context.close();
rmSync(dir, { recursive: true, force: true });
console.log(failures.length ? `\n${failures.length} failed` : '\nall passed');
process.exit(failures.length ? 1 : 0);
