import { ManualClock } from '../../src/clock.ts';
import type { Config } from '../../src/config/schema.ts';
import { startSmtpSink, type SmtpSink } from '../../src/sandbox/smtp-sink.ts';
import type { Role } from '../../src/workers/run.ts';
import { startService, type RunningService } from './context.ts';
import { wipePrefix } from './redis.ts';

/** How an inbox reaches the pipeline's SMTP sink (its `smtp` settings). */
export interface SinkSmtp {
  host: string;
  port: number;
  secure: false;
}

export interface Pipeline extends RunningService {
  sink: SmtpSink;
  clock: ManualClock;
}

/**
 * The whole service in this process (poller and workers by default) on the test Dovecot and real Redis,
 * sending through an SMTP sink, on a hand-moved clock set to `at`. `config` gets the sink's address for the
 * inboxes' `smtp`. `stop()` stops the service and the sink and wipes the config's key prefix.
 */
export async function startPipeline(opts: {
  at: Date | string;
  config: (smtp: SinkSmtp) => Config;
  roles?: Role[];
}): Promise<Pipeline> {
  const sink = await startSmtpSink();
  const config = opts.config({ host: sink.host, port: sink.port, secure: false });
  const clock = new ManualClock(new Date(opts.at));
  const svc = await startService(config, opts.roles ?? ['poller', 'worker'], { clock }).catch(async (err) => {
    await sink.close();
    throw err;
  });
  return {
    ...svc,
    sink,
    clock,
    async stop() {
      await svc.stop();
      await sink.close();
      await wipePrefix(config.redis.prefix);
    },
  };
}
