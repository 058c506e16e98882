import { describe, expect, it } from 'vitest';
import { LeaseTurns } from '../../src/ingest/poller-claim.ts';

const TTL = 10_000;

/** A poller `self` whose inbox's owner and lease the test moves by hand, on a hand-moved clock. */
function poller(self: string, owner: string | null) {
  const state = { owner, holder: null as string | null, now: 0, acquires: 0 };
  const turns = new LeaseTurns(
    { self, owner: () => state.owner },
    {
      acquire: async () => {
        state.acquires++;
        if (state.holder !== null) return false;
        state.holder = self;
        return true;
      },
      isFree: async () => state.holder === null,
    },
    TTL,
    () => state.now,
  );
  return { state, turns };
}

describe('LeaseTurns: who tries to take an inbox lease, and when its holder lets go', () => {
  it('the owner takes a free lease at once and retries often while it is held elsewhere', async () => {
    const { state, turns } = poller('p1', 'p1');
    state.holder = 'gone';
    expect(await turns.tryTake()).toBe(false);
    expect(turns.retryMs()).toBe(TTL / 8);
    state.holder = null;
    expect(await turns.tryTake()).toBe(true);
    expect(turns.takenAs()).toBe('owner');
  });

  it('a standby takes a lease only after seeing it free for a whole lease time', async () => {
    const { state, turns } = poller('p2', 'p1');
    expect(turns.retryMs()).toBe(TTL / 2);
    expect(await turns.tryTake()).toBe(false);
    state.now = TTL / 2;
    expect(await turns.tryTake()).toBe(false);
    expect(state.acquires).toBe(0);
    state.now = TTL;
    expect(await turns.tryTake()).toBe(true);
    expect(turns.takenAs()).toBe('standby');
  });

  it('a standby that sees the lease held in between starts waiting again', async () => {
    const { state, turns } = poller('p2', 'p1');
    expect(await turns.tryTake()).toBe(false);
    state.now = TTL / 2;
    state.holder = 'p1';
    expect(await turns.tryTake()).toBe(false);
    state.holder = null;
    state.now = TTL;
    expect(await turns.tryTake()).toBe(false);
    state.now = 2 * TTL;
    expect(await turns.tryTake()).toBe(true);
  });

  it('a holder that took the inbox as its owner hands it over when another poller becomes the owner', async () => {
    const { state, turns } = poller('p1', 'p1');
    await turns.tryTake();
    expect(turns.shouldHandOver()).toBe(false);
    state.owner = null; // not known (no live list yet): keep it
    expect(turns.shouldHandOver()).toBe(false);
    state.owner = 'p3';
    expect(turns.shouldHandOver()).toBe(true);
  });

  it('a lease taken as a standby is kept until the owner changes, then goes to the new owner', async () => {
    const { state, turns } = poller('p2', 'p1');
    await turns.tryTake();
    state.now = TTL;
    expect(await turns.tryTake()).toBe(true);
    expect(turns.shouldHandOver()).toBe(false);
    state.owner = 'p2';
    expect(turns.shouldHandOver()).toBe(false);
    state.owner = 'p3';
    expect(turns.shouldHandOver()).toBe(true);
  });
});
