import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniquePrefix, wipePrefix } from '../harness/context.ts';
import { injectLogin, PASSWORD, seedDraft, startWeb, USERS, type WebFixture } from '../e2e/web-fixture.ts';
import { keyspace } from '../../src/store/keyspace.ts';

const prefix = uniquePrefix('web-errors');
const logLines: string[] = [];
let f: WebFixture;
beforeAll(async () => {
  f = await startWeb(prefix, { logLines, web: { secureCookies: true } });
});
afterAll(async () => {
  await f?.close();
  await wipePrefix(prefix);
});

describe('error pages and logs', () => {
  it('shows a plain 500 page without stack, error class or internal message', async () => {
    const { cookie } = await injectLogin(f.app, USERS.lead);
    // A record that fails schema validation: the page must fail safely, not leak the parser's complaint.
    const keys = keyspace(f.ctx.config.redis.prefix);
    await f.ctx.redis.set(keys('inbox-of', 'draft', 'm_corrupt'), 'studio');
    await f.ctx.redis.set(keys.inbox('studio', 'draft', 'm_corrupt'), '{"id":"m_corrupt","inbox":"studio"}');
    const res = await f.app.inject({ url: '/drafts/m_corrupt', headers: { cookie } });
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('Something went wrong');
    expect(res.body).not.toMatch(/ZodError|at .*\.ts:\d+|invalid_type|stack/i);
  });

  it('marks the session cookie Secure when secureCookies is on', async () => {
    const { res } = await injectLogin(f.app, USERS.lead);
    expect(String(res.headers['set-cookie'])).toMatch(/; Secure/i);
  });

  it('never writes passwords, session cookies or CSRF tokens to the log', async () => {
    await seedDraft(f);
    const { cookie } = await injectLogin(f.app, USERS.lead);
    await f.app.inject({ url: '/queue', headers: { cookie } });
    await injectLogin(f.app, USERS.lead, 'a-wrong-password-123');
    const log = logLines.join('\n');
    expect(log).toContain('signed in'); // the log is really captured
    expect(log).toContain('sign-in failed');
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toContain('a-wrong-password-123');
    expect(log).not.toContain(cookie.split('=')[1]!.slice(0, 24));
    expect(log).not.toMatch(/tactful_session=/);
    expect(log).not.toMatch(/_csrf=/);
  });
});
