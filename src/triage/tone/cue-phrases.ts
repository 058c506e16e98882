/**
 * Curated business anger cues in the six languages Tactful answers in (en, sv, it, de, fr, es). Each entry is a
 * lower-case regular-expression fragment matched on the lower-cased text between letter boundaries. They are
 * features of the learned model (their weights start from PRIOR_WEIGHT and are adjusted by training), because
 * subtitles and Reddit comments rarely say "we end the contract" while client mail often does.
 *
 * Fragments deliberately require the threatening verb AND its object ("cancel ... contract"), since "cancel the
 * meeting" is ordinary business, and stay away from words that polite urgency uses ("asap", "urgent").
 */
export interface CueDefinition {
  id: string;
  /** What an account lead reads next to the matched phrase. */
  label: string;
  /** Log-odds the cue adds before training adjusts it. */
  prior: number;
  phrases: string[];
}

const GAP = '[^.!?\\n]{0,40}?';

export const PHRASE_CUES: CueDefinition[] = [
  {
    id: 'cancel',
    label: 'threat to cancel',
    prior: 3.0,
    phrases: [
      // en: the client must be the one who cancels ("we end", "I'll terminate", "forced to cancel"); a bare
      // "cancel the old test account" is a request, and "the end of the month ... account" is no threat.
      // The agent is a look-behind so the expression is only tried where a verb starts (much faster).
      `(?<=(?:^|[^\\p{L}])(?:we|i)(?:'ll|'re going to| will| are going to| am going to| shall| have to| must| may)? )(?:cancel|terminate|end|quit)(?!\\p{L})${GAP}(?:contract|subscription|agreement|collaboration|partnership|retainer|account|services?)`,
      `(?:forced|going|about|ready|decided|want|considering) (?:to )?(?:cancel|terminate|end|cancelling|terminating|ending)${GAP}(?:contract|subscription|agreement|collaboration|partnership|retainer|account|services?)`,
      `take (?:our|my) business elsewhere|reconsider (?:our|the|this) (?:collaboration|contract|partnership|relationship|cooperation)`,
      `(?:find|look for|switch to) (?:another|a new|a different) (?:agency|supplier|provider|vendor)`,
      // The other languages likewise need the client as the one who cancels: "Könnten Sie das Abo kündigen?" and
      // "¿Podrían cancelar la suscripción?" are polite requests.
      // sv
      `(?:(?:vi|jag) (?:kommer att |tänker |måste |ska |tvingas )?(?:säger upp|säga upp|avslutar|avsluta|bryter|bryta)|säger (?:vi|jag) upp|avslutar (?:vi|jag)|tvingas (?:vi |jag )?(?:säga upp|avsluta|bryta))${GAP}(?:avtal|kontrakt|samarbete|abonnemang)\\p{L}*`,
      `(?:byta|byter) (?:till en annan |)(?:byrå|leverantör)`,
      // it
      `(?:disdiciamo|disdico|rescindiamo|rescindo|annulliamo|interrompiamo|chiudiamo|(?:dovremo|dovrò|dobbiamo|devo|intendiamo|costretti a|procederemo a|procederò a) (?:disdire|rescindere|annullare|interrompere|chiudere))${GAP}(?:contratto|abbonamento|collaborazione|rapporto)`,
      `(?:cambiare|cambieremo|cambiamo) (?:agenzia|fornitore)`,
      // de
      `(?:kündigen wir|wir kündigen|ich kündige|kündige ich|beenden wir|wir beenden|ich beende)${GAP}(?:vertrag|vertrages|abo|zusammenarbeit|mandat)\\p{L}*`,
      `(?:(?:werden|müssen) (?:wir|ich)|(?:wir|ich) (?:werden|müssen))${GAP}(?:vertrag|zusammenarbeit|abo|mandat)\\p{L}*${GAP}(?:kündigen|beenden)`,
      `fristlos(?:e)? (?:kündigen|kündigung|gekündigt)|(?:wechseln|suchen) (?:wir )?(?:uns )?(?:zu )?(?:einer |eine )?(?:anderen?|neuen?) agentur`,
      // fr
      `(?:nous résilions|je résilie|nous annulons|j'annule|nous mettons fin|nous mettrons fin|nous arrêtons|nous rompons|on (?:résilie|annule|arrête|met fin)|(?:nous allons|je vais|nous devrons|nous serons contraints de|nous sommes contraints de|nous nous verrons contraints de) (?:résilier|annuler|mettre fin|rompre|arrêter))${GAP}(?:contrat|abonnement|collaboration|partenariat)`,
      `(?:changer|changerons) (?:d'|de )(?:agence|prestataire|fournisseur)`,
      // es
      `(?:cancelamos|cancelaremos|cancelo|rescindimos|rescindiremos|terminamos|rompemos|damos de baja|(?:vamos a|voy a|tendremos que|tendré que|nos veremos obligados a) (?:cancelar|rescindir|terminar|romper|dar de baja))${GAP}(?:contrato|suscripción|colaboración|acuerdo|servicio)`,
      `(?:cambiar|cambiaremos|buscar|buscaremos) (?:de |otra )(?:agencia|proveedor)`,
    ],
  },
  {
    id: 'legal',
    label: 'legal threat',
    prior: 3.0,
    phrases: [
      // "our legal team approved the NDA" is routine; a lawyer being brought in is worth a lead's eye.
      `(?:our|my|a) (?:lawyers?|attorneys?|solicitors?)`,
      `legal (?:action|steps|proceedings)`,
      `(?:sue|suing) (?:you|your)`,
      `take (?:you|this) to court`,
      `(?:advokat|jurist)\\p{L}*`,
      `rättsliga åtgärder|stämma er|juridiska åtgärder`,
      `(?:avvocat|legal)[oi]|vie legali|azioni? legal[ei]|per via legale|denuncia`,
      `(?:anwalt|anwältin|rechtsanwalt|anwälte)\\p{L}*|rechtliche schritte|gerichtlich|klage einreichen|verklagen`,
      `avocats?|poursuites|action en justice|(?:mesures|voies?) (?:légales|juridiques)|au tribunal`,
      `abogad[oa]s?|acciones legales|medidas legales|demandar(?:los|les|te)?|a los tribunales`,
    ],
  },
  {
    id: 'review',
    label: 'threat of a bad review',
    prior: 2.0,
    phrases: [
      `(?:bad|negative|one[- ]star|1[- ]star|honest) (?:review|rating)`,
      `(?:tell|warn) (?:everyone|everybody|other clients)`,
      `dålig (?:recension|omdöme)|negativ recension|varna (?:andra|alla)`,
      `recensione negativa|pessima recensione|una stella`,
      `schlechte (?:bewertung|rezension)|negative bewertung|einen stern`,
      `mauvais avis|avis négatif|une étoile`,
      `mala (?:reseña|valoración|opinión)|reseña negativa|una estrella`,
    ],
  },
  {
    id: 'waiting',
    label: 'still waiting',
    prior: 1.5,
    phrases: [
      `still (?:waiting|no (?:answer|reply|response|word|update)|haven't|have not|hasn't|has not|nothing|not (?:fixed|working|done|resolved))`,
      `(?:weeks|days) (?:and|later)${GAP}(?:nothing|no (?:answer|reply|response))`,
      `(?:have|'ve) (?:now )?(?:been )?(?:waited|waiting) (?:for )?(?:two|three|four|several|many|\\d+) (?:days|weeks|months)`,
      `(?:väntar|har väntat) (?:fortfarande|fortfarande på|i veckor)|fortfarande (?:inget|inte|ingen)`,
      `(?:sto|stiamo) ancora aspettando|aspett(?:o|iamo) ancora|ancora (?:nessuna|niente|non)`,
      `(?:warte|warten) (?:immer noch|noch immer|seit wochen)|immer noch (?:nicht|kein|keine|nichts)|noch immer (?:nicht|kein|keine)`,
      `(?:j'attends|nous attendons|on attend) toujours|toujours (?:pas|rien|aucune)|toujours en attente`,
      `(?:sigo|seguimos) esperando|todavía (?:no|nada|sin)|aún (?:no|nada|sin) (?:hay|tenemos|tengo|han|ha)`,
    ],
  },
  {
    id: 'repeated',
    label: 'repeated request',
    // Counting one's own reminders ("I have written three times") is how business mail says it is angry.
    prior: 2.0,
    phrases: [
      `(?:third|fourth|fifth|3rd|4th|5th|umpteenth) time (?:i|we)|(?:for|is) the (?:third|fourth|fifth|3rd|4th|umpteenth) time`,
      `how many (?:more )?times|i (?:already|have already) (?:told|asked|explained)`,
      // A count needs the verb of asking: "three times faster" and "twice a week" are no complaint.
      `(?:asked|written|wrote|emailed|e-mailed|called|phoned|chased|reminded|requested|told|mentioned|raised)(?: (?:you|this|it|about (?:it|this)|for (?:it|this)|the same))? (?:already )?(?:twice|two times|three times|four times|five times|several times|multiple times|many times|\\d+ times)`,
      `(?:three|four|five|\\d+) times already|(?:for|is) the (?:second|2nd) time (?:this|in a) (?:week|month)`,
      `(?:tredje|fjärde|femte) gången|hur många gånger|om och om igen|jag har redan (?:sagt|frågat|bett)`,
      `(?:frågat|skrivit|mejlat|mailat|ringt|påmint|sagt|bett|efterfrågat)(?: (?:er|dig|om det|om detta|det))? (?:redan )?(?:två|tre|fyra|fem|flera|många|\\d+) gånger|(?:tre|fyra|fem|\\d+) gånger (?:redan|nu)`,
      `(?:terza|quarta|quinta) volta|quante volte|ve l'ho già (?:detto|chiesto)|(?:ho|abbiamo) già (?:chiesto|scritto|detto)`,
      `(?:scritto|chiesto|detto|chiamato|telefonato|sollecitato|ricordato|segnalato)(?: (?:già|ormai))? (?:due|tre|quattro|cinque|più|diverse|molte|\\d+) volte|(?:tre|quattro|cinque|\\d+) volte (?:già|ormai)`,
      `(?:zum|das) (?:dritten?|vierten?|fünften?|x-ten|wiederholten) mal|wie oft noch|ich habe (?:bereits|schon) (?:mehrfach|mehrmals|dreimal)`,
      // "drei Mal pro Woche" is a schedule: the count needs "schon/bereits" or the verb of asking after it.
      `(?:schon|bereits|jetzt) (?:zweimal|dreimal|viermal|fünfmal|zwei mal|drei mal|vier mal|fünf mal|\\d+ mal|\\d+-mal|mehrfach|mehrmals)|(?:zweimal|dreimal|viermal|fünfmal|zwei mal|drei mal|vier mal|fünf mal|\\d+ mal|\\d+-mal|mehrfach|mehrmals)${GAP}(?:geschrieben|gefragt|nachgefragt|angerufen|erinnert|gebeten|gemahnt|angemahnt|gemeldet)`,
      `(?:troisième|quatrième|cinquième|énième) fois|combien de fois|je vous (?:l'|)ai déjà (?:dit|demandé|écrit)`,
      `(?:écrit|demandé|relancé|appelé|dit|rappelé|signalé|réclamé)(?: (?:déjà|ça|cela))? (?:deux|trois|quatre|cinq|plusieurs|\\d+) fois|(?:trois|quatre|cinq|\\d+) fois déjà|déjà (?:trois|quatre|cinq|\\d+) fois`,
      `(?:tercera|cuarta|quinta|enésima) vez|cuántas veces|ya (?:se lo|les|os|te) (?:he|hemos) (?:dicho|pedido)`,
      `(?:escrito|pedido|preguntado|llamado|dicho|reclamado|recordado|insistido)(?: (?:ya|esto|lo))? (?:dos|tres|cuatro|cinco|varias|muchas|\\d+) veces|(?:tres|cuatro|cinco|\\d+) veces ya|ya (?:van|son) (?:tres|cuatro|cinco|\\d+) veces`,
    ],
  },
  {
    id: 'unacceptable',
    label: 'unacceptable',
    prior: 2.0,
    phrases: [
      `unacceptable|not acceptable|inexcusable|unprofessional|disgrace(?:ful)?|outrageous|appalling`,
      `oacceptabelt|inte acceptabelt|oprofessionellt|skandal\\p{L}*|oförskämt`,
      `inaccettabile|non è accettabile|poco professionale|vergogn\\p{L}+|scandalos\\p{L}+`,
      `inakzeptabel|nicht akzeptabel|unzumutbar|unprofessionell|unverschämt|frechheit|skandal\\p{L}*`,
      `inacceptable|pas acceptable|inadmissible|pas professionnel|scandaleu\\p{L}+|honteu\\p{L}+`,
      `inaceptable|no es aceptable|poco profesional|vergonzos\\p{L}+|escandalos\\p{L}+|una vergüenza`,
    ],
  },
  {
    id: 'ridiculous',
    label: 'exasperation',
    prior: 1.2,
    phrases: [
      `ridiculous|absurd|a joke|fed up|sick (?:and tired )?of|waste of (?:my |our )?(?:time|money)|enough is enough`,
      `löjligt|absurt|ett skämt|trött på|less på|slöseri med|nu räcker det`,
      `ridicol[oa]|assurd[oa]|una barzelletta|stufo|stanc(?:o|hi) di|spreco di|adesso basta|ora basta`,
      `lächerlich|absurd|ein witz|ich habe (?:es )?satt|die nase voll|verschwendung|jetzt reicht(?:'s| es)`,
      `ridicule|absurde|une blague|en (?:ai|avons) marre|ras le bol|perte de temps|ça suffit|n'importe quoi`,
      `ridícul[oa]|absurd[oa]|una broma|(?:estoy|estamos) hart[oa]s?|pérdida de tiempo|ya basta`,
    ],
  },
  {
    id: 'sarcasm',
    label: 'sarcasm',
    prior: 1.5,
    phrases: [
      `thanks? for nothing|great job[^a-z]{0,5}not|nice work[^a-z]{0,5}not|as usual|yeah,? right|oh,? (?:wonderful|perfect)|what a surprise|surprise,? surprise`,
      `tack för ingenting|tack för inget|som vanligt|snyggt jobbat[^a-z]{0,5}inte|vilken överraskning`,
      `grazie (?:di|per) niente|come al solito|bel lavoro[^a-z]{0,5}non|che sorpresa`,
      `danke für nichts|wie üblich|wie immer (?:nichts|nicht|zu spät)|super gemacht[^a-z]{0,5}nicht|was für eine überraschung`,
      `merci pour rien|comme d'habitude|bravo[^a-z]{0,5}vraiment|quelle surprise`,
      `gracias por nada|como de costumbre|como siempre (?:tarde|nada|mal)|buen trabajo[^a-z]{0,5}no|qué sorpresa`,
    ],
  },
  {
    id: 'ultimatum',
    label: 'ultimatum',
    // Every phrase names a consequence ("or we leave", "otherwise we will escalate"): a deadline alone is not one.
    prior: 2.0,
    phrases: [
      `(?:today|tomorrow|now|friday|monday|immediately)${GAP}or (?:we|i) (?:will|'ll|end|cancel|leave|go|take|stop|walk)|or else|last chance|final warning`,
      // A deadline becomes an ultimatum by its consequence: "by Friday if possible" is polite urgency.
      `(?:otherwise|failing that|if not),? (?:we|i)(?: will|'ll| shall| are going to)? (?:have to |be forced to )?(?:escalate|withhold|stop paying|involve|take (?:this|it|further|legal)|look elsewhere|go elsewhere)|you have (?:until|\\d+ (?:hours|days)) (?:to|or)`,
      `(?:idag|i dag|omedelbart|nu)${GAP}annars|sista chansen|sista varningen`,
      `(?:senast|imorgon|i morgon|fredag|måndag|inom)${GAP}(?:annars|i annat fall) (?:säger|kommer|tvingas|måste|går|tar|avbryter)`,
      `(?:oggi|subito|domani)${GAP}altrimenti|ultima possibilità|ultimo avvertimento`,
      `(?:entro|venerdì|lunedì)${GAP}(?:altrimenti|in caso contrario) (?:disdic|procederemo|passeremo|ci rivolgeremo|dovremo|sospendiamo|sospenderemo)`,
      `(?:heute|sofort|morgen)${GAP}(?:sonst|andernfalls)|letzte chance|letzte warnung|letztmalig`,
      `(?:spätestens|freitag|montag|innerhalb)${GAP}(?:sonst|andernfalls|ansonsten) (?:werden|müssen|kündigen|sehen|ziehen|schalten|behalten|stellen) (?:wir|ich)`,
      `(?:aujourd'hui|immédiatement|demain)${GAP}(?:sinon|faute de quoi)|dernière chance|dernier avertissement`,
      `(?:au plus tard|d'ici|vendredi|lundi)${GAP}(?:sinon|faute de quoi|à défaut),? (?:nous|je) (?:allons|serons|devrons|résilions|ferons|prendrons|vais|suspendrons)`,
      `(?:hoy|inmediatamente|mañana)${GAP}(?:o (?:cancelamos|rescindimos|terminamos|nos vamos|buscaremos)|si no|de lo contrario)|última oportunidad|último aviso`,
      `(?:a más tardar|antes del?|viernes|lunes)${GAP}(?:de lo contrario|en caso contrario|si no),? (?:cancelaremos|tomaremos|nos veremos|procederemos|buscaremos|rescindiremos|tendremos que|dejaremos)`,
    ],
  },
  {
    id: 'profanity',
    label: 'swearing',
    prior: 1.5,
    phrases: [
      `fuck\\p{L}*|shit\\p{L}*|bullshit|damn(?:ed)?|crap|wtf|pissed off`,
      `jävla|jävlar|fan också|helvete|skit(?:snack|dåligt)`,
      `cazz\\p{L}*|merda|vaffanculo|porca miseria|schifo`,
      `scheiß\\p{L}*|scheiss\\p{L}*|verdammt\\p{L}*|mist`,
      `merde|putain|bordel|foutu\\p{L}*|foutez`,
      `mierda|joder|coño|carajo|cabrones?`,
    ],
  },
  {
    // Contempt for the agency's competence: clients who write "amateurs" are past disappointment.
    id: 'contempt',
    label: 'contempt',
    prior: 2.0,
    phrases: [
      `amateurs|amateurish|incompetent|incompetence|clueless|(?:are|is|so|totally|completely|absolutely|utterly) useless|(?:bunch|band) of (?:idiots|clowns|amateurs)|idiots|morons|pathetic`,
      `amatörer|amatörmässig\\p{L}*|inkompetent\\p{L}*|oduglig\\p{L}*|värdelös\\p{L}*|idioter|patetisk\\p{L}*`,
      `dilettant\\p{L}+|incompeten\\p{L}+|incapaci|buoni a nulla|(?:siete|sono) (?:degli |dei )?(?:inutili|pagliacci|idioti)|patetic\\p{L}+`,
      `amateure|amateurhaft\\p{L}*|dilettant\\p{L}*|inkompeten\\p{L}+|unfähig\\p{L}*|nutzlos\\p{L}*|stümper\\p{L}*|idioten|erbärmlich\\p{L}*|armselig\\p{L}*`,
      `amateurs|amateurisme|incompéten\\p{L}+|incapables|(?:êtes|sont|totalement|complètement|vraiment|des) nul(?:le)?s|bons à rien|minables|pathétiques?|guignols`,
      `amateurs|incompeten\\p{L}+|inútiles|incapaces|ineptos|chapuc\\p{L}+|payasos|idiotas|patétic\\p{L}+`,
    ],
  },
  {
    // The client says it outright ("I am furious"): the corpora learn these words, but too weakly for email.
    id: 'anger',
    label: 'states anger',
    prior: 2.0,
    phrases: [
      `(?:i am|i['’]m|we are|we['’]re|i feel|we feel|i was|we were)(?: (?:absolutely|really|so|very|utterly|extremely|beyond|completely|truly|incredibly|frankly|quite|now))* (?:furious|livid|fuming|outraged|enraged|infuriated|angry|pissed|fed up|seething|disgusted)|makes? (?:me|us) (?:so |really )?(?:angry|furious|mad)|infuriating`,
      `(?:jag är|vi är|jag blir|vi blir)(?: (?:så|helt|riktigt|väldigt|otroligt|ordentligt|verkligen))* (?:rasande|förbannad\\p{L}*|arg|arga|ilsk\\p{L}*|upprörd\\p{L}*|vansinnig\\p{L}*|skitförbannad\\p{L}*|heligt förbannad\\p{L}*)`,
      `(?:sono|siamo)(?: (?:davvero|molto|assolutamente|veramente|proprio|così|profondamente))* (?:furios[oiae]|arrabbiat[oiae]|incazzat[oiae]|furent[ei]|indignat[oiae]|esasperat[oiae]|fuori di me)`,
      `(?:ich bin|wir sind)(?: (?:echt|wirklich|absolut|sehr|so|total|extrem|richtig|mittlerweile|inzwischen))* (?:wütend|stinksauer|stocksauer|sauer|verärgert|empört|zornig|außer mir|fuchsteufelswild)`,
      `(?:je suis|nous sommes)(?: (?:vraiment|très|absolument|extrêmement|tellement|profondément))* (?:furieu\\p{L}*|en colère|hors de moi|excédé\\p{L}*|outré\\p{L}*|indigné\\p{L}*|exaspéré\\p{L}*|fâché\\p{L}*)`,
      `(?:estoy|estamos)(?: (?:muy|realmente|absolutamente|totalmente|verdaderamente|francamente|bastante))* (?:furios[oa]s?|enfadad[oa]s?|enojad[oa]s?|indignad[oa]s?|cabread[oa]s?)`,
    ],
  },
  {
    // Hedges and courtesy lower the score; never shown as a reason (negative weight). Polite urgency and mild
    // disappointment use them, and they must not read as anger.
    id: 'softener',
    label: 'softened wording',
    prior: -1.5,
    phrases: [
      `a (?:little|bit) (?:disappointed|surprised|worried|concerned)|no big deal|not a big deal|no worries|not quite|(?:could|would) you (?:please|kindly)|if (?:at all )?possible|much appreciated|thanks? (?:a lot|in advance)`,
      `lite besviken|det gör inget|inga problem|inte riktigt|skulle (?:du|ni) kunna|om det går|tack (?:så mycket|på förhand)`,
      `un po' delus[oa]|non è un problema|nessun problema|non (?:è )?proprio|potresti|potreste|per favore|se possibile|grazie mille`,
      `etwas enttäuscht|kein (?:drama|problem)|nicht ganz|könnten sie|könntest du|wenn möglich|vielen dank|danke im voraus`,
      `un peu déçu\\p{L}*|ce n'est pas grave|pas de souci|pas tout à fait|pourriez-vous|pourrais-tu|s'il vous plaît|si possible|merci (?:beaucoup|d'avance)`,
      `un poco decepcionad[oa]|me decepcionó un poco|no pasa nada|no hay problema|no (?:es )?exactamente|podrías|podrían|por favor|si es posible|muchas gracias`,
    ],
  },
];
