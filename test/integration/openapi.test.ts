import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniquePrefix, wipePrefix } from '../harness/context.ts';
import { injectLogin, seedDraft, startWeb, USERS, type WebFixture } from '../e2e/web-fixture.ts';

const prefix = uniquePrefix('openapi');
const AUTH = { authorization: 'Bearer test-token-0123456789' };
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  required?: string[];
  additionalProperties?: boolean;
};
interface Operation {
  tags?: string[];
  summary?: string;
  parameters?: { in: string; name: string; required?: boolean; schema?: Schema }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema: Schema }> }>;
  security?: Record<string, string[]>[];
}
interface OpenApiDoc {
  openapi: string;
  info: { title: string; version: string };
  components: { securitySchemes: Record<string, { type: string; scheme?: string }> };
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
}

let f: WebFixture;
let doc: OpenApiDoc;
beforeAll(async () => {
  f = await startWeb(prefix);
  const res = await f.app.inject({ url: '/docs/json' });
  expect(res.statusCode).toBe(200);
  doc = res.json();
});
afterAll(async () => {
  await f?.close();
  await wipePrefix(prefix);
});

/** `/api/drafts/:id` → `/api/drafts/{id}` (OpenAPI path templating). */
const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');
const op = (path: string, method: (typeof METHODS)[number]) => doc.paths[path]?.[method];
const jsonOf = (o: Operation, status: number) =>
  o.responses[String(status)]?.content?.['application/json']?.schema;

/**
 * Every (METHOD, url) fastify serves under /api, read from its route tree: `printRoutes` prints one segment per
 * line, indented 4 columns per level under its parent (`│   ├── api/drafts (GET, HEAD)`).
 */
function registeredApiRoutes(): string[] {
  const parents: string[] = [];
  const routes: string[] = [];
  for (const line of f.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const at = line.search(/[├└]── /);
    if (at < 0) continue;
    const depth = at / 4;
    const m = /^(.*?)(?: \(([^)]+)\))?$/.exec(line.slice(at + 4))!;
    parents[depth] = m[1]!;
    parents.length = depth + 1;
    const url = parents.join('');
    if (!m[2] || !url.startsWith('/api/')) continue;
    for (const method of m[2].split(', ').filter((x) => x !== 'HEAD'))
      routes.push(`${method} ${openApiPath(url)}`);
  }
  return routes.sort();
}

const documentedRoutes = () =>
  Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/api/'))
    .flatMap(([path, ops]) => METHODS.filter((m) => ops[m]).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();

describe('GET /docs/json', () => {
  it('is an OpenAPI 3 document with the bearerAuth scheme', () => {
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info).toMatchObject({ title: 'Tactful API', version: expect.any(String) });
    expect(doc.components.securitySchemes.bearerAuth).toEqual(
      expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    );
  });

  it('is browsable at /docs', async () => {
    const ui = await f.app.inject({ url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
  });

  it('describes exactly the routes fastify serves under /api, and nothing else', () => {
    const served = registeredApiRoutes();
    expect(served.length).toBeGreaterThanOrEqual(12);
    expect(served).toContain('POST /api/invoices/{id}/pause');
    expect(documentedRoutes()).toEqual(served);
    for (const route of served) {
      const [method, url] = route.split(' ') as [string, string];
      expect(f.app.hasRoute({ method, url: url.replace(/\{(\w+)\}/g, ':$1') }), route).toBe(true);
    }
    expect(Object.keys(doc.paths).filter((p) => !p.startsWith('/api/'))).toEqual([]);
  });

  it('gives every operation a summary, a tag, the bearer security, a 2xx shape and the {error, message} 401', () => {
    for (const route of documentedRoutes()) {
      const [method, path] = route.split(' ') as [string, string];
      const o = op(path, method.toLowerCase() as (typeof METHODS)[number])!;
      expect(o.summary, route).toBeTruthy();
      expect(o.tags?.length, route).toBeGreaterThan(0);
      expect(o.security, route).toEqual([{ bearerAuth: [] }]);
      // OpenAPI 3.0 requires a description on every response and `in`/`name` on every parameter.
      for (const [status, r] of Object.entries(o.responses))
        expect(typeof r.description, `${route} ${status}`).toBe('string');
      for (const p of o.parameters ?? [])
        expect(['path', 'query', 'header', 'cookie'], route).toContain(p.in);
      const ok = Object.keys(o.responses).find((s) => s.startsWith('2'));
      expect(ok && jsonOf(o, Number(ok))?.type, route).toBe('object');
      expect(jsonOf(o, 401), route).toMatchObject({ required: ['error', 'message'] });
      for (const name of path.match(/\{(\w+)\}/g) ?? []) {
        const p = o.parameters?.find((x) => x.in === 'path' && `{${x.name}}` === name);
        expect(p?.required, `${route} ${name}`).toBe(true);
      }
    }
  });

  it('documents query parameters and request bodies from the zod schemas the handlers use', () => {
    const drafts = op('/api/drafts', 'get')!;
    expect(drafts.parameters?.filter((p) => p.in === 'query').map((p) => p.name)).toEqual([
      'status',
      'inbox',
      'limit',
      'cursor',
    ]);
    expect(drafts.parameters?.find((p) => p.name === 'limit')?.schema).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 1000,
    });
    const approve = op('/api/drafts/{id}/approve', 'post')!;
    expect(approve.requestBody?.content['application/json']?.schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      properties: {
        subject: { maxLength: 300 },
        body: { maxLength: 20_000 },
        sendAt: { type: 'string' },
        sendNow: { type: 'boolean' },
        promisedBy: { type: 'string' },
      },
    });
    const create = op('/api/invoices', 'post')!.requestBody!.content['application/json']!.schema;
    expect(create.required).toEqual(['number', 'client', 'amount', 'currency', 'issuedAt', 'dueDate']);
    expect(Object.keys(create.properties!)).toContain('inbox');
    expect(create.properties!.client!.required).toEqual(['email', 'name']);
    // Bodies whose every field is optional may be left out (the handlers read a missing body as {}).
    expect(approve.requestBody).toMatchObject({ required: false });
    expect(op('/api/invoices', 'post')!.requestBody).toMatchObject({ required: true });
    expect(op('/api/invoices/{id}/pause', 'post')!.requestBody).toMatchObject({ required: false });
    expect(op('/api/invoices/{id}/paid', 'post')!.requestBody).toBeUndefined();
    expect(op('/api/messages', 'get')!.parameters?.map((p) => p.name)).toEqual(['inbox', 'limit', 'cursor']);
    expect(op('/api/invoices', 'post')!.responses).toHaveProperty('409');
    // Issue 13: the report's filters, the version a save or an approval started from.
    expect(op('/api/reports/response', 'get')!.parameters?.map((p) => p.name)).toEqual([
      'inbox',
      'client',
      'by',
      'from',
      'to',
      'format',
    ]);
    expect(approve.requestBody?.content['application/json']?.schema.properties).toHaveProperty('version');
    const edits = op('/api/drafts/{id}/edits', 'post')!;
    expect(edits.requestBody).toMatchObject({ required: true });
    expect(edits.requestBody!.content['application/json']!.schema.required).toEqual(['version']);
    expect(edits.responses).toHaveProperty('409');
  });
});

describe('paging and access in the description', () => {
  const LISTS = { '/api/messages': 'messages', '/api/drafts': 'drafts', '/api/invoices': 'invoices' };

  it('gives every list endpoint ?limit and ?cursor, and {items, nextCursor} answers', () => {
    for (const [path, key] of Object.entries(LISTS)) {
      const o = op(path, 'get')!;
      const query = o.parameters?.filter((p) => p.in === 'query').map((p) => p.name);
      expect(query, path).toEqual(expect.arrayContaining(['inbox', 'limit', 'cursor']));
      const body = jsonOf(o, 200)!;
      expect(body.required, path).toEqual([key, 'nextCursor']);
      expect(body.properties![key]!.type, path).toBe('array');
      expect(body.properties!.nextCursor, path).toMatchObject({ type: 'string', nullable: true });
    }
  });

  it('documents an inbox you may not see as 404 on every list, never 403', () => {
    for (const path of Object.keys(LISTS)) {
      const o = op(path, 'get')!;
      expect(Object.keys(o.responses), path).toEqual(expect.arrayContaining(['400', '401', '404']));
      expect(o.responses, path).not.toHaveProperty('403');
    }
  });

  it('lists answer with the documented envelope', async () => {
    await seedDraft(f);
    for (const [path, key] of Object.entries(LISTS)) {
      const res = await f.app.inject({ url: `${path}?limit=1`, headers: AUTH });
      expect(res.statusCode, path).toBe(200);
      const body = res.json();
      const doc = jsonOf(op(path, 'get')!, 200)!;
      expect(Object.keys(body).sort(), path).toEqual(Object.keys(doc.properties!).sort());
      expect(Array.isArray(body[key]), path).toBe(true);
      expect(body.nextCursor === null || typeof body.nextCursor === 'string', path).toBe(true);
    }
  });
});

describe('the description matches what the API answers', () => {
  it('a listed draft has exactly the documented fields', async () => {
    await seedDraft(f);
    const res = await f.app.inject({ url: '/api/drafts', headers: AUTH });
    expect(res.statusCode).toBe(200);
    const [draft] = res.json().drafts;
    const item = jsonOf(op('/api/drafts', 'get')!, 200)!.properties!.drafts!.items!;
    expect(Object.keys(draft).sort()).toEqual(Object.keys(item.properties!).sort());
    expect(Object.keys(draft).sort()).toEqual([...item.required!].sort());
  });

  it('an approval answers with exactly the documented fields, its notes included', async () => {
    const d = await seedDraft(f, { kind: 'angry' });
    const res = await f.app.inject({
      method: 'POST',
      url: `/api/drafts/${d.id}/approve`,
      headers: AUTH,
      payload: { sendNow: true },
    });
    expect(res.statusCode).toBe(200);
    const described = jsonOf(op('/api/drafts/{id}/approve', 'post')!, 200)!;
    expect(Object.keys(res.json()).sort()).toEqual(Object.keys(described.properties!).sort());
    expect(Object.keys(res.json()).sort()).toEqual([...described.required!].sort());
    expect(described.properties!.notes).toMatchObject({ type: 'array', items: { type: 'string' } });
    // The fixture's clock is a Monday night: the note says what sending now means.
    expect(res.json().notes).toEqual([expect.stringContaining('outside office hours')]);
  });

  it('a listed message has exactly the documented fields', async () => {
    const res = await f.app.inject({ url: '/api/messages?inbox=studio&limit=5', headers: AUTH });
    expect(res.statusCode).toBe(200);
    const [message] = res.json().messages;
    const item = jsonOf(op('/api/messages', 'get')!, 200)!.properties!.messages!.items!;
    expect(Object.keys(message).sort()).toEqual(Object.keys(item.properties!).sort());
  });

  it('the response report answers the documented JSON, and CSV under text/csv', async () => {
    const o = op('/api/reports/response', 'get')!;
    expect(Object.keys(o.responses['200']!.content!)).toEqual(['application/json', 'text/csv']);
    expect(o.responses).toHaveProperty('404');
    const described = jsonOf(o, 200)!;
    const res = await f.app.inject({ url: '/api/reports/response?inbox=studio', headers: AUTH });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json()).sort()).toEqual(Object.keys(described.properties!).sort());
    const csv = await f.app.inject({ url: '/api/reports/response?format=csv', headers: AUTH });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
  });

  it('a saved edit and the editing heartbeat answer with exactly the documented fields', async () => {
    const d = await seedDraft(f);
    const saved = await f.app.inject({
      method: 'POST',
      url: `/api/drafts/${d.id}/edits`,
      headers: AUTH,
      payload: { body: 'Edited through the API', version: 1 },
    });
    expect(saved.statusCode).toBe(200);
    const item = jsonOf(op('/api/drafts/{id}/edits', 'post')!, 200)!.properties!.draft!;
    expect(Object.keys(saved.json().draft).sort()).toEqual(Object.keys(item.properties!).sort());
    expect(saved.json().draft.version).toBe(2);
    const beat = await f.app.inject({ method: 'POST', url: `/api/drafts/${d.id}/editing`, headers: AUTH });
    expect(beat.statusCode).toBe(200);
    const described = jsonOf(op('/api/drafts/{id}/editing', 'post')!, 200)!;
    expect(Object.keys(beat.json())).toEqual(Object.keys(described.properties!));
  });

  it('input errors still come from the handlers (status, code and message unchanged), as {error, message}', async () => {
    const badStatus = await f.app.inject({ url: '/api/drafts?status=lost', headers: AUTH });
    expect(badStatus.statusCode).toBe(400);
    expect(badStatus.json()).toEqual({
      error: 'bad_request',
      message: expect.stringContaining('unknown status "lost"'),
    });
    const extra = await f.app.inject({ url: '/api/drafts?colour=red', headers: AUTH });
    expect(extra.json()).toEqual({ error: 'bad_request', message: expect.stringMatching(/colour/) });
    const limit = await f.app.inject({ url: '/api/messages?limit=1e2', headers: AUTH });
    expect(limit.json()).toEqual({
      error: 'bad_limit',
      message: 'limit must be a whole number from 1 to 500',
    });
    // A bad body for an invoice that does not exist: the 404 comes first, as before (no schema pre-validation).
    const missing = await f.app.inject({
      method: 'POST',
      url: '/api/invoices/nope/pause',
      headers: AUTH,
      payload: { until: 42 },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: 'not_found', message: 'no such invoice' });
    // A session change without CSRF token is refused before its (bad) body is looked at.
    const d = await seedDraft(f);
    const { cookie } = await injectLogin(f.app, USERS.lead);
    const noCsrf = await f.app.inject({
      method: 'POST',
      url: `/api/drafts/${d.id}/approve`,
      headers: { cookie },
      payload: { to: 'x@evil.test' },
    });
    expect(noCsrf.statusCode).toBe(403);
  });
});
