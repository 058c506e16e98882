import type { FastifyInstance, FastifyError } from 'fastify';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { fileURLToPath } from 'node:url';
import type { PagesOptions } from '../options.ts';
import { SafeError } from '../../errors.ts';
import { renderErrorPage } from './render.ts';
import { loginRoutes } from './login.ts';
import { messagesRoutes } from './messages.ts';
import { adminRoutes } from './admin.ts';
import { queueRoutes } from './queue.ts';
import { draftRoutes } from './draft.ts';
import { messageFrameRoutes } from './message-frame.ts';
import { scheduledRoutes } from './scheduled.ts';
import { auditRoutes } from './audit.ts';
import { invoicePageRoutes } from './invoices.ts';
import { adminInboxRoutes } from './admin-inboxes.ts';
import { adminUserRoutes } from './admin-users.ts';
import { oauthCallbackRoutes } from './oauth-callback.ts';
import { attentionBadge } from './badge.ts';
import { commitmentRoutes } from './commitments.ts';
import { clientRoutes } from './clients.ts';
import { reportRoutes } from './reports.ts';

const HEADINGS: Record<number, string> = {
  400: 'That did not work',
  401: 'Please sign in',
  403: 'Not allowed',
  404: 'Not found',
  413: 'Too large',
  429: 'Too many attempts',
};

/**
 * The server-rendered web view. Encapsulated: form bodies are parsed only here (the JSON API never accepts
 * urlencoded bodies, so a cross-site form cannot reach it) and errors render as HTML pages.
 */
export async function webPages(app: FastifyInstance, opts: PagesOptions) {
  const { ctx } = opts;
  await app.register(formbody, { bodyLimit: 256 * 1024 });
  await app.register(rateLimit, {
    global: false,
    redis: ctx.stores.loginLimit.redis,
    nameSpace: ctx.stores.loginLimit.nameSpace,
    errorResponseBuilder: () =>
      new SafeError('rate_limited', 'Too many sign-in attempts. Wait a minute and try again.', 429),
  });
  // In its own scope: bull-board registers another @fastify/static for its assets.
  await app.register(async (scope) => {
    await scope.register(fastifyStatic, {
      root: fileURLToPath(new URL('../static', import.meta.url)),
      prefix: '/static/',
      maxAge: '1h',
    });
  });

  // After the static files' scope: assets need no badge.
  attentionBadge(app, ctx);

  app.setErrorHandler((err: FastifyError | SafeError, req, reply) => {
    if (err instanceof SafeError) {
      return renderErrorPage(req, reply, err.status, HEADINGS[err.status] ?? 'Error', err.message);
    }
    const status = err.statusCode ?? 500;
    if (err.code === 'FST_CSRF_INVALID_TOKEN' || err.code === 'FST_CSRF_MISSING_SECRET') {
      return renderErrorPage(
        req,
        reply,
        403,
        'Form expired',
        'This form is no longer valid (it was open too long or came from another site). Reload the page and try again.',
      );
    }
    if (status === 413)
      return renderErrorPage(
        req,
        reply,
        413,
        HEADINGS[413]!,
        'That was more than a form accepts. Send less at once.',
      );
    if (status < 500)
      return renderErrorPage(req, reply, status, HEADINGS[status] ?? 'Error', 'The request was not valid.');
    req.log.error({ err }, 'page failed');
    return renderErrorPage(
      req,
      reply,
      500,
      'Something went wrong',
      'The error was logged. Please try again in a moment.',
    );
  });

  app.get('/', async (_req, reply) => reply.redirect('/queue', 303));
  await app.register(loginRoutes, { ctx });
  await app.register(queueRoutes, { ctx });
  await app.register(draftRoutes, { ctx });
  await app.register(messageFrameRoutes, { ctx });
  await app.register(scheduledRoutes, { ctx });
  await app.register(auditRoutes, { ctx });
  await app.register(invoicePageRoutes, { ctx });
  await app.register(messagesRoutes, { ctx });
  await app.register(commitmentRoutes, { ctx });
  await app.register(clientRoutes, { ctx });
  await app.register(reportRoutes, { ctx });
  await app.register(adminRoutes, { ctx, readiness: opts.readiness });
  await app.register(adminInboxRoutes, { ctx });
  await app.register(adminUserRoutes, { ctx });
  await app.register(oauthCallbackRoutes, { ctx });
}
