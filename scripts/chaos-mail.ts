import type { ImapFlow } from 'imapflow';
import { openMailbox } from '../test/harness/mailbox.ts';
import type { ChaosInbox } from './chaos-env.ts';

export type MailKind = 'angry' | 'calm' | 'bulk';

/** One message the run appends: where, what kind, its Message-ID (how records are matched to it), its bytes. */
export interface ChaosMessage {
  n: number;
  inbox: string;
  kind: MailKind;
  messageId: string;
  raw: string;
  /** ms after the stream starts. */
  dueAt: number;
}

const ANGRY = [
  'This is UNACCEPTABLE! The site has been down for the third time this week and we are losing customers because of you. Terrible service. Fix it NOW or we will find another agency!',
  'I am furious. You promised the launch for Monday and NOTHING works. This is the worst service we have ever paid for. Sort it out today or we are done with you!',
  'Absolutely ridiculous! Our shop has been offline since this morning and nobody answers the phone. We are losing money every hour. Completely incompetent!',
];
const CALM = [
  'Hello, thanks for the new homepage drafts, they look lovely. We will go through them with the team on Thursday and come back to you with notes.',
  'Hi, just a note that our new product photos are in the shared folder now. No rush at all, whenever you get to it is fine.',
  'Good morning, the copy for the about page is attached in the document we shared. Let us know what you think when you have a moment.',
];

/**
 * The run's mail: `count` messages spread over the inboxes round the clock of the stream, each from its own sender
 * (so no newer draft ever replaces an older one) with a unique Message-ID. Kinds by share: angry mail gets a draft
 * a lead approves; calm mail gets none (the office is open); bulk mail is automated (a list, Precedence: bulk).
 */
export function chaosMessages(
  inboxes: ChaosInbox[],
  count: number,
  streamMs: number,
  shares: { angry: number; bulk: number },
  random = Math.random,
): ChaosMessage[] {
  return Array.from({ length: count }, (_, n) => {
    const inbox = inboxes[n % inboxes.length]!;
    const r = random();
    const kind: MailKind = r < shares.angry ? 'angry' : r < shares.angry + shares.bulk ? 'bulk' : 'calm';
    const messageId = `<chaos-${n}-${kind}@client${n}.test>`;
    const from = kind === 'bulk' ? `news@list${n}.test` : `client${n}@client${n}.test`;
    const text = kind === 'angry' ? ANGRY[n % ANGRY.length]! : CALM[n % CALM.length]!;
    const headers = [
      `Return-Path: <${from}>`,
      `From: ${kind === 'bulk' ? 'Newsletter' : `Client ${n}`} <${from}>`,
      `To: ${inbox.address}`,
      `Subject: ${kind === 'angry' ? 'Still broken' : kind === 'bulk' ? 'Our monthly news' : 'Website update'} #${n}`,
      `Message-ID: ${messageId}`,
      `Date: ${new Date().toUTCString()}`,
      ...(kind === 'bulk' ? ['Precedence: bulk', `List-Id: <news.list${n}.test>`] : []),
      'Content-Type: text/plain; charset=utf-8',
    ];
    return {
      n,
      inbox: inbox.id,
      kind,
      messageId,
      raw: `${headers.join('\r\n')}\r\n\r\n${text}\r\n`,
      dueAt: Math.round((n * streamMs) / count),
    };
  });
}

/**
 * Appends the messages on time, one IMAP connection per inbox (reopened when Dovecot restarts). A failed APPEND
 * is tried again on a new connection; if the server had stored it before the connection died, the mailbox holds
 * it twice — which Tactful must turn into one record (same Message-ID).
 */
export class Appender {
  private readonly connections = new Map<string, ImapFlow>();
  private readonly pending: ChaosMessage[];
  appended = 0;
  retries = 0;

  constructor(
    private readonly inboxes: Map<string, ChaosInbox>,
    messages: ChaosMessage[],
  ) {
    this.pending = [...messages];
  }

  get done(): boolean {
    return this.pending.length === 0;
  }

  /** Appends what is due at `elapsedMs`; failures stay queued for the next call. */
  async tick(elapsedMs: number): Promise<void> {
    const due = this.pending.filter((m) => m.dueAt <= elapsedMs);
    const byInbox = new Map<string, ChaosMessage[]>();
    for (const m of due) byInbox.set(m.inbox, [...(byInbox.get(m.inbox) ?? []), m]);
    await Promise.all([...byInbox].map(([inbox, list]) => this.appendAll(inbox, list)));
  }

  private async appendAll(inboxId: string, list: ChaosMessage[]): Promise<void> {
    for (const m of list) {
      try {
        const c = await this.connection(inboxId);
        await c.append('INBOX', m.raw);
        this.pending.splice(this.pending.indexOf(m), 1);
        this.appended++;
      } catch {
        this.retries++;
        this.drop(inboxId);
        return; // the rest of this inbox waits for the next tick
      }
    }
  }

  private async connection(inboxId: string): Promise<ImapFlow> {
    const open = this.connections.get(inboxId);
    if (open?.usable) return open;
    const c = await openMailbox(this.inboxes.get(inboxId)!.login, { retryMs: 0 });
    this.connections.set(inboxId, c);
    return c;
  }

  private drop(inboxId: string): void {
    this.connections.get(inboxId)?.close();
    this.connections.delete(inboxId);
  }

  async close(): Promise<void> {
    await Promise.all([...this.connections.values()].map((c) => c.logout().catch(() => c.close())));
    this.connections.clear();
  }
}
