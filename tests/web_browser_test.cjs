// The web UI in a real browser (playwright-core driving Debian's Chromium): open the list,
// filter by type, open a case, click a field and see its evidence highlighted, search 紛失, view
// the dashboard, the digest and the indicators; sign in as an editor and correct a field in
// place; no console error (a CSP violation is one). Screenshots go to the directory given.
// Usage: node web_browser_test.cjs PLAYWRIGHT BASE_URL SHOTS_DIR CHROMIUM EDITOR_TOKEN
'use strict';
const { chromium } = require(process.argv[2]);
const [base, shots, exe, editorToken] = process.argv.slice(3);

let failures = 0;
function check(name, ok, detail) {
  if (ok) return;
  failures++;
  console.log('FAIL: ' + name + (detail === undefined ? '' : ' (' + detail + ')'));
}

(async () => {
  const browser = await chromium.launch({
    executablePath: exe,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  const count = async () => Number((await page.textContent('#count')).replace(/[^0-9]/g, ''));

  await page.goto(base + '/');
  const total = await count();
  check('the list shows the casebook', total >= 20, total);
  await page.screenshot({ path: shots + '/list.png' });

  await page.selectOption('select[name=type]', 'ransomware');
  await Promise.all([page.waitForNavigation(), page.click('form.filters button')]);
  const filtered = await count();
  check('filtering by type narrows the list', filtered > 0 && filtered < total, filtered);
  check('the filter state is a permalink', page.url().includes('type=ransomware'), page.url());
  const tags = await page.$$eval('#cases .tag.type', (els) => els.map((e) => e.textContent));
  check('every row is of that type', tags.length > 0 && tags.every((t) => t.includes('ランサムウェア')), tags);
  await page.screenshot({ path: shots + '/filtered.png' });

  await Promise.all([page.waitForNavigation(), page.click('#cases a >> nth=0')]);
  check('a case page opens', (await page.$$('dl.fields')).length === 1, page.url());
  const field = await page.$('button.ev[data-ev="announce_date"]');
  check('the announcement date is a clickable field', field !== null);
  if (field) {
    await field.click();
    const lit = await page.$$eval('pre.notice span.hl', (els) => els.map((e) => e.textContent));
    check('clicking it highlights its evidence in the notice', lit.length > 0 && /[0-9０-９]/.test(lit.join('')), lit);
    const on = await page.$$('button.ev.on');
    check('the clicked field is marked', on.length === 1, on.length);
  }
  await page.screenshot({ path: shots + '/case.png', fullPage: true });
  const caseUrl = page.url();

  await page.goto(base + '/search');
  await page.fill('input[name=q]', '紛失');
  await Promise.all([page.waitForNavigation(), page.press('input[name=q]', 'Enter')]);
  const marks = await page.$$eval('#hits mark', (els) => els.map((e) => e.textContent));
  check('searching 紛失 finds it, highlighted in snippets', marks.some((m) => m.includes('紛失')), marks);
  await page.screenshot({ path: shots + '/search.png' });

  await page.goto(base + '/dashboard');
  const charts = await page.$$('.chart svg');
  check('the dashboard draws its charts', charts.length >= 2, charts.length);
  const bars = await page.$$('#monthly svg rect[fill]');
  check('the monthly chart has bars', bars.length > 5, bars.length);
  await page.screenshot({ path: shots + '/dashboard.png', fullPage: true });

  await page.goto(base + '/digest?from=2031-05&to=2031-05');
  const items = await page.$$('#digest article');
  check('the digest page shows the window', items.length >= 1, items.length);
  const md = await page.getAttribute('a[href^="/digest.md"]', 'href');
  check('the digest offers Markdown for the same window', md !== null && md.includes('from=2031-05'), md);
  await page.screenshot({ path: shots + '/digest-page.png' });

  await page.goto(base + '/indicators');
  check('the indicators table lists indicators', (await count()) > 0);
  await page.screenshot({ path: shots + '/indicators.png' });

  // An editor signs in from the case page and corrects the cause in place.
  await page.goto(caseUrl);
  check('a reader sees no edit forms', (await page.$$('details.edit')).length === 0);
  await Promise.all([page.waitForNavigation(), page.click('#signin a')]);
  await page.fill('input[name=token]', editorToken);
  await Promise.all([page.waitForNavigation(), page.click('form.filters button')]);
  check('signing in returns to the case', page.url() === caseUrl, page.url());
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === 'jikenbo_session');
  check('the session cookie is HttpOnly and SameSite=Strict',
        session && session.httpOnly && session.sameSite === 'Strict', JSON.stringify(session));
  const causeForm = 'details.edit:has(input[name=field][value=cause])';
  check('the case page offers a correction beside each field', (await page.$$('details.edit')).length >= 10);
  await page.click(causeForm + ' summary');
  await page.fill(causeForm + ' input[name=value]', 'ブラウザから直した原因');
  await Promise.all([page.waitForNavigation(), page.click(causeForm + ' button')]);
  if ((await page.$$('dl.fields')).length === 0) console.log('after save: ' + page.url() + ' ' + (await page.content()).slice(0, 1500));
  const fields = await page.textContent('dl.fields');
  check('the corrected value shows on the case page', fields.includes('ブラウザから直した原因'), page.url());
  const log = await page.$('#log');
  check('the correction is in the case log under the editor',
        log !== null && (await log.textContent()).includes('browser-editor'));
  await page.screenshot({ path: shots + '/case-edited.png', fullPage: true });

  check('no console errors (CSP violations included)', errors.length === 0, errors.join(' | '));
  await browser.close();
  console.log(failures === 0 ? 'browser: all checks passed' : 'browser: ' + failures + ' failed');
  process.exit(failures === 0 ? 0 : 1);
})().catch((e) => { console.error(e); process.exit(1); });
