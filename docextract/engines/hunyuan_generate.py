"""Generation helpers for the HunyuanOCR transformers engine: early stop, token log-probabilities, token texts.

Imported only by :mod:`docextract.engines.hunyuan` when a model is loaded (it imports torch and
transformers at module level).

* :class:`TailRepetitionStop` — a ``StoppingCriteria`` that stops each batch row on its own once its
  decoded text ends in a runaway loop (:class:`~docextract.engines.repetition.TailRepetitionGuard`).
* :class:`ChosenTokenLogprobs` — a ``LogitsProcessor`` (placed last) that keeps only the previous
  step's log-softmax and gathers the log-probability of the token actually chosen, so confidences
  cost one ``batch × vocab`` buffer instead of ``output_scores``' ``steps × batch × vocab``.
* :func:`token_texts` — per-token text whose concatenation is the decoded answer (a multi-byte
  character split over several tokens is attributed to the token that completes it).
"""

from __future__ import annotations

import torch
from transformers import LogitsProcessor, StoppingCriteria

from .repetition import TailRepetitionGuard

__all__ = ["TailRepetitionStop", "ChosenTokenLogprobs", "token_texts"]


class TailRepetitionStop(StoppingCriteria):
    """Stop the rows whose generated text ends in a repeated unit (official tail-repetition early stop).

    Rows are decoded only every ``check_tokens`` new tokens, and only once they could have reached
    ``first_check`` characters. ``stopped_at[i]`` is the number of generated tokens when row ``i`` was stopped.
    """

    def __init__(self, tokenizer, prompt_length: int, batch_size: int, *, check_tokens: int | None = None,
                 **guard: int) -> None:
        self.tokenizer = tokenizer
        self.prompt_length = prompt_length
        self.guards = [TailRepetitionGuard(**guard) for _ in range(batch_size)]
        every = self.guards[0].every if self.guards else 1000
        self.check_tokens = check_tokens or max(1, min(64, every // 16))
        self.first_tokens = max(1, self.guards[0].first_check // 8) if self.guards else 1
        self.stopped_at: list[int | None] = [None] * batch_size

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor, **kwargs) -> torch.BoolTensor:
        n = input_ids.shape[1] - self.prompt_length
        done = torch.zeros(input_ids.shape[0], dtype=torch.bool, device=input_ids.device)
        due = n >= self.first_tokens and n % self.check_tokens == 0
        for row, guard in enumerate(self.guards):
            if self.stopped_at[row] is not None:
                done[row] = True
            elif due:
                text = self.tokenizer.decode(input_ids[row, self.prompt_length:].tolist(), skip_special_tokens=True)
                if guard.check(text.rstrip("\ufffd")):  # not a character cut in half by a byte token
                    self.stopped_at[row] = n
                    done[row] = True
        return done


class ChosenTokenLogprobs(LogitsProcessor):
    """Record the log-probability of each generated token under the final (processed) distribution."""

    def __init__(self) -> None:
        self._previous: torch.Tensor | None = None
        self._values: list[torch.Tensor] = []

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        if self._previous is not None:  # input_ids now ends with the token chosen from the previous step
            self._values.append(self._previous.gather(1, input_ids[:, -1:]).squeeze(1))
        self._previous = torch.log_softmax(scores.float(), dim=-1)
        return scores

    def finish(self, sequences: torch.LongTensor) -> torch.Tensor:
        """``(batch, generated)`` log-probabilities, given the final sequences."""
        if self._previous is not None:
            self._values.append(self._previous.gather(1, sequences[:, -1:]).squeeze(1))
            self._previous = None
        if not self._values:
            return torch.zeros((sequences.shape[0], 0))
        return torch.stack(self._values, dim=1).cpu()


def token_texts(tokenizer, ids: list[int], *, max_hold: int = 8) -> list[str]:
    """The text each token adds to the decoded string (special tokens add ``""``).

    A token that ends inside a multi-byte character adds nothing until the character completes;
    undecodable bytes are released after ``max_hold`` tokens so the work stays linear.
    """
    pieces: list[str] = []
    prefix = read = 0
    for i in range(len(ids)):
        prev = tokenizer.decode(ids[prefix:read], skip_special_tokens=True) if read > prefix else ""
        cur = tokenizer.decode(ids[prefix:i + 1], skip_special_tokens=True)
        if (len(cur) > len(prev) and not cur.endswith("\ufffd")) or i + 1 - read >= max_hold:
            pieces.append(cur[len(prev):] if cur.startswith(prev) else cur)
            prefix, read = read, i + 1
        else:
            pieces.append("")
    if read < len(ids):  # a dangling incomplete character: give what decode gives to the last token
        prev = tokenizer.decode(ids[prefix:read], skip_special_tokens=True) if read > prefix else ""
        cur = tokenizer.decode(ids[prefix:], skip_special_tokens=True)
        pieces[-1] += cur[len(prev):] if cur.startswith(prev) else cur
    return pieces
