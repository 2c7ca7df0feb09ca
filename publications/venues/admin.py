"""Admin for the venue registry, and the list of venue texts it does not know.

The permission rule: editors edit the registry (venues, ranks, every alias). A
researcher may look venues up (the paper form's autocomplete) and add aliases — a
spelling that means a venue — which is all a researcher's papers need; they change no
venue and no rank, and see, change and delete only the aliases they added. A new alias
links at once the papers its author may edit (an editor's: every paper); others' papers
find it on their next import or save.
"""

from django.contrib import admin, messages
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode

from profiles.admin import EDITOR, RESEARCHER, ResearcherAccessMixin, admin_role
from publications.models import Publication

from .models import UnmappedVenueText, Venue, VenueAlias, VenueRank
from .services import map_unmapped, unmapped_venue_texts


class EditorsEditResearchersLook(ResearcherAccessMixin):
    def researcher_may(self, request, action, obj):
        return action == "view"


class VenueAliasInline(EditorsEditResearchersLook, admin.TabularInline):
    model = VenueAlias
    extra = 1
    fields = ["text", "added_by"]
    readonly_fields = ["added_by"]


class VenueRankInline(EditorsEditResearchersLook, admin.TabularInline):
    model = VenueRank
    extra = 1
    fields = ["system", "edition", "rank", "source"]


@admin.register(Venue)
class VenueAdmin(EditorsEditResearchersLook, admin.ModelAdmin):
    list_display = ["short_name", "full_name", "kind", "rank_list", "paper_count"]
    list_filter = ["kind", "ranks__system"]
    search_fields = ["short_name", "full_name", "aliases__text"]
    inlines = [VenueAliasInline, VenueRankInline]

    def get_queryset(self, request):
        # Two queries for a page of venues: their paper counts, and all their ranks.
        return (
            super()
            .get_queryset(request)
            .annotate(paper_count=Count("publications", distinct=True))
            .prefetch_related("ranks")
        )

    @admin.display(description="ranks")
    def rank_list(self, venue):
        return ", ".join(f"{rank.badge} ({rank.edition})" for rank in venue.ranks.all())

    @admin.display(description="papers", ordering="paper_count")
    def paper_count(self, venue):
        return venue.paper_count

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):
            if isinstance(obj, VenueAlias) and obj.pk is None:
                obj.added_by = request.user
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        linked = map_unmapped()
        if linked:
            messages.info(request, f"{linked} papers now point at their registry venue.")


@admin.register(VenueAlias)
class VenueAliasAdmin(ResearcherAccessMixin, admin.ModelAdmin):
    list_display = ["text", "venue", "added_by"]
    list_select_related = ["venue", "added_by"]
    list_filter = [("added_by", admin.EmptyFieldListFilter)]
    search_fields = ["text", "venue__short_name", "venue__full_name"]
    autocomplete_fields = ["venue"]
    fields = ["text", "venue"]

    def researcher_may(self, request, action, obj):
        return obj is None or obj.added_by_id == request.user.pk

    def researcher_queryset(self, request, queryset):
        return queryset.filter(added_by=request.user)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)
        papers = Publication.objects.editable_by(request.user)
        linked = map_unmapped(papers)
        if linked:
            messages.info(request, f"{linked} of your papers now point at {obj.venue}.")


@admin.register(UnmappedVenueText)
class UnmappedVenueTextAdmin(ResearcherAccessMixin, admin.ModelAdmin):
    """One row per venue text of papers without a registry venue, the most frequent first,
    with a link to the papers and one to map the text (a new alias, prefilled). A
    researcher sees the texts of the papers they may edit; an editor every paper's."""

    def researcher_may(self, request, action, obj):
        return action == "view"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            return super().changelist_view(request, extra_context)
        role = admin_role(request)
        papers = (
            Publication.objects.all()
            if role == EDITOR
            else Publication.objects.editable_by(request.user)
        )
        rows = unmapped_venue_texts(papers)
        alias_url = reverse("admin:publications_venuealias_add")
        papers_url = reverse("admin:publications_publication_changelist")
        for row in rows:
            text = row["venue_full"] or row["venue"]
            row["map_url"] = f"{alias_url}?{urlencode({'text': text})}"
            query = {"registered_venue__isempty": "1", "q": text}
            row["papers_url"] = f"{papers_url}?{urlencode(query)}"
        context = {
            **self.admin_site.each_context(request),
            "title": "Venue texts the registry does not know",
            "opts": self.model._meta,
            "rows": rows,
            "papers": sum(row["count"] for row in rows),
            "researcher": role == RESEARCHER,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/publications/unmapped_venues.html", context)
