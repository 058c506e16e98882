import { boundaryFree, latinOnly, latinWords, unicodeWords } from '../unicode-words.ts';
import { WordTriggers } from '../word-triggers.ts';

/**
 * What makes a message urgent for an agency (data/tone/SPEC.md, `urgent`): something down or broken now, money
 * being lost, a deadline today or tomorrow, an ultimatum with a short deadline, or the sender's own flag
 * ("urgent", "ASAP"). Each group is one feature of the learned urgency head and a quotable cue; the words
 * around them (the learned weights) decide, since "urgent" in a newsletter subject or "tomorrow" in a meeting
 * note is not urgent.
 */
export interface UrgencyGroup {
  id: string;
  label: string;
  pattern: RegExp;
  /** boundaryFree(pattern): tried first, since most mail has none of a group's words. */
  quick?: RegExp;
  /** pattern and quick compiled by latinWords, for latinOnly text (the same matches, compiled ten times faster). */
  latin?: { pattern: RegExp; quick: RegExp };
}

/** The patterns as written (\b, \w), for the words they start with (and the word-triggers tests). */
export const URGENCY_PATTERNS: RegExp[] = [];

export const URGENCY_GROUPS: UrgencyGroup[] = [
  {
    id: 'down',
    label: 'something is down',
    pattern: new RegExp(
      [
        String.raw`\b(?:down|offline|not loading|white screen|blank page|500 error|error 500|502|503|404|crash(?:ed|ing)?|can'?t (?:log ?in|book|pay|order|check ?out)|nobody can (?:book|pay|order|buy|log ?in))\b`,
        String.raw`\b(?:ligger nere|är nere|funkar inte|fungerar inte|kraschar|kraschat|går inte att (?:boka|betala|beställa|logga in))\b`,
        String.raw`\b(?:non funziona|non va|è giù|è offline|fuori uso|bloccat[oa]|pagina bianca|non si (?:apre|carica)|non riesc\w+ a (?:prenotare|pagare|ordinare|accedere))\b`,
        String.raw`\b(?:funktioniert nicht|geht nicht|ist down|ist offline|nicht erreichbar|ausgefallen|abgestürzt|weiße seite|leere seite|lädt nicht|kann (?:niemand|keiner) (?:buchen|bezahlen|bestellen))\b`,
        String.raw`\b(?:ne fonctionne (?:pas|plus)|ne marche (?:pas|plus)|est en panne|hors ligne|inaccessible|plante|page blanche|ne s'affiche (?:pas|plus)|impossible de (?:réserver|payer|commander|se connecter))\b`,
        String.raw`\b(?:no funciona|no carga|está caíd[oa]|se cayó|caída|fuera de línea|página en blanco|nadie puede (?:reservar|pagar|comprar|entrar)|no se puede (?:reservar|pagar|comprar))\b`,
      ].join('|'),
      'i',
    ),
  },
  {
    id: 'money',
    label: 'money is being lost',
    pattern: new RegExp(
      [
        String.raw`\b(?:losing|lost|losing out on|costing us|cost us|missing out on)\s+(?:\w+\s+){0,2}(?:money|sales|orders|bookings|customers|revenue|leads|clients|business)`,
        String.raw`\b(?:förlorar|tappar|kostar oss)\s+(?:\w+\s+){0,2}(?:pengar|försäljning|beställningar|bokningar|kunder|intäkter)`,
        String.raw`\b(?:perdendo|perso|perdiamo|ci costa|ci sta costando)\s+(?:\w+\s+){0,2}(?:soldi|vendite|ordini|prenotazioni|clienti|fatturato)`,
        String.raw`\b(?:verlieren|verloren|kostet uns)\s+(?:\w+\s+){0,2}(?:geld|umsatz|bestellungen|buchungen|kunden|einnahmen)|\bumsatz(?:ausfall|verlust)`,
        String.raw`\b(?:perdons|perdu|perdre|nous coûte)\s+(?:\w+\s+){0,2}(?:argent|ventes|commandes|réservations|clients|chiffre)`,
        String.raw`\b(?:perdiendo|perdido|perdemos|nos cuesta|nos está costando)\s+(?:\w+\s+){0,2}(?:dinero|ventas|pedidos|reservas|clientes|ingresos)`,
      ].join('|'),
      'i',
    ),
  },
  {
    id: 'deadline',
    label: 'deadline today or tomorrow',
    pattern: new RegExp(
      [
        String.raw`\b(?:today|tonight|tomorrow|this (?:morning|afternoon|evening)|by (?:noon|midday|end of (?:the )?day|eod|cob)|within the hour|in (?:an|one|two|\d) hours?|right now|immediately|straight away|first thing)\b`,
        String.raw`\b(?:idag|i dag|ikväll|i kväll|imorgon|i morgon|i eftermiddag|inom en timme|omedelbart|direkt|genast|nu på en gång)\b`,
        String.raw`\b(?:oggi|stasera|domani|entro (?:stasera|domani|oggi|mezzogiorno|fine giornata|un'ora|stamattina)|subito|immediatamente|in giornata)\b`,
        String.raw`\b(?:heute|heute abend|morgen früh|morgen|bis mittag|innerhalb (?:einer|der nächsten) stunde|sofort|umgehend|unverzüglich)\b`,
        String.raw`\b(?:aujourd'hui|ce soir|demain|ce matin|cet après-midi|d'ici (?:ce soir|demain|midi|une heure)|immédiatement|tout de suite|sans délai)\b`,
        String.raw`\b(?:hoy|esta (?:noche|tarde|mañana)|mañana|antes del mediodía|en (?:una|la próxima) hora|inmediatamente|de inmediato|ya mismo|cuanto antes)\b`,
      ].join('|'),
      'i',
    ),
  },
  {
    id: 'flag',
    label: 'marked urgent',
    pattern: new RegExp(
      String.raw`\b(?:urgent|urgently|asap|emergency|critical|brådskande|akut|snarast|urgente|urgenza|dringend|eilt|notfall|so schnell wie möglich|urgence|au plus vite|urgentemente|lo antes posible|emergencia)\b`,
      'i',
    ),
  },
  {
    id: 'ultimatum',
    label: 'ultimatum',
    pattern: new RegExp(
      String.raw`\b(?:or (?:we|i) (?:will|'ll)|otherwise (?:we|i)|failing (?:that|which)|last chance|annars|i annat fall|altrimenti|in caso contrario|sonst|andernfalls|ansonsten|sinon|faute de quoi|à défaut|de lo contrario|en caso contrario|si no,? (?:cancelamos|tomaremos|buscaremos))\b`,
      'i',
    ),
  },
].map((g) => {
  URGENCY_PATTERNS.push(g.pattern);
  const pattern = unicodeWords(g.pattern);
  const latin = latinWords(g.pattern);
  return {
    ...g,
    pattern,
    quick: boundaryFree(pattern),
    latin: { pattern: latin, quick: boundaryFree(latin) },
  };
});

export interface UrgencyHit {
  id: string;
  label: string;
  start: number;
  end: number;
}

/**
 * Each group's pattern with the `g` flag, to start at the first match of its quick form: the pattern matches
 * nowhere before it (whatever the pattern matches, the quick form matches at the same place), so the scan with
 * the costly boundary look-arounds skips the text before it and finds the same first match.
 */
const SCANS = URGENCY_GROUPS.map((g) => new RegExp(g.pattern.source, g.pattern.flags + 'g'));
const LATIN_SCANS = URGENCY_GROUPS.map(
  (g) => g.latin && new RegExp(g.latin.pattern.source, g.latin.pattern.flags + 'g'),
);

/** A group none of whose leading words ("today", "heute", "down", …) the text has is not scanned for. */
const TRIGGERS = new WordTriggers(URGENCY_PATTERNS);

export function findUrgency(text: string): UrgencyHit[] {
  const hits: UrgencyHit[] = [];
  const latin = latinOnly(text);
  const starts = TRIGGERS.firstStarts(text);
  for (const [i, g] of URGENCY_GROUPS.entries()) {
    // The pattern matches nowhere before the first word it can start with, nor before its quick form's match.
    let from = starts ? starts[i]! : 0;
    if (from < 0) continue;
    const quick = latin && g.latin ? g.latin.quick : g.quick;
    if (!starts && quick) {
      const q = quick.exec(text);
      if (!q) continue;
      from = q.index;
    }
    const scan = (latin && LATIN_SCANS[i]) || SCANS[i]!;
    scan.lastIndex = from;
    const m = scan.exec(text);
    if (m) hits.push({ id: g.id, label: g.label, start: m.index, end: m.index + m[0].length });
  }
  return hits;
}
