import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { addPasswdUser } from './dovecot.ts';

/** A mailbox login on a test Dovecot: where to connect, who to be, and the address mail is sent to. */
export interface MailUser {
  host: string;
  port: number;
  user: string;
  pass: string;
  address: string;
}

/** A Dovecot that takes new logins: the run's shared one, or a private one from startDovecot(). */
export interface MailServer {
  host: string;
  port: number;
  addUser(user: string, pass: string): void;
}

/** The Dovecot global-setup.ts started for the whole run. */
export function sharedDovecot(): MailServer {
  return {
    host: inject('imapHost'),
    port: inject('imapPort'),
    addUser: (user, pass) => addPasswdUser(inject('dovecotDir'), user, pass),
  };
}

/** A fresh mailbox user (a unique address, so test files never see each other's mail). */
export function newMailUser(label = 'u', server: MailServer = sharedDovecot()): MailUser {
  const user = `${label}-${randomBytes(4).toString('hex')}@agency.test`;
  const pass = randomBytes(8).toString('hex');
  server.addUser(user, pass);
  return { host: server.host, port: server.port, user, pass, address: user };
}
