"""The web face: the chat's /web and /calendario, and every Italian word of the web pages.

Chat texts are Telegram HTML filled with `render`; page texts are plain strings that the templates
escape (Jinja2 autoescape), except those marked HTML below.
"""

# ---------- chat: /web ----------
WEB_LINK = ("🔐 <b>Accesso alle pagine web di zobot</b>\n\n"
            "Apri questo link entro {minutes} minuti (vale una sola volta):\n{url}\n\n"
            "Non inoltrarlo a nessuno: apre la tua sessione. Per uscire usa «Esci» nella pagina.")
WEB_NOT_CONFIGURED = ("Le pagine web non sono attive su questa installazione (manca ZOBOT_WEB_URL). "
                      "Chiedi all'amministratore di configurarle.")
WEB_NOT_ALLOWED = ("Le pagine web di gestione sono per organizzatori e amministratori. "
                   "Il catalogo pubblico è aperto a tutti: {url}")

# ---------- chat: /calendario ----------
CAL_NEW = ("📅 <b>Il tuo calendario dei tavoli</b>{scope}\n\n"
           "Per abbonarti dal telefono o da Outlook/Apple Calendar apri:\n{webcal}\n\n"
           "Per Google Calendar («Altri calendari» → «Da URL») incolla:\n<code>{https}</code>\n\n"
           "Il link è personale e segreto: non condividerlo. Se lo perdi, chiedine uno nuovo qui: il vecchio "
           "smetterà di funzionare.")
CAL_SCOPE_TAVOLO = " – solo «{title}»"
CAL_STATUS = ("📅 <b>Calendario dei tavoli</b>\n\n"
              "Un calendario a cui abbonarsi, sempre aggiornato: riunioni spostate o annullate compaiono "
              "come tali.\n\n{active}\n\nIl link si vede una sola volta (ne conservo solo un'impronta): se "
              "l'hai perso, chiedine uno nuovo e il vecchio smetterà di funzionare.")
CAL_ACTIVE_NONE = "Non hai calendari attivi."
CAL_ACTIVE_HEADER = "Calendari attivi:"
CAL_ACTIVE_ALL = "• tutti i tuoi tavoli, dal {date}"
CAL_ACTIVE_ONE = "• «{title}», dal {date}"
CAL_BUTTON_ALL = "📅 Link per tutti i miei tavoli"
CAL_BUTTON_ONE = "📅 Solo «{title}»"
CAL_BUTTON_REVOKE = "🚫 Disattiva tutti i miei link"
CAL_REVOKED = ("🚫 Disattivato {n} link del calendario: chi lo usa non vede più nulla.",
               "🚫 Disattivati {n} link del calendario: chi li usa non vede più nulla.")  # one, other
CAL_NOTHING_TO_REVOKE = "Non avevi link attivi del calendario."
CAL_NOT_PARTICIPANT = "Puoi avere il calendario solo dei tavoli a cui partecipi (iscriviti da /tavoli)."
CAL_NOT_FOUND = "Questo tavolo non esiste più."
FEED_NAME = "zobot – i miei tavoli"

# ---------- pages: frame ----------
SITE_NAME = "zobot"
SITE_OWNER = "Città metropolitana di Milano"
SITE_TAGLINE = "Servizi e tavoli per le Zone Omogenee"
SKIP_LINK = "Vai al contenuto principale"
NAV_LABEL = "Navigazione principale"
NAV_HOME = "Home"
NAV_CATALOGUE = "Catalogo dei servizi"
NAV_ZONES = "Zone omogenee"
NAV_OPEN_DATA = "Dati aperti"
NAV_DASHBOARD = "Gestione"
FOOTER_ACCESSIBILITY = "Dichiarazione di accessibilità"
FOOTER_OPEN_DATA = "Dati aperti"
FOOTER_PRIVACY = "Privacy: scrivi /privacy al bot"
FOOTER_NOTE = "Un servizio della Città metropolitana di Milano per le Zone Omogenee."
LOGGED_AS = "Accesso come {name} ({role})"
LOGOUT = "Esci"
BREADCRUMB = "Percorso"

# ---------- pages: public ----------
HOME_TITLE = "Servizi della Città metropolitana per i comuni"
HOME_INTRO = ("Cerca quali servizi la Città metropolitana di Milano offre ai comuni, zona per zona: dove sono "
              "attivi, come aderire e chi contattare. Le stesse risposte del bot Telegram zobot.")
SEARCH_LABEL = "Cerca nel catalogo"
SEARCH_HINT = "Per esempio: servizi a Rho, in che zona è Cernusco sul Naviglio?, cos'è la SUA"
SEARCH_BUTTON = "Cerca"
SEARCH_TITLE = "Risultati della ricerca"
SEARCH_TITLE_FOR = "Risultati per «{q}»"
ANSWER_ACTIONS = "Altre risposte"
BROWSE_TITLE = "Sfoglia"
ZONES_TITLE = "Zone omogenee"
ZONES_INTRO = ("Le Zone Omogenee sono le aree in cui sono raggruppati i comuni della Città metropolitana di "
               "Milano; il capoluogo è a parte.")
ZONE_COMUNI = "Comuni della zona"
ZONE_SERVICES = "Servizi attivi nella zona"
ZONE_CAPOLUOGO = "capoluogo"
COMUNE_IN_ZONE = "Zona omogenea"
COMUNE_POPULATION = "Popolazione"
COMUNE_SERVICES = "Servizi per il comune"
SERVICES_TITLE = "Catalogo dei servizi"
SERVICES_INTRO = "Tutti i servizi del catalogo, per tema."
SERVICE_WHERE = "Dove è attivo"
SERVICE_CONTACTS = "Contatti"
SERVICE_NO_CONTACTS = "Il catalogo non riporta contatti per questo servizio."
NOT_ACTIVE_ANYWHERE = "Non risulta ancora attivo in nessuna zona o comune."
NO_SERVICES = "Nessun servizio risulta attivo qui."
COL_SERVICE = "Servizio"
COL_WHERE = "Dove"
COL_STATUS = "Stato"
COL_SINCE = "Dal"
COL_NOTE = "Nota"
COL_THEME = "Tema"
COL_NAME = "Nome"
COL_COMUNI = "Comuni"
COL_POPULATION = "Popolazione"
SCOPE_ZONE = "zona {name}"
SCOPE_CAPOLUOGO = "{name} (capoluogo)"
SCOPE_COMUNE = "comune di {name}"
EXAMPLE_BADGE = "esempio"
EXAMPLE_NOTE = ("Le righe segnate «esempio» sono dati di esempio, non ancora confermati dalla fonte: "
                "non usarle per decidere.")
FIELDS = {"description": "Descrizione", "theme": "Tema", "status": "Stato del servizio", "office": "Ufficio",
          "legal_basis": "Base normativa", "joining": "Come aderire", "contact": "Contatto",
          "source": "Fonte", "email": "E-mail", "phone": "Telefono"}
SOURCE = "Fonte"
NOT_FOUND_TITLE = "Pagina non trovata"
NOT_FOUND_TEXT = "La pagina che cerchi non esiste o non è più disponibile."
BAD_REQUEST_TITLE = "Richiesta non valida"
BAD_REQUEST_TEXT = "Il modulo è scaduto o non è stato inviato da questa pagina: ricarica la pagina e riprova."

# ---------- pages: open data ----------
OPEN_DATA_TITLE = "Dati aperti del catalogo"
OPEN_DATA_INTRO = ("Il catalogo dei servizi, delle zone omogenee e dei comuni è pubblicato come dati aperti, "
                   "negli stessi file che zobot carica: chi scarica la cartella completa può ricaricarla con "
                   "«zobot catalogue load CARTELLA» e ottenere le stesse risposte.")
OPEN_DATA_LICENCE_TITLE = "Licenza"
OPEN_DATA_LICENCE = ("I dati sono pubblicati con licenza Creative Commons Attribuzione 4.0 Internazionale "
                     "(CC BY 4.0): puoi riusarli per qualsiasi scopo citando «Città metropolitana di Milano – "
                     "catalogo zobot» e le fonti indicate nella colonna «source» di ogni riga.")
OPEN_DATA_LICENCE_LINK = "Testo della licenza CC BY 4.0"
OPEN_DATA_FILES = "File"
OPEN_DATA_ALL = "Tutto il catalogo (ZIP, con licenza)"
OPEN_DATA_EXAMPLE = "Le coperture con «example» = yes sono dati di esempio, non confermati."
OPEN_DATA_DESCRIPTIONS = {
    "zones.csv": "Zone omogenee (CSV): codice, nome, capoluogo, comune di riferimento, numero di comuni, alias, fonte",
    "comuni.csv": "Comuni (CSV): codice ISTAT, nome, zona, popolazione e anno, fonte",
    "coverage.csv": "Dove è attivo ogni servizio (CSV): servizio, zona o comune, stato, dal, nota, esempio",
    "themes.yaml": "Temi (YAML)",
    "offices.yaml": "Uffici della Città metropolitana con i contatti e la loro fonte (YAML)",
    "services.yaml": "Servizi (YAML): descrizione, tema, ufficio, stato, base normativa, come aderire, contatti, fonte",
    "catalogue.json": "Tutto il catalogo in un documento JSON, con le fonti, per i programmi",
}
OPEN_DATA_README = "Catalogo zobot in formato aperto.\nFile: {files}.\nRicaricabile con: zobot catalogue load CARTELLA\n"
OPEN_DATA_LICENCE_FILE = (
    "Catalogo zobot – Città metropolitana di Milano\n\n"
    "Licenza: Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)\n"
    "https://creativecommons.org/licenses/by/4.0/legalcode.it\n\n"
    "Attribuzione: «Città metropolitana di Milano – catalogo zobot», con le fonti indicate nella colonna o nel "
    "campo «source» di ogni riga.\n\n"
    "I file sono nel formato di caricamento di zobot: «zobot catalogue load CARTELLA» li ricarica.\n"
    "Le righe di coverage.csv con example = yes sono dati di esempio.\n")

# ---------- pages: accessibility ----------
A11Y_TITLE = "Dichiarazione di accessibilità"
A11Y_TEXT = (
    "La Città metropolitana di Milano si impegna a rendere accessibili queste pagine in conformità alla "
    "legge 9 gennaio 2004, n. 4, e alle Linee guida AgID sull'accessibilità degli strumenti informatici "
    "(requisiti della norma UNI EN 301549, che riprende le WCAG 2.1 livello AA).")
A11Y_STATUS_TITLE = "Stato di conformità"
A11Y_STATUS = ("Le pagine sono parzialmente conformi: sono costruite con HTML semantico, si usano da tastiera, "
               "hanno contrasti verificati e ogni pagina è controllata automaticamente con axe-core a ogni "
               "modifica del software. Una valutazione manuale completa non è ancora stata fatta.")
A11Y_FORM_TITLE = "Segnalazioni"
A11Y_FORM = ("Per segnalare un problema di accessibilità scrivi a {contact}. Se non ricevi risposta entro 30 "
             "giorni puoi rivolgerti al Difensore civico per il digitale di AgID.")
A11Y_AGID = ("La dichiarazione ufficiale è compilata e pubblicata ogni anno, entro il 23 settembre, sul modulo "
             "AgID (form.agid.gov.it).")

# ---------- pages: login ----------
LOGIN_TITLE = "Accesso"
LOGIN_CONFIRM = "Stai per accedere alle pagine di gestione di zobot con il link ricevuto dal bot."
LOGIN_BUTTON = "Accedi"
LOGIN_HOW_TITLE = "Accesso riservato"
LOGIN_HOW = ("Le pagine di gestione sono per organizzatori e amministratori. Per entrare scrivi /web al bot "
             "zobot su Telegram: ti manda un link valido 10 minuti, per un solo accesso.")
LOGIN_INVALID = {
    "unknown": "Questo link di accesso non è valido. Chiedine uno nuovo scrivendo /web al bot.",
    "used": "Questo link è già stato usato: ogni link vale una volta sola. Chiedine uno nuovo scrivendo /web al bot.",
    "expired": "Questo link è scaduto (vale 10 minuti). Chiedine uno nuovo scrivendo /web al bot.",
}
LOGIN_REFUSED = "Il tuo ruolo non permette di usare le pagine di gestione."
FORBIDDEN_TITLE = "Accesso negato"
FORBIDDEN_TEXT = "Il tuo ruolo non permette di vedere questa pagina."
LOGGED_OUT = "Sei uscito. Per rientrare scrivi /web al bot."

# ---------- pages: dashboard ----------
DASHBOARD_TITLE = "Gestione"
DASHBOARD_INTRO = "Questionari e tavoli di lavoro: lo stato di oggi."
CAMPAIGNS_TITLE = "Questionari lanciati"
CAMPAIGNS_NONE = "Nessun questionario è stato ancora lanciato."
COL_QUESTIONNAIRE = "Questionario"
COL_OPENS = "Apertura"
COL_CLOSES = "Chiusura"
COL_INVITED = "Invitati"
COL_STARTED = "Iniziati"
COL_COMPLETED = "Completati"
COL_RATE = "Risposta"
TAVOLI_TITLE = "Tavoli di lavoro"
TAVOLI_NONE = "Nessun tavolo di lavoro."
COL_TAVOLO = "Tavolo"
COL_NEXT = "Prossima riunione"
COL_PARTICIPANTS = "Partecipanti"
NO_NEXT = "nessuna in programma"
EXAMPLE_TAVOLO = "esempio"
ROLE_NAMES = {"referente": "referente", "po": "PO", "organizzatore": "organizzatore", "admin": "amministratore"}
# a revoked or unknown calendar feed (what a calendar app may show; nothing says which)
FEED_NOT_FOUND = "Calendario non trovato: il link è stato revocato o non è mai esistito. Chiedine uno nuovo con /calendario."
