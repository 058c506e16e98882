// Types for the parts of hoodiecrow-imap (no types of its own) that the demo sandbox uses.
declare module 'hoodiecrow-imap' {
  import type { Server } from 'node:net';

  interface HoodiecrowMailbox {
    uidvalidity: number;
    messages: Array<{ uid: number; flags: string[]; raw: string; internaldate: string }>;
  }
  interface HoodiecrowOptions {
    plugins?: string[];
    id?: Record<string, string>;
    users?: Record<string, { password: string }>;
    storage?: Record<string, unknown>;
    debug?: boolean;
  }
  interface HoodiecrowServer {
    server: Server;
    listen(port: number, host: string, cb: () => void): void;
    close(cb?: () => void): void;
    getMailbox(path: string): HoodiecrowMailbox | undefined;
    appendMessage(
      mailbox: string,
      flags: string[],
      internaldate: Date,
      raw: string,
    ): { message: { uid: number } };
  }
  export default function hoodiecrow(options: HoodiecrowOptions): HoodiecrowServer;
}
