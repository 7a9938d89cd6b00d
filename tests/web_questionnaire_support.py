"""A person answering on the web page /q/<token> with httpx, as a browser without JavaScript would: the page's
forms are read from its HTML (hidden fields, radios, checkboxes, labels, buttons) and submitted as they are."""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import httpx


@dataclass
class Form:
    action: str
    fields: list[dict] = field(default_factory=list)  # input/textarea attributes
    buttons: list[tuple[str, str, str]] = field(default_factory=list)  # (text, name, value)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.labels: dict[str, str] = {}
        self._form: Form | None = None
        self._label: str | None = None
        self._button: dict | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("action", ""))
            self.forms.append(self._form)
        elif tag in ("input", "textarea") and self._form is not None:
            self._form.fields.append(a)
        elif tag == "label" and "for" in a:
            self._label, self._text = a["for"], []
        elif tag == "button" and self._form is not None:
            self._button, self._text = a, []

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "label" and self._label is not None:
            self.labels[self._label] = " ".join("".join(self._text).split())
            self._label = None
        elif tag == "button" and self._button is not None and self._form is not None:
            text = " ".join("".join(self._text).split())
            self._form.buttons.append((text, self._button.get("name", ""), self._button.get("value", "")))
            self._button = None

    def handle_data(self, data):
        if self._label is not None or self._button is not None:
            self._text.append(data)


class WebRespondent:
    """Drives /q/<token>: `page` is the last answer; every method submits one of its forms."""

    def __init__(self, client: httpx.AsyncClient, path: str) -> None:
        self.client, self.path = client, path
        self.page: httpx.Response | None = None

    @property
    def text(self) -> str:
        assert self.page is not None
        return self.page.text

    def _parsed(self) -> _Page:
        parsed = _Page()
        parsed.feed(self.text)
        return parsed

    async def open(self) -> httpx.Response:
        self.page = await self.client.get(self.path)
        return self.page

    async def start(self) -> httpx.Response:
        """Open the link and, on the introduction, press «Rispondi»."""
        await self.open()
        if "Rispondi" in self.buttons():
            await self.press("Rispondi")
        return self.page

    async def _post(self, form: Form, extra: list[tuple[str, str]]) -> httpx.Response:
        data = [(f["name"], f.get("value", "")) for f in form.fields
                if f.get("type") == "hidden" and f.get("name")] + extra
        assert form.action.endswith(self.path), form.action
        body: dict[str, list[str]] = {}
        for name, value in data:
            body.setdefault(name, []).append(value)
        self.page = await self.client.post(self.path, data=body)
        return self.page

    def _input_by_label(self, label: str, kind: str | None = None) -> tuple[Form, dict]:
        parsed = self._parsed()
        for form in parsed.forms:
            for f in form.fields:
                if parsed.labels.get(f.get("id", "")) == label and (kind is None or f.get("type") == kind):
                    return form, f
        raise AssertionError(f"no field labelled {label!r}: {parsed.labels}")

    async def choose(self, label: str, other: str | None = None) -> httpx.Response:
        """Tick the radio button labelled so (with the text of «Altro»), then the form's submit button."""
        form, f = self._input_by_label(label, "radio")
        extra = [(f["name"], f["value"])] + ([("other", other)] if other is not None else [])
        return await self._post(form, extra)

    async def tick(self, *labels: str, other: str | None = None) -> httpx.Response:
        """Tick exactly these boxes of a multiple choice (the others unticked) and submit."""
        form = None
        extra = []
        for label in labels:
            form, f = self._input_by_label(label, "checkbox")
            extra.append((f["name"], f["value"]))
        if form is None:  # nothing ticked: the form of the first checkbox
            form = next(fm for fm in self._parsed().forms if any(f.get("type") == "checkbox" for f in fm.fields))
        return await self._post(form, extra + ([("other", other)] if other is not None else []))

    async def type(self, text: str, label: str | None = None) -> httpx.Response:
        """Fill the step's text field (a typed answer, a search, the text of «Altro») and submit its form."""
        parsed = self._parsed()
        for form in parsed.forms:
            for f in form.fields:
                if f.get("name") == "text" and (label is None or parsed.labels.get(f.get("id", "")) == label):
                    return await self._post(form, [("text", text)])
        raise AssertionError("no text field on the page")

    async def press(self, button: str) -> httpx.Response:
        """Submit the form of the button with this text (or aria-less text), with its own name/value."""
        for form in self._parsed().forms:
            for text, name, value in form.buttons:
                if text == button:
                    return await self._post(form, [(name, value)] if name else [])
        raise AssertionError(f"no button {button!r}")

    def buttons(self) -> list[str]:
        return [text for form in self._parsed().forms for text, _, _ in form.buttons]
