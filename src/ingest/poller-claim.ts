/** Which live poller should poll an inbox (src/ingest/poller-supervisor.ts, by rendezvous hashing). */
export interface InboxClaim {
  /** This poller's id among the live pollers. */
  self: string;
  /** The live poller that should poll the inbox now; null while unknown. */
  owner(): string | null;
}

/** The two lease operations the rules need (src/store/leases.ts). */
export interface LeaseAccess {
  /** Takes the lease if nobody holds it. */
  acquire(): Promise<boolean>;
  /** True when nobody holds it. */
  isFree(): Promise<boolean>;
}

/**
 * When a poller tries to take its inbox's lease and when it lets go of it. The claim decides who tries; the
 * lease alone decides who polls, so whatever the pollers believe, never two poll one inbox.
 *
 * - The owner takes a free lease at once, and tries often while it does not have it (a hand-over or an
 *   expiring lease is what it waits for).
 * - Another live poller stands by: it takes the lease only after seeing it free for a whole lease time — the
 *   owner, trying every eighth of that, could not (it has not seen the inbox yet, or cannot reach Redis). Sooner
 *   would snatch inboxes in the moment between a hand-over and the owner's next try.
 * - A holder hands the inbox over when its owner changed since it took it, to another poller. A lease taken as a
 *   standby is kept until then: giving it back to an owner that could not take it would only repeat the wait.
 */
export class LeaseTurns {
  private ownerWhenTaken: string | null = null;
  private freeSince: number | null = null;

  constructor(
    private readonly claim: InboxClaim,
    private readonly lease: LeaseAccess,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  isOwner(): boolean {
    return this.claim.owner() === this.claim.self;
  }

  /** One try; true when the lease is now this poller's. */
  async tryTake(): Promise<boolean> {
    const owner = this.claim.owner();
    if (owner === this.claim.self) {
      this.freeSince = null;
      return this.took(owner, await this.lease.acquire());
    }
    if (!(await this.lease.isFree())) {
      this.freeSince = null;
      return false;
    }
    const now = this.now();
    this.freeSince ??= now;
    if (now - this.freeSince < this.ttlMs) return false;
    this.freeSince = null;
    return this.took(owner, await this.lease.acquire());
  }

  /** How long to wait after a try that did not take the lease. */
  retryMs(): number {
    return Math.max(200, this.isOwner() ? this.ttlMs / 8 : this.ttlMs / 2);
  }

  /** For the holder: true when another live poller became the inbox's owner since it took the lease. */
  shouldHandOver(): boolean {
    const owner = this.claim.owner();
    return owner !== null && owner !== this.claim.self && owner !== this.ownerWhenTaken;
  }

  /** How the lease was taken, for the log. */
  takenAs(): 'owner' | 'standby' {
    return this.ownerWhenTaken === this.claim.self ? 'owner' : 'standby';
  }

  private took(owner: string | null, got: boolean): boolean {
    if (got) this.ownerWhenTaken = owner;
    return got;
  }
}
