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
DATE_LIST = "{n} date stabilite"

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
RSVP_YES = "Partecipo"
RSVP_NO = "Non partecipo"
RSVP_MAYBE = "Forse"
RSVP_LABELS = {"yes": RSVP_YES, "no": RSVP_NO, "maybe": RSVP_MAYBE}
RSVP_CHOSEN = "✓ {label}"
RSVP_SAVED = "Risposta registrata: {label}."
RSVP_STARTED = "L'incontro è già iniziato: la risposta non si può più cambiare."
RSVP_CANCELLED = "Questo incontro è stato annullato."
RSVP_NOT_PARTICIPANT = "Non sei iscritto a questo tavolo: iscriviti con /tavoli per rispondere."

# Notices to participants
CANCEL_NOTICE = "❌ <b>{title}</b>: l'incontro di {when} è <b>annullato</b>."
MOVE_NOTICE = ("🔁 <b>{title}</b>: l'incontro di {old} è <b>spostato</b> a {new}.\n"
               "Apri il file allegato per aggiornare il tuo calendario.")

# Organiser tools
OCC_LIST = "<b>{title}</b> – incontri in programma:"
OCC_LIST_EMPTY = "<b>{title}</b>: nessun incontro in programma."
OCC_LINE_CANCELLED = "{when} (annullato)"
OCC_DETAIL = ("<b>{title}</b>\n{when}\nStato: {status}\n"
              "Risposte: {yes} partecipano, {maybe} forse, {no} non partecipano, {none} senza risposta.")
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
CSV_HEADER = ("nome", "username", "risposta", "aggiornata_il")
CSV_NO_ANSWER = "nessuna risposta"
REPORT = "<b>Consegna dei promemoria – {title}</b>\n{when}\n{rounds}"
REPORT_ROUND = "• {label}: {counts}"
REPORT_NONE = "Nessun promemoria è ancora partito per questo incontro."
REPORT_UNAVAILABLE = "Il rapporto di consegna non è ancora disponibile."
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
           "Primo incontro: {first}\nDurata: {duration}\n{where}Promemoria: {reminders}\n\nConfermi?")
CREATED = "Tavolo «{title}» creato: {n} incontri in calendario. Ora puoi aggiungere i partecipanti."
DRAFT_CANCELLED = "Creazione annullata: non ho salvato nulla."
MOVE_CANCELLED = "Spostamento annullato."
THEME_NONE_BUTTON = "Nessun tema"
ZONES_ALL_BUTTON = "Tutte le zone"
NEXT_BUTTON = "Avanti »"
CANCEL_DIALOGUE = "✖️ Annulla"
CONFIRM_BUTTON = "✅ Crea il tavolo"
SCHEDULE_FIRST_TUESDAY = "Ogni primo martedì del mese"
SCHEDULE_WEEKLY = "Ogni settimana"
SCHEDULE_MONTHLY = "Ogni mese, stesso giorno della settimana"
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
DAYS = "{n} giorni"
ONE_DAY = "1 giorno"
HOURS = "{n} ore"
ONE_HOUR = "1 ora"
MINUTES = "{n} minuti"
REPORT_CANCEL = "avviso di annullamento"
REPORT_MOVE = "avviso di spostamento"
COUNT_LABELS = {"sent": "consegnati", "pending": "in attesa", "blocked": "bloccati", "unknown": "incerti",
                "failed": "falliti", "expired": "scaduti"}
