import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  assignOwners,
  rendezvousOwner,
  rendezvousRanking,
  rendezvousWeight,
} from '../../src/ingest/rendezvous.ts';

const inboxes = (n: number) => Array.from({ length: n }, (_, i) => `client-${i}`);
/** Poller ids shaped like the real ones (host:pid:random), different in every trial but the same every run. */
const pollers = (trial: number, n: number) =>
  Array.from(
    { length: n },
    (_, k) =>
      `node-${k}:${4000 + trial}:${createHash('md5').update(`${trial}/${k}`).digest('hex').slice(0, 8)}`,
  );
const shares = (owners: Map<string, string>, members: string[]) =>
  members.map((m) => [...owners.values()].filter((o) => o === m).length);
const TRIALS = 40;

describe('rendezvous weights and ranking', () => {
  it('are the same whatever order the members are listed in', () => {
    const ms = pollers(1, 5);
    expect(rendezvousRanking('client-7', ms)).toEqual(rendezvousRanking('client-7', [...ms].reverse()));
    expect(rendezvousOwner('client-7', ms)).toBe(rendezvousRanking('client-7', ms)[0]);
  });

  it('keep the boundary between member and key (no "ab"+"c" = "a"+"bc")', () => {
    expect(rendezvousWeight('c', 'ab')).not.toBe(rendezvousWeight('bc', 'a'));
  });

  it('have no owner without members', () => {
    expect(rendezvousOwner('client-1', [])).toBeNull();
    expect(assignOwners(inboxes(10), []).size).toBe(0);
  });

  it('moves only the keys of the member that leaves, in plain rendezvous hashing', () => {
    const ms = pollers(2, 4);
    for (const key of inboxes(200)) {
      const before = rendezvousOwner(key, ms);
      const after = rendezvousOwner(key, ms.slice(1));
      if (before !== ms[0]) expect(after).toBe(before);
    }
  });
});

describe('assignOwners (rendezvous hashing with bounded loads)', () => {
  it('gives one poller every inbox, as a single process always had', () => {
    const owners = assignOwners(inboxes(300), ['only']);
    expect(owners.size).toBe(300);
    expect(new Set(owners.values())).toEqual(new Set(['only']));
  });

  it('keeps every share of 300 inboxes over 3 pollers within 80–110 % of the mean', () => {
    for (let t = 0; t < TRIALS; t++) {
      const ms = pollers(t, 3);
      const counts = shares(assignOwners(inboxes(300), ms), ms);
      expect(counts.reduce((a, b) => a + b)).toBe(300);
      expect(Math.min(...counts)).toBeGreaterThanOrEqual(80);
      expect(Math.max(...counts)).toBeLessThanOrEqual(110);
    }
  });

  it('does not depend on the order of inboxes or pollers (every process computes the same)', () => {
    const ms = pollers(3, 3);
    const a = assignOwners(inboxes(300), ms);
    const b = assignOwners([...inboxes(300)].reverse(), [...ms].reverse());
    expect([...b.entries()].sort()).toEqual([...a.entries()].sort());
  });

  it('when a poller dies, moves its inboxes and only a few others (those that had spilled over)', () => {
    for (let t = 0; t < TRIALS; t++) {
      const ms = pollers(t, 3);
      const before = assignOwners(inboxes(300), ms);
      const after = assignOwners(inboxes(300), ms.slice(1));
      const gone = inboxes(300).filter((k) => before.get(k) === ms[0]);
      for (const k of gone) expect(ms.slice(1)).toContain(after.get(k));
      const alsoMoved = inboxes(300).filter((k) => before.get(k) !== ms[0] && after.get(k) !== before.get(k));
      expect(alsoMoved.length).toBeLessThanOrEqual(20);
    }
  });

  it('when a poller joins, it takes about a third and the others keep the rest', () => {
    for (let t = 0; t < TRIALS; t++) {
      const ms = pollers(t, 3);
      const before = assignOwners(inboxes(300), ms.slice(0, 2));
      const after = assignOwners(inboxes(300), ms);
      const taken = inboxes(300).filter((k) => after.get(k) === ms[2]);
      expect(taken.length).toBeGreaterThanOrEqual(80);
      const shuffled = inboxes(300).filter((k) => after.get(k) !== ms[2] && after.get(k) !== before.get(k));
      expect(shuffled.length).toBeLessThanOrEqual(20);
    }
  });

  it('spreads a handful of inboxes over more pollers than it has inboxes without giving anyone two', () => {
    const owners = assignOwners(inboxes(3), pollers(5, 5));
    expect(new Set(owners.values()).size).toBe(3);
  });
});
