import { parseConfig } from '../config/load.ts';
import type { Config } from '../config/schema.ts';

/** The demo's fixed identities: printed on start, so nothing here is secret. */
export const DEMO = Object.freeze({
  prefix: 'tactful-demo',
  inboxId: 'studio',
  address: 'hello@northlight.demo',
  mailUser: 'hello@northlight.demo',
  mailPass: 'demo',
  login: 'lead@demo.tactful',
  password: 'demo',
});

export interface DemoParts {
  redisUrl: string;
  /** Key prefix; `tactful-demo` unless a test gives its own. */
  prefix?: string;
  imap: { host: string; port: number };
  smtp: { host: string; port: number };
  webPort: number;
  passwordHash: string;
  apiToken: string;
  sessionSecret: string;
}

/**
 * The config the demo runs the real pipeline with: one inbox on the sandbox servers, a Stockholm office
 * with Swedish holidays (so the Saturday-night sample is after hours), and one admin user for the web view.
 * Validated by the same schema as a real config file.
 */
export function demoConfig(p: DemoParts): Config {
  return parseConfig(
    {
      redis: { url: p.redisUrl, prefix: p.prefix ?? DEMO.prefix },
      agency: { name: 'Northlight Studio (demo)' },
      inboxes: [
        {
          id: DEMO.inboxId,
          address: DEMO.address,
          language: 'en',
          timezone: 'Europe/Stockholm',
          holidays: { country: 'SE' },
          imap: {
            host: p.imap.host,
            port: p.imap.port,
            secure: false,
            user: DEMO.mailUser,
            pass: DEMO.mailPass,
            startFrom: 'all',
          },
          smtp: {
            host: p.smtp.host,
            port: p.smtp.port,
            secure: false,
            user: DEMO.mailUser,
            pass: DEMO.mailPass,
            autoReplyEnvelopeFrom: 'no-reply@northlight.demo',
          },
          signature: { name: 'Alex Lindqvist', title: 'Account lead' },
        },
      ],
      web: { host: '127.0.0.1', port: p.webPort, sessionSecret: p.sessionSecret },
      api: { tokens: [{ name: 'demo', token: p.apiToken }] },
      users: [
        {
          email: DEMO.login,
          name: 'Demo Lead',
          role: 'admin',
          inboxes: [DEMO.inboxId],
          passwordHash: p.passwordHash,
        },
      ],
      // The demo is watched by a person: short IDLE backstop so dropped-in mail shows up quickly.
      ingest: { pollSeconds: 5 },
      log: { level: 'info', pretty: true },
    },
    {},
  );
}
