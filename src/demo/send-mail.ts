import { readFileSync } from 'node:fs';
import { createImapClient } from '../mail/imap-client.ts';
import { SafeError } from '../errors.ts';
import type { DemoState } from './state-file.ts';

/**
 * What the delivering MTA would add (RFC 5321 §4.4): a Return-Path from the envelope sender, here the From
 * address. Tactful's RFC 3834 guard answers nothing without one, so a hand-written .eml would go unanswered.
 */
export function withReturnPath(raw: Buffer): Buffer {
  const text = raw.toString('latin1');
  const headerEnd = text.search(/\r?\n\r?\n/);
  const header = headerEnd < 0 ? text : text.slice(0, headerEnd);
  if (/^Return-Path:/im.test(header)) return raw;
  const from =
    /^From:(?:[^\r\n]|\r?\n[ \t])*?<([^<>\s]+@[^<>\s]+)>/im.exec(header)?.[1] ??
    /^From:[ \t]*([^\s<>"]+@[^\s<>"]+)[ \t]*$/im.exec(header)?.[1];
  if (!from) return raw;
  return Buffer.concat([Buffer.from(`Return-Path: <${from}>\r\n`, 'latin1'), raw]);
}

/** `tactful demo send FILE.eml`: APPENDs a message to the running sandbox's INBOX, as a delivery would. */
export async function appendToSandbox(state: DemoState, file: string): Promise<number | undefined> {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch (err) {
    throw new SafeError(
      'file_unreadable',
      `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  if (!/^[\x21-\x39\x3b-\x7e]+:/m.test(raw.subarray(0, 4096).toString('latin1'))) {
    throw new SafeError('not_a_message', `${file} does not look like an email message (no header lines)`);
  }
  const client = createImapClient({ ...state.imap, secure: false }, null, { disableAutoIdle: true });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch {
    throw new SafeError(
      'demo_not_running',
      `the demo mailbox at ${state.imap.host}:${state.imap.port} does not answer`,
    );
  }
  try {
    const res = await client.append('INBOX', withReturnPath(raw), [], new Date());
    return res && typeof res === 'object' ? res.uid : undefined;
  } finally {
    await client.logout().catch(() => client.close());
  }
}
