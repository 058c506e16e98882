import { createImapClient } from '../mail/imap-client.ts';
import type { InboxConfig } from '../config/schema.ts';
import { describeError, type CheckResult } from './check.ts';
import { networkFix } from './network-fix.ts';

/** imapflow marks a rejected LOGIN/AUTHENTICATE with `authenticationFailed`; socket errors keep Node's code. */
function errorCode(err: unknown): string | undefined {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code ?? e?.cause?.code;
}

/**
 * Logs in to one inbox's IMAP server and checks that the watched mailbox and the Sent folder exist
 * (replies are APPENDed to Sent so that a crash between SMTP and bookkeeping can be recovered from there).
 */
export async function checkImap(
  inbox: InboxConfig,
  index: number,
  opts: { createFolders?: boolean } = {},
): Promise<CheckResult[]> {
  const { host, port, secure, user, pass, mailbox, sentMailbox, allowInsecureTls } = inbox.imap;
  const key = `inboxes[${index}].imap`;
  const what = `imap ${inbox.id} (${user} at ${host}:${port})`;
  const oauth = inbox.imap.oauth;
  const client = createImapClient({ host, port, secure, user, pass, allowInsecureTls, oauth }, null, {
    connectionTimeout: 10_000,
    socketTimeout: 20_000,
    disableAutoIdle: true,
  });
  // imapflow emits 'error' on socket failures after connect(); without a listener that would crash the CLI.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    const e = err as { authenticationFailed?: boolean; code?: string };
    if (e?.code === 'oauth_needs_sign_in')
      return [
        {
          status: 'fail',
          what,
          detail: 'needs sign-in again',
          fix: `an admin signs in again: Admin → Inboxes → ${inbox.id}`,
        },
      ];
    const fix = e?.authenticationFailed
      ? oauth
        ? `the server refused the OAuth token: check that ${user} may be opened by ${oauth.account} and that IMAP is enabled for it`
        : `the server refused the login: check ${key}.user and ${key}.pass (for Gmail/Microsoft 365 add the inbox in the web view to sign in with OAuth)`
      : (networkFix(errorCode(err), host, port, key) ?? `check ${key}.host, .port and .secure`);
    const detail = e?.authenticationFailed ? 'login refused' : describeError(err);
    return [{ status: 'fail', what, detail, fix }];
  }
  try {
    const results: CheckResult[] = [{ status: 'pass', what, detail: 'logged in' }];
    const boxes = await client.list();
    const paths = new Set(boxes.map((b) => b.path));
    const sentByRole = boxes.find((b) => b.specialUse === '\\Sent')?.path;
    results.push(
      paths.has(mailbox) || mailbox.toUpperCase() === 'INBOX'
        ? { status: 'pass', what: `imap ${inbox.id} mailbox "${mailbox}"`, detail: 'exists' }
        : {
            status: 'fail',
            what: `imap ${inbox.id} mailbox "${mailbox}"`,
            detail: 'not found',
            fix: `set ${key}.mailbox to one of: ${[...paths].slice(0, 10).join(', ')}`,
          },
    );
    if (!paths.has(sentMailbox) && opts.createFolders) {
      // The one repair the doctor makes, and only when asked: new mail servers often have no Sent folder yet.
      await client.mailboxCreate(sentMailbox);
      results.push({
        status: 'pass',
        what: `imap ${inbox.id} sent folder "${sentMailbox}"`,
        detail: 'created',
      });
      return results;
    }
    results.push(
      paths.has(sentMailbox)
        ? { status: 'pass', what: `imap ${inbox.id} sent folder "${sentMailbox}"`, detail: 'exists' }
        : {
            status: 'fail',
            what: `imap ${inbox.id} sent folder "${sentMailbox}"`,
            detail: 'not found',
            fix: sentByRole
              ? `set ${key}.sentMailbox: "${sentByRole}" (the server marks it \\Sent)`
              : `run \`tactful doctor --create-folders\` to create "${sentMailbox}", or set ${key}.sentMailbox to an existing folder`,
          },
    );
    return results;
  } catch (err) {
    return [
      {
        status: 'fail',
        what,
        detail: describeError(err),
        fix: 'the server broke off: retry, then check its logs',
      },
    ];
  } finally {
    await client.logout().catch(() => client.close());
  }
}
