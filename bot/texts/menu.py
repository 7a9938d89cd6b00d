"""Telegram's command menu: what each command says there (by command name), and the bot's description."""

COMMANDS = {
    "start": "Benvenuto e menu principale",
    "help": "Cosa posso fare",
    "servizi": "Sfoglia i servizi per zona",
    "zone": "Le zone omogenee e i loro comuni",
    "comune": "Zona e servizi di un comune: /comune Rho",
    "cerca": "Cerca servizi, comuni e zone: /cerca rifiuti",
    "questionari": "I questionari a cui sei invitato",
    "tavoli": "I tavoli di lavoro della tua zona",
    "registrati": "Chiedi di essere registrato/a",
    "privacy": "Come trattiamo i tuoi dati",
    "imiei_dati": "Ricevi una copia dei tuoi dati",
    "cancellami": "Cancella i tuoi dati",
    "copertura": "PO: dove sono attivi i servizi del tuo ufficio",
    "lancia": "Lancia un questionario",
    "risultati": "Risultati dei questionari",
    "nuovotavolo": "Crea un tavolo di lavoro",
    "annuncio": "Invia un annuncio",
    "consegne": "Stato degli invii",
    "invita": "Crea un invito",
    "audit": "Registro delle operazioni",
    "calendario": "Il calendario dei tuoi tavoli, da abbonarsi",
    "email": "Ricevere gli avvisi anche per e-mail",
    "web": "Accedi alle pagine web di gestione",
    "proposte": "Proposte dei questionari per il catalogo",
    "dettagli": "Contatti e dettagli di servizi e uffici",
}

# setMyDescription (up to 512 characters: the empty chat's "What can this bot do?") and
# setMyShortDescription (up to 120: the bot's profile and the link preview)
DESCRIPTION = (
    "Sono zobot, l'assistente della Città metropolitana di Milano per le Zone Omogenee.\n\n"
    "Chiedimi, anche a parole tue, quali servizi sono attivi nel tuo comune o nella tua zona, in che zona "
    "si trova un comune e chi contattare per un servizio. Se sei referente di un comune o PO, qui ricevi "
    "anche i questionari e gli inviti ai tavoli di lavoro.\n\n"
    "Premi Avvia e scrivi una domanda, per esempio «servizi a Rho»."
)
SHORT_DESCRIPTION = "Servizi della Città metropolitana di Milano per comuni e Zone Omogenee: chiedi a zobot."
