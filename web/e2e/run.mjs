// End-to-end test of the web app in a real browser: Debian's chromium driven
// by playwright-core, against a `vanban serve` this script starts itself.
//
//   node e2e/run.mjs [--vanban ../target/debug/vanban] [--screens ../docs/screens]
//
// Every step is what a văn thư does; any failed expectation exits non-zero.

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const vanban = resolve(args.vanban || join(repo, process.env.CARGO_TARGET_DIR || 'target', 'debug', 'vanban'));
const screens = args.screens ? resolve(args.screens) : null;
const work = mkdtempSync(join(tmpdir(), 'vanban-e2e-'));
const TIMEOUT = 30_000;

let failures = 0;
async function step(name, fn) {
  const started = Date.now();
  try {
    await fn();
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}: ${process.env.E2E_VERBOSE ? e.message : e.message.split("\n")[0]}`);
    throw e;
  }
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

async function until(test, what, ms = TIMEOUT) {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) if (test()) return;
  throw new Error(`timed out: ${what}`);
}

function freePort() {
  return new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

async function startServer() {
  const port = await freePort();
  const server = spawn(vanban, ['serve', '--addr', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, RUST_LOG: 'warn' },
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { server, base };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  server.kill();
  throw new Error(`vanban serve (${vanban}) did not come up`);
}

/** The text of a PDF, whitespace folded, by poppler's pdftotext. */
function pdfText(path) {
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

async function shoot(page, name) {
  if (!screens) return;
  mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: join(screens, `${name}.png`) });
}

const { server, base } = await startServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-dev-shm-usage'],
});
const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true, locale: 'vi-VN' });
const page = await context.newPage();
page.setDefaultTimeout(TIMEOUT);
const outside = [];
const pageErrors = [];
page.on('request', (r) => {
  const url = r.url();
  if (!url.startsWith(base) && !url.startsWith('blob:') && !url.startsWith('data:')) outside.push(url);
});
page.on('pageerror', (e) => pageErrors.push(e.message));
/** The bytes of the first page image on screen, as a hash. */
const firstPageHash = () =>
  page.evaluate(() => {
    // Drawn from the element itself: its blob URL may already be revoked.
    const img = document.querySelector('.pages img');
    const canvas = document.createElement('canvas');
    [canvas.width, canvas.height] = [img.naturalWidth, img.naturalHeight];
    canvas.getContext('2d').drawImage(img, 0, 0);
    return canvas.toDataURL();
  });

const TEMPLATE = 'to-trinh-sua-doi-quy-che';
const TYPED = 'Kiểm thử trình duyệt số 4711';
const problemAt = (field) => page.locator(`[data-field="${field}"] > .field-problems .problem-error`);

try {
  await step('start page lists the mẫu and finds one by a search without accents', async () => {
    await page.goto(`${base}/`);
    await page.locator('.card').first().waitFor();
    const all = await page.locator('#mau + ul .card, section[aria-labelledby="mau"] .card').count();
    await page.getByLabel('Tìm mẫu theo tên').fill('to trinh sua doi');
    await page.waitForFunction((n) => document.querySelectorAll('section[aria-labelledby="mau"] .card').length < n, all);
    expect((await page.locator('section[aria-labelledby="mau"] .card').count()) === 1, 'the search should leave one mẫu');
    await page.getByLabel('Tìm mẫu theo tên').fill('');
    await shoot(page, 'trang-dau');
    await page.getByLabel('Tìm mẫu theo tên').fill('to trinh sua doi');
    await page.locator('section[aria-labelledby="mau"] .card').first().click();
    await page.waitForURL(`**/#/mau/${TEMPLATE}`);
  });

  await step('"Dùng dữ liệu mẫu" fills the form and the pages appear', async () => {
    await page.getByRole('button', { name: 'Dùng dữ liệu mẫu' }).click();
    await page.locator('.pages img').first().waitFor();
    const count = await page.locator('.page-count').textContent();
    expect(/^Trang 1\/\d+$/.test(count.trim()), `page indicator: ${count}`);
    expect((await page.locator('.profile').textContent()).includes('Hướng dẫn 05-HD/VPTW'), 'the profile in force is shown');
    // Labels are real and tied to their fields.
    expect((await page.getByLabel('Tên đảng ủy').inputValue()).startsWith('Đảng ủy'), 'the label names its field');
    await page.waitForFunction(() => document.querySelectorAll('.pages img').length === Number(document.querySelector('.page-count').textContent.split('/')[1]));
    await shoot(page, 'soan-thao');
  });

  await step('changing a field changes the preview image', async () => {
    const img = page.locator('.pages img').first();
    const src = await img.getAttribute('src');
    const before = await firstPageHash();
    await page.getByLabel('Tên đảng ủy').fill('Đảng ủy xã Long Thọ');
    const typed = Date.now();
    await page.waitForFunction((old) => {
      const img = document.querySelector('.pages img');
      return img?.getAttribute('src') !== old && img.complete && img.naturalWidth > 0;
    }, src);
    expect((await firstPageHash()) !== before, 'the new page 1 differs from the old');
    console.log(`     (the new page 1 was on screen ${Date.now() - typed} ms after the change)`);
  });

  await step('a bad date gets a message at its field, which goes when fixed', async () => {
    const date = page.getByLabel('Ngày ký');
    const good = await date.inputValue();
    await date.fill('31/02/2026');
    await problemAt('ngay').first().waitFor();
    expect((await problemAt('ngay').first().textContent()).length > 10, 'the message says something');
    expect((await page.locator('.problems').textContent()).includes('Ngày ký'), 'the summary names the field');
    await date.scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -200));
    await shoot(page, 'loi-tai-truong');
    // The summary's link takes the keyboard to the field.
    await page.locator('.problems a', { hasText: 'Ngày ký' }).first().click();
    expect(await page.evaluate(() => document.activeElement?.id) === 'root_ngay', 'the link focuses the date field');
    await date.fill(good);
    await problemAt('ngay').first().waitFor({ state: 'detached' });
    await page.locator('.all-good').waitFor();
  });

  await step('"Tải PDF" downloads a PDF holding the typed text', async () => {
    await page.getByLabel('Đề xuất').fill(TYPED);
    await page.waitForFunction(() => !document.querySelector('.preview-status')?.textContent.includes('Đang'));
    await page.locator('.all-good').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải PDF' }).click()]);
    const path = join(work, download.suggestedFilename());
    await download.saveAs(path);
    expect(download.suggestedFilename().endsWith('.pdf'), `file name ${download.suggestedFilename()}`);
    expect(readFileSync(path).subarray(0, 5).toString() === '%PDF-', 'it is a PDF');
    expect(pdfText(path).includes(TYPED), 'the PDF holds the typed text');
    const [docx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải DOCX' }).click()]);
    expect(docx.suggestedFilename().endsWith('.docx'), `file name ${docx.suggestedFilename()}`);
    await docx.saveAs(join(work, 'to-trinh.docx'));
  });

  await step('lists: an item moves down and the order is kept', async () => {
    const first = page.locator('#root_ly_do_0');
    const second = page.locator('#root_ly_do_1');
    const [a, b] = [await first.inputValue(), await second.inputValue()];
    await page.locator('#root_ly_do_0__moveDown[title="Chuyển xuống"]').click();
    await page.waitForFunction(([x]) => document.querySelector('#root_ly_do_1')?.value === x, [a]);
    expect((await first.inputValue()) === b, 'the second item is now first');
    await page.locator('#root_ly_do_1__moveUp[title="Chuyển lên"]').click();
    await page.waitForFunction(([x]) => document.querySelector('#root_ly_do_0')?.value === x, [a]);
  });

  await step('JSON export and import give back the data', async () => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Xuất JSON' }).click()]);
    const path = join(work, 'xuat.json');
    await file.saveAs(path);
    const exported = JSON.parse(readFileSync(path, 'utf8'));
    expect(exported.template === TEMPLATE && exported.data.de_xuat === TYPED, 'the export is the request with the typed text');
    exported.data.de_xuat = `${TYPED} (nhập lại)`;
    writeFileSync(path, JSON.stringify(exported));
    await page.getByLabel('Chọn tệp JSON để nhập').setInputFiles(path);
    await page.waitForFunction((t) => document.querySelector('#root_de_xuat')?.value === t, `${TYPED} (nhập lại)`);
    await page.getByLabel('Đề xuất').fill(TYPED);
  });

  await step('after a reload the draft is there', async () => {
    await page.waitForTimeout(600); // the draft is saved 400 ms after the last change
    await page.reload();
    await page.getByLabel('Đề xuất').waitFor();
    expect((await page.getByLabel('Đề xuất').inputValue()) === TYPED, 'the typed text came back');
    await page.goto(`${base}/#/`);
    await page.locator('section[aria-labelledby="nhap"] .card').first().waitFor();
  });

  await step('the document goes into the hồ sơ, which downloads as one merged PDF', async () => {
    await page.goto(`${base}/#/mau/${TEMPLATE}`);
    await page.getByRole('button', { name: 'Thêm vào hồ sơ' }).click();
    await page.goto(`${base}/#/ho-so`);
    await page.getByLabel('Tên hồ sơ').fill('Hội nghị Ban Chấp hành lần thứ 5');
    expect((await page.locator('.bundle-items li').count()) === 1, 'one document in the hồ sơ');
    await shoot(page, 'ho-so');
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải PDF gộp' }).click()]);
    const path = join(work, 'ho-so.pdf');
    await pdf.saveAs(path);
    expect(pdfText(path).includes(TYPED), 'the merged PDF holds the document');
  });

  await step('a 20-row batch runs to 100 % and its ZIP downloads', async () => {
    const lines = readFileSync(join(repo, 'samples', 'to-chuc-dang.csv'), 'utf8').split('\n');
    const csv = join(work, 'hai-muoi-dong.csv');
    writeFileSync(csv, `${lines.slice(0, 21).join('\n')}\n`);
    await page.goto(`${base}/#/lo`);
    await page.getByLabel('Mẫu văn bản').selectOption('quy-che-lam-viec-dang-uy-co-so');
    expect((await page.getByRole('link', { name: /Tải dòng tiêu đề CSV/ }).getAttribute('href')).endsWith('/csv'), 'the header row is linked');
    await page.getByLabel('Tệp CSV dữ liệu').setInputFiles(csv);
    await page.getByLabel('Chỉ PDF').check();
    await page.getByRole('button', { name: 'Bắt đầu xuất' }).click();
    await page.locator('progress').waitFor();
    await page.waitForFunction(() => {
      const p = document.querySelector('progress');
      return p && Number(p.max) === 20 && Number(p.value) === 20;
    }, null, { timeout: 120_000 });
    const link = page.getByRole('link', { name: 'Tải tệp ZIP' });
    await link.waitFor();
    await shoot(page, 'xuat-hang-loat');
    const [zip] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const path = join(work, 'lo.zip');
    await zip.saveAs(path);
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 2).toString() === 'PK', 'it is a ZIP');
    const pdfs = bytes.toString('latin1').split('PK\x01\x02').slice(1).filter((entry) => /\.pdf/.test(entry.slice(42, 300))).length;
    expect(pdfs === 20, `20 PDFs in the ZIP, found ${pdfs}`);
  });

  await step('a batch with bad rows lists them with their problems', async () => {
    await page.goto(`${base}/#/lo`);
    await page.getByLabel('Mẫu văn bản').selectOption('quy-che-lam-viec-dang-uy-co-so');
    await page.getByLabel('Tệp CSV dữ liệu').setInputFiles(join(repo, 'samples', 'to-chuc-dang-loi.csv'));
    await page.getByRole('button', { name: 'Bắt đầu xuất' }).click();
    await page.locator('table.failed tbody tr').first().waitFor({ timeout: 120_000 });
    // Rows that failed count as handled: the bar ends full.
    await page.waitForFunction(() => {
      const p = document.querySelector('progress');
      return p && Number(p.value) === Number(p.max) && document.querySelector('a[href$="/result"]');
    }, null, { timeout: 120_000 });
  });

  await step('a free document of a kind: example data, Markdown body, pages', async () => {
    await page.goto(`${base}/#/trong/bao-cao`);
    await page.getByRole('button', { name: 'Dùng dữ liệu mẫu' }).click();
    await page.locator('.pages img').first().waitFor();
    const body = page.getByLabel('Nội dung', { exact: false }).and(page.locator('textarea'));
    expect((await body.inputValue()).includes('# '), 'the body is Markdown with headings');
    await body.scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -160));
    await shoot(page, 'van-ban-trong');
  });

  await step('"Kiểm tra văn bản": a 13 pt body is found, the document is rebuilt correctly and opens in the editor', async () => {
    // Our own DOCX with the body font turned down from 14 pt to 13 pt, as a typist might.
    const bad = join(work, 'co-chu-13.docx');
    execFileSync('python3', ['-c', [
      'import sys, zipfile',
      'src, dst = sys.argv[1], sys.argv[2]',
      'with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as b:',
      '    for i in a.infolist():',
      '        data = a.read(i.filename)',
      '        if i.filename == "word/document.xml": data = data.replace(b\'w:sz w:val="28"\', b\'w:sz w:val="26"\')',
      '        b.writestr(i, data)',
    ].join('\n'), join(work, 'to-trinh.docx'), bad]);
    await page.goto(`${base}/#/kiem-tra`);
    await page.getByLabel('Tệp DOCX cần kiểm tra').setInputFiles(bad);
    const row = page.locator('table.lint tbody tr', { hasText: 'cỡ chữ 13 pt' }).first();
    await row.waitFor();
    expect((await row.textContent()).includes('14 pt'), 'the guide\'s 14 pt is named');
    await shoot(page, 'kiem-tra');
    const [fixed] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải PDF đúng thể thức' }).click()]);
    const path = join(work, 'dung-the-thuc.pdf');
    await fixed.saveAs(path);
    expect(pdfText(path).includes(TYPED), 'the rebuilt PDF holds the document\'s text');
    await page.getByRole('button', { name: 'Mở để soạn tiếp' }).click();
    await page.waitForURL('**/#/trong/to-trinh');
    await page.locator('.pages img').first().waitFor();
  });

  await step('keyboard only: Tab reaches the search and Enter opens a mẫu', async () => {
    await page.goto(`${base}/#/`);
    await page.locator('.card').first().waitFor();
    for (let i = 0; i < 12 && (await page.evaluate(() => document.activeElement?.id)) !== 'tim-mau'; i++) await page.keyboard.press('Tab');
    expect((await page.evaluate(() => document.activeElement?.id)) === 'tim-mau', 'Tab reaches the search box');
    await page.keyboard.type('giay moi');
    // Past the drafts, if any, to the first mẫu found.
    for (let i = 0; i < 12 && !(await page.evaluate(() => !!document.activeElement?.closest('section[aria-labelledby="mau"]'))); i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/#/mau/giay-moi');
  });

  await step('a 10-inch tablet, upright: nothing runs off the screen', async () => {
    await page.setViewportSize({ width: 800, height: 1280 });
    await page.goto(`${base}/#/mau/${TEMPLATE}`);
    await page.locator('.pages img').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow <= 0, `the page is ${overflow} px wider than the screen`);
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  await step('nothing was fetched from outside vanban and no script failed', async () => {
    expect(outside.length === 0, `outside requests: ${outside.join(', ')}`);
    expect(pageErrors.length === 0, `page errors: ${pageErrors.join(' | ')}`);
  });
} catch {
  // already reported by step()
} finally {
  await browser.close();
  server.kill();
}
console.log(failures ? `${failures} step(s) failed` : 'all steps passed');
process.exit(failures ? 1 : 0);
