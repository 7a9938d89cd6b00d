"""The `zobot` command's own words for the operator: its description, `run`, `web`, `sandbox`, `db` and `ask`.

The sub-commands of a feature keep theirs beside the feature's other texts (catalogue.py, meetings.py,
people.py, questionnaires.py). Plain text for a terminal; fields filled with str.format."""
from __future__ import annotations

DESCRIPTION = "Bot delle Zone Omogenee della Città metropolitana di Milano"
CONFIG_ERROR = "zobot: errore di configurazione: {error}"
FAILED = "zobot: {error}"

RUN_HELP = "avvia il bot (long polling; --webhook in produzione; senza token: la sandbox)"
RUN_WEBHOOK_HELP = "serve un webhook invece del long polling"
RUN_PORT_HELP = "solo per la sandbox: porta della chat web (predefinita 8765)"
RUN_NO_TOKEN = ("zobot: ZOBOT_TOKEN non è impostato, quindi parte la SANDBOX locale: una controfigura di Telegram "
                "con una chat web, senza rete, con persone di prova e un suo file SQLite. Per il bot vero, crearne "
                "uno con @BotFather ed eseguire `export ZOBOT_TOKEN=…` (vedi README).")

SANDBOX_HELP = "prova il bot senza rete: server Bot API locale + chat web nel browser"
SANDBOX_PORT_HELP = "porta della chat web e della Bot API locale (predefinita 8765)"
SANDBOX_HOST_HELP = "indirizzo su cui ascoltare (predefinito 127.0.0.1)"
SANDBOX_DATABASE_HELP = "URL del database (predefinito: un file SQLite della sandbox accanto a quello normale)"
SANDBOX_BUSY = "zobot sandbox: la porta {port} è occupata; sceglierne un'altra con --port N"
SANDBOX_READY = ("zobot sandbox: aprire {chat}/ nel browser (Ctrl+C per fermare); pagine web su {web}/. "
                 "Database: {database}")

WEB_HELP = "pagine web: catalogo pubblico, dati aperti, calendari, gestione (ZOBOT_WEB_*)"
WEB_LISTEN_HELP = "indirizzo su cui ascoltare (predefinito ZOBOT_WEB_LISTEN, 127.0.0.1)"
WEB_PORT_HELP = "porta (predefinita ZOBOT_WEB_PORT, 8081)"
WEB_NO_URL = ("zobot web: ZOBOT_WEB_URL non è impostato: i link che il bot manda (/web, /calendario) hanno bisogno "
              "dell'indirizzo pubblico di queste pagine, per esempio ZOBOT_WEB_URL=https://zobot.example.it")

DB_HELP = "schema del database"
DB_UPGRADE_HELP = "applica le migrazioni (alembic upgrade heads)"
DB_AT = ("Database alla revisione: {revisions}", "Database alle revisioni: {revisions}")  # one, other

ASK_HELP = "fai una domanda sul catalogo (es. zobot ask \"in che zona è Rho?\")"
ASK_QUESTION_HELP = "la domanda, in italiano"
ASK_HTML_HELP = "stampa l'HTML inviato in chat invece del testo"
ASK_BUTTONS_HELP = "mostra anche i pulsanti e i loro dati"
ASK_BUTTON = "[{label}] ({target})"
