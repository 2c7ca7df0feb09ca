"""Admin for researcher profiles, and the access rule every admin in the project shares.

Two kinds of people edit here. Editors (superusers and the "Profile editors" group)
edit everything. A researcher (a staff user who owns a profile) edits their own
profile and their own papers, and needs no Django model permissions for it:
:class:`ResearcherAccessMixin` decides, in one place, for every admin and inline.
"""

from adminsortable2.admin import CustomInlineFormSet, SortableAdminBase, SortableInlineAdminMixin
from django import forms
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.db.models import F
from django.utils.html import format_html

from publications.models import ProfilePublication
from publications.services import delete_profile

from .export.admin_actions import export_as_html
from .models import (
    SECTION_NAMES,
    Award,
    CustomSection,
    Grant,
    NewsItem,
    Position,
    Profile,
    ProfileLink,
    Service,
    unknown_section_names,
)
from .permissions import is_editor

EDITOR, RESEARCHER = "editor", "researcher"


def admin_role(request):
    """EDITOR, RESEARCHER or None, worked out once per request (admin pages ask often)."""
    if not hasattr(request, "_admin_role"):
        user = request.user
        if is_editor(user):
            role = EDITOR
        elif user.is_active and user.is_staff and getattr(user, "profile", None) is not None:
            role = RESEARCHER
        else:
            role = None
        request._admin_role = role
    return request._admin_role


class ResearcherAccessMixin:
    """Editors may do everything; researchers what ``researcher_may`` allows; others nothing.

    ``obj`` in the checks is the object itself on a ModelAdmin and the parent object
    on an inline, so one ``researcher_may`` covers a model admin and its inlines.
    Change lists and object look-ups go through ``researcher_queryset``, so a
    researcher never even sees what they may not edit.
    """

    def researcher_may(self, request, action, obj):
        """Whether a researcher may do ``action`` ("view", "change", "add", "delete") on obj."""
        raise NotImplementedError

    def researcher_queryset(self, request, queryset):
        return queryset

    def _allowed(self, request, action, obj=None):
        role = admin_role(request)
        if role == EDITOR:
            return True
        return role == RESEARCHER and self.researcher_may(request, action, obj)

    def has_module_permission(self, request):
        return admin_role(request) is not None

    def has_view_permission(self, request, obj=None):
        return self._allowed(request, "view", obj) or self.has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request, "change", obj)

    def has_add_permission(self, request, obj=None):
        return self._allowed(request, "add", obj)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request, "delete", obj)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if admin_role(request) == RESEARCHER:
            return self.researcher_queryset(request, queryset)
        return queryset

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        if admin_role(request) != EDITOR:
            # Bulk deletion checks no single object; researchers delete one at a time.
            actions.pop("delete_selected", None)
        return actions


class SortableInlinesAdmin(SortableAdminBase):
    """A model admin whose inlines are ordered by drag and drop."""

    @property
    def media(self):
        # adminsortable2 2.3's own media swaps Django's actions.js for a copy named after
        # the Django version, and ships none for 6.1 (a 404, and a crash under the
        # manifest storage). Its patch only matters for sortable change lists, which this
        # project has none of, so only the inline sorting assets are added here.
        script = "adminsortable2/js/adminsortable2{}.js".format("" if settings.DEBUG else ".min")
        return super(SortableAdminBase, self).media + forms.Media(
            css={"all": ["adminsortable2/css/sortable.css"]}, js=[script]
        )


# adminsortable2 2.3 ships inline templates up to Django 6.0; 6.1's admin markup is the same.
SORTABLE_TABULAR_TEMPLATE = "adminsortable2/edit_inline/tabular-django-6.0.html"
SORTABLE_STACKED_TEMPLATE = "adminsortable2/edit_inline/stacked-django-6.0.html"


class SortableTabularInline(SortableInlineAdminMixin, admin.TabularInline):
    template = SORTABLE_TABULAR_TEMPLATE


class SortableStackedInline(SortableInlineAdminMixin, admin.StackedInline):
    template = SORTABLE_STACKED_TEMPLATE


class ProfileAccessMixin(ResearcherAccessMixin):
    """A researcher edits their own profile and its sections; they add or delete no profile."""

    def researcher_may(self, request, action, obj):
        if isinstance(self, admin.ModelAdmin) and action in ("add", "delete"):
            return False
        # Only researchers get here, so ownership is the whole question.
        return obj is None or obj.user_id == request.user.pk


class ProfileInlineMixin(ProfileAccessMixin):
    extra = 0
    # Markdown fields in sections are a few lines; the page holds many of them.
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})}}


class ProfileLinkInline(ProfileInlineMixin, SortableTabularInline):
    model = ProfileLink
    fields = ["kind", "url", "file", "label"]


class NewsItemInline(ProfileInlineMixin, admin.TabularInline):
    """News is shown newest first by date, so it has no hand-made order."""

    model = NewsItem
    fields = ["date", "text", "pinned"]


class PositionInline(ProfileInlineMixin, SortableStackedInline):
    model = Position
    fields = [
        ("kind", "start", "end"),
        ("organization", "organization_url"),
        ("unit", "role"),
        ("location", "advisors"),
        "description",
        "logo",
    ]


class AwardInline(ProfileInlineMixin, SortableStackedInline):
    model = Award
    fields = [("title", "issuer"), ("years", "date"), "description"]


class ServiceInline(ProfileInlineMixin, SortableTabularInline):
    model = Service
    fields = ["role", "venue_kind", "venue", "years", "note"]


class GrantInline(ProfileInlineMixin, SortableStackedInline):
    model = Grant
    fields = [("title", "funder"), ("role", "amount"), ("start", "end"), "description"]


class CustomSectionFormSet(CustomInlineFormSet):
    def clean(self):
        """The section order (display settings) may name only sections that exist: a
        name without its section would make the profile's bundle refuse to import."""
        super().clean()
        if any(self.errors):
            return
        titles = {
            form.cleaned_data["title"]
            for form in self.forms
            if form.cleaned_data.get("title") and not self._should_delete_form(form)
        }
        unknown = unknown_section_names(self.instance.section_order, titles)
        if unknown:
            names = ", ".join(f"“{name}”" for name in unknown)
            raise forms.ValidationError(
                f"The section order (display settings) names {names}, which is neither a "
                f"built-in section ({', '.join(SECTION_NAMES)}) nor the title of a custom "
                "section here: add that section, or remove the name from the order."
            )


class CustomSectionInline(ProfileInlineMixin, SortableStackedInline):
    model = CustomSection
    formset = CustomSectionFormSet
    fields = ["title", "body"]


class ListingInline(ProfileInlineMixin, admin.TabularInline):
    """The papers on this profile, with this profile's own "selected" and "hidden" flags.

    Listings follow authorship (publications.signals), so none are added here:
    listing a paper would also grant its editing.
    """

    model = ProfilePublication
    verbose_name = "publication on this page"
    verbose_name_plural = "publications on this page"
    fields = ["publication", "year", "selected", "hidden"]
    readonly_fields = ["publication", "year"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # One query for every listing with its paper, newest paper first.
        return (
            super()
            .get_queryset(request)
            .select_related("publication", "profile")
            .order_by(
                F("publication__year").desc(nulls_first=True),
                F("publication__date").desc(nulls_last=True),
                "publication__id",
            )
        )

    @admin.display(description="year")
    def year(self, listing):
        return listing.publication.year or "—"


@admin.register(Profile)
class ProfileAdmin(ProfileAccessMixin, SortableInlinesAdmin, admin.ModelAdmin):
    list_display = [
        "thumbnail",
        "name",
        "slug",
        "affiliation",
        "user",
        "is_published",
        "updated_at",
    ]
    list_display_links = ["thumbnail", "name"]
    actions = [export_as_html]
    list_filter = ["is_published", "self_style", "publication_style"]
    list_select_related = ["user"]
    search_fields = ["name", "native_name", "slug", "affiliation", "user__username", "email"]
    inlines = [
        ProfileLinkInline,
        NewsItemInline,
        PositionInline,
        AwardInline,
        ServiceInline,
        GrantInline,
        CustomSectionInline,
        ListingInline,
    ]
    fieldsets = [
        (None, {"fields": ["user", "slug", "is_published"]}),
        (
            "Name and headline",
            {
                "fields": [
                    ("name", "native_name"),
                    "aliases",
                    ("pronouns", "headline"),
                    ("affiliation", "affiliation_url"),
                    ("location", "email"),
                    "photo",
                ]
            },
        ),
        ("About", {"fields": ["bio", "interests", "announcement"]}),
        (
            "Display settings",
            {
                "classes": ["collapse"],
                "fields": [
                    ("self_style", "marker_equal", "marker_corresponding", "marker_joint_last"),
                    ("publication_style", "group_publications_by"),
                    ("author_limit", "news_limit"),
                    "section_order",
                    "accent_color",
                ],
            },
        ),
        ("History", {"classes": ["collapse"], "fields": ["created_at", "updated_at"]}),
    ]

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_readonly_fields(self, request, obj=None):
        readonly = ["created_at", "updated_at"]
        if admin_role(request) != EDITOR:
            # Who owns a profile is the one thing a researcher could escalate with.
            readonly.append("user")
        return readonly

    def researcher_queryset(self, request, queryset):
        return queryset.filter(user=request.user)

    @admin.display(description="photo")
    def thumbnail(self, profile):
        if not profile.photo:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="40" height="40" class="admin-thumbnail">',
            profile.photo.url,
        )

    def delete_model(self, request, obj):
        delete_profile(obj)

    def delete_queryset(self, request, queryset):
        for profile in queryset:
            delete_profile(profile)
