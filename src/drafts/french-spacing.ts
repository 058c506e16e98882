/**
 * French typography puts a no-break space before ":" and a narrow no-break space before ";", "!" and "?" (and
 * inside « »). Written with ordinary spaces, a mail client may wrap the line just before the mark and start the
 * next line with a lone "?" — the kind of slip a French client notices. Applied to rendered French text only, so
 * the templates (and an agency's own) stay easy to write with plain spaces.
 */
const BEFORE_MARK = /(\S)[ \t]+([:;!?»])(?=\s|$|[)"'»])/g;
const AFTER_GUILLEMET = /«[ \t]+/g;

export function frenchSpacing(text: string): string {
  return text
    .replace(
      BEFORE_MARK,
      (_m, prev: string, mark: string) => `${prev}${mark === ':' ? '\u00a0' : '\u202f'}${mark}`,
    )
    .replace(AFTER_GUILLEMET, '«\u202f');
}
