"""Questionnaires answered on the web (/q/<token>) and the chat's «Continua sul web».

Chat texts are Telegram HTML filled with `render`; page texts are plain strings the templates escape
(Jinja2 autoescape). The chat's own texts of a step (bot/texts/questionnaires.py) are reused where the
page shows the same thing (introduction, anonymity, closed, done)."""

# ---------- chat ----------
BUTTON_WEB = "🌐 Continua sul web"
WEB_LINK = ("🌐 <b>{title}</b>\n\nApri questa pagina per continuare sul web (anche dal telefono): ritrovi le "
            "risposte date qui e quelle che darai là valgono anche qui.\n\nIl link è personale: non inoltrarlo. "
            "Funziona finché il questionario è aperto.")
BUTTON_OPEN_WEB = "Apri il questionario sul web"

# ---------- pages ----------
PAGE_TITLE = "Questionario"
STEP_OF = "Domanda {n} di {total}"
OPTIONAL = "(facoltativa)"
CURRENT = "Risposta attuale: {answer}"
ERROR_HEADING = "Attenzione"
START = "Rispondi"
NEXT = "Avanti"
BACK = "Indietro"
SKIP = "Salta"
CONFIRM = "Conferma"
SEARCH = "Cerca"
CHOOSE = "Scegli"
REMOVE = "Togli {label}"
SEARCH_COMUNE = "Nome del Comune"
SEARCH_SERVICE = "Nome del servizio"
SEARCH_HINT = "Scrivi il nome, anche in parte o con un errore, e premi «Cerca»."
SEARCH_MORE = "Cerca un altro nome per aggiungerlo, oppure premi «Conferma»."
RESULTS = "Risultati per «{query}»"
SELECTED = "Selezionati"
NONE_SELECTED = "Nessuno selezionato."
OTHER_TEXT = "{label}: specifica quale (al massimo 200 caratteri)"
OTHER_ONLY = "Hai scelto «{label}»: specifica quale (al massimo 200 caratteri)"
HINT_TEXT = "Al massimo {max} caratteri."
HINT_NUMBER = "Scrivi un numero (i decimali con la virgola)."
HINT_NUMBER_RANGE = "Un numero da {min} a {max}."
HINT_DATE = "Una data, per esempio 15/01/2027."
HINT_MULTIPLE = "Puoi scegliere più voci."
HINT_MULTIPLE_RANGE = "Scegli da {min} a {max} voci."
ANSWER_LABEL = "La tua risposta"
SUMMARY_HEAD = "Riepilogo delle tue risposte"
SUMMARY_NOTE = "Controlla le risposte: per cambiarne una premi «Modifica»; quando va bene premi «Invia le risposte»."
EDIT = "Modifica"
EDIT_LABEL = "Modifica la risposta {n}"
SEND = "Invia le risposte"
STALE = ("Questa pagina non era più aggiornata (forse hai risposto da un'altra finestra o dalla chat): "
         "ecco il punto a cui sei arrivato/a. Nessuna risposta è stata cambiata.")
CHOOSE_FIRST = "Scegli una risposta, poi premi «Avanti»."
NOT_FOUND_TITLE = "Link non valido"
NOT_FOUND_TEXT = ("Questo link non è valido o è scaduto, oppure il questionario non è più rivolto a te. "
                  "Puoi rispondere dalla chat del bot con /questionari.")
CONTINUE_CHAT = "Puoi fermarti quando vuoi: le risposte sono salvate a ogni passo. Riprendi da questo link o dalla chat."
