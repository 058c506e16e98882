/**
 * A greeting name from a From display name, or '' when none can be used (the template then greets neutrally).
 * Display names are untrusted and messy: "Berg, Anna" (directory order), '"ANNA BERG"', "anna@x.se",
 * "Anna Berg (Acme) <anna@acme.se>", "noreply".
 */
const MAX_LENGTH = 60;
const NOT_A_NAME =
  /^(no-?reply|do-?not-?reply|info|admin|support|billing|accounts?|office|team|sales|mailer-daemon|postmaster)$/i;

function titleCase(word: string): string {
  return word
    .split(/([-'’])/)
    .map((p) =>
      p.length > 1 || /\p{L}/u.test(p) ? p.charAt(0).toLocaleUpperCase() + p.slice(1).toLocaleLowerCase() : p,
    )
    .join('');
}

export function cleanClientName(displayName: string | null | undefined): string {
  if (!displayName) return '';
  let s = displayName
    .normalize('NFC')
    .replace(/<[^>]*>/g, ' ') // an address in angle brackets
    .replace(/\S+@\S+/g, ' ') // a bare address
    .replace(/\([^)]*\)/g, ' ') // comments such as "(Acme AB)"
    .replace(/["“”«»]/g, ' ')
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, ' ')
    .replace(/[^\p{L}\p{M}\s.,'’-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[\s,.'-]+|[\s,'-]+$/g, '');
  // "Berg, Anna" → "Anna Berg": exactly one comma between two name parts is directory order.
  const parts = s.split(',').map((p) => p.trim());
  if (parts.length === 2 && parts[0] && parts[1]) s = `${parts[1]} ${parts[0]}`;
  s = s.replace(/,/g, ' ').replace(/\s+/g, ' ').trim();
  if (!s || !/\p{L}/u.test(s) || NOT_A_NAME.test(s)) return '';
  const letters = s.replace(/[^\p{L}]/gu, '');
  const shouting = letters === letters.toLocaleUpperCase() && letters !== letters.toLocaleLowerCase();
  const whispering = letters === letters.toLocaleLowerCase() && letters !== letters.toLocaleUpperCase();
  if ((shouting && letters.length > 1) || whispering) s = s.split(' ').map(titleCase).join(' ');
  return s.length > MAX_LENGTH ? '' : s;
}
