"""Batches for the HunyuanOCR transformers engine: one prepared request each, grouped by size and budget.

A batch shares one ``generate`` call, so its requests need the same token budget and either all
or none carry images; within a group the cheapest come first and a batch is closed at
``batch_size`` requests or ``max_image_tokens`` visual tokens (a single larger one still runs alone).

>>> items = [Item(0, "a", ["im"], 300, 64), Item(1, "b", ["im"], 100, 64), Item(2, "c", [], 0, 64),
...          Item(3, "d", ["im"], 200, 16), Item(4, "e", ["im"], 150, 64)]
>>> [[it.index for it in batch] for batch in plan(items, batch_size=2, max_image_tokens=1000)]
[[1, 4], [0], [2], [3]]
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Item", "plan"]


@dataclass
class Item:
    """One request, prepared: its place in the call, chat-formatted text, images, their visual tokens, budget."""

    index: int
    text: str
    images: list
    image_tokens: int
    max_new_tokens: int


def plan(items: list[Item], batch_size: int, max_image_tokens: int) -> list[list[Item]]:
    """Batches of similar size: same token budget and image presence, sorted by cost, bounded in tokens."""
    groups: dict[tuple, list[Item]] = {}
    for item in items:
        groups.setdefault((item.max_new_tokens, bool(item.images)), []).append(item)
    batches = []
    for group in groups.values():
        group.sort(key=lambda it: (it.image_tokens, len(it.text)))
        batch: list[Item] = []
        for item in group:
            cost = sum(it.image_tokens for it in batch) + item.image_tokens
            if batch and (len(batch) >= batch_size or cost > max_image_tokens):
                batches.append(batch)
                batch = []
            batch.append(item)
        if batch:
            batches.append(batch)
    return batches
