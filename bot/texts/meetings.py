"""Texts of the tavoli di lavoro: lists, reminders, RSVP, organiser dialogue and tools."""

WEEKDAYS = ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica")
MONTHS = ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
          "settembre", "ottobre", "novembre", "dicembre")
ORDINALS = {1: "primo", 2: "secondo", 3: "terzo", 4: "quarto", -1: "ultimo"}
WHEN = "{weekday} {day} {month} {year}, ore {time}"
ALL_ZONES = "tutte le zone"
NO_THEME = "nessun tema"
NO_DATE = "nessuna data in programma"

# Schedules in words
EVERY_WEEK = "ogni {weekday} alle {time}"
EVERY_N_WEEKS = "ogni {n} settimane, di {weekday}, alle {time}"
MONTHLY_NTH = "ogni {ordinal} {weekday} del mese alle {time}"
MONTHLY_DAY = "il giorno {day} di ogni mese alle {time}"
CUSTOM_RULE = "regola {rule}, dalle {time}"
DATE_LIST_ONE = "{n} data stabilita"
DATE_LIST = "{n} date stabilite"
UNTIL_WORDS = ", fino al {day}"

# /tavoli
LIST_HEADER = "<b>Tavoli di lavoro</b>"
LIST_EMPTY = ("Non ci sono tavoli di lavoro per la tua zona o i tuoi temi. Se pensi che manchi qualcosa, "
              "scrivi agli organizzatori.")
LIST_ITEM = "{mark} <b>{title}</b> · {theme} · {zones}\n   prossimo incontro: {next}"
SUBSCRIBED_MARK = "✅"
NOT_SUBSCRIBED_MARK = "▫️"
NEW_BUTTON = "➕ Nuovo tavolo"
DETAIL = ("<b>{title}</b>\n{description}\nTema: {theme}\nZone: {zones}\nQuando: {schedule}\n"
          "Durata: {duration}\n{where}Prossimo incontro: {next}\n{status}")
WHERE_PLACE = "Luogo: {place}\n"
WHERE_LINK = "Collegamento: {link}\n"
STATUS_SUBSCRIBED = "Sei iscritto: riceverai i promemoria."
STATUS_NOT_SUBSCRIBED = "Non sei iscritto."
SUBSCRIBE = "✅ Iscriviti"
UNSUBSCRIBE = "❌ Annulla iscrizione"
CALENDAR = "📅 Aggiungi al calendario"
OCCURRENCES_BUTTON = "🗓 Incontri"
AUDIENCE_BUTTON = "👥 Aggiungi partecipanti"
SUBSCRIBED = "Iscrizione fatta: riceverai i promemoria di «{title}»."
UNSUBSCRIBED = "Iscrizione annullata: non riceverai più i promemoria di «{title}»."
CALENDAR_CAPTION = ("Calendario di «{title}»: apri il file per aggiungere tutti gli incontri a Outlook, "
                    "Google Calendar o al calendario del telefono.")
NOT_FOUND = "Questo tavolo non esiste più."
OCC_NOT_FOUND = "Questo incontro non esiste più."

# Reminders and RSVP
REMINDER = ("🔔 <b>Promemoria: {title}</b>\n{when}\n{where}"
            "Partecipi? Rispondi con i pulsanti qui sotto (puoi cambiare idea fino all'inizio).")
REMINDER_WHERE = "📍 {place}\n"
REMINDER_LINK = "🔗 {link}\n"
RSVP_LABELS = {"yes": "Partecipo", "no": "Non partecipo", "maybe": "Forse"}
RSVP_CHOSEN = "✓ {label}"
RSVP_SAVED = "Risposta registrata: {label}."
RSVP_STARTED = "L'incontro è già iniziato: la risposta non si può più cambiare."
RSVP_CANCELLED = "Questo incontro è stato annullato."
RSVP_NOT_PARTICIPANT = "Non sei iscritto a questo tavolo: iscriviti con /tavoli per rispondere."

# Notices to participants
CANCEL_NOTICE = "❌ <b>{title}</b>: l'incontro di {when} è <b>annullato</b>."
MOVE_NOTICE = ("🔁 <b>{title}</b>: l'incontro di {old} è <b>spostato</b> a {new}.\n"
               "Apri il file allegato per aggiornare il tuo calendario. Partecipi alla nuova data?")

# Organiser tools
OCC_LIST = "<b>{title}</b> – incontri in programma:"
OCC_LIST_EMPTY = "<b>{title}</b>: nessun incontro in programma."
OCC_LINE_CANCELLED = "{when} (annullato)"
OCC_DETAIL = ("<b>{title}</b>\n{when}\nStato: {status}\n"
              "Risposte: {yes}, {maybe} forse, {no}, {none} senza risposta.")
RSVP_YES_COUNT = ("{n} partecipa", "{n} partecipano")  # one, other
RSVP_NO_COUNT = ("{n} non partecipa", "{n} non partecipano")  # one, other
STATUS_SCHEDULED = "in programma"
STATUS_MOVED = "spostato (era {original})"
STATUS_CANCELLED = "annullato"
CANCEL_BUTTON = "❌ Annulla incontro"
MOVE_BUTTON = "🔁 Sposta"
ATTENDANCE_BUTTON = "📋 Presenze"
CSV_BUTTON = "⬇️ CSV presenze"
REPORT_BUTTON = "📨 Consegna promemoria"
CANCEL_CONFIRM = "Annullare l'incontro di {when}? Gli iscritti ({n}) riceveranno un avviso."
CANCEL_YES = "Sì, annulla l'incontro"
KEEP = "No, lascialo"
CANCELLED_DONE = "Incontro di {when} annullato: avviso in invio agli iscritti ({n})."
ALREADY_CANCELLED = "Questo incontro è già annullato."
ALREADY_STARTED = "Questo incontro è già iniziato o passato: non si può più modificare."
MOVE_ASK = ("Scrivi la nuova data e ora dell'incontro di {when}, per esempio <i>19/01/2027 10:00</i>.")
MOVED_DONE = "Incontro spostato a {when}: avviso in invio agli iscritti ({n})."
ATTENDANCE = ("<b>Presenze – {title}</b>\n{when}\n\n"
              "✅ Partecipano ({yes}): {yes_names}\n❔ Forse ({maybe}): {maybe_names}\n"
              "❌ Non partecipano ({no}): {no_names}\n▫️ Senza risposta ({none}): {none_names}")
NOBODY = "—"
CSV_CAPTION = "Presenze di «{title}», {when}."
CSV_HEADER = ("nome", "username", "risposta", "aggiornata_il", "presente")
CSV_PRESENT = "sì"
CSV_ABSENT = "no"
CSV_NO_ANSWER = "nessuna risposta"
REPORT = "<b>Consegna dei promemoria – {title}</b>\n{when}\n{rounds}"
REPORT_ROUND = "• {label}: {counts}"
REPORT_NONE = "Nessun promemoria è ancora partito per questo incontro."
OFFSET_LABEL = "promemoria {offset} prima"
AUDIENCE_MENU = "Chi vuoi iscrivere a «{title}»? Le persone aggiunte riceveranno i promemoria."
AUDIENCE_ZONE = "Referenti – {zone}"
AUDIENCE_THEME = "PO del tema {theme}"
AUDIENCE_ALL_REFERENTS = "Tutti i referenti"
AUDIENCE_ADDED = "Persone aggiunte a «{title}»: {added} (già iscritte: {already})."

# Guided dialogue
ASK_TITLE = "<b>Nuovo tavolo di lavoro</b> (1/6)\nCome si chiama? Scrivi il titolo."
ASK_THEME = "(2/6) Di che tema si occupa «{title}»?"
ASK_ZONES = "(3/6) Per quali zone? Tocca le zone (anche più di una), poi «Avanti».\nScelte: {chosen}"
ASK_SCHEDULE = ("(4/6) Ogni quanto si riunisce? Scegli qui sotto, oppure scrivi le date precise, "
                "una per riga, per esempio:\n<i>12/01/2027 10:00\n09/02/2027 10:00</i>")
ASK_FIRST = ("Data e ora del primo incontro? Per esempio <i>05/01/2027 10:00</i> "
             "(puoi aggiungere la fine: <i>05/01/2027 10:00-12:00</i>).")
ASK_PLACE = ("(5/6) Dove? Scrivi il luogo e/o il link della videochiamata, per esempio "
             "<i>Palazzo Isimbardi, sala Affari – https://meet.example.org/tavolo</i>.")
ASK_REMINDERS = ("(6/6) Quando mando i promemoria? Scegli qui sotto oppure scrivi gli anticipi, "
                 "per esempio <i>7g 1g 1h</i> (g = giorni, h = ore, m = minuti).")
SUMMARY = ("<b>Riepilogo</b>\nTitolo: {title}\nTema: {theme}\nZone: {zones}\nQuando: {schedule}\n"
           "Primo incontro: {first}\nDurata: {duration}\n{where}Promemoria: {reminders}\n{skipped}\nConfermi?")
CREATED_ONE = "Tavolo «{title}» creato: {n} incontro in calendario. Ora puoi aggiungere i partecipanti."
CREATED = "Tavolo «{title}» creato: {n} incontri in calendario. Ora puoi aggiungere i partecipanti."
DRAFT_CANCELLED = "Creazione annullata: non ho salvato nulla."
DIALOGUE_CANCELLED = {"create": DRAFT_CANCELLED, "move": "Spostamento annullato.",
                      "edit": "Modifica annullata: il tavolo resta com'era.", "person": "Va bene, nessuno aggiunto.",
                      "note": "Va bene, non ho salvato nulla."}
THEME_NONE_BUTTON = "Nessun tema"
ZONES_ALL_BUTTON = "Tutte le zone"
NEXT_BUTTON = "Avanti »"
CANCEL_DIALOGUE = "✖️ Annulla"
CONFIRM_BUTTON = "✅ Crea il tavolo"
SCHEDULE_FIRST_TUESDAY = "Ogni primo martedì del mese"
SCHEDULE_WEEKLY = "Ogni settimana"
SCHEDULE_MONTHLY = "Ogni mese, stesso giorno della settimana"
SCHEDULE_MONTHLY_LAST = "Ogni mese, l'ultimo di quel giorno della settimana"
SCHEDULE_DATES = "Date precise (le scrivo)"
PLACE_NONE_BUTTON = "Da definire"
REMINDERS_DEFAULT = "7 giorni, 1 giorno e 1 ora prima"
REMINDERS_DAY_HOUR = "1 giorno e 1 ora prima"
REMINDERS_DAY = "Solo 1 giorno prima"
NO_REMINDERS = "nessuno"
PLACE_TBD = "da definire"

# Bad input in the dialogue
BAD_TITLE = "Il titolo deve avere fra 3 e 120 caratteri: riscrivilo."
BAD_DATE = ("Non ho capito «{text}»: scrivi giorno/mese/anno e ora, per esempio <i>12/01/2027 10:00</i>.")
PAST_DATE = "La data {when} è già passata: scrivi una data futura."
NO_ZONE_CHOSEN = "Scegli almeno una zona, oppure «Tutte le zone»."
BAD_OFFSETS = "Non ho capito gli anticipi «{text}»: scrivi per esempio <i>7g 1g 1h</i>."
BAD_PLACE = "Scrivi un luogo o un link (al massimo 300 caratteri), oppure tocca «Da definire»."
USE_BUTTONS = "Per questo passo usa i pulsanti del messaggio qui sopra."
STALE_STEP = "Questo passo è già stato superato."

# Units
DAY_ONE = "{n} giorno"
DAYS = "{n} giorni"
HOUR_ONE = "{n} ora"
HOURS = "{n} ore"
MINUTE_ONE = "{n} minuto"
MINUTES = "{n} minuti"
HOURS_MINUTES = "{hours}h{minutes}"
REPORT_CANCEL = "avviso di annullamento"
REPORT_MOVE = "avviso di spostamento"
REPORT_CHASE = "ultimo invito a rispondere"
COUNT_LABELS = {"sent": "consegnati", "pending": "in attesa", "blocked": "bloccati", "unknown": "incerti",
                "failed": "falliti", "expired": "scaduti"}

# Reminders: the last call to those who have not answered
CHASE = ("❔ <b>{title}</b>: non hai ancora risposto per l'incontro di {when}.\n{where}"
         "Partecipi? Rispondi con i pulsanti qui sotto.")
AGENDA_BUTTON = "📄 Ordine del giorno"

# Changes to many meetings (a new schedule, new details, an archived tavolo): one notice each
CHANGED_NOTICE = "🔁 <b>{title}</b>: il calendario è cambiato.\n{lines}\nApri il file allegato per aggiornare il tuo calendario."
ARCHIVED_NOTICE = "🗄 <b>{title}</b>: il tavolo è concluso, gli incontri in programma sono annullati.\n{lines}"
CHANGE_MOVED = "• {old} → <b>{new}</b>"
CHANGE_CANCELLED = "• {when}: <b>annullato</b>"
CHANGE_RESTORED = "• {when}: di nuovo in programma"
CHANGE_ADDED = "• {when}: nuovo incontro"
CHANGE_MORE = "• … e altri {n} (tutti nel file allegato)"
CHANGE_SEE_ICS = "• … tutti i cambiamenti sono nel file allegato"
CHANGE_DETAIL = {"title": "Nuovo nome: {value}", "place": "Nuovo luogo: {value}",
                 "video_link": "Nuovo collegamento: {value}", "duration_minutes": "Nuova durata: {value}",
                 "description": "Nuova descrizione: {value}"}

# The organiser's edits
EDIT_BUTTON = "✏️ Modifica"
PEOPLE_BUTTON = "👥 Partecipanti"
PAST_BUTTON = "🗂 Incontri passati"
BACK_TO_TAVOLO = "« Torna al tavolo"
BACK_TO_MEETING = "« Torna all'incontro"
BACK_TO_LIST = "« Tutti i tavoli"
LATEST_MINUTES_BUTTON = "📝 Verbale dell'ultimo incontro"
PAUSE_LINE = "\nPausa: {pause}"
EDIT_MENU = ("<b>Modifica «{title}»</b>\n{where}Quando: {schedule}\nPromemoria: {reminders}\nPausa: {pause}\n"
             "{skipped}\nChe cosa vuoi cambiare? Gli iscritti riceveranno un avviso per ogni incontro che cambia.")
EDIT_FIELDS = {"title": "Titolo", "place": "Luogo", "link": "Collegamento", "sched": "Calendario",
               "remind": "Promemoria"}
EDIT_ASK = {
    "title": "Scrivi il nuovo titolo di «{title}».",
    "place": "Scrivi il nuovo luogo di «{title}» (oppure «-» per toglierlo).",
    "link": "Scrivi il nuovo collegamento della videochiamata di «{title}» (oppure «-» per toglierlo).",
    "remind": ("Quando mando i promemoria di «{title}»? Scrivi gli anticipi, per esempio <i>7g 1g 1h</i> "
               "(oppure «-» per nessun promemoria)."),
    "sched": ("Nuovo calendario di «{title}»: scegli qui sotto, oppure scrivi le date precise, una per riga. "
              "Gli incontri già passati restano; quelli spostati a mano restano dove sono."),
}
EDIT_BAD = {
    "title": "Il titolo deve avere fra 3 e 120 caratteri: riscrivilo.",
    "place": "Scrivi un luogo di al massimo 300 caratteri.",
    "link": "Non ho capito «{text}»: scrivi un collegamento che inizia con https://.",
    "remind": "Non ho capito gli anticipi «{text}»: scrivi per esempio <i>7g 1g 1h</i>.",
    "first": "Non ho capito «{text}»: scrivi giorno/mese/anno e ora, per esempio <i>12/01/2027 10:00</i>.",
    "dates": "Non ho capito «{text}»: scrivi una data per riga, per esempio <i>12/01/2027 10:00</i>.",
    "sched": "Non ho capito «{text}»: scegli un calendario qui sopra, oppure scrivi una data per riga.",
}
EDIT_DONE = "«{title}» aggiornato. Incontri: {meetings}. {notified}"
NO_MEETING_CHANGED = "nessuno cambia"
N_MOVED_ONE, N_MOVED = "{n} spostato", "{n} spostati"
N_CANCELLED_ONE, N_CANCELLED = "{n} annullato", "{n} annullati"
N_RESTORED_ONE, N_RESTORED = "{n} di nuovo in programma", "{n} di nuovo in programma"
N_ADDED_ONE, N_ADDED = "{n} nuovo", "{n} nuovi"
N_CHANGED_ONE, N_CHANGED = "{n} aggiornato (stessa data)", "{n} aggiornati (stessa data)"
NOTIFIED_ONE, NOTIFIED = "Avviso in invio a {n} iscritto.", "Avviso in invio a {n} iscritti."
ARCHIVE_BUTTON = "🗄 Archivia il tavolo"
ARCHIVE_CONFIRM = ("Archiviare «{title}»? Gli incontri in programma ({n}) saranno annullati e gli iscritti ({people}) "
                   "riceveranno un avviso. Il tavolo non comparirà più negli elenchi.")
ARCHIVE_YES = "Sì, archivia"
ARCHIVED_DONE = "«{title}» archiviato: {cancelled}, avviso in invio agli iscritti ({people})."
CANCELLED_COUNT = ("{n} incontro annullato", "{n} incontri annullati")  # one, other

# Skipping August and the public holidays
TICK = "☑️ "
UNTICK = "⬜ "
SKIP_BUTTONS = {"aug": "Salta agosto", "hol": "Salta i festivi"}
SKIP_NONE = "nessuna"
SKIP_HOLIDAYS_WORDS = "festività nazionali e di Milano"
SKIP_DATES_ONE, SKIP_DATES_MANY = "{n} data esclusa", "{n} date escluse"
SKIP_PERIODS_ONE, SKIP_PERIODS_MANY = "{n} periodo escluso", "{n} periodi esclusi"
SKIP_EXDATE = "data esclusa"
SKIP_DAY = "giorno escluso"
SKIP_PERIOD = "periodo escluso"
SKIPPED_LINE = "Date saltate nei prossimi mesi: {dates}\n"
SKIPPED_ITEM = "{day} ({why})"
SKIPPED_MORE = " e altre {n}"

# Participants: audiences as rules, people by name
OPEN_TAVOLO = "Vedi il tavolo"
JOINED_NOTICE = ("👥 Sei stato iscritto al tavolo di lavoro <b>{title}</b> perché {why}. Riceverai i promemoria "
                 "degli incontri; se non ti interessa, annulla l'iscrizione qui sotto.")
WHY_ZONE = "sei referente della zona {zone}"
WHY_THEME = "sei PO del tema {theme}"
WHY_OTHER = {"all_referents": "sei referente di un comune", "all_po": "sei PO", "everyone": "sei registrato/a",
             "people": "l'organizzatore ti ha aggiunto"}
PEOPLE_ONE = "<b>Partecipanti di «{title}»</b> ({n}): tocca un nome per toglierlo."
PEOPLE = "<b>Partecipanti di «{title}»</b> ({n}): tocca un nome per toglierlo."
PEOPLE_RULES = ("\nChi rientra nei gruppi aggiunti ({n}) entra da sé quando si registra; chi togli qui non "
                "viene aggiunto di nuovo.")
REMOVE_PERSON = "✖️ {name}"
ADD_PERSON_BUTTON = "➕ Aggiungi una persona"
PERSON_ASK = "Chi vuoi aggiungere a «{title}»? Scrivi il nome (o parte del nome) della persona."
PERSON_NONE = "Non trovo nessuno che si chiami «{text}» fra le persone registrate: riprova."
PERSON_TOO_MANY = "Troppe persone corrispondono a «{text}»: scrivi anche il cognome."
PERSON_WHICH = "Chi intendi con «{text}»?"
PERSON_ADDED = "{name} aggiunto/a a «{title}»: riceverà i promemoria."
PERSON_ALREADY = "{name} partecipa già a «{title}»."
PERSON_REMOVED = "{name} tolto/a dal tavolo."
ROLE_NAMES = {"referente": "referente", "po": "PO", "organizzatore": "organizzatore", "admin": "amministratore"}

# Agenda, minutes and presence
PAST_LIST = "<b>{title}</b> – incontri passati (verbale e presenze):"
PAST_LIST_EMPTY = "<b>{title}</b>: nessun incontro passato."
NOTE_SET_BUTTONS = {"agenda": "📄 Ordine del giorno", "minutes": "📝 Verbale"}
NOTE_SHOW_BUTTONS = {"agenda": "👁 Leggi l'ordine del giorno", "minutes": "👁 Leggi il verbale"}
NOTE_ASK = {
    "agenda": ("Scrivi l'ordine del giorno dell'incontro di {when} («{title}»), oppure invia un documento "
               "(PDF, Word, ODT…). Gli iscritti lo troveranno nei promemoria."),
    "minutes": ("Scrivi il verbale dell'incontro di {when} («{title}»), oppure invia il documento "
                "(PDF, Word, ODT…)."),
}
NOTE_SAVED = {"agenda": "Ordine del giorno di «{title}» salvato.", "minutes": "Verbale di «{title}» salvato."}
NOTE_SHOWN = {"agenda": "<b>Ordine del giorno – {title}</b>\n{when}\n\n{text}",
              "minutes": "<b>Verbale – {title}</b>\n{when}\n\n{text}"}
NOTE_NONE = {"agenda": "L'ordine del giorno di questo incontro non è ancora disponibile.",
             "minutes": "Il verbale di questo incontro non è ancora disponibile."}
NOTE_SEE_FILE = "(nel documento allegato)"
NOTE_CAPTION = {"agenda": "Ordine del giorno – {title}", "minutes": "Verbale – {title}"}
NOTE_TOO_LONG = "Il testo è troppo lungo (al massimo {limit} caratteri): invialo come documento."
NOTE_FILE_TOO_BIG = "Il documento è troppo grande (al massimo {limit} MB)."
NOTE_FILE_TYPE = "Invia un documento PDF, Word, OpenDocument, testo o foglio di calcolo ({types})."
MINUTES_TOO_EARLY = "Il verbale e le presenze si registrano dopo l'inizio dell'incontro."
PRESENCE_TOO_EARLY = "Le presenze si registrano da un'ora prima dell'inizio."
PERSON_NOT_FOUND = "Questa persona non è più registrata."
PRESENCE_BUTTON = "✅ Presenze effettive"
PRESENCE_PAGE = ("<b>Presenze effettive – {title}</b>\n{when}\nPresenti: {n} su {total}. Tocca un nome per segnarlo "
                 "presente (accanto, la risposta che aveva dato).")
PREVIOUS = "« Indietro"
NEXT_PAGE = "Avanti »"
OCC_PRESENT = "\nPresenti (registrati dall'organizzatore): {n}."
ATTENDANCE_PRESENT = "\n\n🙋 Presenti ({n}): {names}"

# `zobot tavoli` (for the operator)
CLI_HELP = "tavoli di lavoro"
CLI_LOAD_HELP = "crea o aggiorna i tavoli da un file YAML (controllato prima di tutto)"
CLI_LIST_HELP = "elenca i tavoli e il loro prossimo incontro"
CLI_FILE_HELP = "il file YAML dei tavoli (formato: docs/data-formats.md)"
CLI_ERRORS_ONE = "{file}: {n} errore, non ho caricato nulla:"
CLI_ERRORS = "{file}: {n} errori, non ho caricato nulla:"
CLI_CREATED = "creato: {slug}"
CLI_UPDATED = "aggiornato: {slug} – incontri: {meetings}. {notified}"
CLI_ARCHIVED = "archiviato, lasciato com'è: {slug}"
CLI_SKIPPED = "  date saltate: {dates}"
CLI_NONE = "Nessun tavolo. Caricane con: zobot tavoli load catalogue_data/tavoli_example.yaml"
CLI_EXAMPLE = " [esempio]"
CLI_LINE = "{slug}{example}: {title} | {schedule} | prossimo: {next} | {participants} | pausa: {pause}"
PARTICIPANTS_ONE, PARTICIPANTS = "{n} partecipante", "{n} partecipanti"

# Schedules and the tavoli file (for the operator: `zobot tavoli load`)
BAD_LOCAL = "{value} non è una data e ora come 2027-01-05 10:00"
BAD_UNTIL = "UNTIL {value} non è una data e ora"
START_YEARS = "l'inizio {start} non è fra il {low} e il {high}"
BAD_FREQ = "RRULE {rule}: FREQ deve essere uno fra {known} (un tavolo si riunisce al massimo una volta al giorno)"
BAD_RULE = "RRULE {rule} non è valida: {why}"
# dateutil's reasons (English) in Italian; one not listed: RULE_UNREADABLE
RULE_REASONS = (
    (r"unknown parameter ''", "un parametro senza nome (un «;» o un «=» di troppo?)"),
    (r"unknown parameter name", "un parametro senza nome (un «;» o un «=» di troppo?)"),
    (r"unknown parameter '(?P<name>.+)'", "parametro sconosciuto {name}"),
    (r"invalid '(?P<name>.+)': (?P<value>.*)", "{value} non è un valore valido per {name}"),
    (r"invalid until date", "la data di UNTIL non si legge (per esempio UNTIL=20270630)"),
    (r"bysetpos must be between.*", "BYSETPOS deve essere fra 1 e 366 o fra -366 e -1"),
    (r"Invalid \(empty\) BYDAY specification\.", "BYDAY è vuoto"),
    (r"Invalid rrule byxxx generates an empty set\.", "nessuna data soddisfa la regola"),
    (r"Can't create weekday with n==0", "un giorno della settimana non può essere lo 0° del mese"),
)
RULE_UNREADABLE = "controllare i nomi e i valori dei parametri"
BAD_COUNT = "RRULE {rule}: COUNT deve essere fra 1 e {high}"
UNTIL_YEARS = "RRULE {rule}: UNTIL non è fra il {low} e il {high}"
NO_SUCH_DAY = "RRULE {rule}: nessun mese ha i giorni di BYMONTHDAY"
NO_DATE_WITHIN = "RRULE {rule} non dà nessuna data fra {start} e {end}"
TOO_MANY_DATES = "RRULE {rule} dà più di {high} date in {days} giorni: al massimo una al giorno"
RULE_TOO_LONG = "la regola è più lunga di 300 caratteri"
Y_NO_FILE = "{path}: file non trovato"
Y_NO_LIST = "{name}:1: serve un elenco 'tavoli:' in cima al file, con almeno un tavolo"
Y_NOT_MAPPING = " deve essere un elenco di campi (chiave: valore)"
Y_ID_TWICE = "id: {slug} è usato due volte"
Y_TOO_MANY = "il file prevede {n} date nei prossimi mesi: al massimo {high} per caricamento"
Y_UNKNOWN_FIELD = "{name}: campo sconosciuto (ammessi: {known})"
Y_BAD_ID = "id: obbligatorio, lettere minuscole, cifre e '-' (per esempio ambiente-adda-martesana)"
Y_BAD_TITLE = "title: obbligatorio, da 3 a 120 caratteri"
Y_TOO_LONG = "{name}: più lungo di {limit} caratteri"
Y_BAD_THEME = "theme: {value} non è un tema del catalogo (noti: {known})"
Y_LOAD_CATALOGUE = "nessuno: carica prima il catalogo"
Y_BAD_TIMEZONE = "timezone: {value} non è un fuso orario IANA"
Y_BAD_LINK = "video_link: {value} non è un collegamento http(s)"
Y_BAD_ORGANISER = "organiser: l'id Telegram dell'organizzatore (un numero)"
Y_ZONES_SHAPE = "zones: un elenco di codici o nomi di zone, oppure 'tutte'"
Y_BAD_ZONE = "zones: {value} non è una zona (note: {known})"
Y_SCHEDULE_SHAPE = "schedule: indica 'rrule' con 'start', oppure 'dates' (un elenco)"
Y_SCHEDULE_KEY = "schedule: {name}: chiave sconosciuta (ammesse: {known})"
Y_DATES_LIST = "'dates' deve essere un elenco non vuoto come ['2027-01-12 10:00']"
Y_DATES_MAX = "al massimo {high} date"
Y_DATES_YEARS = "le date devono essere fra il {low} e il {high}"
Y_EXDATE = "'exdate' deve essere un elenco di date come ['2027-04-06 10:00'] o ['2027-04-06']"
Y_SKIP_SHAPE = "skip: indica holidays, months, dates e/o periods"
Y_SKIP_KEY = "skip: {name}: chiave sconosciuta (ammesse: {known})"
Y_IN_FIELD = "{field}: {problem}"  # a problem found inside one field of a tavolo
Y_SKIP_MONTH = "il mese {value} non è un mese (1-12 o il nome, per esempio agosto)"
Y_SKIP_DATE = "{value} non è una data come 2027-12-24"
Y_SKIP_PERIOD = "il periodo {value} deve essere {{from: 2027-12-20, to: 2028-01-06}}"
Y_BAD_DURATION = "{name}: {value} non è una durata (minuti, oppure per esempio '2h', '90m')"
Y_BAD_REMINDERS = "reminders: {value} non è un elenco di anticipi come ['7g', '1g', '1h']"
Y_BAD_CHASE = "rsvp_reminder: {value} non è un anticipo come '2g' (oppure 'no')"
Y_BAD_AUDIENCE = ("audiences: {value} non è 'all_referents', {{zone_referents: <zona>}} o {{theme_po: <tema>}} "
                  "con una zona o un tema noti")

# the RSVP page of an e-mail's link (web/mail_links.py)
RSVP_PAGE_TAVOLO = "Tavolo"
RSVP_PAGE_WHEN = "Quando"
RSVP_PAGE_WHERE = "Dove"
REPORT_EMAIL = " (per e-mail: {sent} consegnati su {n})"  # the reminder round's part that went by e-mail
