/**
 * Reply threading (RFC 5322 §3.6.4, §3.6.5; RFC 5256 §2.1 "base subject"; RFC 3834 §3.1.5).
 * Pure functions: the send worker and the draft worker both build headers with them.
 */

export interface ThreadParent {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
}

/** Some MUAs cap References; keep the thread root and the most recent ids (what Thunderbird does too). */
const MAX_REFERENCES = 20;

/** `<id@host>` or null: anything with whitespace, CR/LF or nested brackets is dropped, never passed on. */
export function normaliseMsgId(id: string | null | undefined): string | null {
  if (!id) return null;
  const trimmed = id.trim();
  const inner = trimmed.startsWith('<') && trimmed.endsWith('>') ? trimmed.slice(1, -1) : trimmed;
  if (!/^[^<>\s@]+@[^<>\s@]+$/.test(inner) || inner.length > 900) return null;
  return `<${inner}>`;
}

/** Message ids found in a header value such as `<a@x> <b@y>` (mailparser may hand over a string or a list). */
export function msgIdList(value: string | string[] | null | undefined): string[] {
  const parts = Array.isArray(value) ? value : value ? [value] : [];
  return parts
    .flatMap((p) => p.match(/<[^<>]*>|[^\s<>,]+@[^\s<>,]+/g) ?? [])
    .map((p) => normaliseMsgId(p))
    .filter((p): p is string => p !== null);
}

/**
 * In-Reply-To and References of a reply (RFC 5322 §3.6.4):
 * - In-Reply-To = the parent's Message-ID; none when the parent has none.
 * - References = the parent's References (or, without them, its single In-Reply-To) + the parent's Message-ID;
 *   a parent with none of the three fields gives a reply without References.
 */
export function threadHeaders(parent: ThreadParent): { inReplyTo: string | null; references: string[] } {
  const own = normaliseMsgId(parent.messageId);
  let refs = msgIdList(parent.references);
  if (refs.length === 0) {
    const irt = msgIdList(parent.inReplyTo);
    if (irt.length === 1) refs = irt;
  }
  if (own) refs.push(own);
  refs = refs.filter((r, i) => refs.indexOf(r) === i);
  if (refs.length > MAX_REFERENCES) refs = [refs[0]!, ...refs.slice(-(MAX_REFERENCES - 1))];
  return { inReplyTo: own, references: refs };
}

/**
 * Reply/forward prefixes of many mail clients, beyond RFC 5256's "re"/"fw"/"fwd": German AW/WG, Nordic
 * SV/VS/VB/VL/Antw, Italian R/RIF/I, French TR, Spanish RV/RE, Portuguese RES/ENC, Dutch Antw/Doorst,
 * Polish Odp/PD, Turkish YNT/İLT, Chinese 回复/答复/转发, and numbered forms like "Re[2]:" or "RE^3:".
 */
const PREFIX =
  /^(?:re|fwd?|aw|wg|sv|vs|vb|vl|antw|antwort|doorst|r|rif|i|tr|rv|res|enc|odp|pd|ynt|ilt|İlt|回复|答复|转发|auto)\s*(?:\[\d+\]|\^\d+)?\s*[:：]/iu;
const BLOB = /^\[[^[\]]*\]\s*/;

/**
 * The base subject (RFC 5256 §2.1, extended with localised prefixes): no leading Re:/AW:/SV:/… prefixes,
 * no leading [list tags] (when something remains), no trailing "(fwd)", "[fwd: …]" unwrapped, whitespace
 * collapsed. Repeated until stable.
 */
export function baseSubject(subject: string): string {
  let s = subject.replace(/[\s\u2028\u2029\u0085]+/g, ' ').trim();
  for (let i = 0; i < 50; i++) {
    const before = s;
    s = s.replace(/\s*\(fwd\)\s*$/i, '').trim();
    const m = PREFIX.exec(s);
    if (m) s = s.slice(m[0].length).trim();
    const blob = BLOB.exec(s);
    if (blob && s.slice(blob[0].length).trim()) s = s.slice(blob[0].length).trim();
    const fwd = /^\[fwd:\s*([\s\S]*)\]$/i.exec(s);
    if (fwd) s = fwd[1]!.trim();
    if (s === before) break;
  }
  return s;
}

/** Exactly one `Re: ` before the base subject (RFC 5322 §3.6.5: "only one instance … ought to be used"). */
export function replySubject(original: string, fallback = 'Your message'): string {
  return `Re: ${baseSubject(original) || fallback}`;
}

/** Subject of an automatic response: `Auto: ` + the original subject (RFC 3834 §3.1.5, RFC 5230 §5.3). */
export function autoReplySubject(original: string, fallback = 'Automated reply'): string {
  const base = baseSubject(original);
  return base ? `Auto: ${base}` : fallback;
}
