"""Admin for papers, their authors and tags.

Who may edit what is decided by profiles.admin.ResearcherAccessMixin: editors edit
everything; a researcher edits the papers they are an author of and may search every
author (for the author autocomplete) but edits only the authors linked to them.
"""

from adminsortable2.admin import CustomInlineFormSet
from django import forms
from django.contrib import admin
from django.db import models, transaction
from django.db.models import Count
from django.utils.html import format_html_join

from profiles.admin import (
    EDITOR,
    RESEARCHER,
    ResearcherAccessMixin,
    SortableInlinesAdmin,
    SortableTabularInline,
    admin_role,
)
from profiles.models import Profile
from profiles.validators import normalize_orcid

from . import claims
from .citations.models import CitationCount
from .models import Author, Authorship, ProfilePublication, Publication, PublicationLink, Tag
from .permissions import may_link_coauthor
from .printed_names import PrintedName
from .services import authors_matching, set_author_order


def may_edit_publication(request, publication):
    """Whether the request's user may edit ``publication``; one query per paper per request."""
    checked = request.__dict__.setdefault("_editable_publications", {})
    if publication.pk not in checked:
        checked[publication.pk] = (
            Publication.objects.editable_by(request.user).filter(pk=publication.pk).exists()
        )
    return checked[publication.pk]


class PublicationAccessMixin(ResearcherAccessMixin):
    """A researcher edits the papers they are an author of, with their authors and links."""

    def researcher_may(self, request, action, obj):
        return obj is None or may_edit_publication(request, obj)


class AuthorshipForm(forms.ModelForm):
    """One author row: pick an existing author, or type a name to add a new one, and the
    name as printed on this paper (the chosen author's name, or the typed one, by default)."""

    new_author_name = forms.CharField(
        required=False,
        max_length=200,
        label="…or new author",
        widget=forms.TextInput(attrs={"placeholder": "Name as printed on the paper"}),
        help_text="Not in the list? Type the name as printed on the paper. An author "
        "with exactly this name and no profile here is reused; otherwise one is created.",
    )

    class Meta:
        model = Authorship
        fields = [
            "author",
            "new_author_name",
            "name",
            "equal_contribution",
            "corresponding",
            "joint_last",
            "position",
        ]
        help_texts = {
            "name": "As printed on this paper. Left empty: the chosen author's name, or the "
            "new name as typed. Braces keep an organisation whole: {ACME Consortium}.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author"].required = False
        self.fields["name"].required = False
        if self.instance._state.adding:
            # A new row is placed after the existing ones when saved (AuthorshipFormSet).
            self.initial["position"] = None

    def clean(self):
        cleaned = super().clean()
        author = cleaned.get("author")
        name = cleaned.get("new_author_name", "").strip()
        if author and name:
            self.add_error(
                "new_author_name", "Choose an existing author or type a new name, not both."
            )
        elif not author and not name:
            self.add_error("author", "Choose an author, or type a new author's name beside it.")
        elif name:
            cleaned["new_author_name"] = name
            cleaned["author"] = authors_matching(name).order_by("id").first()
        self._clean_printed_name(cleaned)
        return cleaned

    def _clean_printed_name(self, cleaned):
        """The printed name: as typed in its box; else, for a row whose person is new or
        changed, that person's name at the time (a typed new name exactly as typed)."""
        printed = " ".join(cleaned.get("name", "").split())
        person_changed = {"author", "new_author_name"} & set(self.changed_data)
        if not printed or (person_changed and "name" not in self.changed_data):
            author = cleaned.get("author")
            printed = cleaned.get("new_author_name") or (author.name if author else "")
        cleaned["name"] = printed
        # Parts are read again only when the printed name changes: imported parts
        # ("Ben Fraj, Amor": family "Ben Fraj") are not split again by a plain save.
        self.reparse_name = printed != self.instance.name or not self.instance.pk

    def save(self, commit=True):
        authorship = super().save(commit=False)
        if getattr(self, "reparse_name", False):
            authorship.set_printed(PrintedName.parse(authorship.name))
        if commit:
            authorship.save()
        return authorship

    def validate_constraints(self):
        # Submitted positions may equal another row's stored one (a drag swaps two rows);
        # AuthorshipFormSet.save renumbers through set_author_order, which moves stored
        # positions out of the way first. The formset still refuses duplicates within
        # the submission.
        try:
            self.instance.validate_constraints(
                exclude={*self._get_validation_exclusions(), "position"}
            )
        except forms.ValidationError as error:
            self._update_errors(error)


class AuthorshipFormSet(CustomInlineFormSet):
    """Saves the author list in the submitted order, positions 0..n-1 without gaps."""

    # The profile of the researcher editing (None for editors), set by AuthorshipInline.
    researcher_profile = None

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        self._check_has_authors()
        if self.researcher_profile is not None:
            self._check_coauthor_pages()

    def _check_has_authors(self):
        """Every paper names at least one author: pages and citations need one, and so
        does the bundle format, so a profile exported after this edit imports again."""
        if not any(
            form.cleaned_data.get("author") or form.cleaned_data.get("new_author_name")
            for form in self.forms
            if not self._should_delete_form(form)
        ):
            raise forms.ValidationError(
                "A paper needs at least one author: keep one, choose one, or type a name."
            )

    def _check_coauthor_pages(self):
        """A paper with an author linked to a profile is listed on that profile's page, so
        only one of its authors may add such an author: a researcher who is not on the
        paper cannot put it on someone else's page (``may_link_coauthor``, the rule the
        importers follow too)."""
        acting = self.researcher_profile
        kept = [
            form.cleaned_data["author"]
            for form in self.forms
            if form.cleaned_data.get("author") and not self._should_delete_form(form)
        ]
        linked = {author.profile_id for author in kept} - {None}
        already = set()
        if self.instance.pk and acting.pk not in linked:
            already = set(
                Authorship.objects.filter(publication=self.instance).values_list(
                    "author__profile_id", flat=True
                )
            )
        refused = {
            profile_id
            for profile_id in linked
            if not may_link_coauthor(
                acting_profile_id=acting.pk,
                coauthor_profile_id=profile_id,
                acting_is_author=acting.pk in linked,
                linked=already,
            )
        }
        if refused:
            names = sorted(Profile.objects.filter(pk__in=refused).values_list("name", flat=True))
            raise forms.ValidationError(
                f"{' and '.join(names)} would get this paper on their page, which only an "
                f"author of the paper may do: add yourself ({acting.name}) "
                "to the authors, or ask an editor."
            )

    @transaction.atomic
    def save(self, commit=True):
        saved = super().save(commit=False)
        if not commit:
            return saved
        for authorship in self.deleted_objects:
            authorship.delete()
        deleted = set(self.deleted_forms)
        kept = [form for form in self.initial_forms if form not in deleted]
        # Existing rows in their dragged order, new rows after them in form order.
        kept.sort(key=lambda form: form.cleaned_data.get("position") or 0)
        new = [form for form in self.extra_forms if form.has_changed() and form not in deleted]
        created_by_name = {}
        for form in new:
            if form.instance.author_id is None:
                name = form.cleaned_data["new_author_name"]
                if name not in created_by_name:
                    created_by_name[name] = Author.objects.create(name=name)
                form.instance.author = created_by_name[name]
        set_author_order(
            publication=self.instance, authorships=[form.instance for form in kept + new]
        )
        return saved


class AuthorshipInline(PublicationAccessMixin, SortableTabularInline):
    model = Authorship
    form = AuthorshipForm
    formset = AuthorshipFormSet
    fields = [
        "author",
        "new_author_name",
        "name",
        "name_parts",
        "equal_contribution",
        "corresponding",
        "joint_last",
    ]
    readonly_fields = ["name_parts"]
    autocomplete_fields = ["author"]
    verbose_name = "author"
    verbose_name_plural = "authors (drag to reorder)"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "author":
            # Renaming or deleting the person from a paper's row would change every
            # paper that names them; that is done on the author's own page.
            formfield.widget.can_change_related = False
            formfield.widget.can_delete_related = False
        return formfield

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj else 3

    @admin.display(description="parts")
    def name_parts(self, authorship):
        """How citation formats split the printed name (BibTeX, CSL-JSON)."""
        if not authorship.pk:
            return ""
        printed = authorship.printed
        if printed.literal:
            return "one unit (an organisation)"
        labels = {"given": "given", "particle": "particle", "family": "family", "suffix": "suffix"}
        return " · ".join(
            f"{label}: {getattr(printed, part)}"
            for part, label in labels.items()
            if getattr(printed, part)
        )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if admin_role(request) == RESEARCHER:
            formset.researcher_profile = request.user.profile
        return formset

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class PublicationLinkInline(PublicationAccessMixin, SortableTabularInline):
    model = PublicationLink
    fields = ["label", "url"]
    extra = 0


class CitationCountInline(PublicationAccessMixin, admin.TabularInline):
    """What each source last said, read only: the worker writes these (docs/citations.md)."""

    model = CitationCount
    fields = ["source", "count", "read_at", "checked_at", "error"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "citation counts (refreshed by the worker)"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ListedOnProfileFilter(admin.SimpleListFilter):
    """Papers listed on one profile's page (hidden ones included)."""

    title = "profile"
    parameter_name = "profile"

    def lookups(self, request, model_admin):
        return Profile.objects.editable_by(request.user).values_list("slug", "name")

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(listings__profile__slug=self.value())
        return queryset


class ClaimsActorMixin:
    """Listings an admin save makes come from the user's profile (an editor's from the
    site): co-authors it names get claims by the rule of publications.claims."""

    def changeform_view(self, request, *args, **kwargs):
        with claims.acting_as(claims.actor_for(request.user)):
            return super().changeform_view(request, *args, **kwargs)


@admin.register(Publication)
class PublicationAdmin(
    ClaimsActorMixin, PublicationAccessMixin, SortableInlinesAdmin, admin.ModelAdmin
):
    list_display = ["title", "author_names", "year", "venue", "type", "status"]
    list_filter = ["year", "type", "status", "venue", ListedOnProfileFilter, "tags"]
    search_fields = [
        "title",
        "authorships__name",
        "authorships__author__name",
        "venue",
        "venue_full",
        "doi",
        "arxiv",
    ]
    autocomplete_fields = ["tags"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [AuthorshipInline, PublicationLinkInline, CitationCountInline]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 4})}}
    # Titles and full venue names are long; the admin's default input shows 20 characters.
    wide_fields = {"title", "venue_full"}
    fieldsets = [
        (None, {"fields": ["title", ("type", "status"), ("year", "date"), "more_authors"]}),
        ("Venue", {"fields": [("venue", "venue_note"), "venue_full", "badges"]}),
        ("Identifiers", {"fields": [("doi", "arxiv")]}),
        ("Content", {"fields": ["tldr", "abstract", "teaser", "tags"]}),
        ("BibTeX", {"classes": ["collapse"], "fields": ["bibtex"]}),
        ("History", {"classes": ["collapse"], "fields": ["created_at", "updated_at"]}),
    ]

    class Media:
        css = {"all": ["css/admin.css"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.wide_fields:
            kwargs["widget"] = forms.TextInput(attrs={"class": "vTextField wide-input"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def researcher_may(self, request, action, obj):
        if action == "delete" and obj is not None:
            # A paper other profiles list is theirs too; the researcher can hide it instead.
            # (A claim not accepted does not make it theirs.)
            others = ProfilePublication.objects.filter(
                publication=obj, status=ProfilePublication.Status.ACCEPTED
            ).exclude(profile__user=request.user)
            return may_edit_publication(request, obj) and not others.exists()
        return super().researcher_may(request, action, obj)

    def researcher_queryset(self, request, queryset):
        return queryset.editable_by(request.user)

    def get_queryset(self, request):
        # One extra query for the author column of a whole page.
        return super().get_queryset(request).prefetch_related("authorships")

    @admin.display(description="authors")
    def author_names(self, publication):
        return format_html_join(
            ", ", "{}", ((authorship.name,) for authorship in publication.authorships.all())
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if admin_role(request) == RESEARCHER:
            # A researcher's new paper lands on their page even if they left themselves
            # off the author list, and so stays editable by them.
            claims.propose(profile_id=request.user.profile.pk, publication_id=form.instance.pk)


class AuthorForm(forms.ModelForm):
    # Wider than the stored bare iD, so a pasted https://orcid.org/… link is accepted.
    orcid = forms.CharField(
        required=False,
        max_length=60,
        label="ORCID iD",
        help_text="0000-0002-1825-0097 or https://orcid.org/0000-0002-1825-0097",
    )

    class Meta:
        model = Author
        fields = ["name", "profile", "orcid"]

    def clean_orcid(self):
        value = self.cleaned_data["orcid"].strip()
        return normalize_orcid(value) if value else ""


@admin.register(Author)
class AuthorAdmin(ClaimsActorMixin, ResearcherAccessMixin, admin.ModelAdmin):
    form = AuthorForm
    list_display = ["name", "profile", "orcid", "paper_count"]
    list_select_related = ["profile"]
    list_filter = [("profile", admin.EmptyFieldListFilter)]
    search_fields = ["name", "orcid", "profile__name"]

    def researcher_may(self, request, action, obj):
        # Everyone's authors are searchable (the author autocomplete); only one's own
        # are editable.
        if action in ("view", "add") or obj is None:
            return True
        return obj.profile is not None and obj.profile.user_id == request.user.pk

    def get_readonly_fields(self, request, obj=None):
        # Linking an author to a profile lists its papers there and grants their editing.
        return [] if admin_role(request) == EDITOR else ["profile"]

    def get_queryset(self, request):
        # An aggregate drops the default ordering; the autocomplete pages need one.
        return (
            super()
            .get_queryset(request)
            .annotate(paper_count=Count("authorships"))
            .order_by("name", "id")
        )

    @admin.display(description="papers", ordering="paper_count")
    def paper_count(self, author):
        return author.paper_count

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            # Authorship is PROTECT: say which papers, not "Authorship: 2. A. Name".
            authorships = Authorship.objects.filter(author__in=objs).select_related(
                "author", "publication"
            )
            protected = [
                f"{authorship.author.name} is author {authorship.position + 1} of "
                f"“{authorship.publication.title}”; remove them from that paper first."
                for authorship in authorships
            ]
        return deleted, model_count, perms_needed, protected


@admin.register(Tag)
class TagAdmin(ResearcherAccessMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "paper_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def researcher_may(self, request, action, obj):
        # Tags are shared by every paper: researchers pick and add them, editors curate.
        return action in ("view", "add")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(paper_count=Count("publications"))
            .order_by("name")
        )

    @admin.display(description="papers", ordering="paper_count")
    def paper_count(self, tag):
        return tag.paper_count


from . import claims_admin  # noqa: E402,F401  registers the Claim admin
