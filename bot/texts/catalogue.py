"""Texts of the catalogue: answers about services, zones and comuni (HTML; values escaped by render)."""

COMUNE_IN_ZONE = "📍 <b>{comune}</b> è nella zona omogenea <b>{zone}</b> ({comuni})."
COMUNI_COUNT = ("{n} comune", "{n} comuni")  # one, other
COMUNE_POPULATION = "Popolazione residente: {population} abitanti (fonte: {source})."
SOURCE_UNKNOWN = "non indicata"
SOURCE_POPULATION = "ANPR, {month} {year}"
SOURCE_SURVEY = "indagine 2019 tra le Posizioni Organizzative della Città metropolitana di Milano: {quotes}"
COMUNE_IS_CAPOLUOGO = ("📍 <b>{comune}</b> è il comune capoluogo della Città metropolitana di Milano: "
                       "non fa parte di nessuna delle 7 zone omogenee.")
ZONE_COMUNI_HEAD = "🗺 Zona omogenea <b>{zone}</b>: <b>{comuni}</b>"
ZONE_POPULATION = "Popolazione residente: {population} abitanti (fonte: {source})."
COMUNE_LINE = "• {name}"
COMUNE_LINE_POP = "• {name} – {population} ab."
ZONE_SERVICES_HEAD = "🗂 Servizi nella zona omogenea <b>{zone}</b> ({comuni})"
CAPOLUOGO_SERVICES_HEAD = "🗂 Servizi per <b>{zone}</b> (capoluogo)"
COMUNE_SERVICES_HEAD = "🏛 Servizi per <b>{comune}</b> – zona <b>{zone}</b>"
CAPOLUOGO_COMUNE_HEAD = "🏛 Servizi per <b>{comune}</b> (capoluogo, non in una zona omogenea)"
THEME_SERVICES_HEAD = "🏷 Servizi sul tema <b>{theme}</b>"
THEME_SERVICES_SCOPED = "🏷 Servizi sul tema <b>{theme}</b> per <b>{scope}</b>"
SERVICES_FOR_ZONE = "<b>Per tutta la zona</b>"
SERVICES_FOR_COMUNI = "<b>In singoli comuni</b>"
SERVICES_FOR_COMUNE = "<b>Per il comune</b>"
SERVICE_LINE = "• {name} – {status}"
SERVICE_LINE_COMUNE = "• {name} ({comune}) – {status}"
NO_SERVICES = "Nessun servizio registrato."
NO_SERVICES_COMUNE = ("Il catalogo non registra ancora servizi attivi per <b>{comune}</b>, né per il comune né per "
                      "la sua zona. Tutti i servizi, con il modo di aderire: 📚 Tutti i servizi.")
NO_SERVICES_CAPOLUOGO = ("Il catalogo non registra ancora servizi attivi per <b>{comune}</b>. "
                         "Tutti i servizi, con il modo di aderire: 📚 Tutti i servizi.")
NO_SERVICES_ZONE = ("Il catalogo non registra ancora servizi attivi nella zona <b>{zone}</b>. "
                    "Tutti i servizi, con il modo di aderire: 📚 Tutti i servizi.")
EXAMPLE_NOTE = "<i>ⓘ Le attivazioni per zona e comune sono dati di esempio, da sostituire con quelli reali.</i>"
EXAMPLE_MARK = " (esempio)"
SERVICE_LIST_HEAD = "🗂 <b>Catalogo dei servizi ai comuni</b> ({count})"
THEME_GROUP = "<b>{theme}</b>"

SERVICE_TITLE = "📋 <b>{name}</b>"
SERVICE_DESCRIPTION = "<i>{description}</i>"
SERVICE_TITLE_ACRONYM = "📋 <b>{name}</b> ({acronyms})"
SERVICE_FIELD = "<b>{label}:</b> {value}"
SERVICE_FIELDS = {
    "theme": "Tema", "status": "Stato", "office": "Ufficio", "legal_basis": "Base giuridica",
    "joining": "Come aderire", "contact": "Contatti", "coverage": "Dove è attivo", "source": "Fonte",
}
NOT_ACTIVE_ANYWHERE = "nessuna zona o comune registrato"
COVERAGE_ZONE = "zona {name}"
COVERAGE_CAPOLUOGO = "{name} (capoluogo)"
COVERAGE_COMUNE = "{name}"
COVERAGE_ITEM = "{scope} ({status})"

CONTACT_HEAD = "☎️ Chi contattare per <b>{service}</b>"
CONTACT_OFFICE = "Ufficio: {office}"
CONTACT_EMAIL = "E-mail: {email}"
CONTACT_PHONE = "Telefono: {phone}"
CONTACT_TEXT = "Contatti: {contact}"
CONTACT_NONE = ("Il catalogo non riporta ancora un contatto diretto per questo servizio: "
                "scrivi alla Città metropolitana di Milano indicando il nome del servizio.")

ZONE_LIST_HEAD = ("🗺 <b>La zona omogenea della Città metropolitana di Milano</b>",
                  "🗺 <b>Le {n} zone omogenee della Città metropolitana di Milano</b>")  # one, other
ZONE_LIST_LINE = "• {zone} – {comuni}"
ZONE_LIST_CAPOLUOGO = "Il comune di <b>{name}</b> è il capoluogo e non fa parte di una zona omogenea."
ZONE_PICK = "🗂 <b>Servizi per zona</b>\nScegli una zona omogenea (o il capoluogo):"
CAPOLUOGO_BUTTON = "{name} (capoluogo)"

AMBIGUOUS = "🤔 «{text}» può indicare più nomi. Intendevi:"
SUGGEST_ONE = "🤔 Non ho trovato «{text}». Intendevi:"
CANDIDATE_COMUNE = "• {name} (comune, zona {zone})"
CANDIDATE_CAPOLUOGO = "• {name} (comune capoluogo)"
CANDIDATE_ZONE = "• {name} (zona omogenea)"
CANDIDATE_SERVICE = "• {name} (servizio)"
CANDIDATE_THEME = "• {name} (tema)"
OUTSIDE = ("📍 <b>{name}</b> ({area}) non fa parte della Città metropolitana di Milano. "
           "Posso rispondere sui comuni della Città metropolitana di Milano: /zone per l'elenco delle zone.")
AREA_PROVINCE = "provincia di {name}"
AREA_METROPOLITAN = "Città metropolitana di {name}"
AREA_AUTONOMOUS = "Provincia autonoma di {name}"
AREA_REGION = "{name}"
UNKNOWN = ("Non ho capito la domanda. Puoi chiedermi, per esempio:\n"
           "• <i>in che zona è Cernusco sul Naviglio?</i>\n"
           "• <i>comuni del Nord Milano</i>\n"
           "• <i>servizi ambiente nel Magentino</i>\n"
           "• <i>cos'è la SUA</i>\n"
           "oppure usa /servizi e /zone.")
EMPTY = "Scrivi una domanda, per esempio <i>servizi a Rho</i> o <i>in che zona è Melzo?</i>"
TOO_LONG = "La domanda è troppo lunga ({length} caratteri): scrivila in al massimo {limit} caratteri."
SEARCH_HEAD = "🔎 Risultati per «{text}»:"
SEARCH_NONE = "🔎 Nessun risultato per «{text}». Prova con il nome di un comune, di una zona o di un servizio."
SEARCH_USAGE = "Scrivi cosa cercare dopo il comando, per esempio <code>/cerca rifiuti</code>."
COMUNE_USAGE = "Scrivi il nome del comune dopo il comando, per esempio <code>/comune Rho</code>."
COMUNE_NOT_FOUND = "Non conosco un comune della Città metropolitana di Milano chiamato «{text}»."
BAD_BUTTON = "Questo pulsante non è valido o è scaduto."
EMPTY_CATALOGUE = "Il catalogo è vuoto: chi gestisce il bot deve caricarlo con <code>zobot catalogue load</code>."

BUTTON_ZONE_SERVICES = "🗂 Servizi della zona {zone}"
BUTTON_ZONE_COMUNI = "🗺 Comuni della zona {zone}"
BUTTON_COMUNE_SERVICES = "🏛 Servizi per {comune}"
BUTTON_CONTACT = "☎️ Chi contattare"
BUTTON_CARD = "📋 Scheda del servizio"
BUTTON_ZONES = "🗺 Zone omogenee"
BUTTON_BROWSE = "🗂 Servizi per zona"
BUTTON_ALL_SERVICES = "📚 Tutti i servizi"

STATUS = {"attivo": "attivo", "in attivazione": "in attivazione", "proposto": "proposto",
          "attivato": "attivato", "sospeso": "sospeso"}

# ---- is a service active here? (bot/catalogue/availability.py) ----
AVAILABLE = {
    "attivato": "✅ <b>Sì, a {place}</b>: il servizio <b>{service}</b> è attivo",
    "in attivazione": "⏳ <b>In attivazione a {place}</b>: il servizio <b>{service}</b>",
    "sospeso": "⏸ <b>Sospeso a {place}</b>: il servizio <b>{service}</b>",
}
AVAILABLE_ZONE = {
    "attivato": "✅ <b>Sì, nella zona {place}</b>: il servizio <b>{service}</b> è attivo per tutta la zona",
    "in attivazione": "⏳ <b>In attivazione nella zona {place}</b>: il servizio <b>{service}</b>, per tutta la zona",
    "sospeso": "⏸ <b>Sospeso nella zona {place}</b>: il servizio <b>{service}</b>, per tutta la zona",
}
VIA_ZONE = " – per tutta la zona {zone}, di cui {comune} fa parte"
VIA_COMUNE = " – per il comune di {comune}"
VIA_CAPOLUOGO = " – per il capoluogo"
AVAILABLE_IN_SOME = ("🔸 <b>In parte</b>: il servizio <b>{service}</b> non è registrato per tutta la zona <b>{zone}</b>, "
                     "ma per questi comuni:")
AVAILABLE_NO = ("❌ <b>No</b>: il catalogo non registra il servizio <b>{service}</b> a <b>{place}</b>, né per il comune "
                "né per la zona {zone}.")
AVAILABLE_NO_CAPOLUOGO = "❌ <b>No</b>: il catalogo non registra il servizio <b>{service}</b> per <b>{place}</b>."
AVAILABLE_NO_ZONE = ("❌ <b>No</b>: il catalogo non registra il servizio <b>{service}</b> nella zona <b>{zone}</b>, né per "
                     "la zona né per i suoi comuni.")
AVAILABLE_ALL_HEAD = "📍 Il servizio <b>{service}</b> nella Città metropolitana di Milano:"
AVAILABLE_ALL_LINE = "• {scope} – {status}"
AVAILABLE_ALL_REACHED = "Comuni raggiunti: {reached} su {total}."
AVAILABLE_NOWHERE = "❌ Il catalogo non registra ancora dove è attivo il servizio <b>{service}</b>."
SERVICE_STATE = "ⓘ Il servizio è «{status}» nel catalogo."
RECORD = "📅 {parts}"
RECORD_SINCE = "dal {date}"
RECORD_SOURCE = "fonte: {source}"
RECORD_UPDATED = "aggiornato il {date}"
RECORD_EXAMPLE = "dati di esempio"
ELSEWHERE = "Dove è registrato: {where}"
HOW_TO_JOIN = "Come aderire: {joining}"
HOW_TO_JOIN_ASK = "Come aderire: il catalogo non lo indica; chiedi all'ufficio {office}."
HOW_TO_JOIN_UNKNOWN = "Come aderire: il catalogo non lo indica (☎️ Chi contattare)."
JOIN_ASK_OFFICE = "non indicato nel catalogo; chiedi all'ufficio {office}"
JOIN_NOT_GIVEN = "non indicato nel catalogo"

# ---- nothing registered for a theme in a place ----
THEME_NONE_HERE = "🏷 Per <b>{place}</b> il catalogo non registra servizi sul tema <b>{theme}</b>."
THEME_NONE_HERE_ZONE = "🏷 Per la zona <b>{place}</b> il catalogo non registra servizi sul tema <b>{theme}</b>."
THEME_CAN_JOIN_COMUNE = "Servizi del tema a cui {place} può aderire:"
THEME_CAN_JOIN_ZONE = "Servizi del tema a cui i comuni della zona possono aderire:"
THEME_JOIN_LINE = "• {name} – {status}"
THEME_JOIN_HOW = "   come aderire: {joining}"

# ---- totals and populations ----
TOTALS_HEAD = "🗺 <b>Città metropolitana di Milano</b>"
TOTALS_COMUNI = "Comuni: <b>{comuni}</b> – il capoluogo, {capoluogo}, e {in_zones} nelle zone omogenee"
TOTALS_ZONES = "Zone omogenee: <b>{zones}</b>"
TOTALS_POPULATION = "Popolazione residente: <b>{population}</b> (fonte: {source})"
TOTALS_BY_ZONE = "<b>Popolazione per zona</b>"
TOTALS_ZONE_LINE = "• {zone}: {population}"
TOTALS_CAPOLUOGO_LINE = "• {zone} (capoluogo): {population}"
ZONE_POPULATION_HEAD = "🗺 Zona omogenea <b>{zone}</b>"
ZONE_POPULATION_COMUNI = "Comuni: <b>{count}</b>"
ZONE_POPULATION_LINE = "Popolazione residente: <b>{population}</b> (fonte: {source})"
ZONE_POPULATION_LARGEST = "Il comune più popoloso: {comune} ({population})"

# ---- small talk ----
GREETING = ("Ciao! Sono <b>zobot</b>, l'assistente della Città metropolitana di Milano per le zone omogenee. "
            "Chiedimi dei servizi ai comuni, per esempio <i>la SUA è attiva a Rho?</i>")
THANKS = "Prego! Se ti serve altro, scrivimi pure."
CAPABILITIES = ("Posso dirti, anche se scrivi a parole tue:\n"
                "• quali servizi sono attivi in un comune o in una zona (<i>servizi a Rho</i>)\n"
                "• se un servizio è attivo in un posto (<i>la SUA è attiva a Rho?</i>)\n"
                "• in che zona è un comune, quali comuni e quanti abitanti ha una zona\n"
                "• la scheda di un servizio e chi contattare (<i>cos'è la SUA</i>)\n"
                "Dopo una domanda puoi continuare con <i>e a Pero?</i> o <i>e nel Sud Est?</i>. Comandi: /help")
NO_ROLE = "Per i questionari e i tavoli di lavoro serve un ruolo: chiedilo con /registrati."
BUTTON_PLACE_SERVICES = "🏛 Servizi per {place}"
BUTTON_SERVICE_HERE = "📍 {service}: dove è attivo"
INLINE_ZONE = "Zona omogenea: i comuni e la popolazione"

# ---- `zobot catalogue …` on the command line (plain text; plural forms: one, other) ----
CLI_HELP = "catalogo dei servizi: controllo e caricamento dei file"
CLI_CHECK_HELP = "controlla i file e ne elenca ogni problema (file:riga: motivo)"
CLI_DIRECTORY_HELP = "cartella dei file (predefinita: il catalogo incluso)"
CLI_LOAD_HELP = "controlla e carica i file nel database, in una sola transazione"
CLI_EXPORT_HELP = ("scrive il catalogo come dati aperti (CSV, YAML e JSON, con le fonti): "
                   "file che `zobot catalogue load` ricarica")
CLI_EXPORT_DIRECTORY_HELP = "cartella in cui scrivere i file (creata se manca)"
CLI_PROPOSALS_HELP = "le modifiche proposte dalle risposte di una campagna, per servizio"
CLI_CAMPAIGN_HELP = "numero della campagna (zobot questionnaire list)"
CLI_REVIEW_HELP = "accetta o rifiuta proposte di una campagna (registro delle operazioni)"
CLI_ACCEPT_HELP = "proposte da accettare"
CLI_REJECT_HELP = "proposte da rifiutare"
CLI_ACCEPT_ALL_HELP = "accetta tutte quelle ancora da decidere"
CLI_APPLY_HELP = "applica le proposte accettate in una sola transazione, con la fonte"
CLI_DRY_RUN_HELP = "mostra che cosa cambierebbe, senza scrivere"
CLI_SET_HELP = "imposta un contatto o un dettaglio di un servizio o di un ufficio, con la fonte"
CLI_KIND_HELP = "service (un servizio) oppure office (un ufficio)"
CLI_CODE_HELP = "codice del servizio o dell'ufficio"
CLI_FIELD_HELP = "email, pec, phone, web; per un servizio anche legal_basis, joining"
CLI_VALUE_HELP = "il valore («-» lo toglie)"
CLI_SOURCE_HELP = "da dove viene il dato (obbligatoria)"
CLI_SHIPPED = "catalogo incluso nel pacchetto"
CLI_PROBLEMS = ("{n} problema in {where}: niente è stato caricato.", "{n} problemi in {where}: niente è stato caricato.")
CLI_EXPORT_PROBLEMS = ("{n} problema: `zobot catalogue load` rifiuterebbe questi file",
                       "{n} problemi: `zobot catalogue load` rifiuterebbe questi file")
CLI_CHECK_OK = "OK: {zones} + {capoluogo}, {comuni}, {themes}, {offices}, {services}, {coverage} ({coverage_file})"
CLI_ZONES = ("{n} zona omogenea", "{n} zone omogenee")
CLI_CAPOLUOGO = ("{n} capoluogo", "{n} capoluoghi")
CLI_COMUNI = ("{n} comune", "{n} comuni")
CLI_THEMES = ("{n} tema", "{n} temi")
CLI_OFFICES = ("{n} ufficio", "{n} uffici")
CLI_SERVICES = ("{n} servizio", "{n} servizi")
CLI_COVERAGE = ("{n} copertura", "{n} coperture")
CLI_NO_COVERAGE_FILE = "nessun file di coperture"
CLI_EXPORT_READY = "{services}, {coverage}: file pronti per `zobot catalogue load {directory}`"
CLI_NO_CAMPAIGN = "zobot: nessuna campagna {campaign}"
CLI_REVIEW_USAGE = "zobot: indica --accept ID…, --reject ID… oppure --accept-all"
CLI_STALE = "zobot: proposte non di questa campagna o già applicate: {ids}; niente è cambiato"
CLI_DECIDED = "accettate: {accepted}; rifiutate: {rejected}"
CLI_NONE = "-"
CLI_REFUSED = "zobot: {reason}"
CLI_SET = "{kind} {code}: {field} = {value}"
CLI_SET_SOURCE = " (fonte: {source})"
CLI_REMOVED = "(tolto)"
# the report of a load (`zobot catalogue load`, and the log line of a start-up load)
LOAD_SUMMARY = "catalogo da {source}: {created}, {updated}, {unchanged}, {removed}"
LOAD_CREATED = ("{n} creato", "{n} creati")
LOAD_UPDATED = ("{n} aggiornato", "{n} aggiornati")
LOAD_UNCHANGED = ("{n} invariato", "{n} invariati")
LOAD_REMOVED = ("{n} rimosso", "{n} rimossi")
LOAD_TABLE = "  {label:<10} creati {created:>4}  aggiornati {updated:>4}  invariati {unchanged:>4}  rimossi {removed:>4}"
LOAD_NOT_IN_FILES = "  (nel database ma non nei file: {n}, lasciati)"
LOAD_KEPT_REAL = "  (esempi non applicati su dati reali: {n})"
LOAD_EXAMPLES = "  attenzione: le coperture vengono da {file}, dati di ESEMPIO (sostituirlo con coverage.csv)"
LOAD_LABELS = {"zones": "zone", "comuni": "comuni", "themes": "temi", "offices": "uffici",
               "services": "servizi", "coverage": "coperture", "details": "dettagli"}
