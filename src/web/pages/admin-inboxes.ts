import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { SafeError } from '../../errors.ts';
import { WEEKDAYS } from '../../config/schema.ts';
import { addInboxForm } from '../../inboxes/inbox-form.ts';
import { listInboxes } from '../../inboxes/inbox-list.ts';
import {
  addPasswordInbox,
  beginOAuthInbox,
  beginSignInAgain,
  editInbox,
  removeInbox,
  requireWebInbox,
  setPaused,
} from '../../inboxes/inbox-service.ts';
import { testConnection } from '../../inboxes/connection-test.ts';
import { parseHolidaysForm, type HolidaysField } from '../../inboxes/holidays-form.ts';
import { checkCalendar } from '../../doctor/calendar-check.ts';
import { requireAdmin, userOf } from '../plugins/auth-guard.ts';
import { renderPage } from './render.ts';
import {
  editOf,
  formValuesFrom,
  formValuesOf,
  holidayTypeChoices,
  one,
  type FormBody,
  type InboxFormValues,
} from './inbox-edit-form.ts';

/** Where the provider sends the browser back: the configured URL, else this site's own address. */
export function redirectUri(ctx: AppContext, req: FastifyRequest): string {
  if (ctx.config.oauth.redirectUrl) return ctx.config.oauth.redirectUrl;
  const host = /^[A-Za-z0-9.:[\]-]{1,260}$/.test(req.headers.host ?? '') ? req.headers.host! : '127.0.0.1';
  return `${req.protocol}://${host}/oauth/callback`;
}

const idParam = z.object({ id: z.string().regex(/^[a-z0-9-]{1,40}$/) });
function inboxId(req: FastifyRequest): string {
  const p = idParam.safeParse(req.params);
  if (!p.success) throw new SafeError('not_found', 'No such inbox.', 404);
  return p.data.id;
}

/**
 * Admin pages for inboxes: the list (config file ones read-only), adding one (Google, Microsoft 365, another
 * OAuth provider, or IMAP/SMTP with a password), an inbox's page (test the connection, office hours,
 * holidays, language, auto-send, pause/resume, sign in again, remove). Every form carries the CSRF token.
 */
export async function adminInboxRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { ctx } = opts;
  const guarded = { preHandler: [requireAdmin, app.csrfProtection] };

  // The add and sign-in-again forms answer with a redirect to the provider, and CSP form-action also applies
  // to where a submitted form is redirected: these pages allow the configured providers' origins, no others.
  const providerOrigins = [
    ...new Set([...ctx.oauth.providers.values()].map((p) => new URL(p.authorizeUrl).origin)),
  ];
  app.addHook('onSend', async (_req, reply, payload) => {
    const csp = reply.getHeader('content-security-policy');
    if (typeof csp === 'string' && providerOrigins.length > 0)
      reply.header(
        'content-security-policy',
        csp.replace(/form-action [^;]*/, `form-action 'self' ${providerOrigins.join(' ')}`),
      );
    return payload;
  });

  async function listPage(
    req: FastifyRequest,
    reply: Parameters<typeof renderPage>[1],
    problem: string | null,
    form: FormBody = {},
  ) {
    return renderPage(req, reply, './admin-inboxes', {
      title: 'Inboxes',
      nav: 'admin',
      inboxes: await listInboxes(ctx),
      providers: [...ctx.oauth.providers.values()].map((p) => ({ id: p.id, name: p.name })),
      secretsAvailable: ctx.secrets.available,
      audit: await ctx.stores.adminLog.recentAudit(30),
      notices: await ctx.stores.adminLog.notices(10),
      problem,
      form,
    });
  }

  app.get('/admin/inboxes', { preHandler: requireAdmin }, async (req, reply) => listPage(req, reply, null));

  app.post<{ Body: FormBody }>('/admin/inboxes', guarded, async (req, reply) => {
    const actor = userOf(req).actor;
    const parsed = addInboxForm.safeParse(
      Object.fromEntries(Object.entries(req.body ?? {}).map(([k, v]) => [k, one(v)])),
    );
    if (!parsed.success) {
      reply.status(400);
      return listPage(req, reply, 'Some fields are not valid: check the form.', req.body);
    }
    try {
      if (parsed.data.kind === 'password') {
        const id = await addPasswordInbox(ctx, actor, parsed.data);
        req.session.set('flash', `Inbox ${id} added. Test its connection below.`);
        return reply.redirect(`/admin/inboxes/${id}`, 303);
      }
      return reply.redirect(await beginOAuthInbox(ctx, actor, parsed.data, redirectUri(ctx, req)), 303);
    } catch (err) {
      if (!(err instanceof SafeError)) throw err;
      reply.status(err.status);
      // The passwords are never sent back into the form.
      const { imapPass: _i, smtpPass: _s, ...keep } = req.body ?? {};
      return listPage(req, reply, err.message, keep);
    }
  });

  /** The inbox's page; after a refused save, with the submitted values and what is wrong with them. */
  async function inboxPage(
    req: FastifyRequest,
    reply: Parameters<typeof renderPage>[1],
    id: string,
    refused?: { values: InboxFormValues; errors: Partial<Record<HolidaysField, string[]>>; problem: string },
  ) {
    const view = (await listInboxes(ctx)).find((i) => i.id === id);
    const index = ctx.config.inboxes.findIndex((i) => i.id === id);
    const inbox = ctx.config.inboxes[index];
    if (!view || !inbox) throw new SafeError('not_found', 'No such inbox.', 404);
    return renderPage(req, reply, './admin-inbox', {
      title: `Inbox ${id}`,
      nav: 'admin',
      view,
      inbox: refused?.values ?? formValuesOf(inbox),
      errors: refused?.errors ?? {},
      problem: refused?.problem ?? null,
      holidayTypes: holidayTypeChoices,
      // The doctor's own words on the saved holidays: the next day that closes the office, an unknown
      // country, open days no holiday falls on (its time zone line is about something else).
      calendar: checkCalendar(inbox, index, ctx.clock).filter((c) => c.what.startsWith('holidays')),
      weekdays: WEEKDAYS,
      checks: null,
      audit: (await ctx.stores.adminLog.recentAudit(200)).filter((a) => a.target === id).slice(0, 20),
    });
  }

  app.get('/admin/inboxes/:id', { preHandler: requireAdmin }, async (req, reply) =>
    inboxPage(req, reply, inboxId(req)),
  );

  app.post<{ Body: FormBody }>('/admin/inboxes/:id/edit', guarded, async (req, reply) => {
    const id = inboxId(req);
    await requireWebInbox(ctx, id);
    const values = formValuesFrom(req.body ?? {});
    const holidays = parseHolidaysForm(values);
    if (!holidays.ok) {
      reply.status(400);
      return inboxPage(req, reply, id, {
        values,
        errors: holidays.errors,
        problem: 'Not saved: check the holidays.',
      });
    }
    try {
      await editInbox(ctx, userOf(req).actor, id, { ...editOf(values), holidays: holidays.holidays });
    } catch (err) {
      if (!(err instanceof SafeError) || err.code !== 'inbox_invalid') throw err;
      reply.status(400);
      return inboxPage(req, reply, id, { values, errors: {}, problem: `Not saved: ${err.message}` });
    }
    req.session.set('flash', 'Saved. It applies on every node within seconds.');
    return reply.redirect(`/admin/inboxes/${id}`, 303);
  });

  for (const [path, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    app.post(`/admin/inboxes/:id/${path}`, guarded, async (req, reply) => {
      const id = inboxId(req);
      await setPaused(ctx, userOf(req).actor, id, paused);
      req.session.set('flash', paused ? `Inbox ${id} paused: no mail is read.` : `Inbox ${id} resumed.`);
      return reply.redirect(`/admin/inboxes/${id}`, 303);
    });
  }

  app.post('/admin/inboxes/:id/remove', guarded, async (req, reply) => {
    const id = inboxId(req);
    await removeInbox(ctx, userOf(req).actor, id);
    req.session.set('flash', `Inbox ${id} removed.`);
    return reply.redirect('/admin/inboxes', 303);
  });

  app.post('/admin/inboxes/:id/sign-in', guarded, async (req, reply) => {
    const id = inboxId(req);
    await requireWebInbox(ctx, id);
    return reply.redirect(await beginSignInAgain(ctx, userOf(req).actor, id, redirectUri(ctx, req)), 303);
  });

  app.post('/admin/inboxes/:id/test', guarded, async (req, reply) => {
    const id = inboxId(req);
    const checks = await testConnection(ctx, id);
    req.session.set(
      'flash',
      checks.every((c) => c.status !== 'fail')
        ? `Connection test passed: ${checks.map((c) => c.what.replace(/^\S+ \S+ /, '')).join('; ')}.`
        : `Connection test failed: ${checks
            .filter((c) => c.status === 'fail')
            .map((c) => `${c.what}: ${c.detail}${c.fix ? ` (${c.fix})` : ''}`)
            .join('; ')}`,
    );
    return reply.redirect(`/admin/inboxes/${id}`, 303);
  });
}
