import { SMTPServer } from 'smtp-server';

/** One message the demo "sent": kept in memory, never relayed anywhere. */
export interface SinkMessage {
  from: string;
  to: string[];
  raw: Buffer;
  receivedAt: Date;
}

export interface SmtpSink {
  host: string;
  port: number;
  user: string;
  pass: string;
  readonly messages: readonly SinkMessage[];
  stop(): Promise<void>;
}

/** Large enough for any reply Tactful drafts; a runaway client cannot fill memory. */
const MAX_BYTES = 5 * 1024 * 1024;

/**
 * The demo's outgoing mail server: accepts every login and every recipient and keeps the mail, so sending
 * can be watched end to end (the send worker also files a copy in the sandbox's Sent folder) while nothing
 * leaves the machine. STARTTLS is off because the sink has no certificate a client would trust.
 */
export async function startSmtpSink(opts: {
  port?: number;
  user: string;
  pass: string;
  onMessage?: (m: SinkMessage) => void;
}): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const server = new SMTPServer({
    name: 'tactful-demo-smtp',
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: true,
    size: MAX_BYTES,
    logger: false,
    onAuth: (_auth, _session, cb) => cb(null, { user: opts.user }),
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const mail: SinkMessage = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
          receivedAt: new Date(),
        };
        messages.push(mail);
        opts.onMessage?.(mail);
        cb();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  server.on('error', () => undefined); // a client hanging up mid-session is not the demo's problem
  const port = (server.server.address() as { port: number }).port;
  return {
    host: '127.0.0.1',
    port,
    user: opts.user,
    pass: opts.pass,
    messages,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
