/** One line of `CLUSTER NODES`: a node's address, role and health. */
export interface ClusterNodeLine {
  id: string;
  host: string;
  port: number;
  role: 'master' | 'replica';
  /** Flagged `fail` or `fail?` by the cluster, or without an address. */
  failing: boolean;
  /** Slot ranges it serves (masters), e.g. ['0-5460']. */
  slots: string[];
}

/**
 * Parses `CLUSTER NODES` (https://redis.io/docs/latest/commands/cluster-nodes/):
 *   <id> <ip:port@cport[,hostname]> <flags> <master> <ping-sent> <pong-recv> <config-epoch> <link> <slot>…
 * An empty ip (a node that never had one) is reported as `host` '' and failing.
 */
export function parseClusterNodes(text: string): ClusterNodeLine[] {
  const out: ClusterNodeLine[] = [];
  for (const line of text.split(/\r?\n/)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const addr = f[1]!.split('@')[0]!.split(',')[0]!;
    const colon = addr.lastIndexOf(':');
    const host = addr.slice(0, colon).replace(/^\[|\]$/g, '');
    const port = Number(addr.slice(colon + 1));
    const flags = f[2]!.split(',');
    out.push({
      id: f[0]!,
      host,
      port,
      role: flags.includes('master') ? 'master' : 'replica',
      failing: !host || flags.includes('fail') || flags.includes('fail?') || flags.includes('noaddr'),
      slots: f.slice(8).filter((s) => !s.startsWith('[')),
    });
  }
  return out.sort((a, b) => (a.role === b.role ? a.port - b.port : a.role === 'master' ? -1 : 1));
}
