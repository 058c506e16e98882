/**
 * Plain text from untrusted HTML, for judging tone when a message has no text part. Not a renderer: it keeps
 * words and line breaks and drops everything else. Quoted history is removed while the structure is still
 * visible (Gmail `div.gmail_quote`, Outlook `divRplyFwdMsg`/`appendonsend`, Apple/Thunderbird `<blockquote>`),
 * because after flattening it can no longer be told apart from the new text.
 * Every pattern is linear (no nested quantifiers) and the input is capped, so hostile HTML cannot stall a worker.
 */

/** HTML beyond this is not looked at; the new text of a message is at the top. */
const MAX_HTML = 256 * 1024;

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  hellip: '…',
  ndash: '–',
  mdash: '—',
  laquo: '«',
  raquo: '»',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  euro: '€',
};

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (m, ent: string) => {
    if (ent[0] === '#') {
      const code = ent[1] === 'x' || ent[1] === 'X' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
        ? String.fromCodePoint(code)
        : '';
    }
    return NAMED[ent.toLowerCase()] ?? m;
  });
}

/** Where quoted history starts in the HTML of common clients; everything from there on is history. */
const HISTORY_START =
  /<(?:div|blockquote)\b[^<>]*(?:class\s*=\s*["'][^"']*\b(?:gmail_quote|yahoo_quoted|moz-cite-prefix)\b|id\s*=\s*["'](?:divRplyFwdMsg|appendonsend)["'])/i;

/** Removes `<!-- … -->` with indexOf, not a lazy regex: an unclosed comment must not cost O(n²). */
function dropComments(s: string): string {
  let out = '';
  let at = 0;
  for (let open = s.indexOf('<!--'); open >= 0; open = s.indexOf('<!--', at)) {
    out += s.slice(at, open);
    const close = s.indexOf('-->', open + 4);
    if (close < 0) return out;
    at = close + 3;
  }
  return out + s.slice(at);
}

/** Removes an element and everything inside it at any depth, in one linear pass (unclosed: to the end). */
function dropElement(s: string, name: string): string {
  const tag = new RegExp(`<(\\/?)${name}\\b[^<>]*>`, 'gi');
  let out = '';
  let depth = 0;
  let last = 0;
  for (let m = tag.exec(s); m; m = tag.exec(s)) {
    if (depth === 0) out += s.slice(last, m.index);
    depth = m[1] ? Math.max(0, depth - 1) : depth + 1;
    if (depth === 0) out += '\n';
    last = tag.lastIndex;
  }
  return depth === 0 ? out + s.slice(last) : out;
}

export function htmlToText(html: string): string {
  let s = html.slice(0, MAX_HTML);
  const history = HISTORY_START.exec(s);
  if (history) s = s.slice(0, history.index);
  s = dropComments(s);
  for (const name of ['script', 'style', 'head', 'title', 'blockquote']) s = dropElement(s, name);
  s = s
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?(?:p|div|tr|li|h[1-6]|table|ul|ol|pre|hr)\b[^<>]*>/gi, '\n')
    .replace(/<[^<>]*>/g, '');
  return decodeEntities(s)
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
