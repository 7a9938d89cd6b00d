"""Texts of the questionnaires: answering, campaigns, reminders, follow-up, results, the definition checker and
the command line (`zobot questionnaire …`, read by CMM operators: Italian like everything else).

Pairs («one», «other») are plural forms for `bot.texts.plural(n, *PAIR)`.
"""

# ---------- answering ----------
INTRO = "📝 <b>{title}</b>\n{introduction}\n\n"
# before the first question (and in the invitation) of an anonymous questionnaire: what anonymous means
ANONYMOUS = ("🔒 <b>Questionario anonimo.</b> Finché rispondi, le risposte sono legate a te solo per farti "
             "riprendere da dove eri rimasto/a. Quando le invii, il legame viene cancellato: resta solo "
             "l'informazione che hai risposto, e in che giorno (così non ricevi promemoria); le risposte non "
             "conservano né l'ora né altri dati che portino a te. Chi legge i risultati non può sapere che cosa "
             "hai risposto: non scrivere il tuo nome nelle risposte libere. Le risposte non inviate entro la "
             "chiusura vengono cancellate.\n\n")
FOR_COMUNE = "🏛 Rispondi per il Comune di <b>{comune}</b>: la risposta è una sola per Comune.\n\n"
STEP = "<b>{title}</b>\nDomanda {n} di {total}\n\n<b>{label}</b>"
STEP_BARE = "Domanda {n} di {total}\n\n<b>{label}</b>"
HELP = "\n<i>{help}</i>"
OPTIONAL = "\n<i>(facoltativa)</i>"
CURRENT = "\n\nRisposta attuale: {answer}"
HINT_TEXT = "\n\n✍️ Scrivi la risposta (al massimo {max} caratteri)."
HINT_NUMBER = "\n\n✍️ Scrivi un numero."
HINT_NUMBER_RANGE = "\n\n✍️ Scrivi un numero da {min} a {max}."
HINT_DATE = "\n\n✍️ Scrivi una data, per esempio 15/01/2027."
HINT_MULTIPLE = "\n\nTocca le voci per selezionarle (✓), poi «Conferma»."
HINT_MULTIPLE_RANGE = "\n\nTocca le voci per selezionarle (✓, da {min} a {max}), poi «Conferma»."
HINT_COMUNE = "\n\n✍️ Scrivi il nome del Comune."
HINT_SERVICE = "\n\n✍️ Scrivi il nome del servizio."
HINT_PICK = "\n\nRisultati per «{query}»: scegli quello giusto o scrivi un altro nome."
HINT_PICK_MORE = "\n\nScrivi un altro nome per aggiungerlo, oppure «Conferma»."
SELECTED = "\n\nSelezionati: {items}"
ASK_OTHER = "\n\nHai scelto «{label}»: scrivi quale (al massimo {max} caratteri)."
NO_MATCH = "Non ho trovato nulla per «{query}». Prova a scrivere il nome in un altro modo."
ERROR_LINE = "⚠️ {error}\n\n"
OTHER = "Altro"

BUTTON_CONFIRM = "Conferma ✅"
BUTTON_BACK = "« Indietro"
BUTTON_SKIP = "Salta »"
BUTTON_SEND = "Invia ✅"
BUTTON_EDIT = "✏️ {n}"
BUTTON_START = "▶️ Rispondi"
BUTTON_RESUME = "▶️ Riprendi"
BUTTON_STOP = "🔕 Non mi interessa"
CHECK = "✓ {label}"
REMOVE = "✖ {label}"
SCALE_OF = "{value}/5"

SUMMARY_HEAD = "<b>{title}</b>\nRiepilogo delle tue risposte:\n"
SUMMARY_ITEM = "\n{n}. {label}\n→ <b>{answer}</b>"
SUMMARY_FOOT = "\n\nControlla e premi «Invia». Per cambiare una risposta tocca ✏️ e il suo numero."
SKIPPED = "(saltata)"
YES, NO = "Sì", "No"

DONE = "✅ Grazie! Le tue risposte a «{title}» sono state registrate."
DONE_ANONYMOUS = ("✅ Grazie! Le tue risposte a «{title}» sono state registrate in forma anonima: "
                  "conserviamo solo il fatto che hai risposto.")
DONE_COMUNE = "✅ Grazie! La risposta del Comune di {comune} a «{title}» è stata registrata."
ALREADY_DONE = "Hai già risposto a «{title}». Grazie!"
CLOSED = "Il questionario «{title}» si è chiuso il {closed}: non è più possibile rispondere. Grazie comunque!"
NOT_OPEN = "Il questionario «{title}» si apre il {opens}. Ti aspettiamo!"
NOT_INVITED = "Questo questionario non è rivolto a te."
OPTED_OUT = "Va bene: non riceverai altri promemoria per «{title}». Se cambi idea, lo trovi in /questionari."
STALE = "Questo pulsante non è più valido: usa l'ultimo messaggio."

# one response per comune
PICK_COMUNE = "🏛 <b>{title}</b>\nPer questo questionario risponde una persona per Comune. Per quale Comune rispondi?"
COMUNE_STATE = {"todo": "da fare", "mine": "in corso (tu)", "held": "in corso ({name})", "done": "inviata ✅"}
COMUNE_ITEM = "\n• {comune}: {state}"
COMUNE_BUTTON = "🏛 {comune}"
COMUNE_NONE = "Per questo questionario risponde una persona per Comune, ma non risulti referente di nessun Comune."
COMUNE_DONE = "La risposta del Comune di {comune} a «{title}» è già stata inviata da {name}. Grazie!"
HELD = ("🏛 Per il Comune di <b>{comune}</b> sta già rispondendo <b>{name}</b> (ultima attività: {when}).\n"
        "La risposta è una sola per Comune: se {name} non va avanti per {hours} ore, potrai subentrare tu "
        "e continuare dalle sue risposte.")
HELD_FREE = ("🏛 Per il Comune di <b>{comune}</b> stava rispondendo <b>{name}</b>, fermo/a dal {when}.\n"
             "Puoi subentrare: continuerai dalle risposte già date.")
BUTTON_TAKE_OVER = "✋ Subentra"
TAKEN_OVER = ("🏛 {name} ha preso in carico la risposta del Comune di {comune} a «{title}», ferma da più di "
              "{hours} ore. Le risposte già date restano.")

# validation
ERR_EMPTY = "La risposta è vuota: scrivi qualcosa."
ERR_TOO_LONG = "La risposta è troppo lunga ({length} caratteri): al massimo {max}."
ERR_NUMBER = "«{text}» non è un numero: scrivi solo cifre, per esempio 12 oppure 3,5."
ERR_INTEGER = "Scrivi un numero intero, senza decimali."
ERR_RANGE = "Il numero deve essere tra {min} e {max}."
ERR_MIN = "Il numero deve essere almeno {min}."
ERR_MAX = "Il numero deve essere al massimo {max}."
ERR_DATE = "Non riconosco la data «{text}»: scrivila come giorno/mese/anno, per esempio 15/01/2027."
ERR_TOO_FEW = ("Seleziona almeno {n} voce.", "Seleziona almeno {n} voci.")
ERR_TOO_MANY = ("Puoi selezionare al massimo {n} voce.", "Puoi selezionare al massimo {n} voci.")
ERR_NONE = "Seleziona almeno una voce."

# list
LIST_HEAD = "<b>I tuoi questionari</b>\n"
LIST_ITEM = "\n• <b>{title}</b> – {state}, chiude il {closes}"
LIST_EMPTY = "Non hai questionari aperti in questo momento."
STATE = {"invited": "da iniziare", "started": "in corso", "completed": "completato ✅", "opted_out": "rifiutato"}
BUTTON_LIST_ITEM = "{label}: {title}"

# invitations and reminders
INVITATION = ("📝 <b>{title}</b>\n\n{introduction}\n\n{anonymous}"
              "Puoi rispondere fino al {closes}. Bastano pochi minuti e puoi interrompere quando vuoi.")
INVITATION_LATE = "➕ <i>Ricevi questo invito ora perché fai parte dei destinatari: {audience}.</i>\n\n"
INVITATION_COMUNE = "🏛 <i>Risponde una persona per Comune: il primo referente che inizia tiene la risposta.</i>\n\n"
REMINDER = ("⏰ Promemoria: il questionario «<b>{title}</b>» chiude il {closes}. "
            "Non hai ancora finito di rispondere: ci vogliono pochi minuti.")
NUDGE = ("⏰ Un sollecito degli organizzatori: il questionario «<b>{title}</b>» chiude il {closes} e "
         "aspettiamo ancora la tua risposta. Ci vogliono pochi minuti.")
REOPENED = ("✏️ La tua risposta a «<b>{title}</b>» è stata riaperta dagli organizzatori: puoi correggerla e "
            "inviarla di nuovo fino al {closes}.")

# audiences, as organisers read them
AUDIENCE_KIND = {"everyone": "tutte le persone registrate", "all_po": "tutti i PO",
                 "all_referents": "tutti i referenti", "zone_referents": "i referenti della zona {zone}",
                 "comuni_referents": "i referenti dei Comuni {comuni}", "theme_po": "i PO del tema {theme}",
                 "people": "persone scelte", "tavolo": "i partecipanti di un tavolo"}
AUDIENCE_OR = " oppure "

# ---------- organisers: launching ----------
LAUNCH_PICK = "🚀 <b>Lancia un questionario</b>\nQuale questionario vuoi inviare?"
LAUNCH_NONE = ("Non ci sono questionari da lanciare: aggiungine uno con "
               "<code>zobot questionnaire add FILE</code>.")
LAUNCH_AUDIENCE = "🚀 <b>{title}</b> (versione {version})\nA chi lo invii?"
LAUNCH_ZONE = "🚀 <b>{title}</b>\nI referenti di quale zona?"
LAUNCH_DAYS = "🚀 <b>{title}</b>\nDestinatari: {audience}.\nPer quanti giorni resta aperto?"
LAUNCH_CONFIRM = ("🚀 <b>{title}</b>\nDestinatari: {audience} (persone raggiungibili: {n}).\n"
                  "Aperto da ora fino al {closes}.\nPromemoria a chi non ha finito: 3 giorni e 1 giorno "
                  "prima della chiusura.\n{unit}\n\nConfermi?")
UNIT_PERSON = "👤 Una risposta per persona."
UNIT_COMUNE = "🏛 Una risposta per Comune: i referenti di un Comune ne condividono una."
LAUNCHED = ("✅ Questionario «{title}» lanciato: {invites} in partenza. Chiude il {closes}.\n"
            "Chi entrerà a far parte dei destinatari sarà invitato anche dopo. "
            "Puoi vedere in ogni momento quanti hanno risposto.")
INVITES = ("{n} invito", "{n} inviti")
LAUNCH_CANCELLED = "Lancio annullato."
UNKNOWN_QUESTIONNAIRE = "Questionario o scelta non più disponibile."
AUDIENCE = {"po": "Tutti i PO", "ref": "Tutti i referenti", "all": "Tutti", "zone": "I referenti di una zona…"}
AUDIENCE_ZONE = "I referenti della zona {zone}"
DAYS = ("{n} giorno", "{n} giorni")
BUTTON_LAUNCH = "🚀 Lancia"
BUTTON_CANCEL = "Annulla"
BUTTON_PREVIEW = "👁 Anteprima"
BUTTON_UNIT_COMUNE = "🏛 Una risposta per Comune"
BUTTON_UNIT_PERSON = "👤 Una risposta per persona"
BUTTON_STATUS = "📈 Stato"
BUTTON_REFRESH = "🔄 Aggiorna"
BUTTON_RESULTS = "📊 Risultati"

# preview of a definition before launching
PREVIEW_HEAD = ("👁 <b>{title}</b> – versione {version}{anonymous}\n{introduction}\n"
                "Destinatari previsti: {audience}. {questions}.\n")
PREVIEW_ANONYMOUS = " (anonimo)"
PREVIEW_QUESTIONS = ("{n} domanda", "{n} domande")
PREVIEW_Q = "\n<b>{n}. {label}</b> <i>({kind}{required})</i>"
PREVIEW_OPTIONAL = ", facoltativa"
PREVIEW_WHEN = "\n   solo se: <code>{when}</code>"
PREVIEW_CHOICE = "\n   ◦ {label}"
PREVIEW_CUT = "\n…"
KINDS = {"single": "una scelta", "multiple": "più scelte", "text": "testo libero", "number": "numero",
         "scale": "scala da 1 a 5", "yesno": "sì/no", "date": "data", "comune": "Comune", "zona": "zona",
         "service": "servizio"}
DEFINITION_AUDIENCE = {"po": "i PO", "referenti": "i referenti", "tutti": "tutti"}

# ---------- organisers: a campaign's status and follow-up ----------
STATUS = ("📈 <b>{title}</b>{filter}\nInvitati: {total}{late}\n• da iniziare: {invited}\n• in corso: {started}\n"
          "• completati: {completed} ({rate})\n• non interessati: {opted_out}\n{closing}")
STATUS_LATE = " (al lancio {launched}, aggiunti dopo {added})"
STATUS_COMUNI = "\n🏛 Comuni che hanno risposto: <b>{done}</b> su {of} ({rate}); in corso {started}."
STATUS_LEFT = "\nNon più tra i destinatari (revocati): {n}."
CLOSES = "Chiude il {when}."
CLOSED_ON = "Chiuso il {when}."
BUTTON_PENDING = "⏳ Chi manca"
BUTTON_REMIND = "⏰ Sollecita ora"
BUTTON_EXTEND = "📅 Proroga"
BUTTON_CLOSE = "⏹ Chiudi ora"
BUTTON_BACK_STATUS = "« Stato"
BUTTON_EXTEND_DAYS = ("+{n} giorno", "+{n} giorni")
PENDING_HEAD = "⏳ <b>{title}</b>{filter}\nNon hanno ancora finito: {n}."
PENDING_ANONYMOUS = ("\nIl questionario è anonimo: solo i numeri.\n• da iniziare: {invited}\n• in corso: {started}")
PENDING_NOT_STARTED = "\n\n<b>Da iniziare ({n})</b>"
PENDING_STARTED = "\n\n<b>In corso ({n})</b>"
PENDING_PERSON = "\n• {name}{late}"
PENDING_LATE = " <i>(aggiunto/a dopo il lancio)</i>"
PENDING_VIA = {"telegram": " — Telegram", "email": " — e-mail", None: " — non raggiunto/a"}  # how the invitation went
PENDING_COMUNI_UNANSWERED = "\n\n<b>Comuni senza risposta, con referenti invitati ({n})</b>"
PENDING_COMUNI_NOBODY = ("\n\nE {n} Comune senza referenti invitati (nessuno può rispondere per lui).",
                         "\n\nE {n} Comuni senza referenti invitati (nessuno può rispondere per loro).")
PENDING_COMUNE_HELD = "\n\n<b>Comuni in corso ({n})</b>"
PENDING_COMUNE = "\n• {comune}"
PENDING_COMUNE_BY = "\n• {comune}: {name}"
PENDING_MORE = ("\n… e {n} altro", "\n… e altri {n}")
PENDING_NONE = "\nTutti hanno finito. 🎉"
SENT_HEAD = "✏️ <b>{title}</b>\nHanno inviato la risposta: {n}. Riaprila a chi deve correggerla."
BUTTON_SENT = "✏️ Riapri una risposta"
BUTTON_REOPEN = "✏️ {name}"
REMIND_PREVIEW = ("⏰ <b>Sollecito – {title}</b>\nIl messaggio andrà a {people}: chi non ha ancora finito "
                  "(esclusi chi ha detto «non mi interessa» e chi non è più tra i destinatari).\n\n{text}\n\n"
                  "Invio?")
REMIND_NOBODY = "⏰ <b>{title}</b>\nNessuno da sollecitare: chi doveva rispondere ha finito."
REMIND_QUEUED = "✅ Sollecito in partenza: {messages}."
PEOPLE = ("{n} persona", "{n} persone")
MESSAGES = ("{n} messaggio", "{n} messaggi")
BUTTON_SEND_REMINDER = "⏰ Invia il sollecito"
EXTEND_PICK = "📅 <b>{title}</b>\nChiude il {closes}. Fino a quando prorogarlo?"
EXTENDED = "✅ «{title}» ora chiude il {closes}."
CLOSE_CONFIRM = ("⏹ <b>{title}</b>\nChiudere ora il questionario? Nessuno potrà più rispondere; "
                 "le risposte non inviate dei questionari anonimi verranno cancellate.")
BUTTON_CLOSE_CONFIRM = "⏹ Sì, chiudi ora"
CLOSED_NOW = "✅ «{title}» è chiuso ({when})."

# the archive of campaigns (/risultati)
RESULTS_PICK = "📊 <b>Risultati</b> – {campaigns}{query}\nDi quale questionario?"
RESULTS_QUERY = " che contengono «{query}»"
RESULTS_NONE = "Non è ancora stato lanciato nessun questionario."
RESULTS_NOTHING_FOUND = "Nessun questionario contiene «{query}». Scrivi /risultati per l'elenco completo."
RESULTS_ITEM = "{mark} {title} ({opened}) #{id}"
RESULTS_OPEN_MARK, RESULTS_CLOSED_MARK = "🟢", "⚪"
RESULTS_PAGE = "\nPagina {page} di {pages}. Per cercare: <code>/risultati parola</code>."
CAMPAIGNS = ("{n} questionario", "{n} questionari")

# ---------- organisers: results ----------
RESULTS_HEAD = ("📊 <b>{title}</b>{filter}\nRisposte complete: <b>{completed}</b> su {invited} ({rate}); "
                "in corso {started}.\n")
INVITED = ("{n} invitato", "{n} invitati")
RESULTS_HEAD_COMUNI = ("📊 <b>{title}</b>{filter}\nComuni che hanno risposto: <b>{completed}</b> su {of} ({rate}); "
                       "in corso {started}.\n")
RESULTS_FILTER = " – {what}"
RESULTS_Q = "\n<b>{n}. {label}</b> ({answers})"
ANSWERS = ("{n} risposta", "{n} risposte")
RESULTS_OPTION = "\n  {label}: {count} ({pct})"
RESULTS_NUMBER = "\n  minimo {min}, massimo {max}, media {mean}"
RESULTS_TEXT = "\n  {groups} di risposte libere: vedi «Testi liberi»"
GROUPS = ("{n} gruppo", "{n} gruppi")
RESULTS_NO_ANSWERS = "\n  nessuna risposta"
TEXTS_HEAD = "💬 <b>{title}</b>{filter}\nRisposte libere raggruppate (le più frequenti prima):\n"
TEXTS_Q = "\n<b>{label}</b>"
TEXTS_GROUP = "\n• {text} <i>({answers})</i>"
TEXTS_GROUP_ONE = "\n• {text}"
TEXTS_NONE = "\nNessuna risposta libera."
RAW_HEAD = "📜 <b>{label}</b>\nTutte le risposte ({n}):\n"
RAW_ITEM = "\n• {text}"
RAW_ITEM_NAMED = "\n• <b>{name}</b>: {text}"
CHART_CAPTION = "{n}. {label}"
BUTTON_CHARTS = "🖼 Grafici"
BUTTON_TEXTS = "💬 Testi liberi"
BUTTON_XLSX = "📄 Excel (XLSX)"
BUTTON_CSV = "📄 CSV"
BUTTON_BY_ZONE = "🗺 Per zona"
BUTTON_BY_ROLE = "👥 Per ruolo"
BUTTON_ALL = "Tutte le risposte"
BUTTON_RAW = "📜 {label}"
FILTER_ZONE = "zona {zone}"
FILTER_ROLE = "ruolo {role}"
ROLES = {"po": "PO", "referente": "Referenti", "organizzatore": "Organizzatori", "admin": "Amministratori"}
FILTER_ANONYMOUS = "Il questionario è anonimo: le risposte non si possono filtrare per zona o ruolo."
CHARTS_NONE = "Nessuna domanda a scelta con risposte da mostrare in un grafico."
EXPORT_CAPTION = "📄 {title}: {responses}."
COMPLETE_RESPONSES = ("{n} risposta completa", "{n} risposte complete")

# export columns and summary sheet
COL_RESPONSE, COL_SENT, COL_NAME, COL_ROLE, COL_COMUNE = "risposta", "inviata il", "nome", "ruolo", "comune"
COL_OTHER = "{id}: altro (testo)"
COL_CHOICE = "{id}: {label}"
SHEET_ANSWERS, SHEET_SUMMARY = "Risposte", "Riepilogo"
SUMMARY_ROWS = {"title": "Questionario", "version": "Versione", "invited": "Invitati", "completed": "Risposte complete",
                "started": "In corso", "opted_out": "Non interessati", "rate": "Tasso di risposta",
                "exported": "Risposte in questo export", "comuni": "Comuni che hanno risposto",
                "comuni_of": "Comuni in tutto"}
SUMMARY_HEADER = ("Domanda", "Risposta", "Numero", "Percentuale")

# errors (bot/texts/errors.py)
BAD_DATES = "La data di chiusura deve seguire quella di apertura ed essere nel futuro: nulla è cambiato."
VERSION_CONFLICT = ("Il questionario «{key}» versione {version} è già registrato con un contenuto diverso: "
                    "aumenta «version» nel file (per esempio a {next}) e riprova. Nulla è cambiato.")
NOT_FOUND_CAMPAIGN = "Questionario non trovato."
ANONYMOUS_REOPEN = ("Il questionario è anonimo: le risposte inviate non sono legate a nessuno e non si possono "
                    "riaprire.")
NOTHING_TO_REOPEN = "Questa persona non ha una risposta inviata da riaprire."
CLOSED_CAMPAIGN = "Il questionario è già chiuso: prorogalo prima, se serve («Proroga»)."
UNIT_NEEDS_REFERENTS = ("«Una risposta per Comune» vale per i referenti dei Comuni (tutti, di una zona o di "
                        "alcuni Comuni) e per i questionari non anonimi.")
NOT_YET_FREE = "Non puoi ancora subentrare: chi sta rispondendo ha lavorato nelle ultime {hours} ore."

# ---------- the definition checker (`zobot questionnaire check|add`) ----------
QUESTION_AT = "domanda n. {n}"  # where a question without a readable id is
MIN_OVER_CHOICES = ("min {lo} supera l'unica scelta", "min {lo} supera le {n} scelte")  # one, other
PROBLEM = {
    "not_mapping": "il file deve essere una mappa con id, version, title, audience e questions",
    "no_questions": "«questions» deve essere un elenco non vuoto",
    "question_not_mapping": "deve essere una mappa con id, type e label",
    "question_id": "l'id deve avere lettere minuscole, cifre o _ (al massimo 32) e iniziare con una lettera",
    "duplicate_id": "id di domanda ripetuto",
    "too_long": "«{key}» supera i {limit} caratteri",
    "unknown_field": "campo sconosciuto «{key}»",
    "id": "l'id deve avere lettere minuscole, cifre o _ (al massimo 32)",
    "version": "«version» deve essere un numero intero ≥ 1",
    "title": "manca il titolo («title»)",
    "audience": "«audience» deve essere uno tra {allowed}",
    "anonymous": "«anonymous» deve essere true o false",
    "type": "il tipo {type} non è uno tra {allowed}",
    "label": "manca il testo della domanda («label»)",
    "required": "«required» deve essere true o false",
    "choices_only": "le scelte («choices») valgono solo per le domande single e multiple, non per {type}",
    "number_bounds": "min e max di un numero devono essere numeri",
    "empty_range": "l'intervallo {lo}–{hi} è vuoto: min deve essere minore di max",
    "max_length": "«max_length» deve essere un numero intero tra 1 e {max}",
    "scale_labels": "le etichette della scala vanno da 1 a 5 a una parola, per esempio {{1: per niente, 5: molto}}",
    "few_choices": "mancano le scelte: una domanda a scelta ne vuole almeno due",
    "many_choices": "troppe scelte (al massimo 20 pulsanti)",
    "choice_shape": "ogni scelta deve essere un testo o una mappa con value e label",
    "choice_label": "la scelta «{value}» non ha un'etichetta",
    "choice_value": "il valore della scelta «{value}» deve avere lettere minuscole, cifre o _",
    "choice_long": "l'etichetta «{label}…» supera i 60 caratteri (è un pulsante)",
    "duplicate_values": "valori di scelta ripetuti: {values}",
    "min_max_whole": "min e max di una scelta multipla devono essere numeri interi ≥ 0",
    "min_over_max": "min {lo} è maggiore di max {hi}",
    "when_unreadable": "la condizione «{text}» non si legge: {reason}",
    "when_self": "la condizione si riferisce alla domanda stessa ({name})",
    "when_unknown": "la condizione si riferisce alla domanda sconosciuta «{name}»",
    "when_later": ("la condizione si riferisce a «{name}», che viene dopo: le condizioni possono usare solo "
                   "risposte precedenti"),
    "when_value": "la condizione confronta «{name}» con «{literal}», che non è uno dei suoi valori ({allowed})",
    "binding_mapping": "catalogue_binding deve essere una mappa (services, zones/comuni, status, …)",
    "binding_field": "campo sconosciuto «{key}» (ammessi: {allowed})",
    "binding_anonymous": ("un questionario collegato al catalogo non può essere anonimo: le proposte nominano "
                          "la PO e l'ufficio"),
    "binding_services": "services deve nominare una domanda (o un elenco di domande) di tipo service",
    "binding_where": "zones o comuni (o entrambi) devono nominare una domanda: dove sono erogati i servizi",
    "binding_unlisted": "unlisted deve essere uno tra {allowed}",
    "binding_unknown": "{key}: domanda sconosciuta «{qid}»",
    "binding_type": "{key}: la domanda «{qid}» è di tipo {type}, serve {expected}",
    "binding_status": "status deve essere una mappa con question e values (valore della risposta: stato)",
    "binding_status_value": "status: «{value}» non è un valore della domanda «{qid}» ({allowed})",
    "binding_status_unmapped": "status: il valore «{value}» della domanda «{qid}» non ha uno stato",
    "binding_status_target": "status: «{value}» porta a «{target}», che non è uno tra {allowed}",
}
OR = " o "
CONDITION = {
    "character": "carattere inatteso in posizione {pos}: «{char}»",
    "empty": "condizione vuota",
    "after": "«{token}» inatteso dopo una condizione completa",
    "early": "la condizione finisce troppo presto",
    "paren": "manca «)»",
    "unexpected": "«{token}» inatteso",
}

# ---------- the command line: `zobot questionnaire …` ----------
CLI = {
    "help": "questionari: controlla e aggiungi definizioni, lancia, segui e chiudi campagne, risultati, export",
    "check": "controlla file YAML di questionari (senza file: quelli forniti e quelli registrati)",
    "check_files": "file YAML da controllare",
    "add": "registra (o aggiorna con una nuova versione) un questionario da un file YAML",
    "add_file": "il file YAML del questionario",
    "list": "questionari disponibili e campagne lanciate",
    "launch": "lancia un questionario a dei destinatari",
    "launch_id": "id del questionario (vedi «zobot questionnaire list»)",
    "audience": ("po | referenti | tutti | zone:<codice> | comuni:<ISTAT,ISTAT,…> | tema:<codice> | "
                 "persone:<id,id,…>; più regole separate da + sono un'unione (predefinito: quella del file)"),
    "closes": "data di chiusura AAAA-MM-GG (fine di quel giorno, ora locale)",
    "opens": "data di apertura AAAA-MM-GG (predefinito: adesso)",
    "reminders": "giorni prima della chiusura per i promemoria, per esempio 3,1 (nessuno: '')",
    "per_comune": "una risposta per Comune: i referenti di un Comune ne condividono una",
    "status": "invitati / in corso / completati di una campagna",
    "campaign": "numero della campagna",
    "results": "tasso di risposta, conteggi per domanda, testi liberi raggruppati",
    "zone": "codice di una zona: solo chi risponde per quella zona",
    "role": "po | referente | organizzatore | admin",
    "charts": "scrivi un grafico PNG per domanda in questa cartella",
    "export": "una riga per risposta, CSV o XLSX (secondo l'estensione)",
    "output": "file da scrivere (.csv oppure .xlsx)",
    "named": "aggiungi nome e ruolo (mai per i questionari anonimi)",
    "pending": "chi non ha iniziato o non ha finito (i nomi se non anonimo, altrimenti i numeri)",
    "remind": "sollecita ora chi non ha finito",
    "extend": "proroga la chiusura",
    "until": "nuova data di chiusura AAAA-MM-GG (fine di quel giorno, ora locale)",
    "close": "chiudi ora la campagna",
    "reopen": "riapri la risposta inviata di una persona",
    "person": "id della persona (il numero #… di «zobot questionnaire pending CAMPAGNA --sent»)",
    "pending_sent": "elenca invece chi ha inviato la risposta (con l'id, per «reopen»)",
}
CLI_OK = "{path}: ok — {id} versione {version}, {questions}"
CLI_UNREADABLE = "{path}: non si legge: {reason}"
CLI_STORED_CONFLICT = ("{path}: {id} versione {version} è già registrato con un contenuto diverso: aumenta "
                       "«version» (per esempio a {next})")
CLI_ADDED = "{id} versione {version} registrato: «{title}», {questions}. Lancialo con /lancia o «zobot questionnaire launch {id}»."
CLI_ALREADY = "{id} versione {version} era già registrato con lo stesso contenuto: niente da fare."
CLI_ADD_INVALID = "{path}: non registrato, {problems}."
PROBLEMS = ("{n} problema", "{n} problemi")
CLI_DEFINITION = "{id}: {title} (versione {version}, {audience}{anonymous}){source}"
CLI_ANONYMOUS = ", anonimo"
CLI_SHIPPED = " – fornito con zobot"
CLI_STORED = " – registrato"
CLI_CAMPAIGN = "campagna {id}: {title} (aperta il {opened}, {state})"
CLI_OPEN, CLI_CLOSED = "aperta", "chiusa"
CLI_NO_QUESTIONNAIRE = "zobot: nessun questionario valido «{id}»; vedi «zobot questionnaire list»"
CLI_BAD_AUDIENCE = ("zobot: destinatari «{raw}» sconosciuti: usa po, referenti, tutti, zone:<codice>, "
                    "comuni:<ISTAT,…>, tema:<codice> o persone:<id,…> (più regole con +)")
CLI_BAD_DATE = "zobot: data «{raw}» non valida: scrivila come AAAA-MM-GG"
CLI_LAUNCHED = "campagna {id}: {invites} in coda nella posta in uscita"
CLI_NOT_COMPARED = ("nota: il database non è raggiungibile o non è aggiornato («zobot db upgrade»): i file sono "
                    "controllati da soli, senza confrontarli con le versioni registrate")
CLI_ERROR = "zobot: {text}"
CLI_CHART = "grafico: {path}"
CLI_EXPORTED = "{path}: {responses}"
CLI_REMINDED = "campagna {id}: {messages} di sollecito in coda"
CLI_EXTENDED = "campagna {id}: ora chiude il {closes}"
CLI_CLOSED_NOW = "campagna {id}: chiusa il {closes}"
CLI_REOPENED = "campagna {id}: risposta della persona {person} riaperta; le è stato scritto"
