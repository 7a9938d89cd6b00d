"""Texts of the people feature: invitations, registration, coverage records, privacy, audit."""

ROLE_NAMES = {"referente": "referente comunale", "po": "PO (posizione organizzativa)",
              "organizzatore": "organizzatore", "admin": "amministratore"}

# --- invitations ---
INVITE_WELCOME = "Benvenuto/a! Il tuo invito è valido: ora sei <b>{role}</b>{where}.\nScrivi /help per vedere cosa puoi fare."
WHERE_COMUNI = " per {places}"
WHERE_OFFICE = " per l'ufficio {places}"
INVITE_INVALID = {
    "unknown": "Questo link di invito non è valido. Controlla di averlo copiato per intero, oppure chiedi un nuovo invito.",
    "used": "Questo link di invito è già stato usato. Ogni invito vale una volta sola: chiedi un nuovo invito a chi te l'ha mandato.",
    "mine": "Hai già usato questo invito: sei registrato/a. Scrivi /help per vedere cosa puoi fare.",
    "expired": "Questo link di invito è scaduto. Chiedi un nuovo invito a chi te l'ha mandato.",
    "revoked": "Questo link di invito è stato revocato. Chiedi un nuovo invito a chi te l'ha mandato.",
}
INVITA_USAGE = (
    "Per creare un invito scrivi:\n"
    "<code>/invita referente Rho; Nome Cognome</code>\n"
    "<code>/invita referente Rho, Pero; Nome Cognome</code> (più comuni)\n"
    "<code>/invita po CODICE_UFFICIO; Nome Cognome</code>\n"
    "<code>/invita organizzatore; Nome Cognome</code> (solo amministratori)\n"
    "Riceverai il link e il QR code da inoltrare alla persona invitata."
)
INVITE_CREATED = (
    "Invito n. {id} per <b>{name}</b> ({role}{where}), valido fino al {until}.\n{link}\n\n"
    "Inoltralo solo alla persona invitata: funziona una volta sola. Per revocarlo: <code>zobot invite revoke {id}</code>."
)
NO_NAME = "senza nome"
INVITE_FILENAME = "invito_{id}.png"

# --- registration ---
REGISTER_USAGE = (
    "Per chiedere di essere registrato/a scrivi:\n"
    "<code>/registrati referente NomeComune; Nome Cognome</code>\n"
    "oppure, se lavori in Città metropolitana:\n"
    "<code>/registrati po CODICE_UFFICIO; Nome Cognome</code>\n"
    "Un organizzatore approverà la richiesta. Se hai ricevuto un link di invito, usa quello."
)
REGISTER_SENT = "Ho inoltrato la tua richiesta (n. {id}) agli organizzatori: riceverai un messaggio quando sarà approvata."
REGISTER_PENDING = "Hai già una richiesta in attesa: riceverai un messaggio appena un organizzatore l'avrà esaminata."
REGISTER_ALREADY = "Sei già registrato/a come <b>{role}</b>. Scrivi /help per vedere cosa puoi fare."
REQUEST_FOR_ORGANISERS = "Richiesta di registrazione n. {id}: <b>{name}</b> chiede il ruolo di {role} per {place}."
APPROVE = "✅ Approva"
REFUSE = "❌ Rifiuta"
REQUEST_APPROVED = "La tua richiesta di registrazione è stata approvata. Scrivi /help per vedere cosa puoi fare."
REQUEST_REFUSED = "La tua richiesta di registrazione non è stata approvata. Per chiarimenti contatta gli organizzatori."
DECIDED = {"approved": "Richiesta n. {id} approvata.", "refused": "Richiesta n. {id} rifiutata."}
ALREADY_DECIDED = "Questa richiesta è già stata gestita."
UNKNOWN = {
    "comune": "Non trovo il comune «{name}». Scrivi il nome per intero, per esempio <i>Cernusco sul Naviglio</i>.",
    "office": "Non trovo l'ufficio «{name}». Usa il codice o il nome esatto dell'ufficio.",
    "zone": "Non trovo la zona «{name}».",
    "service": "Non trovo il servizio «{name}». Scrivi /copertura per l'elenco dei tuoi servizi.",
    "place": "Non trovo né un comune né una zona «{name}».",
}
BAD_ROLE = "Ruolo non valido: usa referente, po oppure organizzatore."
NEED_COMUNE = "Per un referente indica almeno un comune."
NEED_OFFICE = "Per una PO indica l'ufficio (codice o nome)."

# --- coverage (PO monitoring) ---
COVERAGE_USAGE = (
    "Per aggiornare la copertura di un tuo servizio scrivi:\n"
    "<code>/copertura CODICE_SERVIZIO; comune o zona; stato; data; nota</code>\n"
    "Stato: attivato, in attivazione oppure sospeso. Data (gg/mm/aaaa) e nota sono facoltative, "
    "per esempio: <code>/copertura SUA; Rho; attivato; 01/03/2026; convenzione 2026-2028</code>"
)
COVERAGE_NO_SERVICES = "Non risultano servizi del tuo ufficio nel catalogo."
COVERAGE_PICK = "<b>I servizi del tuo ufficio</b>: scegli un servizio per vederne la copertura."
COVERAGE_HEADER = "<b>{service}</b> (<code>{code}</code>)"
COVERAGE_ROW = "• {place}: {status}{since}{note}"
COVERAGE_SINCE = " dal {date}"
COVERAGE_NOTE = " – {note}"
COVERAGE_NONE = "Nessun comune o zona registrato."
COVERAGE_LAST = "Ultimo aggiornamento: {date}"
COVERAGE_SAVED = "Registrato: <b>{service}</b> – {place}: «{status}»{since}."
BAD_STATUS = "Stato non valido: usa attivato, in attivazione, sospeso oppure cessato."
BAD_DATE = "Data non valida: scrivila come gg/mm/aaaa, per esempio 01/03/2026."
NOTE_TOO_LONG = "La nota è troppo lunga (al massimo {limit} caratteri)."

# --- privacy ---
PRIVACY = (
    "<b>Informativa sul trattamento dei dati personali</b> (art. 13 GDPR)\n\n"
    "<b>Titolare del trattamento</b>: {controller} (contatto: {contact}).\n"
    "<b>Responsabile della protezione dei dati (RPD)</b>: {dpo}.\n\n"
    "<b>Perché</b>: rispondere alle domande sui servizi delle Zone Omogenee, inviare questionari, avvisi e "
    "promemoria dei tavoli di lavoro alle persone registrate, tenere il registro dei servizi erogati ai comuni.\n"
    "<b>Base giuridica</b>: esecuzione di un compito di interesse pubblico del Titolare (art. 6, par. 1, lett. e, "
    "GDPR; art. 2-ter D.Lgs. 196/2003). Non ti chiediamo il consenso; senza il tuo identificativo Telegram il bot "
    "non può risponderti. Nessuna decisione è presa in modo automatizzato.\n"
    "<b>Dati trattati</b>: identificativo, nome e username Telegram; ruolo, comuni o ufficio; risposte ai "
    "questionari; partecipazioni e presenze ai tavoli; messaggi che il bot ti invia.\n"
    "<b>Chi li vede</b>: solo il personale autorizzato del Titolare (organizzatori e amministratori del bot).\n"
    "<b>Telegram</b>: i messaggi passano da Telegram, un servizio indipendente con sede fuori dall'Unione "
    "europea, che li tratta come titolare autonomo secondo la propria informativa (telegram.org/privacy); "
    "non è un responsabile del trattamento per conto del Titolare.\n\n"
    "<b>Per quanto tempo</b>:\n"
    "• account, ruolo, comuni, partecipazioni e presenze: finché usi il bot; dopo {days} giorni senza "
    "usarlo vengono cancellati (salvo gli amministratori in carica);\n"
    "• messaggi che scrivi al bot: li conserviamo solo come dati del servizio (per esempio la risposta a un "
    "questionario); il messaggio ricevuto resta solo il tempo di elaborarlo, poi per {update_days} giorni ne "
    "resta il solo numero (per non elaborarlo due volte);\n"
    "• risposte ai questionari nominativi: legate a te finché esiste il tuo account, poi restano senza nome; "
    "questionari anonimi: dopo l'invio non sono mai collegate a te;\n"
    "• messaggi che il bot ti ha inviato e registro delle operazioni: finché esiste il tuo account; poi dei "
    "messaggi non resta il testo e nel registro solo un numero interno senza nome.\n\n"
    "<b>I tuoi diritti</b>: accesso (/imiei_dati ti invia una copia di tutti i dati che conserviamo su di te); "
    "cancellazione (/cancellami); rettifica (nome e username si aggiornano da Telegram; per ruolo, comuni o "
    "ufficio scrivi a {contact}); limitazione e opposizione al trattamento (scrivi a {contact} o al RPD). "
    "Puoi anche proporre reclamo al Garante per la protezione dei dati personali (garanteprivacy.it)."
)
PRIVACY_DPO_FALLBACK = "scrivi a {contact}, all'attenzione del Responsabile della protezione dei dati"
MY_DATA_CAPTION = "Ecco tutti i dati che conserviamo su di te (formato JSON)."
MY_DATA_FILENAME = "imiei_dati.json"
ERASE_CONFIRM = (
    "Vuoi davvero cancellare i tuoi dati personali? Perderai il ruolo, i comuni o l'ufficio associati, le "
    "iscrizioni ai tavoli e le risposte sulle presenze; le risposte ai questionari già inviate restano senza "
    "il tuo nome, quelle non inviate vengono cancellate. L'operazione non si può annullare."
)
ERASE_YES = "🗑 Sì, cancella i miei dati"
ERASE_NO = "Annulla"
ERASED = "Fatto: i tuoi dati personali sono stati cancellati. Se mi scrivi di nuovo, sarai un nuovo utente."
ERASE_CANCELLED = "Va bene, non ho cancellato nulla."

# --- audit ---
AUDIT_HEADER = "<b>Registro delle operazioni</b> ({first}–{last} di {total}, più recenti prima)"
AUDIT_ROW = "{at} · {actor} · {action} · {target}"
AUDIT_EMPTY = "Il registro delle operazioni è vuoto."
AUDIT_EXPORT = "⬇️ Esporta CSV"
AUDIT_OLDER = "Più vecchie »"
AUDIT_CAPTION = ("Registro delle operazioni, {n} voce (CSV).", "Registro delle operazioni, {n} voci (CSV).")
AUDIT_FILENAME = "registro_operazioni.csv"
AUDIT_ACTOR = "{actor} #{id}"
# the action codes of the log (as in its CSV) in words; a code missing here is shown as it is
AUDIT_ACTIONS = {
    "tavolo.create": "Tavolo creato",
    "tavolo.update": "Tavolo modificato",
    "tavolo.audience": "Partecipanti aggiunti al tavolo",
    "occurrence.cancel": "Incontro annullato",
    "occurrence.move": "Incontro spostato",
    "occurrence.export": "Presenze esportate",
    "broadcast.send": "Annuncio inviato",
    "delivery.resend": "Messaggi dall'esito incerto rimessi in coda",
    "questionnaire.launch": "Questionario lanciato",
    "questionnaire.export": "Risposte esportate",
    "invite.create": "Invito creato",
    "invite.redeem": "Invito usato",
    "invite.revoke": "Invito revocato",
    "member.revoke": "Ruolo revocato",
    "role.admin": "Amministratore da ZOBOT_ADMINS",
    "role.demote": "Non più amministratore (tolto da ZOBOT_ADMINS)",
    "registration.approved": "Registrazione approvata",
    "registration.refused": "Registrazione rifiutata",
    "coverage.update": "Copertura aggiornata",
    "privacy.erase": "Dati cancellati",
    "audit.export": "Registro esportato",
    "refused": "Operazione negata",
    "web.link": "Link di accesso web inviato",
    "web.login": "Accesso alle pagine web",
    "web.logout": "Uscita dalle pagine web",
    "calendar.feed": "Link del calendario creato",
    "calendar.revoke": "Link del calendario disattivati",
    "email.set": "Indirizzo e-mail indicato",
    "email.confirm": "Indirizzo e-mail confermato",
    "email.unsubscribe": "Disiscrizione dalle e-mail",
    "email.member_add": "Persona aggiunta con la sola e-mail",
}
AUDIT_ACTORS = {"cli": "riga di comando", "system": "sistema"}

# --- general ---

# --- `zobot invite …` (the command line, for operators) ---
CLI_HELP = "link di invito personali (e QR code)"
CLI_CREATE_HELP = "un invito; stampa il link"
CLI_ROLE_HELP = "gli amministratori sono quelli elencati in ZOBOT_ADMINS, mai invitati"
CLI_COMUNE_HELP = "comune (ripeti l'opzione per più comuni)"
CLI_OFFICE_HELP = "codice o nome dell'ufficio (per una PO)"
CLI_NAME_HELP = "nome della persona invitata"
CLI_EMAIL_HELP = "indirizzo e-mail della persona invitata"
CLI_QR_HELP = "scrivi anche il QR code (PNG) in questo file"
CLI_BOT_HELP = "username del bot (predefinito: chiesto a Telegram con ZOBOT_TOKEN)"
CLI_BATCH_HELP = "inviti da un CSV (nome, ruolo, comune, ufficio, email)"
CLI_FILE_HELP = "il file CSV"
CLI_OUT_HELP = "cartella per links.csv e i QR code"
CLI_LABEL_HELP = "etichetta del lotto, tenuta con ogni invito (predefinita: il nome del file)"
CLI_REVOKE_HELP = "revoca un invito non usato, per numero, codice o link"
CLI_REF_HELP = "numero, codice o link dell'invito"
CLI_REVOKE_MEMBER_HELP = "toglie ogni ruolo a un membro (per identificativo Telegram)"
CLI_TELEGRAM_ID_HELP = "identificativo Telegram del membro"
CLI_CREATED = "invito {id} ({role}{where}), scade il {until}"
CLI_QR_WRITTEN = "QR code: {path}"
CLI_BATCH_CREATED = ("{n} invito creato; link in {path}, QR code in {out}",
                     "{n} inviti creati; link in {path}, QR code in {out}")  # one, other
CLI_BATCH_LINE = "{file}:{line}: {problem}"
CLI_BATCH_NOTHING = "zobot invite batch: nessun invito creato; correggi le righe indicate e riprova"
CLI_BATCH_UNKNOWN = "{kind} sconosciuto: {name}"
CLI_BATCH_FIELD = "campo non valido: {reason}"
CLI_BATCH_ERROR = ("{n} riga non valida", "{n} righe non valide")  # one, other
CLI_REVOKED = "invito {id} revocato"
CLI_MEMBER_REVOKED = "membro {id} revocato"
CLI_NO_MEMBER = "zobot invite revoke-member: nessun membro con identificativo Telegram {id}"
CLI_STILL_ADMIN = ("zobot invite revoke-member: {id} è in ZOBOT_ADMINS e torna amministratore al prossimo "
                   "messaggio: toglilo anche da ZOBOT_ADMINS")
CLI_PROBLEM = "zobot invite {command}: {problem}"
CLI_KINDS = {"comune": "comune", "office": "ufficio", "zone": "zona", "service": "servizio", "place": "luogo"}
CLI_PROBLEMS = {
    "role": "ruolo non valido (referente, po oppure organizzatore)",
    "comune": "a un referente serve --comune",
    "office": "a una PO serve --office",
    "ref": "indica il numero, il codice o il link di un invito",
    "used": "invito già usato: revoca il membro invece",
    "unknown": "nessun invito con questo riferimento",
    "expired": "invito scaduto",
    "revoked": "invito già revocato",
}
CLI_NO_USERNAME = "non riesco a chiedere a Telegram lo username del bot ({error}); indica --bot USERNAME"
