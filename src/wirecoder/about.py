"""Package identity: version and the output-contract id."""

__version__ = "0.1.0"
SCHEMA_ID = "wirecoder/1"
