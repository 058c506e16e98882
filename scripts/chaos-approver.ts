/**
 * A lead working through the review queue over the JSON API, as a script would: list pending drafts, approve each
 * (the office is open, so it goes out at once). The web process may be SIGKILLed mid-request: an approval whose
 * answer was lost is simply not counted here (the draft's audit says whether it happened) and a draft still
 * pending is approved on the next round.
 */
export class Approver {
  approved = 0;
  refused = 0;
  errors = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  }

  /** One round: every pending draft (paged) approved. Returns how many were pending. */
  async round(): Promise<number> {
    let pending = 0;
    let cursor: string | null = null;
    try {
      do {
        const q: string = `/api/drafts?status=pending&limit=200${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await this.call('GET', q);
        if (!res.ok) throw new Error(`list: ${res.status}`);
        const page = (await res.json()) as { drafts: Array<{ id: string }>; nextCursor: string | null };
        pending += page.drafts.length;
        for (const d of page.drafts) {
          const r = await this.call('POST', `/api/drafts/${d.id}/approve`, {});
          if (r.ok) this.approved++;
          else this.refused++; // e.g. 409: it left `pending` meanwhile (approved by a lost request)
          await r.body?.cancel();
        }
        cursor = page.nextCursor;
      } while (cursor);
    } catch {
      this.errors++; // the web process is down or restarting: next round
    }
    return pending;
  }
}
