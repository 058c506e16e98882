import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '../harness/context.ts';
import { newMailUser } from '../harness/mail-user.ts';
import { appendMessages } from '../harness/mailbox.ts';
import { uniquePrefix, wipePrefix } from '../harness/redis.ts';
import { waitFor } from '../harness/wait.ts';
import { ingestConfig, sampleMessage } from './ingest-support.ts';

/**
 * A TCP relay between Tactful and Dovecot that can go silent without closing anything: the bytes of a
 * blackholed connection are read and dropped in both directions, and its sockets stay open — what a NAT box
 * that forgot a connection, or a route that died, looks like to both ends (no FIN, no RST).
 */
interface Blackhole {
  port: number;
  /** Connections accepted so far (each poller or fetcher reconnect is one). */
  accepted: number;
  /** Every open connection goes silent; new ones still go through (the NAT box forgot the old ones). */
  silenceOpen(): void;
  /** Everything goes silent, new connections too, until `heal()`. */
  silenceAll(): void;
  heal(): void;
  close(): Promise<void>;
}

async function startBlackhole(target: { host: string; port: number }): Promise<Blackhole> {
  const open = new Set<{ client: Socket; upstream: Socket; silent: boolean }>();
  let allSilent = false;
  const server: Server = createServer((client) => {
    const pair = { client, upstream: connect(target.port, target.host), silent: allSilent };
    open.add(pair);
    relay.accepted++;
    client.on('data', (d) => void (pair.silent || pair.upstream.write(d)));
    pair.upstream.on('data', (d) => void (pair.silent || client.write(d)));
    const end = () => {
      open.delete(pair);
      client.destroy();
      pair.upstream.destroy();
    };
    for (const s of [client, pair.upstream]) s.on('close', end).on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const relay: Blackhole = {
    port: (server.address() as AddressInfo).port,
    accepted: 0,
    silenceOpen: () => open.forEach((p) => (p.silent = true)),
    silenceAll() {
      allSilent = true;
      relay.silenceOpen();
    },
    // Healing lets new connections through; the silenced ones stay dead, as after a real outage.
    heal: () => void (allSilent = false),
    async close() {
      for (const p of open) {
        p.client.destroy();
        p.upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return relay;
}

const prefix = uniquePrefix('ingest-blackhole');
// Short on purpose: the socket watchdog probes after 2 s of silence and gives up 2 s later; pollSeconds is long,
// so the periodic STATUS check cannot be what rescues the inbox.
const TIMEOUTS = {
  socketTimeoutSeconds: 2,
  idleRestartSeconds: 3,
  stepTimeoutSeconds: 3,
  connectTimeoutSeconds: 2,
  pollSeconds: 300,
};
/** Two socket timeouts to notice, reconnect backoff, the fetcher's retry: well inside this. */
const WITHIN_MS = 15_000;

describe('an IMAP connection that goes silent without closing', () => {
  const user = newMailUser('blackhole');
  let relay: Blackhole;
  let svc: RunningService;
  /** Poller sessions that failed and were reconnected (tactful_imap_reconnects_total). */
  const reconnects = async () =>
    (await svc.ctx.metrics.imapReconnects.get()).values.reduce((n, v) => n + v.value, 0);
  const countOf = async (messageId: string) =>
    (await svc.ctx.stores.messages.list('studio', 100)).filter((r) => r.messageId === messageId).length;

  beforeAll(async () => {
    relay = await startBlackhole({ host: user.host, port: user.port });
    svc = await startService(ingestConfig({ prefix, user, imap: { port: relay.port }, ingest: TIMEOUTS }), [
      'poller',
      'worker',
    ]);
    await appendMessages(user, [sampleMessage(0, { messageId: '<before@client.test>' })]);
    await waitFor(async () => (await countOf('<before@client.test>')) === 1, 'the first message', 20_000);
  });
  afterAll(async () => {
    await svc?.stop();
    await relay?.close();
    await wipePrefix(prefix);
  });

  it('mail appended while the open connections are blackholed arrives once, after a reconnect', async () => {
    const acceptedBefore = relay.accepted;
    relay.silenceOpen();
    const silentAt = Date.now();
    // Straight to Dovecot, not through the relay: the mail is there, Tactful just cannot hear about it.
    await appendMessages(user, [sampleMessage(1, { messageId: '<during@client.test>' })]);
    await waitFor(async () => (await countOf('<during@client.test>')) === 1, 'the message', WITHIN_MS);
    expect(Date.now() - silentAt).toBeLessThan(WITHIN_MS);
    expect(relay.accepted).toBeGreaterThan(acceptedBefore); // a new connection, not a revived old one
    expect(await svc.ctx.stores.messages.count('studio')).toBe(2);
  });

  it('mail appended while the server cannot be reached at all arrives once it can', async () => {
    const failedBefore = await reconnects();
    relay.silenceAll();
    await appendMessages(user, [sampleMessage(2, { messageId: '<outage@client.test>' })]);
    // The silenced session fails, then at least one reconnect hangs to the connect timeout and is given up.
    await waitFor(async () => (await reconnects()) >= failedBefore + 2, 'a failed reconnect', WITHIN_MS);
    expect(await countOf('<outage@client.test>')).toBe(0);
    const healedAt = Date.now();
    relay.heal();
    await waitFor(async () => (await countOf('<outage@client.test>')) === 1, 'the message', WITHIN_MS);
    expect(Date.now() - healedAt).toBeLessThan(WITHIN_MS);
    expect(await svc.ctx.stores.messages.count('studio')).toBe(3);
    // Once more after things settled: nothing was ingested twice.
    await appendMessages(user, [sampleMessage(3, { messageId: '<after@client.test>' })]);
    await waitFor(async () => (await countOf('<after@client.test>')) === 1, 'the last message', WITHIN_MS);
    for (const id of ['<before@client.test>', '<during@client.test>', '<outage@client.test>'])
      expect(await countOf(id)).toBe(1);
  });
});
