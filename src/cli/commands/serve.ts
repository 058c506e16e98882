// Replaced by the service runner (workers/run.ts) as ingest lands.
export async function run(_argv: string[]): Promise<number> {
  process.stderr.write('tactful serve: the service runner is being built\n');
  return 1;
}
