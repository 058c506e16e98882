import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { SafeError } from '../../errors.ts';
import { closeCommitment, releaseThread, takeThread } from '../../commitments/service.ts';
import type { CommitmentRecord } from '../../model/commitment-record.ts';
import { requireUser, safeNext, userOf } from '../plugins/auth-guard.ts';

interface Params {
  id: string;
}
interface ActionForm {
  /** The page to come back to (the queue, a draft page, a client record). */
  back?: string;
  /** Take a thread another lead holds ("Take over"). */
  force?: string;
  reason?: string;
}

const who = (c: CommitmentRecord) => c.client.name || c.client.address;
const about = (c: CommitmentRecord) => (c.subject ? ` about “${c.subject}”` : '');

/**
 * The buttons of the "Due soon / Overdue" section and the draft page: take a thread ("mine"), give it back, or
 * close a commitment ("no answer needed"). The commitments service decides (and answers 404 for another
 * inbox's commitment); a refusal (someone else holds it, already kept) comes back as a flash on the same page.
 */
export async function commitmentRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { ctx } = opts;
  const post = { preHandler: [requireUser, app.csrfProtection] };

  const act = async (
    req: FastifyRequest<{ Params: Params; Body: ActionForm }>,
    reply: FastifyReply,
    run: () => Promise<string>,
  ) => {
    try {
      req.session.set('flash', await run());
    } catch (err) {
      if (!(err instanceof SafeError) || (err.status !== 400 && err.status !== 409)) throw err;
      req.session.set('flash', `Not done: ${err.message}.`);
    }
    return reply.redirect(safeNext(req.body?.back), 303);
  };

  app.post<{ Params: Params; Body: ActionForm }>('/commitments/:id/take', post, async (req, reply) =>
    act(req, reply, async () => {
      const c = await takeThread(ctx, userOf(req), req.params.id, { force: req.body?.force === '1' });
      return `You took the thread of ${who(c)}${about(c)}: its alerts now go to you alone.`;
    }),
  );

  app.post<{ Params: Params; Body: ActionForm }>('/commitments/:id/release', post, async (req, reply) =>
    act(req, reply, async () => {
      const c = await releaseThread(ctx, userOf(req), req.params.id);
      return `You gave back the thread of ${who(c)}${about(c)}: its alerts go to every lead of ${c.inbox} again.`;
    }),
  );

  app.post<{ Params: Params; Body: ActionForm }>('/commitments/:id/close', post, async (req, reply) =>
    act(req, reply, async () => {
      const c = await closeCommitment(ctx, userOf(req), req.params.id, String(req.body?.reason ?? ''));
      return `Closed: ${who(c)} needs no answer${about(c)}. Its alerts are cancelled.`;
    }),
  );
}
