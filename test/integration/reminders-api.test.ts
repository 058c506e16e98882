import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/web/app.ts';
import { uniquePrefix, wipePrefix } from '../harness/context.ts';
import { invoiceBody, reminderContext } from './reminders-support.ts';

const prefix = uniquePrefix('rem-api');
const auth = { authorization: 'Bearer test-token-0123456789' };

let app: FastifyInstance;
let close: () => Promise<void>;
beforeAll(async () => {
  const r = await reminderContext(prefix);
  close = r.close;
  app = await buildApp(r.ctx);
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await close();
  await wipePrefix(prefix);
});

const post = (url: string, payload?: Record<string, unknown>) =>
  app.inject({ method: 'POST', url, headers: auth, payload: payload ?? {} });

describe('invoices API', () => {
  it('needs a Bearer token', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/invoices' });
    expect(r.statusCode).toBe(401);
  });

  it('creates an invoice: 201 with the record', async () => {
    const r = await post('/api/invoices', { inbox: 'studio', ...invoiceBody('API-1') });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({
      number: 'API-1',
      status: 'open',
      inbox: 'studio',
      dueDate: '2026-06-01',
    });
  });

  it('400 names the field and the problem', async () => {
    const r = await post('/api/invoices', {
      inbox: 'studio',
      ...invoiceBody('API-2', { client: { email: 'nope', name: 'X' } }),
    });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({
      error: 'bad_request',
      message: expect.stringMatching(/^client\.email: /),
    });
    const due = await post('/api/invoices', {
      inbox: 'studio',
      ...invoiceBody('API-3', { dueDate: '2026-02-30' }),
    });
    expect(due.json().message).toBe('dueDate: is not a YYYY-MM-DD date');
    const unknown = await post('/api/invoices', { inbox: 'studio', ...invoiceBody('API-4'), extra: 1 });
    expect(unknown.statusCode).toBe(400);
  });

  it('409 for a number already in the inbox, and nothing changes', async () => {
    const r = await post('/api/invoices', { inbox: 'studio', ...invoiceBody('API-1', { amount: 1 }) });
    expect(r.statusCode).toBe(409);
    expect(r.json().error).toBe('duplicate_invoice');
    const list = (await app.inject({ url: '/api/invoices?inbox=studio', headers: auth })).json();
    expect(list.invoices.find((i: { number: string }) => i.number === 'API-1').amount).toBe(12500);
  });

  it('404 for an inbox that does not exist', async () => {
    const r = await post('/api/invoices', { inbox: 'elsewhere', ...invoiceBody('API-5') });
    expect(r.statusCode).toBe(404);
  });

  it('marks paid, disputes, pauses until a date and resumes; lists by status', async () => {
    const a = (await post('/api/invoices', { inbox: 'studio', ...invoiceBody('API-10') })).json();
    const b = (await post('/api/invoices', { inbox: 'studio', ...invoiceBody('API-11') })).json();
    expect((await post(`/api/invoices/${a.id}/paid`)).json().status).toBe('paid');
    expect((await post(`/api/invoices/${a.id}/paid`)).statusCode).toBe(409);
    const paused = await post(`/api/invoices/${b.id}/pause`, { until: '2026-07-01' });
    expect(paused.json()).toMatchObject({ status: 'paused', pausedUntil: '2026-07-01' });
    expect((await post(`/api/invoices/${b.id}/pause`, { until: 'July' })).statusCode).toBe(400);
    expect((await post(`/api/invoices/${b.id}/dispute`)).json().status).toBe('disputed');
    const resumed = (await post(`/api/invoices/${b.id}/resume`)).json();
    expect(resumed.status).toBe('open');
    expect(resumed.pausedUntil).toBeUndefined();
    const paid = (await app.inject({ url: '/api/invoices?status=paid&inbox=studio', headers: auth })).json();
    expect(paid.invoices.map((i: { number: string }) => i.number)).toEqual(['API-10']);
    expect((await app.inject({ url: '/api/invoices?status=late', headers: auth })).statusCode).toBe(400);
    expect((await post('/api/invoices/nope/paid')).statusCode).toBe(404);
    expect((await post(`/api/invoices/${b.id}/explode`)).statusCode).toBe(404);
  });
});
