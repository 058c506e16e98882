import { loadConfig, resolveConfigPath } from '../../config/load.ts';
import { describeTarget, redisTarget } from '../../config/redis-target.ts';
import { SafeError } from '../../errors.ts';
import { redisFactory } from '../../queue/connection.ts';
import { migrateKeyLayout, pollerRunning } from '../../store/key-layout-migration.ts';
import { isCluster } from '../../store/redis-client.ts';
import { MIGRATE_KEYS_HELP, parseMigrateKeysArgs } from '../args/migrate-keys.ts';
import type { CliIo } from '../io.ts';

/** `tactful migrate-keys`: the one-time move of an existing installation's keys to the hash-tagged layout. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseMigrateKeysArgs(argv);
  if (args.help) {
    io.stdout.write(MIGRATE_KEYS_HELP);
    return 0;
  }
  const config = loadConfig(resolveConfigPath(args.config, io.env), io.env);
  const target = redisTarget(config.redis);
  const connections = redisFactory(target);
  try {
    const redis = connections.client();
    // Cluster support came with the new layout: a cluster never held the old one.
    if (isCluster(redis)) throw new SafeError('usage', 'a Redis Cluster already uses the new key layout');
    const prefix = config.redis.prefix;
    if (
      await pollerRunning(
        redis,
        prefix,
        config.inboxes.map((i) => i.id),
      )
    )
      throw new SafeError(
        'busy',
        'a poller holds an inbox lease: stop every Tactful process first, then run this',
      );
    const report = await migrateKeyLayout(redis, prefix, { dryRun: args.dryRun });
    const verb = args.dryRun ? 'would move' : 'moved';
    io.stdout.write(
      `${describeTarget(target)} prefix ${prefix}: ${verb} ${report.renamed} keys, ${report.indexed} records indexed by inbox\n`,
    );
    for (const p of report.problems) io.stdout.write(`! ${p}\n`);
    return report.problems.length ? 1 : 0;
  } finally {
    await connections.closeAll();
  }
}
