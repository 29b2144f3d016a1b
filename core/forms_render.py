"""Turns a Django bound field into the parameters of the matching NHS design-system macro."""

from __future__ import annotations

from typing import Any

from django.forms import BoundField

_MACRO_PARAMETERS = frozenset({"autocomplete", "spellcheck", "inputmode", "pattern"})

_INPUT_TYPES = {
    "text": "text",
    "email": "email",
    "number": "number",
    "password": "password",
    "url": "url",
    "date": "date",
    "search": "search",
}


def _selected(bf: BoundField, value: object) -> bool:
    current = bf.value()
    if isinstance(current, (list, tuple)):
        return str(value) in {str(item) for item in current}
    return current is not None and str(current) == str(value)


def _items(bf: BoundField, *, key: str) -> list[dict[str, Any]]:
    items = []
    # Only choice fields reach here; the stubs type Field, which has no choices.
    for value, label in bf.field.choices:  # type: ignore[attr-defined]  # see above
        items.append({"value": str(value), "text": str(label), key: _selected(bf, value)})
    return items


def _attributes(bf: BoundField, options: dict[str, Any]) -> dict[str, str]:
    """The widget's HTML attributes that neither a macro parameter nor an option carries."""
    attrs = bf.field.widget.attrs
    attributes = {
        k: str(v) for k, v in attrs.items() if k not in {"class", *options, *_MACRO_PARAMETERS}
    }
    if bf.field.required and bf.widget_type != "checkbox":
        attributes.pop("required", None)  # server-side validation gives the NHS-styled message
    return attributes


def _choice_params(
    bf: BoundField, widget_type: str, label_text: str, options: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    """Radios, checkboxes (several or one) and selects: the fields whose items are choices."""
    if widget_type == "select":
        return "select", {
            "id": bf.auto_id,
            "label": {"text": label_text},
            "items": _items(bf, key="selected"),
        }
    if widget_type == "checkbox":
        return "checkboxes", {
            "idPrefix": bf.auto_id,
            "items": [{"value": "on", "text": label_text, "checked": bool(bf.value())}],
        }
    legend = {"text": label_text, "size": options.pop("legend_size", "s")}
    return "radios" if widget_type == "radioselect" else "checkboxes", {
        "idPrefix": bf.auto_id,
        "fieldset": {"legend": legend},
        "items": _items(bf, key="checked"),
    }


def _text_params(
    bf: BoundField, widget_type: str, label_text: str, options: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    """Text areas, file uploads and every kind of single-line input."""
    label = {"text": label_text}
    if widget_type == "textarea":
        rows = options.pop("rows", 5)
        return "textarea", {
            "id": bf.auto_id,
            "label": label,
            "value": bf.value() or "",
            "rows": rows,
        }
    if widget_type in {"clearablefile", "file"}:
        return "fileUpload", {"id": bf.auto_id, "label": label}
    attributes = _attributes(bf, options)
    value = bf.value()
    if widget_type == "password" and not getattr(bf.field.widget, "render_value", False):
        value = None  # never send a typed password back to the browser
    return "input", {
        "id": bf.auto_id,
        "label": label,
        "type": _INPUT_TYPES.get(widget_type, "text"),
        "value": "" if value is None else str(value),
        "attributes": attributes or None,
    }


_CHOICE_WIDGETS = frozenset({"radioselect", "checkboxselectmultiple", "select", "checkbox"})


def nhs_field(bf: BoundField, options: dict[str, Any] | None = None) -> tuple[str, dict[str, Any]]:
    """Return the macro name ("input", "select", ...) and its parameters for ``bf``."""
    options = dict(options or {})
    label_text = options.pop("label", None) or str(bf.label)
    hint = options.pop("hint", None) or (str(bf.help_text) if bf.help_text else None)
    widget_type = bf.widget_type
    # Widget attributes the NHS macros take as parameters are passed that way, not twice.
    for key in _MACRO_PARAMETERS & set(bf.field.widget.attrs):
        options.setdefault(key, bf.field.widget.attrs[key])
    if widget_type in _CHOICE_WIDGETS:
        component, params = _choice_params(bf, widget_type, label_text, options)
    else:
        component, params = _text_params(bf, widget_type, label_text, options)
    params = {
        "name": bf.html_name,
        "errorMessage": {"text": str(bf.errors[0])} if bf.errors else None,
        "hint": {"text": hint} if hint else None,
    } | params
    params.update(options)
    return component, params


def error_summary_items(form: Any) -> list[dict[str, str]]:
    """Links for the error summary: one per error, each pointing at its field."""
    items: list[dict[str, str]] = []
    first_field = next(iter(form.visible_fields()), None)
    for error in form.non_field_errors():
        href = f"#{first_field.auto_id}" if first_field is not None else "#maincontent"
        items.append({"text": str(error), "href": href})
    for bf in form.visible_fields():
        for error in bf.errors:
            items.append({"text": str(error), "href": f"#{bf.auto_id}"})
    return items
