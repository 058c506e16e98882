import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { SafeError } from '../../errors.ts';
import { loadConfig } from '../../config/load.ts';
import { DEFAULT_ANGER_THRESHOLD } from '../../config/schema.ts';
import { DEFAULT_CALENDAR } from '../../triage/office-hours.ts';
import { settingsFor, triage, triageInputOf, type TriageSettings } from '../../triage/triage.ts';
import { loadBuiltinClassifier } from '../../tone-model/load.ts';
import type { ToneClassifier } from '../../triage/tone/classifier.ts';
import { parseToRecord } from '../../mail/parse.ts';
import { messageIdOf } from '../message-id-of.ts';
import { parseTriageArgs, TRIAGE_USAGE, type TriageArgs } from '../args/triage.ts';
import type { CliIo } from '../io.ts';

/**
 * `tactful triage [--config FILE] [--inbox ID] [--at ISO-8601] PATH...` — a contract for external tools:
 * one JSON line per message, `{"file":…,"error":…}` for a file that cannot be read or parsed (exit 1 at the
 * end), exit 2 with a usage line for bad arguments.
 *
 * It streams: a directory is listed (names only), files are read a few at a time, each line is written as soon
 * as its message is done (in input order) and stdout backpressure is waited for, so 10,000 files need the
 * memory of a handful. Without --config, office hours are Mon–Fri 09:00–17:00 UTC and the inbox's own
 * addresses are unknown (the addressing checks of the auto-reply guard are skipped). Redis is never touched:
 * `recentlyAcknowledged` is false and every sender counts as known.
 * Arrival: --at, else the Date header, else now (said on stderr, since the result then depends on the clock).
 */

/** Messages parsed at once: parsing is async (streams), so a small window keeps both cores busy. */
const CONCURRENCY = 4;
const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;

interface Setup {
  io: CliIo;
  args: TriageArgs;
  settings: TriageSettings;
  classifier: ToneClassifier;
  maxBytes: number;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(`${TRIAGE_USAGE}\n`);
    return 0;
  }
  let setup: Setup;
  try {
    setup = prepare(parseTriageArgs(argv), io);
  } catch (err) {
    if (err instanceof SafeError && (err.code === 'usage' || err.code.startsWith('config'))) {
      io.stderr.write(`tactful triage: ${err.message}\n`);
      if (!err.message.includes(TRIAGE_USAGE)) io.stderr.write(`${TRIAGE_USAGE}\n`);
      return 2;
    }
    throw err;
  }
  const { stdout } = io;
  let failed = false;
  // A reader that stops early (`tactful triage dir | head`) closes the pipe: stop quietly, like other tools.
  let closed = false;
  stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    closed = true;
  });
  const pending: Array<Promise<{ line: string; ok: boolean }>> = [];
  const flush = async () => {
    const { line, ok } = await pending.shift()!;
    failed ||= !ok;
    if (closed) return;
    if (!stdout.write(`${line}\n`)) {
      await Promise.race([once(stdout, 'drain'), once(stdout, 'close')]).catch(() => undefined);
    }
  };
  for await (const file of filesOf(setup.args.paths)) {
    if (closed) break;
    pending.push(triageFile(file, setup));
    if (pending.length >= CONCURRENCY) await flush();
  }
  while (pending.length > 0) await flush();
  return failed ? 1 : 0;
}

function prepare(args: TriageArgs, io: CliIo): Setup {
  if (args.inbox && !args.config) throw new SafeError('usage', '--inbox needs --config');
  const classifier = loadBuiltinClassifier();
  if (!args.config) {
    const settings: TriageSettings = {
      calendar: DEFAULT_CALENDAR,
      ownAddresses: [],
      knownCorrespondentsOnly: false,
      angerThreshold: DEFAULT_ANGER_THRESHOLD,
      ownMessageIdDomains: [],
    };
    return { io, args, settings, classifier, maxBytes: DEFAULT_MAX_BYTES };
  }
  const config = loadConfig(args.config, io.env);
  const inbox = args.inbox ? config.inboxes.find((i) => i.id === args.inbox) : config.inboxes[0];
  if (!inbox) throw new SafeError('usage', `no inbox "${args.inbox}" in ${args.config}`);
  return {
    io,
    args,
    settings: settingsFor(config, inbox),
    classifier,
    maxBytes: config.ingest.maxMessageBytes,
  };
}

/** Every message source named by the paths, directories expanded (sorted by name, not recursive). */
async function* filesOf(paths: string[]): AsyncGenerator<string> {
  for (const path of paths) {
    if (path === '-') {
      yield path;
      continue;
    }
    const info = await stat(path).catch(() => null);
    if (!info?.isDirectory()) {
      yield path; // a missing or unreadable file becomes its error line
      continue;
    }
    const entries = await readdir(path, { withFileTypes: true });
    // Symbolic links count as files (a link to a directory then gets its error line); subdirectories do not.
    const names = entries.filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => e.name);
    names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const name of names) yield join(path, name);
  }
}

async function readSource(file: string, maxBytes: number, stdin: CliIo['stdin']): Promise<Buffer> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of stdin) {
      size += (c as Buffer).length;
      if (size > maxBytes) throw new SafeError('too_large', `message is over the ${maxBytes}-byte limit`);
      chunks.push(c as Buffer);
    }
    return Buffer.concat(chunks);
  }
  const info = await stat(file);
  if (!info.isFile()) throw new SafeError('not_a_file', 'not a regular file');
  if (info.size > maxBytes)
    throw new SafeError('too_large', `message is ${info.size} bytes, over the ${maxBytes}-byte limit`);
  return readFile(file);
}

async function triageFile(file: string, setup: Setup): Promise<{ line: string; ok: boolean }> {
  try {
    const source = await readSource(file, setup.maxBytes, setup.io.stdin);
    if (!looksLikeMessage(source))
      return errorLine(file, 'cannot parse: not an email message (no header fields)');
    const messageId = messageIdOf(source);
    const now = new Date();
    const record = await parseToRecord(
      source,
      {
        inbox: setup.args.inbox ?? 'cli',
        uid: 1,
        uidValidity: '0',
        internalDate: now,
        size: source.length,
        messageId,
      },
      { now },
    );
    if (record.error) return errorLine(file, `cannot parse: ${record.error.message}`);
    let arrivedAt = setup.args.at ?? (record.date ? new Date(record.date) : null);
    if (!arrivedAt) {
      setup.io.stderr.write(
        `tactful triage: ${file}: no valid Date header and no --at; arrival taken as now\n`,
      );
      arrivedAt = now;
    }
    const result = triage(triageInputOf(record, arrivedAt), setup.settings, setup.classifier, {
      recentlyAcknowledged: false,
      isKnownSender: true,
    });
    return { line: JSON.stringify({ file, messageId, ...result }), ok: true };
  } catch (err) {
    return errorLine(file, describe(err));
  }
}

/**
 * mailparser accepts any bytes as a body without headers; for a file handed to the CLI that means "not an
 * email". A message starts with a header field (RFC 5322 §2.2: printable name, colon) or an mbox "From " line.
 */
function looksLikeMessage(source: Buffer): boolean {
  const start = source
    .subarray(0, 1000)
    .toString('latin1')
    .replace(/^(?:\uFEFF|\xEF\xBB\xBF)?\s*/, '');
  return /^(?:From |[\x21-\x39\x3b-\x7e]+[ \t]*:)/.test(start);
}

function errorLine(file: string, error: string): { line: string; ok: boolean } {
  return { line: JSON.stringify({ file, error }), ok: false };
}

function describe(err: unknown): string {
  if (err instanceof SafeError) return err.message;
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'cannot read: no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot read: permission denied';
  if (code === 'EISDIR') return 'cannot read: is a directory';
  if (code) return `cannot read: ${code}`;
  return `cannot triage: ${(err as Error)?.message?.slice(0, 200) ?? String(err)}`;
}
