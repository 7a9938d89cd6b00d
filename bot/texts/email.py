"""Texts of e-mail as a channel: the mail's frame (unsubscribe line), /email, and the web pages of the
personal links (confirm an address, unsubscribe, RSVP)."""

# the e-mail's frame (plain text; the HTML part escapes it)
SIGNATURE = "Città metropolitana di Milano — zobot"
UNSUBSCRIBE_LINE = "Non vuoi più ricevere e-mail da zobot? Disiscriviti: {url}"
UNSUBSCRIBE_LABEL = "Disiscriviti"
AUTOMATIC = "Messaggio automatico: non rispondere a questo indirizzo."
CALENDAR_NOTE = "In allegato l'invito per il calendario."
CONFIRM_SUBJECT = "Conferma il tuo indirizzo e-mail per zobot"
CONFIRM_TEXT = ("Ciao {name},\n\nhai indicato questo indirizzo per ricevere da zobot gli avvisi della Città "
                "metropolitana di Milano. Conferma con il link qui sotto (vale 48 ore).\n\n"
                "Se non sei stato tu, ignora questo messaggio: senza conferma non ti scriveremo.")
CONFIRM_BUTTON = "Conferma l'indirizzo"
CHANNEL_LABELS = {"telegram": "Telegram", "email": "e-mail"}

# /email in the chat
EMAIL_NONE = ("📧 <b>E-mail</b>\nNon hai indicato un indirizzo e-mail.\n\n"
              "Per ricevere gli avvisi anche per e-mail scrivi <code>/email nome@comune.it</code>.")
EMAIL_STATE = "📧 <b>E-mail</b>\nIndirizzo: <b>{address}</b>\nStato: {state}\nCanale preferito: <b>{channel}</b>"
STATE_UNCONFIRMED = "da confermare (apri il link che ti abbiamo scritto)"
STATE_CONFIRMED = "confermato"
STATE_REFUSED = "rifiutato dal server di posta: scrivi di nuovo l'indirizzo con /email"
STATE_UNSUBSCRIBED = "disiscritto: scegli di nuovo l'e-mail come canale per riattivarlo"
EMAIL_HELP = ("\n\nPer cambiarlo: <code>/email nuovo@indirizzo.it</code>; per toglierlo: <code>/email no</code>.")
EMAIL_DISABLED = "📧 L'invio di e-mail non è attivo su questa installazione di zobot."
EMAIL_INVALID = ("«{address}» non sembra un indirizzo e-mail. Scrivi per esempio "
                 "<code>/email nome@comune.it</code>.")
EMAIL_SAVED = ("📧 Ti abbiamo scritto a <b>{address}</b>: apri il link nel messaggio per confermare l'indirizzo "
               "(vale 48 ore). Non lo trovi? Guarda nella posta indesiderata.")
EMAIL_REMOVED = "📧 Indirizzo e-mail tolto: gli avvisi arrivano qui su Telegram."
EMAIL_NOTHING = "📧 Non avevi indicato un indirizzo e-mail."
USE_TELEGRAM = "Ricevi su Telegram"
USE_EMAIL = "Ricevi per e-mail"
CHANNEL_SET = "Canale preferito: {channel}."
NEEDS_CONFIRMED = "Prima conferma l'indirizzo con il link che ti abbiamo scritto."

# web pages of the links
LINK_UNUSABLE = "Il link non è valido: è scaduto, è già stato usato o non è mai esistito."
CONFIRM_PAGE_TITLE = "Conferma dell'indirizzo e-mail"
CONFIRM_PAGE_TEXT = "Confermi di voler ricevere gli avvisi di zobot all'indirizzo {address}?"
CONFIRM_PAGE_BUTTON = "Confermo"
CONFIRM_DONE = "Indirizzo {address} confermato. Da ora zobot può scriverti per e-mail."
UNSUBSCRIBE_PAGE_TITLE = "Disiscrizione dalle e-mail"
UNSUBSCRIBE_PAGE_TEXT = "Vuoi smettere di ricevere e-mail da zobot all'indirizzo {address}?"
UNSUBSCRIBE_PAGE_BUTTON = "Sì, non scrivetemi più per e-mail"
UNSUBSCRIBE_DONE = ("Fatto: zobot non ti scriverà più per e-mail. Se usi Telegram, gli avvisi arrivano lì; "
                    "per riattivare l'e-mail usa /email nel bot.")
RSVP_PAGE_TITLE = "Partecipazione al tavolo"
RSVP_CHOICES = {"yes": "Partecipo", "no": "Non partecipo"}
RSVP_PAGE_TEXT = "Registrare «{choice}» per questo incontro?"
RSVP_DONE = "Registrato: «{choice}». Grazie!"
RSVP_USED = "Questo link è già stato usato: la tua risposta era stata registrata."

# `zobot people` (the command line)
CLI_HELP = "persone raggiunte per e-mail: indirizzi e membri senza Telegram"
CLI_EMAIL_HELP = "imposta l'indirizzo e-mail di una persona (le arriva il link di conferma)"
CLI_ADD_HELP = "aggiunge un membro raggiunto solo per e-mail (senza Telegram)"
CLI_PERSON_ID_HELP = "numero della persona (people.id, come in /audit e nelle esportazioni)"
CLI_ADDRESS_HELP = "l'indirizzo e-mail"
CLI_CONFIRMED_HELP = "l'indirizzo è già verificato: nessun link di conferma"
CLI_NAME_HELP = "nome e cognome"
CLI_ROLE_HELP = "ruolo"
CLI_COMUNE_HELP = "comune rappresentato (per un referente; ripetibile)"
CLI_OFFICE_HELP = "ufficio (per una PO)"
CLI_EMAIL_SET = "Persona {id}: indirizzo {address} {state}."
CLI_STATE_CONFIRMED = "confermato"
CLI_STATE_LINK = "da confermare (link inviato)"
CLI_ADDED = "Persona {id} aggiunta ({role}), raggiunta per e-mail a {address} {state}."
CLI_PROBLEM = "zobot people {command}: {problem}"
CLI_NO_SMTP = "ZOBOT_SMTP_HOST non configurato: senza server di posta nessuno può ricevere e-mail."
CLI_BAD_ADDRESS = "«{address}» non sembra un indirizzo e-mail"
CLI_NO_PERSON = "nessuna persona {id} (o è stata cancellata)"
