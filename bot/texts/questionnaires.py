"""Texts of the questionnaires: answering, campaigns, reminders and results."""

# answering
INTRO = "📝 <b>{title}</b>\n{introduction}\n\n"
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

BUTTON_CONFIRM = "Conferma ✅"
BUTTON_BACK = "« Indietro"
BUTTON_SKIP = "Salta »"
BUTTON_SEND = "Invia ✅"
BUTTON_EDIT = "✏️ {n}"
BUTTON_START = "▶️ Rispondi"
BUTTON_RESUME = "▶️ Riprendi"
BUTTON_STOP = "🔕 Non mi interessa"
CHECK = "✓ {label}"

SUMMARY_HEAD = "<b>{title}</b>\nRiepilogo delle tue risposte:\n"
SUMMARY_ITEM = "\n{n}. {label}\n→ <b>{answer}</b>"
SUMMARY_FOOT = "\n\nControlla e premi «Invia». Per cambiare una risposta tocca ✏️ e il suo numero."
SKIPPED = "(saltata)"
YES, NO = "Sì", "No"

DONE = "✅ Grazie! Le tue risposte a «{title}» sono state registrate."
DONE_ANONYMOUS = ("✅ Grazie! Le tue risposte a «{title}» sono state registrate in forma anonima: "
                  "conserviamo solo il fatto che hai risposto.")
ALREADY_DONE = "Hai già risposto a «{title}». Grazie!"
CLOSED = "Il questionario «{title}» si è chiuso il {closed}: non è più possibile rispondere. Grazie comunque!"
NOT_OPEN = "Il questionario «{title}» si apre il {opens}. Ti aspettiamo!"
NOT_INVITED = "Questo questionario non è rivolto a te."
OPTED_OUT = "Va bene: non riceverai altri promemoria per «{title}». Se cambi idea, lo trovi in /questionari."
STALE = "Questo pulsante non è più valido: usa l'ultimo messaggio."

# validation
ERR_EMPTY = "La risposta è vuota: scrivi qualcosa."
ERR_TOO_LONG = "La risposta è troppo lunga ({length} caratteri): al massimo {max}."
ERR_NUMBER = "«{text}» non è un numero: scrivi solo cifre, per esempio 12 oppure 3,5."
ERR_INTEGER = "Scrivi un numero intero, senza decimali."
ERR_RANGE = "Il numero deve essere tra {min} e {max}."
ERR_MIN = "Il numero deve essere almeno {min}."
ERR_MAX = "Il numero deve essere al massimo {max}."
ERR_DATE = "Non riconosco la data «{text}»: scrivila come giorno/mese/anno, per esempio 15/01/2027."
ERR_TOO_FEW = "Seleziona almeno {min} voci."
ERR_TOO_MANY = "Puoi selezionare al massimo {max} voci."
ERR_NONE = "Seleziona almeno una voce."
ERR_REQUIRED = "Questa domanda è obbligatoria."

# list
LIST_HEAD = "<b>I tuoi questionari</b>\n"
LIST_ITEM = "\n• <b>{title}</b> – {state}, chiude il {closes}"
LIST_EMPTY = "Non hai questionari aperti in questo momento."
STATE = {"invited": "da iniziare", "started": "in corso", "completed": "completato ✅", "opted_out": "rifiutato"}

# invitations and reminders
INVITATION = ("📝 <b>{title}</b>\n\n{introduction}\n\n"
              "Puoi rispondere fino al {closes}. Bastano pochi minuti e puoi interrompere quando vuoi.")
REMINDER = ("⏰ Promemoria: il questionario «<b>{title}</b>» chiude il {closes}. "
            "Non hai ancora finito di rispondere: ci vogliono pochi minuti.")
