"""What the operator reads when a ZOBOT_* setting is missing or wrong: the variable, the value and the fix.

Plain text for a terminal (no HTML); fields are filled with str.format by bot/config.py."""
from __future__ import annotations

TOKEN_REJECTED = ("Telegram ha rifiutato il token (ZOBOT_TOKEN): è revocato o sbagliato. "
                  "Copiarlo di nuovo da @BotFather e riavviare.")
TOKEN_MISSING = ("ZOBOT_TOKEN non è impostato. Creare un bot con @BotFather su Telegram (/newbot), copiare il "
                 "token che dà ed eseguire: export ZOBOT_TOKEN='123456:ABC…'. "
                 "Senza token si può provare `zobot sandbox`, una chat locale.")
TOKEN_SHAPE = ("ZOBOT_TOKEN non sembra il token di un bot (atteso '123456789:AA…', come lo dà @BotFather). "
               "Controllare di averlo copiato intero, senza virgolette né spazi.")
ADMINS = ("{name}={raw!r} non è un elenco di identificativi Telegram. Scrivere numeri separati da virgole, "
          "per esempio ZOBOT_ADMINS=123456789,987654321 (il proprio identificativo lo dice @userinfobot).")
POSITIVE = "{name}={raw!r} deve essere un numero positivo."
DATABASE_URL = ("ZOBOT_DATABASE_URL={url!r} non è supportato. Usare sqlite+aiosqlite:///percorso/file.sqlite3 "
                "oppure postgresql+asyncpg://utente@host:5432/nomedb.")
HTTP_URL = "{name}={raw!r} deve essere un indirizzo http(s)."
TIMEZONE = "ZOBOT_TIMEZONE={raw!r} non è un fuso orario IANA (per esempio Europe/Rome)."
LOG_LEVEL = "ZOBOT_LOG_LEVEL={raw!r}: usare DEBUG, INFO, WARNING o ERROR."
BROADCAST_RATE = "ZOBOT_BROADCAST_RATE deve essere al massimo {high} (il limite di Telegram per bot)."
WEBHOOK_SECRET = "ZOBOT_WEBHOOK_SECRET deve avere da 16 a 256 caratteri tra A-Z, a-z, 0-9, _ e -."
CONCURRENT_UPDATES = ("ZOBOT_CONCURRENT_UPDATES deve essere al massimo {high} "
                      "(ogni aggiornamento in corso può tenere una connessione al database).")
CATALOGUE_EXAMPLES = ("ZOBOT_CATALOGUE_EXAMPLES={raw!r}: usare yes (coperture di esempio, il valore predefinito) "
                      "oppure no (un'installazione di produzione, solo dati reali).")
WEB_URL = ("ZOBOT_WEB_URL={url!r} deve essere un indirizzo di base come https://zobot.example.it "
           "(senza parametri dopo «?»).")
WEB_PORT = "ZOBOT_WEB_PORT={raw!r} non è una porta TCP (1-65535)."
WEB_SESSION_HOURS = "ZOBOT_WEB_SESSION_HOURS deve essere al massimo {high} (una settimana)."
WEB_IDLE = "ZOBOT_WEB_IDLE_MINUTES non deve superare ZOBOT_WEB_SESSION_HOURS (in minuti)."
WEBHOOK_NEEDS = ("la modalità webhook richiede ZOBOT_WEBHOOK_URL (l'indirizzo https pubblico che Telegram chiama) "
                 "e ZOBOT_WEBHOOK_SECRET (da 16 a 256 caratteri tra A-Z a-z 0-9 _ -)")
NO_SCHEMA = ("il database PostgreSQL non ha ancora le tabelle: eseguire prima `zobot db upgrade` "
             "(e `zobot catalogue load`)")
# e-mail as a channel (ZOBOT_SMTP_*)
SMTP_SECURITY = ("ZOBOT_SMTP_SECURITY={raw!r}: usare starttls (porta 587), tls (465) oppure none (25, solo verso "
                 "un relay sulla stessa macchina).")
SMTP_PORT = "ZOBOT_SMTP_PORT={raw!r} non è una porta TCP (1-65535)."
SMTP_LOGIN = "ZOBOT_SMTP_USER e ZOBOT_SMTP_PASSWORD vanno insieme (oppure nessuno dei due, senza login)."
SMTP_FROM = ("ZOBOT_SMTP_FROM deve essere l'indirizzo e-mail del mittente "
             "(per esempio zobot@cittametropolitana.mi.it).")
SMTP_CA_FILE = "ZOBOT_SMTP_CA_FILE={raw!r} non è un file (i certificati PEM dell'autorità da accettare)."
SMTP_NEEDS_WEB = ("ZOBOT_SMTP_HOST ha bisogno di ZOBOT_WEB_URL: ogni e-mail porta link alle pagine web "
                  "(conferma dell'indirizzo, disiscrizione, risposte, partecipazione).")
