"""Every Italian word of the organisers' dashboard pages (questionnaires, tavoli, deliveries, audit log).

Plain strings: the templates escape them (Jinja2 autoescape).
"""
from bot.texts.questionnaires import PENDING_VIA  # noqa: F401 - how each was reached: the chat's words, on the page too

# ---------- navigation ----------
NAV_CAMPAIGNS = "Questionari"
NAV_TAVOLI = "Tavoli"
NAV_DELIVERIES = "Annunci e consegne"
NAV_AUDIT = "Registro attività"

# ---------- questionnaires: the list ----------
CAMPAIGNS_TITLE = "Questionari"
CAMPAIGNS_INTRO = "Tutti i questionari lanciati, dal più recente. Apri un questionario per i risultati e i solleciti."
SEARCH_LABEL = "Cerca nel titolo"
SEARCH_BUTTON = "Cerca"
SEARCH_NONE = "Nessun questionario con «{query}» nel titolo."
CAMPAIGNS_NONE = "Nessun questionario è stato ancora lanciato."
COUNT_LINE = ("{n} questionario", "{n} questionari")
PAGE_OF = "Pagina {page} di {pages}"
PAGING_LABEL = "Pagine"
PREVIOUS = "« Precedenti"
NEXT = "Successivi »"
COL_STATE = "Stato"
STATE_OPEN = "aperto"
STATE_CLOSED = "chiuso"

# ---------- questionnaires: one campaign ----------
CAMPAIGN_FIGURES = "Partecipazione"
OPENED = "Aperto il {when}"
CLOSES = "Chiude il {when}"
CLOSED = "Chiuso il {when}"
ANONYMOUS_NOTE = ("Questionario anonimo: nessun nome, e nessuna suddivisione per zona, ruolo o comune "
                  "(come nel bot).")
FIG_INVITED = "Invitati"
FIG_STARTED = "Iniziati"
FIG_COMPLETED = "Completati"
FIG_OPTED_OUT = "Non interessati"
FIG_RATE = "Tasso di risposta"
FIG_LATE = "di cui aggiunti dopo il lancio"
FIG_COMUNI = "Comuni che hanno risposto"
FIG_COMUNI_VALUE = "{done} su {of}"
BY_ZONE = "Per zona"
BY_ROLE = "Per ruolo"
BY_COMUNE = "Per comune"
COL_ZONE = "Zona"
COL_ROLE = "Ruolo"
COL_COMUNE = "Comune"
BY_COMUNE_NOTE = "Le persone di ogni comune (un referente di più comuni conta in ciascuno)."
SHOW_TABLE = ("mostra la tabella ({n} riga)", "mostra la tabella ({n} righe)")

QUESTIONS_TITLE = "Domande"
QUESTION_HEAD = "{n}. {label}"
ANSWERS = ("{n} risposta", "{n} risposte")
NO_ANSWERS = "Ancora nessuna risposta."
COL_ANSWER = "Risposta"
COL_COUNT = "Quante"
COL_SHARE = "Percentuale"
COL_BAR = "Grafico"
NUMBER_SUMMARY = "Minimo {min}, massimo {max}, media {mean}."
TEXT_GROUPS = ("{n} gruppo di risposte simili", "{n} gruppi di risposte simili")
GROUP_COUNT = ("{n} risposta", "{n} risposte")
RAW_ANSWERS = "Tutte le risposte ({n})"
RAW_BY = "{name}: "

PENDING_TITLE = "Chi non ha ancora risposto"
PENDING_NONE = "Hanno risposto tutti."
PENDING_NOT_STARTED = ("Non ha iniziato ({n})", "Non hanno iniziato ({n})")
PENDING_STARTED = ("Ha iniziato senza inviare ({n})", "Hanno iniziato senza inviare ({n})")
PENDING_LATE = " (aggiunto dopo il lancio)"
PENDING_COMUNI_UNANSWERED = "Comuni senza risposta, con referenti invitati ({n})"
PENDING_COMUNI_NOBODY = ("E {n} Comune senza referenti invitati (nessuno può rispondere per lui).",
                         "E {n} Comuni senza referenti invitati (nessuno può rispondere per loro).")
PENDING_COMUNE_HELD = "Comuni in corso ({n})"
PENDING_COMUNE_BY = "{comune}: risponde {name}"
REMIND_MESSAGE = "Il messaggio:"
PENDING_ANONYMOUS = "Non hanno iniziato: {invited}. Hanno iniziato senza inviare: {started}."
REMIND_TITLE = "Sollecita ora"
REMIND_PREVIEW = ("Il sollecito arriverà nel bot a {n} persona che non ha finito.",
                  "Il sollecito arriverà nel bot a {n} persone che non hanno finito.")
REMIND_NOBODY = "Nessuno da sollecitare: chi poteva rispondere ha finito, o non è raggiungibile nel bot."
REMIND_CLOSED = "Il questionario è chiuso: non si possono mandare solleciti."
REMIND_BUTTON = "Sollecita ora"
REMIND_DONE_TITLE = "Sollecito"
REMIND_DONE = ("Sollecito messo in coda per {n} persona: il bot lo invia a breve.",
               "Sollecito messo in coda per {n} persone: il bot lo invia a breve.")
REMIND_REPEATED = "Nessun nuovo messaggio: questo sollecito era già stato inviato."
BACK_TO_CAMPAIGN = "Torna al questionario"

EXPORTS_TITLE = "Esporta le risposte"
EXPORTS_NOTE = "Le stesse esportazioni del bot (una riga per risposta); nessuna cella viene eseguita come formula."
EXPORT_XLSX = "Scarica XLSX"
EXPORT_CSV = "Scarica CSV"

# ---------- tavoli ----------
TAVOLI_TITLE = "Tavoli di lavoro"
TAVOLI_INTRO = "I tavoli attivi: apri un tavolo per il calendario, le risposte e le presenze."
TAVOLI_NONE = "Nessun tavolo di lavoro."
COL_TAVOLO = "Tavolo"
COL_NEXT = "Prossima riunione"
COL_PARTICIPANTS = "Partecipanti"
NO_NEXT = "nessuna in programma"
EXAMPLE = "esempio"
CALENDAR_TITLE = "Calendario"
UPCOMING = "Prossime riunioni"
PAST = "Riunioni passate"
NO_MEETINGS = "Nessuna riunione."
COL_WHEN = "Quando"
COL_STATUS = "Stato"
COL_YES = "Sì"
COL_NO = "No"
COL_MAYBE = "Forse"
COL_NONE = "Senza risposta"
COL_PRESENT = "Presenti"
RSVP = {"yes": "Partecipo", "no": "Non partecipo", "maybe": "Forse"}  # as the chat's buttons
CANCELLED = "annullata"
SCHEDULED = "in programma"
ATTENDANCE = "Presenze"
ATTENDANCE_TITLE = "Presenze – {title}"
ATTENDANCE_WHEN = "Riunione del {when}"
COL_PERSON = "Persona"
COL_RSVP = "Risposta"
COL_WAS_PRESENT = "Presente"
PRESENT_YES = "sì"
PRESENT_NO = "—"
NOBODY = "Nessun partecipante."
EXPORT_ATTENDANCE = "Scarica il CSV delle presenze"
BACK_TO_TAVOLO = "Torna al tavolo"

# ---------- deliveries ----------
DELIVERIES_TITLE = "Annunci e consegne"
DELIVERIES_INTRO = ("Ogni invio del bot (annunci, inviti e solleciti dei questionari, promemoria dei tavoli) "
                    "con l'esito dei messaggi.")
DELIVERIES_NONE = "Nessun invio finora."
COL_ROUND = "Invio"
COL_CREATED = "Creato"
COL_TOTAL = "Totale"
DELIVERY_COLUMNS = {"sent": "Consegnati", "pending": "In coda", "blocked": "Bloccati", "unknown": "Incerti",
                    "failed": "Falliti", "expired": "Scaduti"}  # as /consegne
PROBLEMS_TITLE = "Messaggi con esito incerto o falliti"
BY_CHANNEL = "Per canale"  # a round that went partly by e-mail
COL_CHANNEL = "Canale"
CHANNEL_NAMES = {"telegram": "Telegram", "email": "e-mail"}
ROUND_DETAIL = "Dettaglio"

# ---------- audit log ----------
AUDIT_TITLE = "Registro attività"
AUDIT_INTRO = "Ogni azione di organizzatori e amministratori, e ogni rifiuto, con chi e quando."
FILTER_ACTION = "Azione"
FILTER_ACTOR = "Chi (id della persona, o «cli»)"
FILTER_FROM = "Dal (gg/mm/aaaa)"
FILTER_UNTIL = "Al (gg/mm/aaaa)"
FILTER_BUTTON = "Filtra"
FILTER_ANY = "tutte"
FILTER_BAD = "Filtri non validi: date nel formato gg/mm/aaaa, chi come numero o «cli»."
AUDIT_COUNT = ("{n} voce", "{n} voci")
AUDIT_NONE = "Nessuna voce con questi filtri."
AUDIT_EXPORT = "Scarica il CSV (con questi filtri)"
COL_AT = "Quando"
COL_ACTOR = "Chi"
COL_ACTION = "Azione"
COL_TARGET = "Su cosa"
COL_DETAIL = "Dettagli"
