"""``ExtractOptions``: the one options object built by the API, the CLI and the server alike.

>>> opts = ExtractOptions(language="en", max_pixels=1_000_000)
>>> opts.language, opts.engine
('en', 'auto')
>>> ExtractOptions.build(None, engine="rapidocr").engine
'rapidocr'
>>> ExtractOptions(language="fr")
Traceback (most recent call last):
...
docextract.errors.InputError: invalid option language: Input should be 'zh' or 'en'
>>> ExtractOptions(locale="zz")
Traceback (most recent call last):
...
docextract.errors.InputError: invalid option locale: Value error, unknown locale 'zz'
>>> ExtractOptions(amount_tolerance=-5)
Traceback (most recent call last):
...
docextract.errors.InputError: invalid option amount_tolerance: Input should be greater than or equal to 0
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import InputError

__all__ = ["ExtractOptions", "DEFAULT_MAX_PIXELS"]

#: a document-sized cap: about a 300-dpi A5 or a 200-dpi A4 page; larger images are downscaled.
DEFAULT_MAX_PIXELS = 2048 * 2048


class ExtractOptions(BaseModel):
    """Every knob of an extraction; unknown names are rejected with a clear error."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    engine: str = "auto"
    #: language of the printed labels used in the prompt (HunyuanOCR follows Chinese prompts best)
    language: Literal["zh", "en"] = "zh"
    #: a model id / local folder for the hunyuan engine, a served model name for vllm
    model: str | None = None
    revision: str | None = None
    #: vLLM / OpenAI-compatible server
    base_url: str | None = None
    api_key: str | None = None
    timeout: float = Field(default=120.0, gt=0)
    #: images: larger ones are downscaled (aspect kept) before they reach an engine
    max_pixels: int = Field(default=DEFAULT_MAX_PIXELS, gt=0)
    #: refuse inputs beyond this many pixels outright (decompression bombs)
    max_input_pixels: int = Field(default=100_000_000, gt=0)
    pdf_dpi: int = Field(default=200, gt=0, le=600)
    max_pages: int = Field(default=20, gt=0)
    max_new_tokens: int | None = Field(default=None, gt=0)
    #: find a pixel box for each field (VLM engines: an extra text-spotting pass)
    boxes: bool = True
    #: normalisation defaults that a schema may override
    day_first: bool | None = None
    locale: str | None = None
    default_currency: str | None = None
    #: relative tolerance for arithmetic checks on amounts (absolute tolerance is in the schema)
    amount_tolerance: Decimal = Field(default=Decimal("0.01"), ge=0, le=1)
    #: "today" for checks such as expiry and dates in the future (tests pin it)
    today: _dt.date | None = None
    #: decode QR codes and barcodes on every page (``result.codes``; invoice QR cross-checked and used)
    codes: bool = True
    #: match each value a VLM returns against the page's lines (None: on for model engines, off for
    #: the scripted test double); lines come from the spotting pass, else from the CPU engine
    grounding: bool | None = None
    #: with grounding on, a value found nowhere on the page is dropped (status ``missing``), not kept
    abstain: bool = True
    #: options passed through to the engine constructor (device, dtype, batch size, ...)
    engine_options: dict[str, Any] = Field(default_factory=dict)

    @field_validator("locale")
    @classmethod
    def _known_locale(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        from .errors import FieldError
        from .normalize._util import get_locale

        try:
            get_locale(value)
        except FieldError as exc:
            raise ValueError(exc.message) from None
        return value

    @field_validator("default_currency")
    @classmethod
    def _known_currency(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        from babel.numbers import list_currencies

        if not (len(value) == 3 and value.upper() in list_currencies()):
            raise ValueError(f"not an ISO 4217 currency code: {value[:20]!r}")
        return value.upper()

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            err = exc.errors()[0]
            name = ".".join(str(p) for p in err["loc"]) or "options"
            msg = err["msg"].replace("Extra inputs are not permitted", "unknown option")
            raise InputError(f"invalid option {name}: {msg}", field=name) from None

    @classmethod
    def build(cls, options: "ExtractOptions | None" = None, **overrides: Any) -> "ExtractOptions":
        """The options in force: defaults, then ``options`` (an explicit object), then ``overrides``.

        A keyword given explicitly wins over the object; ``None`` means "not given" (so a CLI flag or a
        form field that was left out never undoes a value set in the object).

        >>> base = ExtractOptions(engine="vllm", base_url="http://127.0.0.1:8000/v1", language="en")
        >>> o = ExtractOptions.build(base, language="zh", engine=None)
        >>> o.engine, o.base_url, o.language
        ('vllm', 'http://127.0.0.1:8000/v1', 'zh')
        >>> ExtractOptions.build(base, nope=1)
        Traceback (most recent call last):
        ...
        docextract.errors.InputError: invalid option nope: unknown option
        """
        if options is not None and not isinstance(options, ExtractOptions):
            raise InputError(f"options must be an ExtractOptions, not {type(options).__name__}", field="options")
        overrides = {k: v for k, v in overrides.items() if v is not None}
        if options is None:
            return cls(**overrides)
        if not overrides:
            return options
        return cls(**{**options.model_dump(exclude_unset=True), **overrides})

    @classmethod
    def fields(cls) -> tuple[str, ...]:
        """Every option's name, in declaration order.

        >>> ExtractOptions.fields()[:3]
        ('engine', 'language', 'model')
        """
        return tuple(cls.model_fields)

    def effective_today(self) -> _dt.date:
        return self.today or _dt.date.today()
