import type { Principal } from '../../src/access/principal.ts';

/** Maja, an account lead signed in to the web view, with the inboxes assigned to her (default `studio`). */
export function leadPrincipal(inboxes: string[] = ['studio']): Principal {
  return { kind: 'user', actor: 'maja@agency.test', name: 'Maja', role: 'lead', inboxes: new Set(inboxes) };
}

/** The API token `test` of testConfig(): an admin over every inbox, recorded as `api:test`. */
export const API_ADMIN: Principal = {
  kind: 'token',
  actor: 'api:test',
  name: 'test',
  role: 'admin',
  inboxes: 'all',
};
