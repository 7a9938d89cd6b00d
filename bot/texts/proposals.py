"""Texts of the review of questionnaire proposals (/proposte, `zobot catalogue proposals|review|apply`)."""

MENU_HEAD = "📥 <b>Proposte dai questionari</b>\nScegli una campagna: le risposte delle PO propongono modifiche al catalogo."
MENU_EMPTY = "Nessuna proposta: nessuna risposta completa a un questionario collegato al catalogo."
MENU_BUTTON = "#{id} ({pending}/{total} da decidere) {title}"
HEAD = "📥 <b>Proposte della campagna #{campaign}</b> – {title}"
COUNTS = "{total}: da decidere {pending}, accettate {accepted}, rifiutate {rejected}, applicate {applied}"
PROPOSALS = ("{n} proposta", "{n} proposte")
PAGE = "Pagina {page} di {pages}"
SERVICE = "<b>{service}</b>"
ITEM = "{mark} <b>#{id}</b> {place}: {old} → {new} ({kind}) · risposta di {office} del {date} · {state}"
NOTE = "   nota: {note}"
CONFLICT = "   ⚠️ dopo la risposta il catalogo è cambiato: oggi «{current}»{source}: non verrà sovrascritto"
CURRENT_SOURCE = " (fonte: {source})"
NONE = "—"
ENDED = "cessato"
KINDS = {"new": "nuova", "changed": "cambio di stato", "ended": "cessazione"}
MARKS = {"pending": "⏳", "accepted": "✅", "rejected": "❌", "applied": "✔️", "unchanged": "＝", "conflict": "⚠️",
         "superseded": "⤵️", "blocked": "⛔"}
STATES = {"pending": "da decidere", "accepted": "accettata", "rejected": "rifiutata", "applied": "applicata",
          "unchanged": "già così nel catalogo", "conflict": "non applicata: conflitto con un dato più recente",
          "superseded": "superata da una risposta più recente", "blocked": "non applicata: servizio solo proposto"}
NO_OFFICE = "PO senza ufficio"
BUTTON_ACCEPT = "✅ #{id}"
BUTTON_REJECT = "❌ #{id}"
BUTTON_ACCEPT_ALL = "✅ Accetta tutte"
BUTTON_APPLY = "▶️ Applica le accettate"
BUTTON_CONFIRM = "✅ Conferma: applica"
BUTTON_BACK = "« Proposte"
BUTTON_MENU = "« Campagne"
STALE = "Questa proposta è già stata applicata o non esiste più."
PREVIEW_HEAD = "▶️ <b>Applicare le proposte accettate della campagna #{campaign}?</b>"
APPLIED_HEAD = "✔️ <b>Proposte applicate – campagna #{campaign}</b>"
PREVIEW_NOTHING = "Non ci sono proposte accettate da applicare."
OUTCOME = {"applied": "Da applicare: {n}", "unchanged": "Già così nel catalogo: {n}",
           "conflict": "In conflitto con un dato più recente (non sovrascritti): {n}",
           "superseded": "Superate da una risposta più recente: {n}",
           "blocked": "Bloccate (servizio solo proposto nel catalogo): {n}"}
OUTCOME_DONE = {"applied": "Applicate: {n}"}
OUTCOME_LINE = "   • #{id} {service} – {place}"
VERSION_NOTE = "Il catalogo è aggiornato: le risposte del bot mostrano già i nuovi dati, con la loro fonte."
USAGE = "Scrivi /proposte per l'elenco delle campagne, oppure <code>/proposte NUMERO_CAMPAGNA</code>."
NOT_FOUND = "Non trovo la campagna #{campaign}."
CLI_NO_CAMPAIGN = "zobot: nessuna campagna {campaign}"
CLI_STALE = "zobot: proposte non di questa campagna o già applicate: {ids}; niente è cambiato"
CLI_DECIDED = "accettate: {accepted}; rifiutate: {rejected}"
CLI_NEED_CHOICE = "zobot: indica --accept ID…, --reject ID… oppure --accept-all"
