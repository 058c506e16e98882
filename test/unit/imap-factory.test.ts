import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startImapSandbox, type ImapSandbox } from '../../src/demo/imap-sandbox.ts';
import { createImapClient, type ImapLogin } from '../../src/mail/imap-client.ts';
import { freePort } from '../../src/sandbox/ports.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const FACTORY = 'src/mail/imap-client.ts';

/** Every TypeScript/JavaScript file below `dir`, as paths relative to the repository. */
function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs|cjs)$/.test(name) ? [path] : [];
  });
}

describe('one ImapFlow factory', () => {
  const files = ['src', 'test', 'bench', 'scripts'].flatMap(sourceFiles);

  it(`makes every IMAP connection in ${FACTORY}, so each gets the same timeouts and log level`, () => {
    expect(files).toContain(FACTORY);
    const constructing = files.filter((f) =>
      /\bnew\s+(?:\w+\.)?ImapFlow\s*[(<]/.test(readFileSync(join(ROOT, f), 'utf8')),
    );
    expect(constructing).toEqual([FACTORY]);
  });

  it('lets other files import ImapFlow only as a type (no way to construct one elsewhere)', () => {
    const valueImport = /import\s+(?!type\b)[^;]*\bImapFlow\b[^;]*from\s+['"]imapflow['"]/;
    const importing = files.filter((f) => {
      const text = readFileSync(join(ROOT, f), 'utf8');
      // `import { type ImapFlow, … }` is a type import too.
      return valueImport.test(text.replace(/\btype\s+ImapFlow\b/g, ''));
    });
    expect(importing).toEqual([FACTORY]);
  });
});

/** A pino logger at `level` whose lines land in `lines`. */
function capturedLogger(level: string) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, log: pino({ level }, stream) };
}

/** Connects (and logs out when it worked); what imapflow logged through `level` is returned. */
async function linesOf(level: string, login: ImapLogin): Promise<string[]> {
  const { lines, log } = capturedLogger(level);
  const client = createImapClient(login, log, { disableAutoIdle: true });
  client.on('error', () => undefined);
  const connected = await client.connect().then(
    () => true,
    () => false,
  );
  if (connected) await client.logout();
  return lines;
}

describe('imapflow logging follows the service log level', () => {
  let sandbox: ImapSandbox;
  let plain: ImapLogin;
  let refused: ImapLogin;
  beforeAll(async () => {
    // A server without STARTTLS: imapflow warns that it goes on unencrypted.
    sandbox = await startImapSandbox({ user: 'u@factory.test', pass: 'pw' });
    plain = { ...sandbox, secure: false };
    refused = { host: '127.0.0.1', port: await freePort(), secure: false, user: 'u', pass: 'p' };
  });
  afterAll(() => sandbox.stop());

  it('logs the missing STARTTLS as a warning, and a refused connection as an error, when the level lets it', async () => {
    const warn = await linesOf('warn', plain);
    expect(warn.map((l) => JSON.parse(l) as { level: number; msg: string })).toEqual([
      expect.objectContaining({ level: 40, msg: expect.stringMatching(/does not support STARTTLS/) }),
    ]);
    expect((await linesOf('error', refused)).join('')).toMatch(/ECONNREFUSED/);
  });

  it('never logs more than its parent: at `silent` neither writes a single line', async () => {
    expect(await linesOf('silent', plain)).toEqual([]);
    expect(await linesOf('silent', refused)).toEqual([]);
  });

  it('stays at warn or quieter under a debug service log (protocol traces would carry the login)', async () => {
    const lines = (await linesOf('debug', plain)).map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((l) => l.level < 40)).toEqual([]);
    expect(lines.map((l) => l.msg).join('\n')).not.toContain('pw');
  });
});
