import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { SafeError } from '../../errors.ts';
import { approveDraft, getDraft, rejectDraft, retryDraft, saveDraftEdits } from '../../drafts/service.ts';
import { othersEditing } from '../../drafts/edit-conflicts.ts';
import { requireUser, userOf } from '../plugins/auth-guard.ts';
import { isoToWords } from './audit-words.ts';
import { approvalOf, saveOf, type ApproveForm } from './draft-form.ts';
import { draftPageData, previewAnswer, type DraftPageOptions } from './draft-view.ts';
import { fmt, inboxZone, renderPage } from './render.ts';
import { queueOrder } from './queue.ts';

interface Params {
  id: string;
}

/**
 * One draft beside the client's message (or the invoice), with approve / send now / send-at / reject / retry
 * forms and a preview of what approval would do. Every decision is the drafts service's; this module only
 * translates forms to its calls and its answers to pages.
 */
export async function draftRoutes(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { ctx } = opts;
  const guard = { preHandler: requireUser };
  const post = { preHandler: [requireUser, app.csrfProtection] };

  const show = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: string,
    o: DraftPageOptions & { flash?: string } = {},
  ) => {
    const p = userOf(req);
    const data = await draftPageData(ctx, p, id, o);
    const order = await queueOrder(ctx, p);
    const at = order.indexOf(id);
    const next = order[at + 1] ?? (at === -1 ? order[0] : undefined) ?? null;
    // Opening the page says "I am editing" (the page's script repeats it); it shows who else is.
    const editing =
      data.draft.status === 'pending' ? (await othersEditing(ctx, p, id)).map((e) => e.name) : [];
    if (o.flash) req.session.set('flash', o.flash);
    return renderPage(req, reply, './draft', { ...data, next, editing });
  };

  /**
   * Someone changed the draft after the lead opened it: nothing is overwritten. The page comes back with the
   * lead's text still in the editor, the other version beside it and the new version in the form, so a second
   * click is a decision made knowing both.
   */
  const conflicted = (
    req: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form: ApproveForm,
    err: SafeError,
    action: 'save' | 'approve',
  ) => {
    reply.status(409);
    const who = err.message.split(': reload')[0];
    return show(req, reply, id, {
      form,
      conflict: true,
      flash: `${action === 'save' ? 'Not saved' : 'Not approved'}: ${who}. Your text is kept below; their version is shown under it. Save or approve again to replace theirs with yours.`,
    });
  };
  const isConflict = (err: unknown): err is SafeError =>
    err instanceof SafeError && err.code === 'edit_conflict';

  app.get<{ Params: Params; Querystring: { images?: string } }>('/drafts/:id', guard, async (req, reply) =>
    show(req, reply, req.params.id, { images: req.query.images === '1' }),
  );

  // What approval would do with the form's choices, changing nothing: JSON for the page's script (the text
  // follows a new promised time without a reload), the page itself for a browser without script.
  app.post<{ Params: Params; Body: ApproveForm }>('/drafts/:id/preview', post, async (req, reply) => {
    const form = req.body ?? {};
    if (String(req.headers.accept ?? '').includes('application/json')) {
      reply.header('cache-control', 'no-store');
      return previewAnswer(ctx, userOf(req), req.params.id, form);
    }
    return show(req, reply, req.params.id, { form });
  });

  app.post<{ Params: Params; Body: ApproveForm }>('/drafts/:id/approve', post, async (req, reply) => {
    const { id } = req.params;
    const form = req.body ?? {};
    const p = userOf(req);
    const draft = await getDraft(ctx, p, id);
    const zone = inboxZone(ctx.config, draft.inbox);
    try {
      const r = await approveDraft(ctx, p, id, approvalOf(form, draft, zone));
      const notes = r.notes.map((n) => ` ${isoToWords(n, zone)}`).join('');
      req.session.set(
        'flash',
        `Approved “${r.draft.subject}”. It goes out ${fmt.when(r.sendAt, zone)} (${zone} time).${notes}`,
      );
      return reply.redirect('/queue', 303);
    } catch (err) {
      // A refused choice (a past time, one after the promise): the page again with the lead's text and the
      // reason, so nothing typed is lost. A colleague's change since the page was opened: both versions.
      if (isConflict(err)) return conflicted(req, reply, id, form, err, 'approve');
      if (err instanceof SafeError && err.status === 400) {
        reply.status(400);
        return show(req, reply, id, { form, flash: `Not approved: ${isoToWords(err.message, zone)}` });
      }
      return refused(req, reply, id, err);
    }
  });

  app.post<{ Params: Params; Body: ApproveForm }>('/drafts/:id/save', post, async (req, reply) => {
    const { id } = req.params;
    const form = req.body ?? {};
    const p = userOf(req);
    try {
      const changes = saveOf(form, await getDraft(ctx, p, id));
      if (!changes) {
        req.session.set('flash', 'Nothing to save: the subject and text are as they were.');
        return reply.redirect(`/drafts/${encodeURIComponent(id)}`, 303);
      }
      await saveDraftEdits(ctx, p, id, changes);
      req.session.set(
        'flash',
        changes.body !== undefined
          ? 'Saved. Your text goes out as you wrote it when the draft is approved.'
          : 'Saved.',
      );
      return reply.redirect(`/drafts/${encodeURIComponent(id)}`, 303);
    } catch (err) {
      if (isConflict(err)) return conflicted(req, reply, id, form, err, 'save');
      if (err instanceof SafeError && err.status === 400) {
        reply.status(400);
        return show(req, reply, id, { form, flash: `Not saved: ${err.message}` });
      }
      return refused(req, reply, id, err);
    }
  });

  app.post<{ Params: Params; Body: { reason?: string } }>('/drafts/:id/reject', post, async (req, reply) => {
    const { id } = req.params;
    try {
      const r = await rejectDraft(ctx, userOf(req), id, String(req.body?.reason ?? ''));
      req.session.set('flash', `Rejected “${r.draft.subject}”. Nothing will be sent.`);
      return reply.redirect('/queue', 303);
    } catch (err) {
      return refused(req, reply, id, err);
    }
  });

  app.post<{ Params: Params }>('/drafts/:id/retry', post, async (req, reply) => {
    const { id } = req.params;
    try {
      const r = await retryDraft(ctx, userOf(req), id);
      const zone = inboxZone(ctx.config, r.draft.inbox);
      req.session.set(
        'flash',
        `Retrying “${r.draft.subject}” at ${fmt.when(r.sendAt, zone)} (${zone} time).`,
      );
      return reply.redirect('/scheduled', 303);
    } catch (err) {
      return refused(req, reply, id, err);
    }
  });
}

/**
 * A refused action (already approved by a colleague, no longer wanted, invalid input) → its reason as a flash
 * on the draft page. "Not found" (also: not your inbox) stays an error page.
 */
function refused(req: FastifyRequest, reply: FastifyReply, id: string, err: unknown) {
  if (err instanceof SafeError && (err.status === 400 || err.status === 409)) {
    req.session.set('flash', err.message);
    return reply.redirect(`/drafts/${encodeURIComponent(id)}`, 303);
  }
  throw err;
}
