import { createHash } from 'node:crypto';

/**
 * Rendezvous (highest-random-weight) hashing: which of the live pollers should poll an inbox. Pure.
 *
 * Every member gets a pseudo-random weight per key and the heaviest wins. Each poller computes the same answer
 * from the same lists without talking to the others; a key's owner changes only when its own winner joins or
 * leaves, so a poller that dies gives away just its own inboxes, spread evenly over the rest, and one that joins
 * takes about 1/P from each.
 */

/** How far above the mean N/P a member's share may grow before keys spill to their next choice. */
export const DEFAULT_SLACK = 0.1;

/**
 * The weight of `member` for `key`: 48 bits of SHA-256 over both (exact in a double). A cryptographic hash, not
 * a fast one: weak mixing gives rendezvous hashing a lopsided spread, and this runs when the live pollers or
 * the inboxes change, never per message.
 */
export function rendezvousWeight(key: string, member: string): number {
  // The separator keeps ("ab","c") and ("a","bc") apart.
  return createHash('sha256').update(`${member}\u0000${key}`).digest().readUIntBE(0, 6);
}

/** The members from the most to the least preferred for `key`; ties (2^-48 apart) go to the smaller id. */
export function rendezvousRanking(key: string, members: readonly string[]): string[] {
  return members
    .map((m) => ({ m, w: rendezvousWeight(key, m) }))
    .sort((a, b) => b.w - a.w || (a.m < b.m ? -1 : a.m > b.m ? 1 : 0))
    .map((x) => x.m);
}

/**
 * Plain rendezvous hashing's owner of one key, or null without members. Its shares are random: with 300
 * inboxes over 3 pollers one poller in a hundred or so ends up more than 25 % off the mean.
 */
export function rendezvousOwner(key: string, members: readonly string[]): string | null {
  return rendezvousRanking(key, members)[0] ?? null;
}

/**
 * Rendezvous hashing with bounded loads: each key, in a fixed order, goes to its most preferred member that
 * holds fewer than ⌈(1 + slack) · N/P⌉ keys. So no member holds more than that cap, and none fewer than
 * N − (P − 1) · cap (with the default slack and 3 members: between 80 % and 110 % of the mean), while keys still
 * stay put when members come and go, apart from the few that had spilled over and now fit their first choice.
 * Every poller must compute this from the same keys and members to agree; when they briefly do not (an inbox
 * just added), the inbox lease still keeps each inbox to one poller.
 */
export function assignOwners(
  keys: readonly string[],
  members: readonly string[],
  slack = DEFAULT_SLACK,
): Map<string, string> {
  const owners = new Map<string, string>();
  const uniqueMembers = [...new Set(members)];
  if (uniqueMembers.length === 0) return owners;
  const sorted = [...new Set(keys)].sort();
  // The epsilon keeps float noise from raising the cap: 300 / 3 × 1.1 is 110.00000000000001.
  const cap = Math.ceil((sorted.length / uniqueMembers.length) * (1 + Math.max(0, slack)) - 1e-9);
  const load = new Map(uniqueMembers.map((m) => [m, 0]));
  for (const key of sorted) {
    // cap × P ≥ N, so some member always has room.
    const owner = rendezvousRanking(key, uniqueMembers).find((m) => load.get(m)! < cap)!;
    load.set(owner, load.get(owner)! + 1);
    owners.set(key, owner);
  }
  return owners;
}
