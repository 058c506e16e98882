// The demo sandbox is being built (src/demo); this placeholder keeps the command map loadable.
export async function run(_argv: string[]): Promise<number> {
  process.stderr.write('tactful demo: being built\n');
  return 1;
}
