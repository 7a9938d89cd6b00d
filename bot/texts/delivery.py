"""Texts of the organiser's broadcasts (/annuncio) and delivery reports (/consegne)."""

BROADCAST_HEADER = "📣 <b>Comunicazione della Città metropolitana di Milano</b>\n\n"

CHOOSE_AUDIENCE = "📣 <b>Nuovo annuncio</b>\nA chi vuoi scrivere?"
AUDIENCE_LABELS = {
    "everyone": "Tutte le persone registrate",
    "all_referents": "Tutti i referenti dei comuni",
    "zone_referents": "Referenti di una zona…",
    "comuni_referents": "Referenti di alcuni comuni…",
    "all_po": "Tutte le posizioni organizzative",
    "theme_po": "PO di un tema…",
    "tavolo": "Partecipanti di un tavolo…",
}
CHOOSE_ZONE = "Referenti di quale zona omogenea?"
CHOOSE_THEME = "Posizioni organizzative di quale tema?"
CHOOSE_TAVOLO = "Partecipanti di quale tavolo di lavoro?"
NO_TAVOLI = "Non ci sono tavoli di lavoro attivi."
AUDIENCE_ZONE = "Referenti della zona {name}"
AUDIENCE_THEME = "PO del tema {name}"
AUDIENCE_TAVOLO = "Partecipanti del tavolo «{name}»"
ASK_TEXT = ("Destinatari: <b>{audience}</b> ({count}).\n\n"
            "Ora scrivi il messaggio da inviare (puoi usare grassetto e corsivo).")
PEOPLE = ("{n} persona", "{n} persone")  # one, other: how many an announcement goes to
EMPTY_AUDIENCE = "Nessuna persona registrata fa parte di «{audience}»: scegli un altro gruppo."
TEXT_TOO_LONG = "Il messaggio è troppo lungo ({length} caratteri; al massimo {limit}). Scrivilo più breve."
PREVIEW = "👀 <b>Anteprima</b> — andrà a <b>{count}</b> ({audience}):"
CONFIRM = "✅ Invia a {count}"
CANCEL = "✖ Annulla"
QUEUED = ("✅ Annuncio in coda per <b>{count}</b>. Parte subito, al ritmo consentito da Telegram.\n"
          "Lo stato delle consegne è in /consegne.")
ALREADY_SENT = "Questo annuncio è già stato inviato: non lo rimando. Lo stato è in /consegne."
CANCELLED = "Annuncio annullato: non è stato inviato nulla."
NOTHING_TO_CANCEL = "Non c'è nessun annuncio in preparazione."
DRAFT_GONE = "Questa bozza non è più attiva: ricomincia con /annuncio."

REPORTS_TITLE = "📬 <b>Consegne recenti</b>"
NO_ROUNDS = "Nessun invio finora."
ROUND_LINE = "• <b>{label}</b> ({when}): {sent} su {total}"
DELIVERED = ("{n} consegnato", "{n} consegnati")  # one, other
ROUND_DETAIL = ("📬 <b>{label}</b>\nCreato il {when}\n\n"
                "Consegnati: {sent}\nIn coda: {pending}\nBloccati (hanno bloccato il bot): {blocked}\n"
                "Incerti: {unknown}\nFalliti: {failed}\nScaduti: {expired}")
PROBLEMS_TITLE = "\n\n<b>Da controllare</b>:"
PROBLEM_LINE = "\n• {who} — {status}"
PROBLEMS_MORE = ("\n… e un altro", "\n… e altri {n}")  # one, other
STATUS_NAMES = {"unknown": "incerto", "failed": "fallito"}
# e-mail as a channel: a round with e-mails says how each channel went
CHANNEL_NAMES = {"telegram": "Telegram", "email": "e-mail"}
BY_CHANNEL_TITLE = "\n\n<b>Per canale</b>:"
BY_CHANNEL_LINE = "\n• {channel}: {sent} su {total}"
BY_CHANNEL_REFUSED = (", {n} rifiutato dal server di posta", ", {n} rifiutati dal server di posta")  # one, other
ROUND_EMAIL = " (e-mail: {n})"
AUDIENCE_SPLIT = ": {telegram} su Telegram, {email} per e-mail"
PROBLEM_VIA = " ({channel})"
UNKNOWN_EXPLAINED = ("\n\n<i>«Incerto» significa che la rete si è interrotta durante l'invio: il messaggio "
                     "potrebbe essere arrivato oppure no. Non lo rimando da solo per non mandarlo due volte.</i>")
ROUND_BUTTON = "{label}: {sent}/{total}"
RESEND_BUTTON = ("🔁 Rimanda l'incerto", "🔁 Rimanda i {n} incerti")  # one, other
RESEND_ASK = ("Rimando i messaggi «incerti» di <b>{label}</b> ({count})? Qualcuno potrebbe riceverlo due volte, "
              "se la prima volta era arrivato.")
MESSAGES = ("{n} messaggio", "{n} messaggi")  # one, other
RESEND_CONFIRM = "🔁 Sì, rimanda"
RESENT = ("🔁 {n} messaggio rimesso in coda.", "🔁 {n} messaggi rimessi in coda.")  # one, other
NOTHING_TO_RESEND = "Non ci sono messaggi incerti da rimandare."
ROUND_BROADCAST = "Annuncio #{id}"
BACK_TO_LIST = "« Consegne"
AUDIENCE_COMUNI = "Referenti di {names}"
AUDIENCE_PEOPLE = ("{n} persona indicata", "{n} persone indicate")  # one, other
ASK_COMUNI = ("Referenti di quali comuni? Scrivi i nomi separati da virgole, per esempio "
              "<i>Rho, Pero, Cornaredo</i>.")
ADD_GROUP = "➕ Aggiungi un gruppo"
ADD_GROUP_TITLE = "Destinatari finora: <b>{audience}</b>.\nQuale gruppo aggiungo?"
