/**
 * The Message-ID header of a raw message, for the CLI, which has no IMAP envelope to take it from (the
 * pipeline gets it from IMAP ENVELOPE; src/mail/parse.ts takes it as given). Only the header section is read
 * (up to the first empty line, at most 256 KiB); folded values are unfolded; null when absent or empty.
 */
const MAX_HEADER = 256 * 1024;

export function messageIdOf(source: Buffer): string | null {
  const head = source.subarray(0, MAX_HEADER).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const header = end >= 0 ? head.slice(0, end) : head;
  const m = /^message-id[ \t]*:[ \t]*([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)/im.exec(header);
  const value = m?.[1]?.replace(/\r?\n[ \t]+/g, ' ').trim();
  if (!value) return null;
  // `<id@host>` when there is one; otherwise the raw value (some mailers omit the brackets).
  return /<[^<>\s]+>/.exec(value)?.[0] ?? value.slice(0, 998);
}
