import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import type { AppContext } from '../../context.ts';
import { SafeError } from '../../errors.ts';
import { approveDraft, getDraft, rejectDraft, retryDraft } from '../../drafts/service.ts';
import { inboxCalendar, scheduleSendAt } from '../../drafts/send-at.ts';
import { requireUser, userOf } from '../plugins/auth-guard.ts';
import { fmt, renderPage } from './render.ts';
import { loadQueue } from './queue.ts';
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
  const messages = ctx.stores.messages;
  const guard = { preHandler: requireUser };
  const post = { preHandler: [requireUser, app.csrfProtection] };

  app.get<{ Params: Params; Querystring: { images?: string } }>('/drafts/:id', guard, async (req, reply) => {
    const draft = await getDraft(ctx, userOf(req), req.params.id);
    const message = draft.recordId ? await messages.get(draft.recordId) : null;
    const inbox = ctx.config.inboxes.find((i) => i.id === draft.inbox);
    const zone = inbox?.timezone ?? 'UTC';
    const now = ctx.clock.now();
    const goesOut = inbox ? scheduleSendAt(inboxCalendar(inbox), now).toISOString() : null;
    const queue = await loadQueue(ctx, req);
    const order = queue.groups.flatMap((g) => g.items.map((i) => i.draft.id));
    const at = order.indexOf(draft.id);
    const next = order[at + 1] ?? (at === -1 ? order[0] : undefined) ?? null;
    return renderPage(req, reply, './draft', {
      title: draft.subject,
      nav: 'queue',
      draft,
      message,
      zone,
      goesOut,
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
      const zone = ctx.config.inboxes.find((i) => i.id === draft.inbox)?.timezone ?? 'UTC';
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
      const zone = ctx.config.inboxes.find((i) => i.id === r.draft.inbox)?.timezone ?? 'UTC';
      return `Retrying “${r.draft.subject}” at ${fmt.when(r.sendAt, zone)} (${zone} time).`;
    });
  });
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
