"""Admin for researcher profiles, and the access rule every admin in the project shares.

Two kinds of people edit here. Editors (superusers and the "Profile editors" group)
edit everything. A researcher (a staff user who owns a profile) edits their own
profile and their own papers, and needs no Django model permissions for it:
:class:`ResearcherAccessMixin` decides, in one place, for every admin and inline.
"""

from adminsortable2.admin import CustomInlineFormSet, SortableAdminBase, SortableInlineAdminMixin
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from publications.models import ProfilePublication
from publications.services import delete_profile

from .export.admin_actions import export_as_html, export_whole_site
from .jobs.models import Job
from .jobs.services import start_job
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
    fields = ["date", "text", "pinned", "is_published"]


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
    fk_name = "profile"
    verbose_name = "publication on this page"
    verbose_name_plural = "publications on this page"
    fields = ["publication", "year", "status", "selected", "hidden"]
    readonly_fields = ["publication", "year", "status"]
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
        ("Citations and news", {"fields": ["show_citations", "draft_acceptance_news"]}),
        ("Papers co-authors add", {"fields": ["accept_claims", "claims_trusted"]}),
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

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "claims_trusted":
            # Co-authors to trust: published profiles (a researcher sees no unpublished
            # names), the profile itself left out.
            queryset = Profile.objects.published().order_by("name")
            if admin_role(request) != EDITOR:
                queryset = queryset.exclude(user=request.user)
            kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description="photo")
    def thumbnail(self, profile):
        if not profile.photo:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="40" height="40" class="admin-thumbnail">',
            profile.photo.url,
        )

    def get_urls(self):
        urls = [
            path(
                "export-site/",
                self.admin_site.admin_view(require_POST(self.export_site_view)),
                name="profiles_profile_export_site",
            )
        ]
        return urls + super().get_urls()

    def export_site_view(self, request):
        if admin_role(request) != EDITOR:
            raise PermissionDenied
        return export_whole_site(self, request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "may_export_site": admin_role(request) == EDITOR}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        drafts = 0
        if str(object_id).isdigit():  # anything else is the admin's own "not found"
            drafts = NewsItem.objects.filter(profile_id=object_id, is_published=False).count()
        extra_context = {**(extra_context or {}), "draft_news": drafts}
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.show_citations and "show_citations" in form.changed_data:
            from publications.citations.tasks import refresh_profile_citations

            job = start_job(
                kind=Job.Kind.CITATION_REFRESH,
                task=refresh_profile_citations,
                user=request.user,
                profile=obj,
            )
            self.message_user(
                request,
                format_html(
                    'Citation counts are being read; <a href="{}">follow the refresh</a>.',
                    job.get_absolute_url(),
                ),
                messages.INFO,
            )

    def delete_model(self, request, obj):
        delete_profile(obj)

    def delete_queryset(self, request, queryset):
        for profile in queryset:
            delete_profile(profile)


@admin.action(description="Publish the selected news items")
def publish_news(modeladmin, request, queryset):
    published = 0
    for item in queryset.filter(is_published=False):
        item.is_published = True
        item.save(update_fields=["is_published"])  # the signal refreshes the cached pages
        published += 1
    modeladmin.message_user(request, f"Published {published} news item(s).", messages.SUCCESS)


@admin.register(NewsItem)
class NewsItemAdmin(ResearcherAccessMixin, admin.ModelAdmin):
    """Every news item, drafts first: where a drafted acceptance news is published with one
    click. New items are written on the profile page."""

    list_display = ["date", "text", "profile", "is_published", "publish_button"]
    list_display_links = ["date", "text"]
    list_filter = ["is_published", "pinned"]
    list_select_related = ["profile"]
    search_fields = ["text", "profile__name"]
    fields = ["profile", "date", "text", "pinned", "is_published", "announces"]
    readonly_fields = ["profile", "announces"]
    actions = [publish_news]

    def researcher_may(self, request, action, obj):
        return action != "add" and (obj is None or obj.profile.user_id == request.user.pk)

    def researcher_queryset(self, request, queryset):
        return queryset.filter(profile__user=request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def get_ordering(self, request):
        return ["is_published", "-date", "-id"]

    def get_urls(self):
        publish = self.admin_site.admin_view(require_POST(self.publish_view))
        return [path("publish/", publish, name="profiles_newsitem_publish"), *super().get_urls()]

    @admin.display(description="")
    def publish_button(self, item):
        if item.is_published:
            return ""
        # The button belongs to the small form outside the list's own form (change_list.html).
        return format_html(
            '<button type="submit" form="publish-news" name="item" value="{}" '
            'class="button publish-news">Publish</button>',
            item.pk,
        )

    def publish_view(self, request):
        item = get_object_or_404(self.get_queryset(request), pk=request.POST.get("item", ""))
        if not self.has_change_permission(request, item):
            raise PermissionDenied
        publish_news(self, request, NewsItem.objects.filter(pk=item.pk))
        return redirect(reverse("admin:profiles_newsitem_changelist"))


from .jobs import admin as jobs_admin  # noqa: E402, F401 - registers the Job admin
