"""docextract: photos and scans of documents to typed, validated records."""

__version__ = "0.1.0"
