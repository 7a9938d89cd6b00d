"""Problems of the data files an operator edits, each shown after `file:line:` (plain text for a terminal).

The catalogue's CSV and YAML files (`zobot catalogue check|load`, bot/catalogue/validate*.py, datafiles.py)
and any YAML data file read by bot/yamlfiles.py (tavoli, questionnaires). Fields filled with str.format;
plural forms (one, other) by bot.texts.plural_text."""
from __future__ import annotations

import errno

# ---- reading a file (bot/catalogue/datafiles.py) ----
NO_DIRECTORY = "la cartella non esiste"
MISSING = "file mancante"
NOT_UTF8 = "il file non è in UTF-8 (byte non valido in posizione {byte}): salvarlo come UTF-8"
UNREADABLE = "file illeggibile: {error}"
EMPTY_CSV = "file vuoto: manca l'intestazione"
BAD_CSV = "CSV non valido: {error}"
CSV_PROBLEMS = (  # Python's csv module's reasons in Italian; one not listed is shown as it is
    (r"field larger than field limit \((?P<limit>\d+)\)", "un campo supera i {limit} caratteri"),
    (r"line contains NUL", "la riga contiene un carattere nullo: è davvero un file di testo?"),
    (r"unexpected end of data", "il file finisce dentro un campo tra virgolette"),
    (r"new-line character seen in unquoted field.*", "un a capo dentro un campo senza virgolette"),
)
BAD_HEADER = "intestazione errata: attesa «{expected}», trovata «{found}»"
COLUMNS = ("attesa {n} colonna, trovate {found}", "attese {n} colonne, trovate {found}")
KEY_TWICE = "chiave «{key}» ripetuta"
BAD_YAML = "YAML non valido: {error}"
# the YAML parser's reasons (English; libyaml's and pure-Python PyYAML's wordings) in Italian, for any YAML file;
# one not listed is shown as the parser gives it (templates are str.format: a brace is written twice)
YAML_PROBLEMS = (
    (r"(did not find expected|expected) ',' or '\]'.*", "manca una «,» o una «]»: una parentesi quadra non chiusa?"),
    (r"(did not find expected|expected) ',' or '\}'.*", "manca una «,» o una «}}»: una parentesi graffa non chiusa?"),
    (r"found a tab character.*|found character '\\t' that cannot start any token",
     "una tabulazione nel rientro: rientrare con gli spazi"),
    (r"found character .*that cannot start any token",
     "un carattere che non può iniziare un valore (una tabulazione? «@» o «`» senza virgolette?)"),
    (r"mapping values are not allowed (here|in this context)", "un «:» di troppo: un testo che contiene «: » va tra virgolette"),
    (r"did not find expected key|expected <block end>, but found .*",
     "rientro non coerente: le chiavi della stessa voce vanno allineate"),
    (r"did not find expected '-' indicator", "rientro non coerente: le voci di un elenco iniziano con «- », allineate"),
    (r"found unexpected end of stream", "il file finisce prima che si chiudano virgolette o parentesi"),
    (r"found undefined alias.*", "un «*» senza ancora «&»: un testo che inizia con «*» va tra virgolette"),
    (r"could not find expected ':'", "manca un «:» dopo il nome del campo"),
    (r"could not determine a constructor for the tag (?P<tag>.+)",
     "etichetta {tag} non ammessa: solo testi, numeri, elenchi e mappe"),
)
NOT_A_LIST = "il file deve contenere un elenco (righe che iniziano con «- »)"
NOT_AN_ENTRY = "elemento n. {position} dell'elenco: non è una voce con campi"

# why a file cannot be read, by errno (the system's own words are English); others: the system's words
OS_REASONS = {errno.ENOENT: "il file non esiste", errno.EACCES: "permesso negato", errno.EPERM: "permesso negato",
              errno.EISDIR: "è una cartella, non un file", errno.ENOTDIR: "una parte del percorso non è una cartella",
              errno.EIO: "errore di lettura del disco"}


def os_reason(exc: OSError) -> str:
    """Why a file could not be read, in Italian where the error is a common one."""
    return OS_REASONS.get(exc.errno or 0) or exc.strerror or str(exc)


# ---- the catalogue's content (bot/catalogue/validate.py) ----
BOTH_COVERAGE = "ci sono sia {real} sia {example}: tenere solo quello da caricare"
REPEATED = "{label} «{value}» ripetuto (già alla riga {line})"
LABEL_ZONE_CODE = "codice zona"
LABEL_ZONE_NAME = "nome zona"
LABEL_ISTAT = "codice ISTAT"
LABEL_COMUNE_NAME = "nome comune"
LABEL_CODE = "codice"
LABEL_SERVICE_NAME = "nome servizio"
BAD_ZONE_CODE = "codice zona «{code}» non valido: minuscole, cifre e trattini"
EMPTY_ZONE_NAME = "nome della zona vuoto"
IS_CAPOLUOGO = "is_capoluogo deve essere yes o no, non «{value}»"
N_COMUNI = "n_comuni deve essere un intero positivo, non «{value}»"
EMPTY_ALIAS = "alias vuoto: separare gli alias con un solo «|»"
TWO_CAPOLUOGHI = "più di una zona segnata come capoluogo"
BAD_ISTAT = "codice ISTAT «{code}» non valido: servono 6 cifre"
EMPTY_COMUNE_NAME = "nome del comune vuoto"
UNKNOWN_ZONE = "zona «{zone}» sconosciuta (non è in {file})"
ZONE_COUNT = ("la zona «{zone}» dichiara {n} comune ma {file} ne assegna {found}",
              "la zona «{zone}» dichiara {n} comuni ma {file} ne assegna {found}")
REFERENCE_COMUNE = "comune di riferimento «{comune}» non è tra i comuni della zona in {file}"
POPULATION = "popolazione «{value}» non è un intero"
POPULATION_YEAR = "anno della popolazione «{value}» non valido"
POPULATION_NO_YEAR = "popolazione senza anno di riferimento"
UNKNOWN_FIELD = "campo «{key}» sconosciuto (ammessi: {allowed})"
TEXT_LIST = "«{key}» deve essere un elenco di testi non vuoti"
NAMED = "«named» deve essere true o false"
TEXT = "«{key}» deve essere un testo"
REQUIRED = "campo «{key}» mancante o vuoto"
CODE_NOT_TEXT = "codice «{code}» non valido: deve essere un testo"
BAD_CODE = "codice «{code}» non valido: minuscole, cifre e trattini"
BAD_EMAIL = "e-mail «{email}» non valida"
UNKNOWN_THEME = "tema «{theme}» sconosciuto (non è in {file})"
UNKNOWN_OFFICE = "ufficio «{office}» sconosciuto (non è in {file})"
BAD_STATUS = "stato «{status}» non valido (ammessi: {allowed})"

# ---- the coverage file (bot/catalogue/validate_coverage.py) ----
UNKNOWN_SERVICE = "servizio «{service}» sconosciuto (non è in {file})"
ONLY_PROPOSED = "il servizio «{service}» è solo proposto: non può essere attivato"
BAD_DATE = "data «{value}» non valida: usare AAAA-MM-GG"
COVERAGE_TWICE = "copertura ripetuta (già alla riga {line})"
ZONE_OR_COMUNE = "indicare una zona oppure un comune (uno solo dei due)"
UNKNOWN_COMUNE = "comune con codice ISTAT «{code}» sconosciuto (non è in {file})"
COMUNE_NAME = "il codice {code} è «{name}», non «{given}»"
EXAMPLE_FLAG = "example deve essere yes o no, non «{value}»"
EXAMPLE_ONLY = "in {file} ogni riga è un esempio: example=yes"

# ---- lengths (bot/catalogue/validate_lengths.py) ----
ITEM_TOO_LONG = ("«{field}»: ogni voce al massimo {n} carattere", "«{field}»: ogni voce al massimo {n} caratteri")
TOO_LONG = "«{field}» troppo lungo: {length} caratteri, al massimo {n}"

# ---- any YAML data file (bot/yamlfiles.py: tavoli, questionnaires) ----
YAML_UNREADABLE = "non si può leggere ({error})"
YAML_TOO_LARGE = "più grande di {kb} kB"
YAML_NOT_UTF8 = "non è testo UTF-8 (salvarlo come UTF-8)"
YAML_INVALID = "YAML non valido: {error}"
YAML_ALIASES = "ancore e alias (& e *) non sono ammessi"
YAML_TOO_DEEP = "annidato troppo in profondità"
