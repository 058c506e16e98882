import { defineWorker, sleepUntil } from './define-worker.ts';
import { QUEUE_DEFINITIONS, type DigestJob } from '../queue/definitions.ts';
import { planAllDigests, runDigest } from '../commitments/digest.ts';

/**
 * The digest worker: each lead's morning digest (src/commitments/digest.ts). When it starts, and when leads are
 * added in the web view, it plans every lead's next digest (deterministic ids: planning from several processes
 * adds one job per lead and day).
 */
export const startDigestWorker = defineWorker<DigestJob, object>({
  queue: QUEUE_DEFINITIONS.digest,
  component: 'digest-worker',
  concurrency: 2,
  async process(run) {
    const { ctx, data, log } = run;
    const outcome = await runDigest(ctx, data);
    if (outcome.kind === 'wait') return sleepUntil(run, outcome.until, outcome);
    log.info({ user: data.user, date: data.date, ...outcome }, 'digest');
    return outcome;
  },
  // Leads added in the web view (issue 14) get their digest without a restart: planning is idempotent.
  setup(ctx, log) {
    const off = ctx.registry.onChange(() => {
      planAllDigests(ctx).catch((err: unknown) =>
        log.error({ err: (err as Error).message }, 'could not plan the morning digests'),
      );
    });
    return { close: async () => off() };
  },
  onStarted(ctx, log) {
    planAllDigests(ctx).then(
      (n) => n && log.info({ leads: n }, 'morning digests planned'),
      (err: unknown) => log.error({ err: (err as Error).message }, 'could not plan the morning digests'),
    );
  },
});
