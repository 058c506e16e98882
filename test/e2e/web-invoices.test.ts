import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { uniquePrefix, wipePrefix } from '../harness/context.ts';
import { PASSWORD, startWeb, USERS, type WebFixture } from './web-fixture.ts';

/**
 * An account lead imports invoices from a CSV file, finds them listed and marks one paid, in real headless
 * Chromium against the real app and Redis. Screenshots (1280×800 and 390×844) land in test-output/screenshots/.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = 'test-output/screenshots';
const prefix = uniquePrefix('web-inv-e2e');

const CSV = [
  'number,client_email,client_name,amount,currency,issued_at,due_date,language,timezone',
  '2026-101,anna@kund.se,Kund AB,12500,SEK,2026-10-01,2026-10-31,sv,Europe/Stockholm',
  '2026-102,marco@rossi.it,Rossi Srl,1830.50,EUR,2026-10-15,2026-11-14,it,Europe/Rome',
  '2026-103,billing@acme.test,Acme Ltd,980,GBP,2026-11-02,2026-12-02,en,Europe/London',
  '2026-104,no-at-sign,Broken Row,100,EUR,2026-11-01,2026-12-01,en,Europe/London',
].join('\n');

let f: WebFixture;
let base: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install chromium\``);
  }
  mkdirSync(SHOTS, { recursive: true });
  f = await startWeb(prefix);
  base = await f.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser?.close();
  await f?.close();
  await wipePrefix(prefix);
});

async function signedIn(viewport: { width: number; height: number }) {
  const context = await browser.newContext({ viewport, baseURL: base });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(USERS.lead);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/queue$/);
  return { context, page };
}

describe('invoices in the web view, in Chromium', () => {
  it('uploads a CSV, lists the invoices and marks one paid (desktop and phone)', async () => {
    const { context, page } = await signedIn({ width: 1280, height: 800 });
    await page.getByRole('link', { name: 'Invoices' }).click();
    await page.getByRole('link', { name: 'Import CSV' }).click();
    await page.waitForURL(/\/invoices\/import$/);
    // The file input is progressive enhancement: it reads the file into the textarea the form posts.
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'invoices.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await expect.poll(() => page.getByLabel('CSV text').inputValue()).toContain('2026-104');
    await page.getByRole('button', { name: 'Import' }).click();
    const report = page.locator('#import-report');
    await report.waitFor();
    expect(await report.textContent()).toContain('3 imported');
    expect(await report.locator('tr.bad-row').textContent()).toMatch(/line 5\s*client\.email: /);
    await page.screenshot({ path: `${SHOTS}/invoice-import-1280x800.png`, fullPage: true });

    await page.getByRole('link', { name: 'See them in the list' }).click();
    await page.waitForURL(/\/invoices$/);
    const rows = page.locator('tr[data-invoice]');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-invoice')))).toEqual([
      '2026-101',
      '2026-102',
      '2026-103',
    ]);
    const kund = page.locator('tr[data-invoice="2026-101"]');
    expect(await kund.textContent()).toContain('12\u00a0500,00\u00a0kr');
    expect(await kund.textContent()).toContain('23 days overdue');
    expect(await page.locator('tr[data-invoice="2026-102"]').textContent()).toContain('1830,50\u00a0€');
    await page.screenshot({ path: `${SHOTS}/invoices-1280x800.png`, fullPage: true });

    await page.getByRole('button', { name: 'Mark paid 2026-102' }).click();
    await page.waitForURL(/\/invoices$/);
    expect(await page.locator('.flash').textContent()).toContain('Invoice 2026-102 marked paid.');
    expect(await page.locator('tr[data-invoice="2026-102"]').getAttribute('data-status')).toBe('paid');
    // Paid invoices move below the open ones.
    expect(await page.locator('tr[data-invoice]').last().getAttribute('data-invoice')).toBe('2026-102');
    const store = f.ctx.stores.invoices;
    const paid = (await store.get((await store.idByNumber('studio', '2026-102'))!))!;
    expect(paid.status).toBe('paid');
    expect(paid.history.at(-1)).toMatchObject({ actor: USERS.lead, action: 'paid' });
    await page.screenshot({ path: `${SHOTS}/invoices-paid-1280x800.png`, fullPage: true });
    await context.close();

    const phone = await signedIn({ width: 390, height: 844 });
    await phone.page.goto('/invoices');
    // On a phone each invoice is a card: nothing may stick out sideways.
    const overflow = await phone.page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.page.screenshot({ path: `${SHOTS}/invoices-390x844.png`, fullPage: true });
    await phone.page.goto('/invoices/import');
    await phone.page.screenshot({ path: `${SHOTS}/invoice-import-390x844.png`, fullPage: true });
    await phone.context.close();
  }, 60_000);
});
