// The web UI in a real browser (playwright-core driving Debian's Chromium): open the list,
// filter by type, open a case, click a field and see its evidence highlighted, search 紛失, view
// the dashboard, the digest and the indicators; sign in as an editor and correct a field in
// place; no console error (a CSP violation is one); no chart text cut off. Then the same pages
// for a browser that asks for English: English throughout, and the header's switch to Japanese
// remembered. Screenshots go to the directory given.
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

// The texts of the page's charts that are cut: outside their SVG's drawing area, or the SVG
// itself wider than the page's main column (a legend off the right edge).
function chartTextsOutside(p) {
  return p.$$eval('.chart svg', (svgs) => {
    const out = [];
    for (const svg of svgs) {
      const vb = svg.viewBox.baseVal;
      const main = document.querySelector('main').getBoundingClientRect();
      const box = svg.getBoundingClientRect();
      if (box.right > main.right + 1) out.push('chart wider than the page: ' + svg.getAttribute('aria-label'));
      for (const t of svg.querySelectorAll('text')) {
        const b = t.getBBox();
        if (b.x < -0.5 || b.x + b.width > vb.width + 0.5) out.push(t.textContent + ' (' + Math.round(b.x) + '+' + Math.round(b.width) + ' of ' + vb.width + ')');
      }
    }
    return out;
  });
}

(async () => {
  const browser = await chromium.launch({
    executablePath: exe,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage({ locale: 'ja-JP', viewport: { width: 1200, height: 900 } });
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
  const cut = await chartTextsOutside(page);
  check('every chart title, label and legend fits inside its chart and the page', cut.length === 0, cut.join(' | '));
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

  // The same UI in English: a reader whose browser asks for English gets it, every label and
  // legend included; the switch in the header goes to Japanese and is remembered.
  const en = await browser.newContext({ locale: 'en-US', viewport: { width: 1200, height: 900 } });
  const ep = await en.newPage();
  const enErrors = [];
  ep.on('console', (m) => { if (m.type() === 'error') enErrors.push(m.text()); });
  const japanese = /[\u3000-\u9fff\uff00-\uffef]/;
  // The page's own words (not the notices' titles, names and text): headers, labels, options,
  // buttons, terms, navigation, counts, chart texts.
  const ownWords = () => ep.$$eval(
    'header nav a, th, dt, label, option, button:not(.ev), summary, h2, #count, .card, .chart svg text, .chart svg title',
    (els) => els.filter((e) => !e.closest('[lang="ja"]'))  // the digest's prose, the switch
      .map((e) => (e.tagName === 'LABEL' ? e.firstChild.textContent : e.textContent)));
  for (const path of ['/', '/search?q=' + encodeURIComponent('紛失'), '/dashboard', '/digest?from=2031-05&to=2031-05', '/indicators', caseUrl.replace(base, '')]) {
    await ep.goto(base + path);
    check('English for an English browser: ' + path, (await ep.getAttribute('html', 'lang')) === 'en');
    const words = (await ownWords()).filter((w) => japanese.test(w));
    check('no Japanese in the English page\'s own words: ' + path, words.length === 0, words.slice(0, 5).join(' | '));
  }
  await ep.goto(base + '/');
  const enTags = await ep.$$eval('#cases .tag.type', (els) => els.map((e) => e.textContent));
  check('types and kinds are named in English in the list', enTags.length > 0 && enTags.every((t) => !japanese.test(t)), enTags.slice(0, 5));
  await ep.screenshot({ path: shots + '/list-en.png' });
  await ep.goto(base + '/dashboard');
  const enCut = await chartTextsOutside(ep);
  check('every English chart title, label and legend fits', enCut.length === 0, enCut.join(' | '));
  await ep.screenshot({ path: shots + '/dashboard-en.png', fullPage: true });
  await ep.goto(caseUrl);
  await ep.screenshot({ path: shots + '/case-en.png', fullPage: true });
  await Promise.all([ep.waitForNavigation(), ep.click('#lang')]);
  check('the switch shows the same page in Japanese', ep.url() === caseUrl && (await ep.getAttribute('html', 'lang')) === 'ja', ep.url());
  await ep.goto(base + '/dashboard');
  check('the choice is remembered over the browser\'s language', (await ep.getAttribute('html', 'lang')) === 'ja');
  await Promise.all([ep.waitForNavigation(), ep.click('#lang')]);
  check('and switches back', (await ep.getAttribute('html', 'lang')) === 'en' && ep.url().endsWith('/dashboard'), ep.url());
  check('no console errors in English', enErrors.length === 0, enErrors.join(' | '));
  await en.close();
  await browser.close();
  console.log(failures === 0 ? 'browser: all checks passed' : 'browser: ' + failures + ' failed');
  process.exit(failures === 0 ? 0 : 1);
})().catch((e) => { console.error(e); process.exit(1); });
