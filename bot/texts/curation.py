"""Texts of catalogue curation: contacts and details (/dettagli, `zobot catalogue set`), the PO's
/copertura dialogue and the coverage history. Plain messages (no tags) are shared with the CLI."""
from bot.texts import render

# --- contacts and details -------------------------------------------------------------------
FIELD_NAMES = {"email": "E-mail", "pec": "PEC", "phone": "Telefono", "web": "Sito web",
               "legal_basis": "Base giuridica", "joining": "Come aderire"}
KIND_NAMES = {"office": "ufficio", "service": "servizio"}
DETAIL_INVALID = {
    "email": "indirizzo e-mail non valido: scrivilo come nome@dominio.it",
    "pec": ("non sembra un indirizzo PEC: deve essere un indirizzo e-mail di un gestore di posta certificata "
            "(il dominio contiene di solito «pec», «cert» o «legalmail», es. protocollo@pec.cittametropolitana.mi.it)"),
    "phone": ("numero di telefono non valido: serve un numero italiano, fisso (0…), cellulare (3…) o "
              "numero verde (800…), anche con +39, es. 02 7740 1"),
    "web": "indirizzo web non valido: deve iniziare con https:// o http://, es. https://www.cittametropolitana.mi.it",
    "text": "testo troppo corto o troppo lungo (da 3 a 1000 caratteri)",
    "source": "manca la fonte (da 3 a 300 caratteri): da dove viene questo dato?",
    "kind": "scrivi «servizio» oppure «ufficio»",
    "field": ("campo sconosciuto: usa email, pec, telefono, sito, base_giuridica o adesione "
              "(le ultime due solo per un servizio)"),
    "code": "non trovo questo servizio o ufficio: usa il suo codice o il nome esatto",
}
FILE_DETAILS_MAPPING = "«details» deve essere un elenco di campi, ognuno con value e source"
FILE_DETAIL_FIELD = "«details»: campo «{field}» non ammesso qui (ammessi: {allowed})"
FILE_DETAIL_SHAPE = "«details»: il campo «{field}» deve avere solo value e source, entrambi testi"
FILE_DETAIL_VALUE = "«details»: {field}: {reason}"

DETAILS_USAGE = (
    "Per impostare un contatto o un dettaglio scrivi:\n"
    "<code>/dettagli servizio|ufficio CODICE; campo; valore; fonte</code>\n"
    "Campi: email, pec, telefono, sito (servizio e ufficio), base_giuridica, adesione (solo servizio). "
    "Il valore «-» toglie il dato. Per vedere i dati attuali: <code>/dettagli servizio CODICE</code>."
)
DETAIL_REFUSED = "Non ho salvato niente: {reason}."
DETAIL_REFUSED_VALUE = "Non ho salvato niente: «{value}»: {reason}."
DETAIL_SAVED = "Salvato: {field} di «{name}» ({kind}) = {value}\nFonte: {source}"
DETAIL_REMOVED = "Tolto: {field} di «{name}» ({kind})."
DETAILS_HEAD = "<b>{name}</b> ({kind} <code>{code}</code>)"
DETAILS_LINE = "• {field}: {value} <i>(fonte: {source})</i>"
DETAILS_NONE = "Nessun contatto o dettaglio registrato."
CARD_DETAIL = "<b>{label}</b>: {value} <i>(fonte: {source})</i>"
CONTACT_DETAIL = "{label}: {value}"
CONTACT_SOURCES = "<i>Fonti: {sources}</i>"

# --- sources of coverage records --------------------------------------------------------------
SOURCE_PO = "/copertura, {office}, {date}"
SOURCE_CMM = "Città metropolitana di Milano"  # the source of a record made by no office
SOURCE_QUESTIONNAIRE = "questionario «{title}», risposta di {office} del {date}"

# --- the PO's /copertura dialogue ---------------------------------------------------------------
ASK_SERVICE = "Scegli un servizio oppure <b>scrivine il nome</b> (anche solo una parte: per esempio <i>appalti</i>)."
SERVICE_CANDIDATES = "🤔 «{text}»: intendevi uno di questi servizi del tuo ufficio?"
SERVICE_NOT_FOUND = "Non trovo «{text}» tra i servizi del tuo ufficio. Scegline uno qui sotto oppure riscrivi il nome."
ASK_PLACE = ("Per registrare dove è attivo, <b>scrivi il nome di un comune o di una zona</b> "
             "(per esempio <i>Abbiategrasso</i> o <i>Nord Ovest</i>) oppure scegli una zona:")
PLACE_CANDIDATES = "🤔 «{text}»: intendevi?"
PLACE_NOT_FOUND = ("Non trovo un comune o una zona della Città metropolitana «{text}». Riscrivi il nome "
                   "oppure scegli una zona:")
ASK_STATUS = "<b>{service}</b> – {place}\nOggi risulta: {current}.\nChe cosa vuoi registrare?"
NOTHING_RECORDED = "nessuna registrazione"
NOTHING_TO_END = "Non c'è niente da segnare come cessato: qui il servizio non risulta registrato. Scegli un altro stato."
ASK_SINCE = "Da quando? <b>Scrivi la data</b> (gg/mm/aaaa) oppure scegli:"
BAD_SINCE = "Data non valida: scrivila come gg/mm/aaaa, per esempio 01/03/2026, oppure scegli:"
ASK_CONFIRM = "Confermi?\n<b>{service}</b> – {place}: «{status}»{since}"
SAVED = "✅ Registrato: <b>{service}</b> – {place}: «{status}»{since}."
LEFT = "Va bene, niente è cambiato. Scrivi /copertura quando vuoi aggiornare la copertura."
HISTORY_HEAD = "<b>Storico delle modifiche</b> ({shown} di {total})"
HISTORY_LINE = "• {date} – {place}: {old} → {new}{since} <i>({source})</i>"
HISTORY_NONE = "Nessuna modifica registrata."
NO_VALUE = "—"
COVERAGE_SOURCE = " <i>(fonte: {source})</i>"
STATUS_BUTTONS = {"attivato": "✅ attivato", "in attivazione": "⏳ in attivazione", "sospeso": "⏸ sospeso",
                  "cessato": "⛔ cessato (non più erogato)"}
BUTTON_TODAY = "Oggi"
BUTTON_NO_DATE = "Senza data"
BUTTON_SAVE = "✅ Salva"
BUTTON_CANCEL = "✖️ Annulla"
BUTTON_OTHER_PLACE = "➕ Un altro comune o zona"
BUTTON_SERVICES = "↩︎ I servizi del mio ufficio"
BUTTON_HISTORY = "📜 Copertura e storico"
COVERAGE_SOURCES = "<i>Fonte dei dati di copertura: {sources}</i>"


def detail_refused(exc) -> str:
    """The sentence for a refused detail (bot.errors.BadDetail), in the chat and on the command line."""
    reason = DETAIL_INVALID[exc.reason]
    if exc.value and exc.reason not in ("source", "text"):
        return render(DETAIL_REFUSED_VALUE, value=exc.value, reason=reason)
    return render(DETAIL_REFUSED, reason=reason)
