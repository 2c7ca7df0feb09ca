"""Warnings before a paper is saved from the admin: things that are allowed but are
usually a mistake — the paper is already here (same title and year), or the researcher
saving it is not among its authors. The form comes back with the warning and a
“Save anyway” box; ticking it saves. A duplicate DOI or arXiv id is refused outright
(a unique constraint); its message gains the link to the paper that has it."""

from django import forms
from django.urls import reverse
from django.utils.html import format_html

from .models import Publication
from .normalize import arxiv_base, clean_arxiv, clean_doi
from .services import find_existing_publication

SAVE_ANYWAY = "_save_anyway"
CODE = "save_warning"


def confirmed(data):
    """Whether the person saving ticked “Save anyway” after reading the warnings."""
    return bool(data.get(SAVE_ANYWAY))


def paper_link(paper, user):
    """Where the person saving can see ``paper``: its admin page if they may edit it,
    else its public page."""
    if Publication.objects.editable_by(user).filter(pk=paper.pk).exists():
        url = reverse("admin:publications_publication_change", args=[paper.pk])
    else:
        url = paper.get_absolute_url()
    year = f" ({paper.year})" if paper.year else ""
    return format_html('<a href="{}" class="existing-paper">{}{}</a>', url, paper.title, year)


def duplicate_problem(cleaned, *, instance, user):
    """(message, refused) for the paper already here that ``cleaned`` describes, or None."""
    existing = find_existing_publication(
        doi=cleaned.get("doi", ""),
        arxiv=cleaned.get("arxiv", ""),
        title=cleaned.get("title", ""),
        year=cleaned.get("year"),
        exclude_pk=instance.pk,
    )
    if existing is None:
        return None
    link = paper_link(existing, user)
    doi = clean_doi(cleaned.get("doi", ""))
    arxiv = arxiv_base(clean_arxiv(cleaned["arxiv"])) if cleaned.get("arxiv") else ""
    same_id = (doi and existing.doi.lower() == doi.lower()) or (arxiv and existing.arxiv == arxiv)
    if same_id:
        message = format_html(
            "This paper is already here, with the same identifier: {}. Edit that one "
            "(or ask its authors to list it on your page) rather than adding it again.",
            link,
        )
        return message, True
    message = format_html(
        "A paper with this title and year is already here: {}. Edit that one rather than "
        "adding it again, or tick “Save anyway” if this is a different paper.",
        link,
    )
    return message, False


def check_duplicate(form, *, user):
    """Add the duplicate warning (or refusal) to the publication ``form``."""
    problem = duplicate_problem(form.cleaned_data, instance=form.instance, user=user)
    if problem is None:
        return
    message, refused = problem
    if refused:
        form.add_error(None, forms.ValidationError(message, code="duplicate"))
    elif not confirmed(form.data):
        form.save_warnings = True
        form.add_error(None, forms.ValidationError(message, code=CODE))


def check_owner_among_authors(formset, kept_authors):
    """Warn a researcher who saves a new paper without themselves among its authors, or
    takes themselves off one: their name would not be highlighted on their page."""
    profile = formset.researcher_profile
    if profile is None or confirmed(formset.data):
        return
    if any(author is not None and author.profile_id == profile.pk for author in kept_authors):
        return
    typed_self = any(
        form.new_author_profile == profile
        for form in formset.forms
        if not formset._should_delete_form(form)
    )
    if typed_self:
        return
    was_author = (
        formset.instance.pk is not None
        and formset.instance.authorships.filter(author__profile=profile).exists()
    )
    if formset.instance.pk is None or was_author:
        formset.save_warnings = True
        raise forms.ValidationError(
            f"You ({profile.name}) are not among the authors: the paper will be on your "
            "page without your name highlighted. Add yourself, or tick “Save anyway”.",
            code=CODE,
        )


def has_warnings(context):
    """Whether the change form in ``context`` came back with warnings to confirm."""
    formsets = [inline.formset for inline in context.get("inline_admin_formsets", [])]
    adminform = context.get("adminform")
    return any(
        getattr(form, "save_warnings", False)
        for form in [adminform.form if adminform else None, *formsets]
    )
