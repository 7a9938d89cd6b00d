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

# argparse's own words (bot/cli/parser.py): usage, section titles, -h, and the errors it reports
USAGE = "uso: "
POSITIONALS = "argomenti"
OPTIONALS = "opzioni"
HELP_HELP = "mostra questo aiuto ed esci"
ARGPARSE_ERROR = "{prog}: errore: {message}\n"
ARGPARSE_ARGUMENT = "argomento {argument}: {message}"
COMMAND = "COMANDO"  # what a sub-command is called in `uso:` lines
# the placeholder shown for an argument's value in `uso:` lines and errors, by the argument's name in the code
METAVARS = {"audience": "PUBBLICO", "bot": "USERNAME", "campaign": "CAMPAGNA", "charts": "CARTELLA",
            "closes": "DATA", "code": "CODICE", "comune": "COMUNE", "database": "URL", "directory": "CARTELLA",
            "email": "EMAIL", "field": "CAMPO", "file": "FILE", "files": "FILE", "host": "INDIRIZZO",
            "label": "ETICHETTA", "listen": "INDIRIZZO", "name": "NOME", "office": "UFFICIO", "opens": "DATA",
            "out": "CARTELLA", "output": "FILE", "person": "PERSONA", "port": "PORTA", "qr": "FILE",
            "question": "DOMANDA", "questionnaire": "QUESTIONARIO", "ref": "INVITO", "reminders": "GIORNI",
            "role": "RUOLO", "source": "FONTE", "telegram_id": "ID_TELEGRAM", "until": "DATA", "value": "VALORE",
            "zone": "ZONA"}
# (argparse's English message as a regular expression, its Italian template); an unknown one is shown as it is
ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (?P<names>.+)", "mancano gli argomenti obbligatori: {names}"),
    (r"unrecognized arguments: (?P<names>.+)", "argomenti non riconosciuti: {names}"),
    (r"invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)", "scelta non valida: {value} (ammesse: {choices})"),
    (r"invalid int value: (?P<value>.+)", "{value} non è un numero intero"),
    (r"invalid float value: (?P<value>.+)", "{value} non è un numero"),
    (r"invalid (?P<type>\w+) value: (?P<value>.+)", "valore non valido: {value}"),
    (r"expected one argument", "serve un valore"),
    (r"expected at least one argument", "serve almeno un valore"),
    (r"expected at most one argument", "al massimo un valore"),
    (r"expected (?P<n>\d+) arguments?", "servono {n} valori"),
    (r"not allowed with argument (?P<other>.+)", "non si può usare insieme a {other}"),
    (r"ignored explicit argument (?P<value>.+)", "valore non ammesso: {value}"),
    (r"one of the arguments (?P<names>.+) is required", "serve uno di questi argomenti: {names}"),
    (r"ambiguous option: (?P<option>.+) could match (?P<matches>.+)", "opzione ambigua: {option} può essere {matches}"),
    (r"can't open '(?P<filename>.+)': (?P<error>.+)", "non si può aprire «{filename}»: {error}"),
)
