import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { getDraft } from '../../drafts/service.ts';
import { findMessage } from '../../messages/service.ts';
import { SafeError } from '../../errors.ts';
import { requireUser, userOf } from '../plugins/auth-guard.ts';

/**
 * The client's HTML, verbatim, for the `<iframe sandbox="">` on the draft page. Three walls, each enough on
 * its own against scripts: the iframe sandbox (no scripts, unique origin, no forms), this response's CSP
 * with the `sandbox` directive (holds even when the URL is opened directly in a tab), and `script-src`
 * absent under `default-src 'none'`. Remote images (tracking pixels) stay blocked until the lead asks.
 */
export function messageFrameCsp(images: boolean): string {
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    images ? 'img-src data: cid: https: http:' : 'img-src data:',
    "frame-ancestors 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    'sandbox',
  ].join('; ');
}

export async function messageFrameRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { ctx } = opts;
  app.get<{ Params: { id: string }; Querystring: { images?: string } }>(
    '/drafts/:id/message',
    { preHandler: requireUser },
    async (req, reply) => {
      const p = userOf(req);
      const draft = await getDraft(ctx, p, req.params.id);
      const message = await findMessage(ctx, p, draft.recordId);
      if (!message?.html) throw new SafeError('not_found', 'This message has no formatted version.', 404);
      return reply
        .header('content-security-policy', messageFrameCsp(req.query.images === '1'))
        .header('x-frame-options', 'SAMEORIGIN')
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(message.html);
    },
  );
}
