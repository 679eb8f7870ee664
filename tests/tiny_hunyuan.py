"""A tiny, randomly initialised HunYuanVL checkpoint built offline, for driving the real engine in tests.

Real transformers classes at toy size (about 160 K parameters): a byte-level BPE tokenizer that
carries HunyuanOCR's special tokens and its real chat template, the PIL image processor with a
small pixel budget, and ``HunYuanVLForConditionalGeneration`` with two text and two vision layers.
Nothing is downloaded. The output of random weights is meaningless; tests assert the flow
(prompt tokens, batching, scores, stopping), not the text.

Special tokens and the bytes of non-printable or non-ASCII characters get zero embedding rows
(the embeddings are tied to the output layer), so greedy decoding emits printable ASCII text
rather than ``<｜hy_User｜>`` forever; prompts may still hold any UTF-8 (Chinese included).

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     sorted(p.name for p in build_tiny_hunyuan(tmp).iterdir())[:3]
['chat_template.jinja', 'config.json', 'generation_config.json']
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["build_tiny_hunyuan", "OFFICIAL_TEMPLATE", "LEGACY_TEMPLATE", "BOS", "EOS", "PAD", "USER", "placeholder"]

BOS = "<｜hy_begin▁of▁sentence｜>"
EOS = "<｜hy_Assistant｜>"
PAD = "<｜hy_▁pad▁｜>"
USER = "<｜hy_User｜>"


def placeholder(n: int) -> str:
    return f"<｜hy_place▁holder▁no▁{n}｜>"


# The chat template as published with the checkpoint (reference §1.4), verbatim.
OFFICIAL_TEMPLATE = (
    "{% if messages[0]['role'] == 'system' %}{% set loop_messages = messages[1:] %}"
    "{% if messages[0]['content'] is string %}{% set system_message = messages[0]['content'] %}"
    "{% else %}{% set system_message = messages[0]['content']['text'] %}{% endif %}"
    "<｜hy_begin▁of▁sentence｜>{{ system_message }}<｜hy_place▁holder▁no▁3｜>"
    "{% else %}{% set loop_messages = messages %}<｜hy_begin▁of▁sentence｜>{% endif %}"
    "{% for message in loop_messages %}{% if message['role'] == 'user' %}"
    "{% if message['content'] is string %}{{ message['content'] }}{% else %}"
    "{% for content in message['content'] %}"
    "{% if content['type'] == 'image' or 'image' in content or 'image_url' in content %}"
    "<｜hy_place▁holder▁no▁100｜><｜hy_place▁holder▁no▁102｜><｜hy_place▁holder▁no▁101｜>"
    "{% elif 'text' in content %}{{ content['text'] }}{% endif %}{% endfor %}{% endif %}<｜hy_User｜>"
    "{% elif message['role'] == 'assistant' %}{{ message['content'] }}<｜hy_Assistant｜>{% endif %}{% endfor %}"
)

# The older snapshot's template: a bare image token without start/end wrappers (pitfall §1.6.6).
LEGACY_TEMPLATE = OFFICIAL_TEMPLATE.replace(
    "<｜hy_place▁holder▁no▁100｜><｜hy_place▁holder▁no▁102｜><｜hy_place▁holder▁no▁101｜>",
    "<｜hy_place▁holder▁no▁102｜>")


def _bytes_to_unicode() -> list[str]:
    """The printable stand-in symbol of each byte 0–255 in byte-level BPE (GPT-2 convention)."""
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    symbols, extra = [], 0
    for b in range(256):
        if b in keep:
            symbols.append(chr(b))
        else:
            symbols.append(chr(256 + extra))
            extra += 1
    return symbols


def build_tiny_hunyuan(directory, *, template: str = OFFICIAL_TEMPLATE, max_pixels: int = 128 * 128,
                       seed: int = 0, head_dim: int = 16) -> Path:
    """Build (once) and ``save_pretrained`` the tiny model and processor into ``directory``; return its path.

    ``head_dim=32`` gives text and vision attention heads that vLLM's CPU kernels accept (they reject 16).
    """
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from transformers import (HunYuanVLConfig, HunYuanVLForConditionalGeneration, HunYuanVLImageProcessorPil,
                              HunYuanVLProcessor, PreTrainedTokenizerFast)

    path = Path(directory)
    if (path / "model.safetensors").is_file() and (path / "processor_config.json").is_file():
        return path
    path.mkdir(parents=True, exist_ok=True)

    byte_symbols = sorted(pre_tokenizers.ByteLevel.alphabet())
    bpe = Tokenizer(models.BPE(vocab={s: i for i, s in enumerate(byte_symbols)}, merges=[]))
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    specials = [PAD, BOS, EOS, USER, placeholder(3), placeholder(100), placeholder(101), placeholder(102)]
    bpe.add_special_tokens(specials)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=bpe, bos_token=BOS, eos_token=EOS, pad_token=PAD, chat_template=template,
        extra_special_tokens={"image_token": placeholder(102), "image_start_token": placeholder(100),
                              "image_end_token": placeholder(101)})
    image_processor = HunYuanVLImageProcessorPil(min_pixels=32 * 32, max_pixels=max_pixels, patch_size=16,
                                                 merge_size=2, temporal_patch_size=1)
    processor = HunYuanVLProcessor(image_processor=image_processor, tokenizer=tokenizer, chat_template=template)

    config = HunYuanVLConfig(
        text_config=dict(vocab_size=len(tokenizer), hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, head_dim=head_dim, max_position_embeddings=2048,
                         rope_parameters={"rope_type": "default", "rope_theta": 10000.0,
                                          "mrope_section": [head_dim // 8] * 4},
                         pad_token_id=tokenizer.pad_token_id, bos_token_id=tokenizer.bos_token_id,
                         eos_token_id=tokenizer.eos_token_id, tie_word_embeddings=True),
        vision_config=dict(hidden_size=2 * head_dim, intermediate_size=64, num_hidden_layers=2, num_attention_heads=2,
                           patch_size=16, spatial_merge_size=2, max_image_size=64),
        image_token_id=tokenizer.image_token_id, im_start_id=tokenizer.image_start_token_id,
        im_end_id=tokenizer.image_end_token_id, tie_word_embeddings=True)
    torch.manual_seed(seed)
    model = HunYuanVLForConditionalGeneration(config).eval()
    with torch.no_grad():
        emb = model.get_input_embeddings().weight
        byte_of = {symbol: b for b, symbol in enumerate(_bytes_to_unicode())}
        silenced = [tokenizer.convert_tokens_to_ids(s) for s in byte_symbols
                    if not (0x20 <= byte_of[s] < 0x7F or byte_of[s] == 0x0A)]
        for token_id in silenced + tokenizer.convert_tokens_to_ids(specials):
            emb[token_id].zero_()
    model.save_pretrained(path)
    processor.save_pretrained(path)
    return path
