/**
 * A send worker in its own process, for the crash test: the test SIGKILLs it (through TACTFUL_FAULT) and
 * starts another one. Config comes as JSON in TACTFUL_TEST_CONFIG. Prints "ready" once the worker runs.
 */
import { parseConfig } from '../../src/config/load.ts';
import { createLogger } from '../../src/log.ts';
import { keyspace, redisFactory } from '../../src/queue/connection.ts';
import { createQueues } from '../../src/queue/queues.ts';
import { systemClock } from '../../src/clock.ts';
import { startSendWorker } from '../../workers/send.worker.ts';

const config = parseConfig(JSON.parse(process.env.TACTFUL_TEST_CONFIG ?? '{}'), {});
const rf = redisFactory(config.redis.url);
const ctx = {
  config,
  redis: rf.client(),
  keys: keyspace(config.redis.prefix),
  queues: createQueues(rf.client(), config.redis.prefix),
  log: createLogger({ level: 'silent' }),
  clock: systemClock,
};
const worker = startSendWorker(ctx, rf, { lockDurationMs: 2000, sendLockMs: 2000 });
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void (async () => {
    await worker.close();
    await ctx.queues.close();
    await rf.closeAll();
    process.exit(0);
  })();
});
