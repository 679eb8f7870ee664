"""Past one machine: ``docextract batch`` on a Ray cluster (optional extra ``docextract[ray]``).

::

    from docextract.scale import extract_dataset
    extract_dataset("scans/", schema="receipt", out="results.jsonl", engine="rapidocr", address="auto")

The same JSON lines as ``docextract batch`` (one per input, resumable by content hash), written by
the driver while a pool of Ray Data actors, one engine each, does the work. Importing this package
does not import Ray; a call without Ray installed raises :class:`RayUnavailable` naming the extra.
See docs/scaling.md.

>>> from docextract.scale import RayUnavailable
>>> RayUnavailable().code
'ray_unavailable'
"""

from __future__ import annotations

from docextract.scale.inputs import DEFAULT_MAX_BYTES, is_uri, list_inputs, read_document
from docextract.scale.run import Plan, RayJobFailed, RayUnavailable, extract_dataset, plan_for, write_parquet
from docextract.scale.worker import DocumentWorker

__all__ = ["extract_dataset", "plan_for", "Plan", "DocumentWorker", "list_inputs", "read_document", "is_uri",
           "write_parquet", "RayUnavailable", "RayJobFailed", "DEFAULT_MAX_BYTES"]
