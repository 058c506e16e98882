import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newMailUser, uniquePrefix, wipePrefix } from '../harness/context.ts';
import { testConfig } from '../harness/config.ts';
import { waitFor, waitUntil } from '../harness/wait.ts';
import { appendMessages } from '../harness/mailbox.ts';
import { createContext, type OwnedContext } from '../../src/create-context.ts';
import { createLogger } from '../../src/log.ts';
import { startRoles, type Service } from '../../src/workers/run.ts';
import { addPasswordInbox, editInbox, removeInbox, setPaused } from '../../src/inboxes/inbox-service.ts';
import { testConnection } from '../../src/inboxes/connection-test.ts';
import { listInboxes } from '../../src/inboxes/inbox-list.ts';
import { keyRing, newKey, oauthForm } from './oauth-support.ts';

/**
 * Inboxes managed in the web view take effect without a restart on every node: node A (web) adds, edits, pauses
 * and removes; node B (poller + ingest, its own process state) follows within seconds. Every change audited.
 */
const prefix = uniquePrefix('inboxes-manage');
const KEY = newKey();
const mail = newMailUser('manage');
let a: OwnedContext;
let b: OwnedContext;
let bService: Service;

function node(): OwnedContext {
  return createContext(testConfig({ prefix, inboxes: [] }), {
    log: createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    secretKeys: keyRing(KEY),
    registryPollMs: 250,
  });
}

beforeAll(async () => {
  a = node();
  await a.registry.start();
  b = node();
  bService = await startRoles(b, ['poller', 'worker'], ['ingest']);
});

afterAll(async () => {
  await bService?.close();
  await b?.close();
  await a?.close();
  await wipePrefix(prefix);
});

const form = (over: Record<string, string> = {}) => ({
  ...oauthForm(
    { host: mail.host, port: mail.port },
    { kind: 'password', id: 'studio', address: mail.address },
  ),
  imapUser: mail.user,
  imapPass: mail.pass,
  ...over,
});

describe('inboxes managed in the web view', () => {
  it('tells a wrong password apart in the connection test', async () => {
    await addPasswordInbox(a, 'ada@agency.test', form({ id: 'wrong', imapPass: 'not the password' }));
    const checks = await testConnection(a, 'wrong');
    expect(checks[0]).toMatchObject({ status: 'fail', detail: 'login refused' });
    await removeInbox(a, 'ada@agency.test', 'wrong');
  });

  it('an inbox added on one node is polled by another within seconds, no restart', async () => {
    await appendMessages({ host: mail.host, port: mail.port, user: mail.user, pass: mail.pass }, [
      'Subject: one\r\n\r\nHello\r\n',
    ]);
    await addPasswordInbox(a, 'ada@agency.test', form());
    expect((await testConnection(a, 'studio')).map((c) => c.status)).toEqual([
      'pass',
      'pass',
      'pass',
      'warn',
    ]);
    await waitUntil(
      () => b.stores.messages.count('studio'),
      (n) => n === 1,
    );
    expect(b.config.inboxes.map((i) => i.id)).toEqual(['studio']);
  });

  it('edits reach the other node; pause stops its poller, resume starts it again', async () => {
    await editInbox(a, 'ada@agency.test', 'studio', {
      officeHours: {
        mon: ['08:00-12:00', '13:00-16:00'],
        tue: [],
        wed: [],
        thu: [],
        fri: ['09:00-15:00'],
        sat: [],
        sun: [],
      },
      holidays: { country: 'SE', closed: ['2026-12-24'] },
      language: 'sv',
      autoSend: { 'after-hours': false, angry: false, 'payment-reminder': false },
    });
    await waitFor(
      () => b.config.inboxes.find((i) => i.id === 'studio')?.language === 'sv',
      'the edit on node B',
    );
    const edited = b.config.inboxes.find((i) => i.id === 'studio')!;
    expect(edited.officeHours.mon).toEqual(['08:00-12:00', '13:00-16:00']);
    // The form has no fields for holidays.types and .open: the defaults fill them in.
    expect(edited.holidays).toEqual({
      country: 'SE',
      types: ['public', 'bank'],
      closed: ['2026-12-24'],
      open: [],
    });
    expect(edited.autoSend['after-hours']).toBe(false);
    await expect(
      editInbox(a, 'ada@agency.test', 'studio', {
        officeHours: { mon: ['9-17'], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
      }),
    ).rejects.toThrow(/officeHours\.mon\[0\]: "9-17" is not HH:MM-HH:MM/);

    await setPaused(a, 'ada@agency.test', 'studio', true);
    await waitFor(
      async () => (await b.stores.leases.pollerHolder('studio')) === null,
      'the poller to let go',
    );
    expect((await listInboxes(a)).find((i) => i.id === 'studio')?.state).toBe('paused');
    await appendMessages({ host: mail.host, port: mail.port, user: mail.user, pass: mail.pass }, [
      'Subject: two\r\n\r\nHello\r\n',
    ]);
    await setPaused(a, 'ada@agency.test', 'studio', false);
    await waitUntil(
      () => b.stores.messages.count('studio'),
      (n) => n === 2,
    );
  });

  it('a removed inbox stops everywhere, and every change was audited', async () => {
    await removeInbox(a, 'ada@agency.test', 'studio');
    await waitFor(() => !b.config.inboxes.some((i) => i.id === 'studio'), 'node B to drop the inbox');
    await waitFor(async () => (await b.stores.leases.pollerHolder('studio')) === null, 'the poller to stop');
    const actions = (await a.stores.adminLog.recentAudit())
      .filter((e) => e.target === 'studio')
      .map((e) => e.action)
      .reverse();
    expect(actions).toEqual(['inbox.add', 'inbox.edit', 'inbox.pause', 'inbox.resume', 'inbox.remove']);
  });
});
