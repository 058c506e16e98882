import { readFileSync } from 'node:fs';
import { ImapFlow } from 'imapflow';
import { SafeError } from '../errors.ts';
import type { DemoState } from './state-file.ts';

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
  const client = new ImapFlow({
    host: state.imap.host,
    port: state.imap.port,
    secure: false,
    auth: { user: state.imap.user, pass: state.imap.pass },
    logger: false,
    disableAutoIdle: true,
  });
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
    const res = await client.append('INBOX', raw, [], new Date());
    return res && typeof res === 'object' ? res.uid : undefined;
  } finally {
    await client.logout().catch(() => client.close());
  }
}
