import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { uniquePrefix, wipePrefix } from '../harness/context.ts';
import { testConfig } from '../harness/config.ts';
import { waitFor } from '../harness/wait.ts';
import { createContext, type OwnedContext } from '../../src/create-context.ts';
import { createLogger } from '../../src/log.ts';
import { hashPassword } from '../../src/users/passwords.ts';
import { startRoles, type Service } from '../../src/workers/run.ts';
import { startLocalProvider, type LocalProvider } from '../integration/oauth-provider.ts';
import {
  appendAs,
  keyRing,
  message,
  microsoftAt,
  newKey,
  startOAuthDovecot,
  type OAuthDovecot,
} from '../integration/oauth-support.ts';

/**
 * The whole add-inbox flow in headless Chromium against the real service (web, pollers, workers), a private
 * Dovecot that only takes OAuth tokens, and the local provider standing in for Microsoft 365: the admin adds a
 * "Microsoft 365" inbox, consents on the provider's page, comes back to "connected", and mail appended to the
 * mailbox arrives as a draft.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = 'test-output/screenshots';
const prefix = uniquePrefix('admin-e2e');
const ADMIN = 'ada@agency.test';
const PASSWORD = 'correct horse battery staple';
let provider: LocalProvider;
let dovecot: OAuthDovecot;
let ctx: OwnedContext;
let service: Service;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install chromium\``);
  mkdirSync(SHOTS, { recursive: true });
  provider = await startLocalProvider();
  dovecot = await startOAuthDovecot(provider);
  const config = testConfig({
    prefix,
    inboxes: [],
    extra: {
      oauth: microsoftAt(provider),
      users: [{ email: ADMIN, name: 'Ada Admin', role: 'admin', passwordHash: await hashPassword(PASSWORD) }],
      web: { host: '127.0.0.1', port: 0, sessionSecret: 'a-test-session-secret-of-at-least-32-chars' },
      ingest: { pollSeconds: 2 },
    },
  });
  ctx = createContext(config, {
    log: createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    secretKeys: keyRing(newKey()),
    registryPollMs: 500,
  });
  service = await startRoles(ctx, ['web', 'poller', 'worker']);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser?.close();
  await service?.close();
  await ctx?.close();
  await dovecot?.stop();
  await provider?.close();
  await wipePrefix(prefix);
});

async function signIn(page: Page) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(ADMIN);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/queue$/);
}

describe('an admin connects a Microsoft 365 inbox in the browser', () => {
  it('adds it, consents at the provider, sees "connected", and new mail becomes a draft', async () => {
    const context = await browser.newContext({
      baseURL: service.url!,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    await signIn(page);
    await page.goto('/admin');
    await page.getByRole('link', { name: /Add, test, pause or remove inboxes/ }).click();
    await page.waitForURL(/\/admin\/inboxes$/);

    await page.getByLabel('Microsoft 365 (sign in with the provider)').check();
    await page.getByLabel('Inbox id (letters, digits, dashes)').fill('support');
    await page.getByLabel('Mailbox address').fill('support@agency.test');
    await page.getByText('Servers (filled in for Google and Microsoft 365)').click();
    await page.getByLabel('IMAP server').fill(dovecot.host);
    await page.getByLabel('IMAP port').fill(String(dovecot.port));
    await page.getByLabel('IMAP security').selectOption('starttls');
    await page.getByLabel('Time zone').fill('Europe/Stockholm');
    await page.getByLabel('Read mail from').selectOption('all');
    await page.screenshot({ path: `${SHOTS}/admin-add-inbox-1280x900.png`, fullPage: true });
    await page.getByRole('button', { name: 'Add inbox' }).click();

    // The provider's consent page (Microsoft's would look different; the protocol is the same).
    await page.waitForURL((u) => u.href.startsWith(`${provider.url}/authorize`));
    await expect(page.locator('h1').textContent()).resolves.toContain('support@agency.test');
    expect(new URL(page.url()).searchParams.get('scope')).toBe(
      'https://outlook.office.com/IMAP.AccessAsUser.All https://outlook.office.com/SMTP.Send offline_access',
    );
    expect(new URL(page.url()).searchParams.get('code_challenge_method')).toBe('S256');
    await page.getByRole('button', { name: 'Accept' }).click();

    await page.waitForURL(/\/admin\/inboxes\/support$/);
    await expect(page.locator('.flash').textContent()).resolves.toContain(
      'Signed in: inbox support is connected',
    );
    await waitFor(
      async () => {
        await page.reload();
        return (await page.locator('#inbox-state').textContent()) === 'connected';
      },
      'the inbox page to say connected',
      20_000,
      300,
    );
    await page.screenshot({ path: `${SHOTS}/admin-inbox-connected-1280x900.png`, fullPage: true });

    await appendAs(
      dovecot,
      provider,
      'support@agency.test',
      message(1, {
        from: 'Henrik Berg <henrik@client.test>',
        subject: 'The website is DOWN again',
        text: 'Our website has been down for TWO HOURS during our biggest sale. This is completely unacceptable. I expect a call first thing tomorrow.',
      }),
    );
    const drafts = await waitFor(
      async () => {
        const res = await fetch(`${service.url}/api/drafts?status=pending`, {
          headers: { authorization: 'Bearer test-token-0123456789' },
        });
        const body = (await res.json()) as { drafts: Array<{ inbox: string; kind: string }> };
        return body.drafts.filter((d) => d.inbox === 'support').length > 0 ? body.drafts : null;
      },
      'a draft for the new inbox',
      30_000,
      250,
    );
    expect(drafts.find((d) => d.inbox === 'support')?.kind).toMatch(/^angry/);
    await page.goto('/admin/inboxes');
    await expect(page.locator('tr[data-inbox="support"] .inbox-state').textContent()).resolves.toBe(
      'connected',
    );
    await page.screenshot({ path: `${SHOTS}/admin-inboxes-1280x900.png`, fullPage: true });

    // Office hours, holidays and auto-send edited in the form apply at once; pause lets go of the mailbox.
    await page.getByRole('link', { name: 'support', exact: true }).click();
    const types = page.locator('input[type="checkbox"][name="types"]');
    const ticked = () => types.evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).checked));
    await expect(ticked()).resolves.toEqual([true, true, false, false, false]);
    await page.getByLabel(/^mon /).fill('08:00-12:00, 13:00-16:00');
    await page.getByLabel('Holidays of country (ISO code, e.g. SE)').fill('se');
    await page.getByLabel('School holidays (schools close').check();
    await page.getByLabel(/^Other closed days/).fill('2026-12-24');
    await page.getByLabel(/^Open anyway on/).fill('2026-12-24');
    await page.getByLabel('calm answers to angry mail').check();
    await page.getByRole('button', { name: 'Save' }).click();
    // A day both closed and open: refused next to the field, nothing typed or ticked lost.
    await expect(page.locator('#e-open-error').textContent()).resolves.toBe(
      '2026-12-24 is also in closed: a day cannot be both closed and open',
    );
    await expect(page.getByLabel(/^Open anyway on/).getAttribute('aria-describedby')).resolves.toBe(
      'e-open-error',
    );
    await expect(ticked()).resolves.toEqual([true, true, true, false, false]);
    await expect(page.getByLabel(/^mon /).inputValue()).resolves.toBe('08:00-12:00, 13:00-16:00');
    await page.screenshot({ path: `${SHOTS}/admin-inbox-holidays-refused-1280x900.png`, fullPage: true });
    await page.getByLabel(/^Other closed days/).fill('2026-12-28');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.locator('.flash').textContent()).resolves.toContain('Saved');
    const edited = ctx.config.inboxes.find((i) => i.id === 'support')!;
    expect(edited.officeHours.mon).toEqual(['08:00-12:00', '13:00-16:00']);
    expect(edited.holidays).toEqual({
      country: 'SE',
      types: ['public', 'bank', 'school'],
      closed: ['2026-12-28'],
      open: ['2026-12-24'],
    });
    expect(edited.autoSend.angry).toBe(true);
    await page.reload();
    await expect(ticked()).resolves.toEqual([true, true, true, false, false]);
    await expect(page.getByLabel(/^Open anyway on/).inputValue()).resolves.toBe('2026-12-24');
    await expect(page.locator('#calendar-check').textContent()).resolves.toContain(
      'SE is known; closed on public, bank and school holidays, next ',
    );
    await page.screenshot({ path: `${SHOTS}/admin-inbox-holidays-1280x900.png`, fullPage: true });
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect(page.locator('#inbox-state').textContent()).resolves.toBe('paused');
    await waitFor(
      async () => (await ctx.stores.leases.pollerHolder('support')) === null,
      'the poller to let go',
    );
    await context.close();
  }, 90_000);
});
