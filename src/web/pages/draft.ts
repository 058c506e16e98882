import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import type { AppContext } from '../../context.ts';
import { SafeError } from '../../errors.ts';
import type { Principal } from '../../access/principal.ts';
import { approveDraft, getDraft, previewSendAt, rejectDraft, retryDraft } from '../../drafts/service.ts';
import type { DraftRecord } from '../../model/draft-record.ts';
import { findMessage } from '../../messages/service.ts';
import { findInvoice } from '../../reminders/invoice-queries.ts';
import { requireUser, userOf } from '../plugins/auth-guard.ts';
import { fmt, inboxZone, renderPage } from './render.ts';
import { queueOrder } from './queue.ts';
import { explainTriage } from './triage-explain.ts';

interface Params {
  id: string;
}
interface ApproveForm {
  action?: string;
  subject?: string;
  body?: string;
  sendAt?: string;
}

/**
 * One draft beside the client's message, with approve / send-at / reject / retry forms. Every decision is
 * the drafts service's; this module only translates forms to its calls and its answers to pages.
 */
export async function draftRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { ctx } = opts;
  const guard = { preHandler: requireUser };
  const post = { preHandler: [requireUser, app.csrfProtection] };

  app.get<{ Params: Params; Querystring: { images?: string } }>('/drafts/:id', guard, async (req, reply) => {
    const p = userOf(req);
    const draft = await getDraft(ctx, p, req.params.id);
    const message = await findMessage(ctx, p, draft.recordId);
    const zone = inboxZone(ctx.config, draft.inbox);
    // What approval would answer (previewSendAt: a payment reminder keeps the client's office hours).
    const goesOut = draft.status === 'pending' ? (await previewSendAt(ctx, draft)).toISOString() : null;
    const order = await queueOrder(ctx, p);
    const at = order.indexOf(draft.id);
    const next = order[at + 1] ?? (at === -1 ? order[0] : undefined) ?? null;
    return renderPage(req, reply, './draft', {
      title: draft.subject,
      nav: 'queue',
      draft,
      message,
      zone,
      goesOut,
      clientZone: await reminderClientZone(ctx, p, draft, zone),
      next,
      images: req.query.images === '1',
      why: message?.triage ? explainTriage(message.triage, zone, ctx.config.triage.angerThreshold) : [],
      sendAtDefault: goesOut ? DateTime.fromISO(goesOut).setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm") : '',
    });
  });

  app.post<{ Params: Params; Body: ApproveForm }>('/drafts/:id/approve', post, async (req, reply) => {
    const { id } = req.params;
    const body = req.body ?? {};
    return afterAction(req, reply, id, async () => {
      const draft = await getDraft(ctx, userOf(req), id);
      const zone = inboxZone(ctx.config, draft.inbox);
      let sendAt: string | undefined;
      if (body.action === 'schedule') {
        // datetime-local has no zone: it is the inbox's wall clock, as the label says.
        const local = DateTime.fromISO(String(body.sendAt ?? ''), { zone });
        if (!local.isValid) throw new SafeError('bad_request', 'Choose a date and time to send at.', 400);
        sendAt = local.toISO()!;
      }
      const r = await approveDraft(ctx, userOf(req), id, {
        subject: typeof body.subject === 'string' ? body.subject : undefined,
        body: typeof body.body === 'string' ? body.body : undefined,
        sendAt,
      });
      return `Approved “${r.draft.subject}”. It goes out ${fmt.when(r.sendAt, zone)} (${zone} time).`;
    });
  });

  app.post<{ Params: Params; Body: { reason?: string } }>('/drafts/:id/reject', post, async (req, reply) => {
    const { id } = req.params;
    return afterAction(req, reply, id, async () => {
      const r = await rejectDraft(ctx, userOf(req), id, String(req.body?.reason ?? ''));
      return `Rejected “${r.draft.subject}”. Nothing will be sent.`;
    });
  });

  app.post<{ Params: Params }>('/drafts/:id/retry', post, async (req, reply) => {
    const { id } = req.params;
    return afterAction(req, reply, id, async () => {
      const r = await retryDraft(ctx, userOf(req), id);
      const zone = inboxZone(ctx.config, r.draft.inbox);
      return `Retrying “${r.draft.subject}” at ${fmt.when(r.sendAt, zone)} (${zone} time).`;
    });
  });
}

/**
 * The client's time zone of a payment reminder when it differs from the inbox's: the page then says when the
 * reminder reaches the client in their own time as well (it is timed in their office hours, not ours).
 */
async function reminderClientZone(
  ctx: AppContext,
  p: Principal,
  draft: DraftRecord,
  zone: string,
): Promise<string | null> {
  const inv = draft.kind === 'payment-reminder' ? await findInvoice(ctx, p, draft.invoiceId) : null;
  const client = inv?.client.timezone;
  return client && client !== zone ? client : null;
}

/**
 * Post/redirect/get: success → flash + back to where the lead came from (queue or scheduled list);
 * a refused action (already approved by a colleague, invalid input) → flash + back to the draft.
 * "Not found" (also: not your inbox) stays an error page.
 */
async function afterAction(req: FastifyRequest, reply: FastifyReply, id: string, act: () => Promise<string>) {
  try {
    req.session.set('flash', await act());
    const back = req.url.endsWith('/retry') ? '/scheduled' : '/queue';
    return reply.redirect(back, 303);
  } catch (err) {
    if (err instanceof SafeError && (err.status === 400 || err.status === 409)) {
      req.session.set('flash', err.message);
      return reply.redirect(`/drafts/${encodeURIComponent(id)}`, 303);
    }
    throw err;
  }
}
