import { cleanClientName } from './client-name.ts';

/**
 * The greeting line of a reply (docs/tone-rules.md: greet people, not companies). A person is greeted by name in the form
 * the language expects for business mail; a company, a team or a role ("Brenner Bau GmbH", "Costa Viajes",
 * "Accounts Team", "Studio Luce") gets the language's neutral greeting instead of "Dear Brenner Bau GmbH,".
 *
 * Forms chosen (no guessing of gender, which a display name does not tell):
 *   en "Dear Anna,"        sv "Hej Anna,"          de "Guten Tag Anna Berg,"
 *   it "Gentile Anna Berg," fr "Bonjour Anna Berg," es "Hola, Anna:"
 * English, Swedish and Spanish business mail use the first name; German, Italian and French use the full name
 * with a neutral salutation ("Sehr geehrte/r", "Madame/Monsieur", "Estimado/a" would need the gender).
 */

// Legal forms and words that make a display name an organisation, in the six languages and common abroad.
const ORGANISATION = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:gmbh|ag|kg|ohg|ug|e\.\s?k\.|ab|hb|kb|aps|as|asa|oy|srl|s\.r\.l|spa|s\.p\.a|snc|sas|sarl|sa|s\.a|sl|s\.l|slu|sc|ltd|limited|llc|inc|corp|co|plc|llp|bv|nv|gbr|mbh|e\.\s?v\.|team|studio|agency|agentur|byrå|agenzia|agence|agencia|support|service|services|customer|kundservice|kundendienst|accounts|accounting|billing|finance|finans|ekonomi|buchhaltung|amministrazione|comptabilité|contabilidad|office|kontor|büro|ufficio|bureau|oficina|info|hello|hallo|hej|hola|ciao|bonjour|sales|marketing|reception|rezeption|receptionen|recepción|réception|group|gruppe|gruppo|groupe|grupo|company|firma|ditta|société|empresa|shop|store|butik|tienda|boutique|negozio|hotel|restaurant|ristorante|restaurante|café|cafe|bar|bakery|bäckerei|bageri|panetteria|boulangerie|panadería|clinic|klinik|clinica|clinique|clínica|club|verein|förening|associazione|association|asociación|foundation|stiftung|stiftelse|fondazione|fondation|fundación|school|schule|skola|scuola|école|escuela|ferien|viajes|bau|immobilien|fastigheter|immobiliare|immobilier|inmobiliaria|consulting|beratung|partners|partner|holding|media|digital|design|systems|solutions|technologies|tech|labs?)(?![\p{L}\p{N}])`,
  'iu',
);

export type Greeted = { kind: 'person'; name: string; first: string } | { kind: 'neutral' };

// Shared mailboxes: whoever writes from info@ or accounts@ signs for a company, whatever the display name says.
const ROLE_ADDRESS =
  /^(info|hello|hallo|hej|hola|ciao|bonjour|contact|kontakt|contatti|contacto|office|kontor|buero|ufficio|bureau|oficina|admin|team|support|service|help|booking|bookings|reservations?|bokning|reservas|sales|billing|accounts?|accounting|finance|ekonomi|faktura|buchhaltung|rechnung|amministrazione|contabilita|comptabilite|facturation|contabilidad|facturacion|marketing|reception|mail|post|noreply|no-reply)([.+_-].*)?$/i;

/**
 * Who the greeting addresses: a person's name from the display name, or nobody (neutral greeting) when the
 * name is an organisation, a team or a role, or the mail comes from a shared role address.
 */
export function greetedPerson(displayName: string | null | undefined, address = ''): Greeted {
  const name = cleanClientName(displayName);
  if (!name || ROLE_ADDRESS.test(address.split('@')[0] ?? '')) return { kind: 'neutral' };
  const words = name.split(' ');
  // A person's name has one to four words, none of them an organisation word, and starts with a letter word
  // (not an initialism like "ACME" or "KTH", which cleanClientName would have title-cased anyway).
  if (words.length > 4 || ORGANISATION.test(name) || words.some((w) => /\d/.test(w)))
    return { kind: 'neutral' };
  return { kind: 'person', name, first: words[0]! };
}

const PERSON: Record<string, (g: { name: string; first: string }) => string> = {
  en: (g) => `Dear ${g.first},`,
  sv: (g) => `Hej ${g.first},`,
  de: (g) => `Guten Tag ${g.name},`,
  it: (g) => `Gentile ${g.name},`,
  fr: (g) => `Bonjour ${g.name},`,
  es: (g) => `Hola, ${g.first}:`,
};
const NEUTRAL: Record<string, string> = {
  en: 'Hello,',
  sv: 'Hej,',
  de: 'Guten Tag,',
  it: 'Buongiorno,',
  fr: 'Bonjour,',
  es: 'Hola:',
};

/** The greeting line in `language` (English forms for any other language). */
export function greetingLine(language: string, who: Greeted): string {
  if (who.kind === 'neutral') return NEUTRAL[language] ?? NEUTRAL.en!;
  return (PERSON[language] ?? PERSON.en!)(who);
}
