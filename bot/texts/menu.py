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
}
