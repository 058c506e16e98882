/**
 * The matter of a message in neutral words of the agency's own (docs/tone-rules.md: "your booking page", "the October
 * report" — never the client's subject or words, which repeat the heat). A small vocabulary of what agencies'
 * clients write about, recognised in six languages; when nothing is recognised the reply names no matter at all
 * rather than quote the client.
 */
export const MATTERS = [
  'booking',
  'shop',
  'ads',
  'newsletter',
  'social',
  'seo',
  'report',
  'invoice',
  'design',
  'media',
  'hosting',
  'meeting',
  'launch',
  'website',
] as const;
export type Matter = (typeof MATTERS)[number];

/** A case-insensitive match of whole words: JavaScript's \b only knows ASCII letters ("café", "möte"). */
const words = (alternatives: string) =>
  new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, 'iu');

// Word stems per matter, all six languages mixed (a Swedish client may well write "checkout"). Order matters:
// the specific ones come before the generic "website", which nearly every message about a site mentions.
const CUES: Record<Matter, RegExp> = {
  booking: words(
    String.raw`book(ing|ings)?|reserv(ation|ations|ierung|ations?|a|as|ación|aciones)|buchung\p{L}*|bokning\p{L}*|prenota\p{L}*|réserv\p{L}*|termin(buchung|kalender)|calendario de citas`,
  ),
  shop: words(
    String.raw`shop|webshop|onlineshop|e-?shop|checkout|cart|basket|warenkorb|kassa(n)?|kassan|webbutik\p{L}*|butik\p{L}*|carrello|negozio online|e-?commerce|panier|boutique en ligne|tienda( online)?|carrito|shopify|woocommerce`,
  ),
  ads: words(
    String.raw`google ads|adwords|meta ads|facebook ads|ads|ad campaigns?|campaigns?|kampagne\p{L}*|kampanj\p{L}*|campagn\p{L}*|campagne\p{L}*|campañ\p{L}*|anuncios?|annonser?|annunci|annonces?|ppc|cpc`,
  ),
  newsletter: words(
    String.raw`newsletters?|nyhetsbrev\p{L}*|mailchimp|mailing|e-?mail campaign|infolettre|boletín`,
  ),
  social: words(
    String.raw`social media|instagram|facebook|linkedin|tiktok|posts?|beitr(ag|äge)|inlägg|publicaciones|publications?|réseaux sociaux|redes sociales|sociala medier|soziale medien|social`,
  ),
  seo: words(
    String.raw`seo|rankings?|ranking|sökmotor\p{L}*|suchmaschin\p{L}*|posizionament\p{L}*|référencement|posicionamiento|google (results|ergebnisse|träffar)`,
  ),
  report: words(
    String.raw`reports?|reporting|bericht\p{L}*|rapport\p{L}*|rapporto|report mensile|informe\p{L}*|auswertung\p{L}*|analytics`,
  ),
  invoice: words(
    String.raw`invoices?|bill|billing|rechnung\p{L}*|fakt(ura|uran|uror)|fattur\p{L}*|factur\p{L}*|credit note|gutschrift`,
  ),
  design: words(
    String.raw`logo\p{L}*|design\p{L}*|brand(ing)?|corporate design|varumärke\p{L}*|grafi(k|ca|que)\p{L}*|maquette\p{L}*|diseño\p{L}*|mock-?ups?|layout\p{L}*`,
  ),
  media: words(
    String.raw`photos?|photo ?shoot|fotos?|fotografi\p{L}*|video\p{L}*|vidéo\p{L}*|film\p{L}*|shooting`,
  ),
  hosting: words(
    String.raw`hosting|server|servidor|serveur|dns|domain\p{L}*|domän\p{L}*|dominio|ssl|certificat\p{L}*|zertifikat\p{L}*|e-?mail accounts?|mailbox\p{L}*|postfach`,
  ),
  meeting: words(
    String.raw`meetings?|termin|möte\p{L}*|mötet|riunion\p{L}*|réunion\p{L}*|reunión\p{L}*|workshop\p{L}*`,
  ),
  launch: words(
    String.raw`launch\p{L}*|go-?live|livegang|lansering\p{L}*|lancio|lancement|lanzamiento|relaunch`,
  ),
  website: words(
    String.raw`website|web ?site|site|homepage|webseite|webbplats\p{L}*|hemsida\p{L}*|sito( web)?|sitio( web)?|página web|landing ?page`,
  ),
};

/**
 * The matter of a message: its subject decides first, then the first part of its new text; null when unsure.
 * Within a text the matter named first wins ("Logo files for the print shop" is about the logo), except that
 * the generic "website" gives way to anything more specific ("site down, checkout broken" is the shop).
 */
export function matterOf(subject: string, newText: string): Matter | null {
  for (const text of [subject, newText.slice(0, 600)]) {
    const found = MATTERS.map((m) => ({ m, at: text.search(CUES[m]) })).filter((f) => f.at >= 0);
    const specific = found.filter((f) => f.m !== 'website');
    const pick = (specific.length ? specific : found).sort((a, b) => a.at - b.at)[0];
    if (pick) return pick.m;
  }
  return null;
}

/**
 * "about your booking page" in each language, as the phrase that follows "Thank you for your message" —
 * prepositions and cases included (German dative, Italian articulated prepositions), so templates need no
 * grammar. Swedish business mail says "du" (docs/tone-rules.md), hence "din"/"ditt"; the others are formal.
 */
const ABOUT: Record<string, Record<Matter, string>> = {
  en: {
    booking: 'about your booking page',
    shop: 'about your online shop',
    ads: 'about your ad campaigns',
    newsletter: 'about your newsletter',
    social: 'about your social media',
    seo: 'about your search rankings',
    report: 'about your report',
    invoice: 'about your invoice',
    design: 'about your design work',
    media: 'about your photos and videos',
    hosting: 'about your hosting and email',
    meeting: 'about your meeting with us',
    launch: 'about your launch',
    website: 'about your website',
  },
  sv: {
    booking: 'om din bokningssida',
    shop: 'om din webbutik',
    ads: 'om dina annonskampanjer',
    newsletter: 'om ditt nyhetsbrev',
    social: 'om dina sociala medier',
    seo: 'om dina placeringar i sökresultaten',
    report: 'om din rapport',
    invoice: 'om din faktura',
    design: 'om ditt designarbete',
    media: 'om dina bilder och filmer',
    hosting: 'om ditt webbhotell och din e-post',
    meeting: 'om ditt möte med oss',
    launch: 'om din lansering',
    website: 'om din webbplats',
  },
  de: {
    booking: 'zu Ihrer Buchungsseite',
    shop: 'zu Ihrem Onlineshop',
    ads: 'zu Ihren Werbekampagnen',
    newsletter: 'zu Ihrem Newsletter',
    social: 'zu Ihren Social-Media-Kanälen',
    seo: 'zu Ihren Suchmaschinen-Rankings',
    report: 'zu Ihrem Bericht',
    invoice: 'zu Ihrer Rechnung',
    design: 'zu Ihren Designarbeiten',
    media: 'zu Ihren Fotos und Videos',
    hosting: 'zu Ihrem Hosting und Ihren E-Mail-Konten',
    meeting: 'zu Ihrem Termin mit uns',
    launch: 'zu Ihrem Start',
    website: 'zu Ihrer Website',
  },
  it: {
    booking: 'riguardo alla Sua pagina di prenotazione',
    shop: 'riguardo al Suo negozio online',
    ads: 'riguardo alle Sue campagne pubblicitarie',
    newsletter: 'riguardo alla Sua newsletter',
    social: 'riguardo ai Suoi canali social',
    seo: 'riguardo al posizionamento nei motori di ricerca',
    report: 'riguardo al Suo report',
    invoice: 'riguardo alla Sua fattura',
    design: 'riguardo al lavoro grafico',
    media: 'riguardo alle Sue foto e ai Suoi video',
    hosting: "riguardo all'hosting e alle caselle e-mail",
    meeting: "riguardo all'incontro con noi",
    launch: 'riguardo al lancio',
    website: 'riguardo al Suo sito web',
  },
  fr: {
    booking: 'concernant votre page de réservation',
    shop: 'concernant votre boutique en ligne',
    ads: 'concernant vos campagnes publicitaires',
    newsletter: 'concernant votre newsletter',
    social: 'concernant vos réseaux sociaux',
    seo: 'concernant votre référencement',
    report: 'concernant votre rapport',
    invoice: 'concernant votre facture',
    design: 'concernant le travail graphique',
    media: 'concernant vos photos et vidéos',
    hosting: 'concernant votre hébergement et vos e-mails',
    meeting: 'concernant votre rendez-vous avec nous',
    launch: 'concernant votre lancement',
    website: 'concernant votre site web',
  },
  es: {
    booking: 'sobre su página de reservas',
    shop: 'sobre su tienda online',
    ads: 'sobre sus campañas de publicidad',
    newsletter: 'sobre su boletín',
    social: 'sobre sus redes sociales',
    seo: 'sobre su posicionamiento en buscadores',
    report: 'sobre su informe',
    invoice: 'sobre su factura',
    design: 'sobre el trabajo de diseño',
    media: 'sobre sus fotos y vídeos',
    hosting: 'sobre su alojamiento web y su correo',
    meeting: 'sobre su reunión con nosotros',
    launch: 'sobre su lanzamiento',
    website: 'sobre su sitio web',
  },
};

/** The "about …" phrase for the matter in `language`, '' when the matter is unknown (the reply then names none). */
export function aboutMatter(matter: Matter | null, language: string): string {
  if (!matter) return '';
  return (ABOUT[language] ?? ABOUT.en!)[matter];
}

/** "Your message" in each reply language: the subject's matter when none is recognised. */
const YOUR_MESSAGE: Record<string, string> = {
  en: 'Your message',
  sv: 'Ditt meddelande',
  de: 'Ihre Nachricht',
  it: 'Il Suo messaggio',
  fr: 'Votre message',
  es: 'Su mensaje',
};

/**
 * The subject of an answer to angry mail, in our own words ("About your booking page", "Zu Ihrer Buchungsseite"):
 * the client's subject is never quoted back, capitals and "!!!" included (docs/tone-rules.md). The headers
 * (In-Reply-To, References) still thread it under their message.
 */
export function matterSubject(matter: Matter | null, language: string): string {
  const about = aboutMatter(matter, language);
  const words = about || (YOUR_MESSAGE[language] ?? YOUR_MESSAGE.en!);
  return words.charAt(0).toLocaleUpperCase(language) + words.slice(1);
}
