"""The profile form's section bar: one link per fieldset and per inline, with a count.

Built from the change form's own context (its fieldsets and inline formsets), so a
fieldset or inline another change adds shows up here without touching this code, and no
query is made: counts come from the forms already loaded.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class FormSection:
    title: str
    anchor: str  # the element id the link jumps to
    count: int
    errors: bool = False


def _filled(form, name):
    value = form[name].value() if name in form.fields else None
    return value not in (None, "", [], False)


def form_sections(context):
    """[FormSection] for the admin change form in ``context``: named fieldsets (count:
    fields filled in), then inlines (count: rows)."""
    adminform = context["adminform"]
    form = adminform.form
    sections = []
    for index, fieldset in enumerate(adminform):
        if not fieldset.name:
            continue
        names = [
            name
            for line in fieldset.fields
            for name in (line if isinstance(line, (list, tuple)) else [line])
        ]
        sections.append(
            FormSection(
                title=str(fieldset.name),
                anchor=f"fieldset-0-{index}-heading",
                count=sum(_filled(form, name) for name in names),
                errors=any(name in form.errors for name in names),
            )
        )
    for inline in context.get("inline_admin_formsets", []):
        formset = inline.formset
        sections.append(
            FormSection(
                title=str(inline.opts.verbose_name_plural).capitalize(),
                anchor=f"{formset.prefix}-group",
                count=formset.initial_form_count(),
                errors=formset.is_bound
                and (bool(formset.non_form_errors()) or any(formset.errors)),
            )
        )
    return sections
