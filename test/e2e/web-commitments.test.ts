import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { uniquePrefix, wipePrefix } from '../harness/context.ts';
import { HISTORY, HISTORY_CSV, HISTORY_NOW, historyCommitment } from '../harness/response-history.ts';
import { runAlert } from '../../src/commitments/alert-job.ts';
import {
  PASSWORD,
  SECOND_LEAD,
  seedDraft,
  seedPaymentReminder,
  seedWaiting,
  startWeb,
  USERS,
  type WebFixture,
} from './web-fixture.ts';
import type { CommitmentRecord } from '../../src/model/commitment-record.ts';
import type { DraftRecord } from '../../src/model/draft-record.ts';

/**
 * Issue 13's web view in real headless Chromium against the real app and Redis: the "Due soon / Overdue" section
 * and the nav badge with a breached and a due-soon commitment; the client record reached from a draft, a note
 * added; the response report's figures on the constructed history and its CSV download; two leads in two browser
 * sessions on one draft — each sees the other editing, the second save is refused naming the first. The clock:
 * Monday 23 Nov 2026 21:30 in Stockholm. With TACTFUL_DOCS_SHOTS=1 the README's queue screenshot is written to
 * docs/screenshot-queue.png (then `pngquant --strip`).
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = 'test-output/screenshots';
const DOCS = process.env.TACTFUL_DOCS_SHOTS === '1' ? 'docs' : null;
const DESKTOP = { width: 1280, height: 800 };
const NASTY = '<img src=x onerror="window.__pwned=1">';
const prefix = uniquePrefix('web-commitments-e2e');
const reportPrefix = uniquePrefix('web-report-e2e');

let f: WebFixture;
let r: WebFixture;
let base: string;
let reportBase: string;
let browser: Browser;
let breached: CommitmentRecord;
let dueSoon: { commitment: CommitmentRecord; draft: DraftRecord | null };
let shared: DraftRecord;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install chromium\``);
  }
  mkdirSync(SHOTS, { recursive: true });
  f = await startWeb(prefix, { secondLead: true });
  // Angry on Friday at 09:00: four business hours, due Friday 13:00; the breach alert has fired since.
  const angry = await seedWaiting(f, {
    kind: 'angry',
    priority: 0.91,
    fromName: 'Henrik Berg',
    from: 'henrik@berg.test',
    subject: 'The booking page is broken again',
    text: 'The booking page is broken AGAIN. This is the third time. When will it be fixed?',
    receivedAt: '2026-11-20T08:00:00Z',
  });
  const alerted = await runAlert(f.ctx, {
    commitmentId: angry.commitment.id,
    kind: 'breach',
    dueAt: angry.commitment.dueAt,
  });
  expect(alerted.kind).toBe('alerted');
  breached = (await f.ctx.stores.commitments.get(angry.commitment.id))!;
  expect(breached.status).toBe('breached');
  // A question at 09:30 today: eight business hours, due tomorrow 09:30, "due soon" since 16:30.
  dueSoon = await seedWaiting(f, {
    kind: 'after-hours',
    fromName: 'Greta Holm',
    from: 'greta@holm.test',
    subject: 'Logo files for the print shop',
    text: 'Could you send the logo files in vector format for the print shop?',
    receivedAt: '2026-11-23T08:30:00Z',
  });
  shared = (
    await seedWaiting(f, {
      kind: 'angry-after-hours',
      priority: 0.78,
      fromName: 'Marco Rossi',
      from: 'marco@rossi.test',
      subject: 'Still waiting for the staging link',
      text: 'This is the third time I ask for the staging link. Please sort it out.',
      receivedAt: '2026-11-23T19:55:00Z',
    })
  ).draft!;
  await seedDraft(f, {
    kind: 'after-hours',
    fromName: 'Sofia Lind',
    subject: 'Brochure proofs',
    text: 'Hello! Are the brochure proofs ready for us to look at?',
    receivedAt: '2026-11-23T18:40:00Z',
  });
  await seedPaymentReminder(f, 2, { number: '2026-118', clientName: 'Lindqvist Bygg AB' });
  base = await f.app.listen({ host: '127.0.0.1', port: 0 });

  // The response report on the constructed history, in an app of its own (its open commitments would be
  // overdue in November).
  r = await startWeb(reportPrefix);
  r.clock.set(HISTORY_NOW);
  for (const c of HISTORY) await r.ctx.stores.commitments.createIfAbsent(historyCommitment(c));
  reportBase = await r.app.listen({ host: '127.0.0.1', port: 0 });

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser?.close();
  await f?.close();
  await r?.close();
  await wipePrefix(prefix);
  await wipePrefix(reportPrefix);
});

async function signedIn(email: string, at = base): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: DESKTOP, baseURL: at });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/queue$/);
  return { context, page };
}

const pwned = (p: Page) => p.evaluate(() => (window as unknown as { __pwned?: number }).__pwned);

describe('"Due soon / Overdue" at the top of the queue', () => {
  it('lists the breached and the due-soon commitment, oldest first, with the badge on every page', async () => {
    const { context, page } = await signedIn(USERS.lead);
    const rows = page.locator('#attention .att-row');
    await expect(rows.count()).resolves.toBe(2);
    await expect(rows.nth(0).getAttribute('data-commitment')).resolves.toBe(breached.id);
    await expect(rows.nth(0).locator('.deadline').textContent()).resolves.toBe('overdue by 3 d');
    await expect(rows.nth(0).locator('.deadline').getAttribute('title')).resolves.toBe('Fri 20 Nov, 13:00');
    await expect(rows.nth(1).locator('.deadline').textContent()).resolves.toBe('due tomorrow 09:30');
    await expect(rows.nth(1).locator('.client').textContent()).resolves.toBe('Greta Holm');
    await expect(rows.nth(0).locator('.owner-col').textContent()).resolves.toBe('Nobody has taken it');
    await expect(page.locator('#nav-badge').isVisible()).resolves.toBe(true);
    await expect(page.locator('#nav-badge-n').textContent()).resolves.toBe('2');
    await page.screenshot({ path: `${SHOTS}/queue-due-soon-1280x800.png` });
    if (DOCS) await page.screenshot({ path: `${DOCS}/screenshot-queue.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/queue-due-soon-390x844.png` });
    await page.setViewportSize(DESKTOP);
    await page.getByRole('link', { name: 'Invoices' }).click();
    await page.waitForURL(/\/invoices$/);
    await expect(page.locator('#nav-badge-n').textContent()).resolves.toBe('2');
    expect(await pwned(page)).toBeUndefined();
    await context.close();
  });

  it('"Take" makes the thread the lead’s; the live queue keeps working and the section follows', async () => {
    const { context, page } = await signedIn(USERS.lead);
    await page
      .locator(`.att-row[data-commitment="${breached.id}"]`)
      .getByRole('button', { name: 'Take' })
      .click();
    await page.waitForURL(/\/queue$/);
    await expect(page.locator('.flash').textContent()).resolves.toContain(
      'You took the thread of Henrik Berg',
    );
    await expect(
      page.locator(`.att-row[data-commitment="${breached.id}"] .owner-col`).textContent(),
    ).resolves.toBe('Yours');
    // A new due-soon client appears without a reload, and the badge counts it.
    await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1));
    const fresh = await seedWaiting(f, {
      kind: 'after-hours',
      fromName: `Live ${NASTY} Arrival`,
      from: 'live@arrival.test',
      subject: 'Invoice layout',
      text: 'Could you check the invoice layout?',
      // Monday 10:00: due tomorrow 10:00, "due soon" since 16:00.
      receivedAt: '2026-11-23T09:00:00Z',
      draft: false,
    });
    const row = page.locator(`.att-row[data-commitment="${fresh.commitment.id}"]`);
    await row.waitFor({ timeout: 15_000 });
    await expect(row.locator('.deadline').textContent()).resolves.toBe('due tomorrow 10:00');
    // A name with markup is text in the live list too.
    await expect(row.locator('.client').textContent()).resolves.toBe(`Live ${NASTY} Arrival`);
    expect(await pwned(page)).toBeUndefined();
    await expect(page.locator('#nav-badge-n').textContent()).resolves.toBe('3');
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
    // "No answer needed" closes it: out of the section, one less on the badge.
    await page
      .locator(`.att-row[data-commitment="${fresh.commitment.id}"]`)
      .getByRole('button', { name: 'No answer needed' })
      .click();
    await page.waitForURL(/\/queue$/);
    await expect(page.locator(`.att-row[data-commitment="${fresh.commitment.id}"]`).count()).resolves.toBe(0);
    await expect(page.locator('#nav-badge-n').textContent()).resolves.toBe('2');
    expect((await f.ctx.stores.commitments.get(fresh.commitment.id))!.status).toBe('closed');
    await context.close();
  });
});

describe('the client record', () => {
  it('is reached from a draft page; a lead adds a note, shown as text', async () => {
    const { context, page } = await signedIn(USERS.lead);
    await page.goto(`/drafts/${dueSoon.draft!.id}`);
    await expect(page.locator('#thread-state').textContent()).resolves.toBe('due tomorrow 09:30');
    await page.locator('#take-thread').click();
    await page.waitForURL(new RegExp(`/drafts/${dueSoon.draft!.id}$`));
    await expect(page.locator('#thread-owner').textContent()).resolves.toContain('You took this thread');
    await page.locator('#client-record').click();
    await page.waitForURL(/\/clients\/greta%40holm\.test$/);
    await expect(page.locator('h1').textContent()).resolves.toBe('Greta Holm');
    await expect(page.locator('#timeline li').count()).resolves.toBe(1);
    await expect(page.locator('#tone circle').count()).resolves.toBe(1);
    await page.getByLabel('Add a note').fill(`Prefers the phone.\n${NASTY}<script>window.__pwned=1</script>`);
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.waitForURL(/\/clients\/greta%40holm\.test$/);
    await expect(page.locator('.flash').textContent()).resolves.toBe('Note added.');
    await expect(page.locator('#notes .note-text').first().textContent()).resolves.toBe(
      `Prefers the phone.\n${NASTY}<script>window.__pwned=1</script>`,
    );
    await expect(page.locator('#notes').textContent()).resolves.toContain('Lena Lead');
    await page.screenshot({ path: `${SHOTS}/client-record-1280x800.png`, fullPage: true });
    expect(await pwned(page)).toBeUndefined();
    await context.close();
  });

  it('is reached from a queue row by the client’s name; the note form refuses a missing CSRF token', async () => {
    const { context, page } = await signedIn(USERS.lead);
    await page.locator(`.row[data-draft="${shared.id}"] a.client-link`).click();
    await page.waitForURL(/\/clients\/marco%40rossi\.test$/);
    await page.locator('#note-form input[name="_csrf"]').evaluate((el) => el.remove());
    await page.getByLabel('Add a note').fill('Sneaky');
    const [res] = await Promise.all([
      page.waitForResponse((x) => x.url().endsWith('/clients/notes')),
      page.getByRole('button', { name: 'Add note' }).click(),
    ]);
    expect(res.status()).toBe(403);
    await context.close();
  });

  it('is not found for a lead of another inbox', async () => {
    const { context, page } = await signedIn(USERS.otherLead);
    const res = await page.goto('/clients/greta%40holm.test');
    expect(res!.status()).toBe(404);
    expect(await page.content()).not.toContain('Prefers the phone');
    await expect(page.locator('#attention').count()).resolves.toBe(0);
    await context.close();
  });
});

describe('the response report', () => {
  it('shows the hand-computed figures and downloads the same rows as CSV', async () => {
    const { context, page } = await signedIn(USERS.lead, reportBase);
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.waitForURL(/\/reports\/response$/);
    await page.getByLabel('From').fill('2026-03-23');
    await page.getByLabel('To (included)').fill('2026-04-26');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/from=2026-03-23/);
    const cells = (week: string) =>
      page
        .locator(`#report tr[data-week="${week}"] td.num`)
        .allTextContents()
        .then((c) => c.map((x) => x.trim()));
    // Week 14: kept 3, breached 3 (one answered late), times 1.5, 4, 10, 2 → median 3, p90 (rank 4) 10.
    await expect(cells('2026-W14')).resolves.toEqual(['3', '3', '50 %', '3 h', '10 h']);
    // Week 15: kept 2, times 0.5 and 3 → median 1.75 h, p90 (rank 2) 3.
    await expect(cells('2026-W15')).resolves.toEqual(['2', '0', '100 %', '1 h 45 min', '3 h']);
    await expect(
      page
        .locator('#report tr[data-week="2026-W14"] li[data-commitment]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-commitment'))),
    ).resolves.toEqual(['c_3', 'c_4', 'c_7']);
    await page.screenshot({ path: `${SHOTS}/report-response-1280x800.png`, fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#csv').click()]);
    expect(download.suggestedFilename()).toBe('response-report_2026-03-23_2026-04-26.csv');
    expect(readFileSync(await download.path(), 'utf8').split('\r\n')).toEqual(HISTORY_CSV);
    await context.close();
  });
});

describe('two leads on one draft, in two browser sessions', () => {
  it('each sees the other editing; the second save is refused naming the first, and keeps her text', async () => {
    const lena = await signedIn(USERS.lead);
    const lea = await signedIn(SECOND_LEAD.email);
    await lena.page.goto(`/drafts/${shared.id}`);
    await lea.page.goto(`/drafts/${shared.id}`);
    // Lea's page was drawn after Lena opened hers; Lena's hears of Lea by its heartbeat.
    await expect(lea.page.locator('#editing').textContent()).resolves.toBe(
      'Lena Lead is editing this draft too.',
    );
    await lena.page
      .locator('#editing')
      .getByText('Lea Nord is editing this draft too.')
      .waitFor({ timeout: 20_000 });

    await lena.page.getByLabel('Reply text').fill('Dear Marco,\n\nThe staging link is on its way.\n\nLena');
    await lena.page.getByRole('button', { name: 'Save draft' }).click();
    await lena.page.waitForURL(new RegExp(`/drafts/${shared.id}$`));
    await expect(lena.page.locator('.flash').textContent()).resolves.toContain('Saved.');

    await lea.page.getByLabel('Reply text').fill('Hi Marco, sorry! Lea');
    const [answer] = await Promise.all([
      lea.page.waitForResponse((x) => x.url().endsWith('/save')),
      lea.page.getByRole('button', { name: 'Save draft' }).click(),
    ]);
    expect(answer.status()).toBe(409);
    await expect(lea.page.locator('.flash').textContent()).resolves.toContain(
      'Not saved: Lena Lead changed this draft (edited, 21:30) after you opened it.',
    );
    await expect(lea.page.getByLabel('Reply text').inputValue()).resolves.toBe('Hi Marco, sorry! Lea');
    await expect(lea.page.locator('#their-version pre').textContent()).resolves.toBe(
      'Dear Marco,\n\nThe staging link is on its way.\n\nLena',
    );
    await lea.page.screenshot({ path: `${SHOTS}/draft-edit-conflict-1280x800.png`, fullPage: true });
    expect((await f.drafts.get(shared.id))!.body).toBe(
      'Dear Marco,\n\nThe staging link is on its way.\n\nLena',
    );
    await lena.context.close();
    await lea.context.close();
  });
});
