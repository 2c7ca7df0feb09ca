"""Claims in the admin: the owner accepts or declines papers co-authors put on their
page; the co-author who proposed them sees which still wait (publications.claims)."""

from django.contrib import admin, messages
from django.db.models import Prefetch
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html_join

from profiles.admin import admin_role

from . import claims
from .models import Authorship, Claim, ProfilePublication

Status = ProfilePublication.Status


class ClaimAccessMixin:
    """Anyone with a role in the admin sees the claims ``claims.visible_to`` them; the
    actions decide only those ``claims.decidable_by`` them, whatever was posted."""

    def has_module_permission(self, request):
        return admin_role(request) is not None

    def has_view_permission(self, request, obj=None):
        return admin_role(request) is not None and (
            obj is None or claims.visible_to(request.user).filter(pk=obj.pk).exists()
        )

    def has_change_permission(self, request, obj=None):
        return False  # decided with the actions only: nothing else of a claim is edited here

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Claim)
class ClaimAdmin(ClaimAccessMixin, admin.ModelAdmin):
    list_display = ["publication", "authors", "profile", "status", "proposer", "proposed_at"]
    list_filter = ["status"]
    list_select_related = ["publication", "profile", "proposed_by"]
    search_fields = ["publication__title"]
    actions = ["accept", "decline"]
    fields = ["publication", "profile", "status", "proposed_by", "proposed_at", "decided_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        # Two queries for a page of claims: the rows, and their author rows.
        return claims.visible_to(request.user).prefetch_related(
            Prefetch("publication__authorships", queryset=Authorship.objects.order_by("position"))
        )

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        # The actions need no change permission: claims.decide checks each row.
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)
        return actions

    def get_urls(self):
        urls = super().get_urls()
        accept_all = path(
            "accept-all/",
            self.admin_site.admin_view(self.accept_all_view),
            name="publications_claim_accept_all",
        )
        return [accept_all, *urls]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "pending_claims": claims.pending_count(request.user),
        }
        return super().changelist_view(request, extra_context)

    @admin.display(description="authors")
    def authors(self, claim):
        return format_html_join(
            ", ", "{}", ((row.name,) for row in claim.publication.authorships.all())
        )

    @admin.display(description="proposed by", ordering="proposed_by__name")
    def proposer(self, claim):
        return claim.proposed_by or "an editor"

    def _decide(self, request, queryset, status, verb):
        changed = claims.decide(request.user, queryset, status)
        skipped = queryset.count() - changed
        self.message_user(request, f"{verb} {changed} claim{'s' if changed != 1 else ''}.")
        if skipped:
            self.message_user(
                request,
                f"{skipped} left as they were: already {status}, or not on your page "
                "(only the profile's owner decides).",
                messages.WARNING,
            )

    @admin.action(description="Accept: list the selected papers on my page")
    def accept(self, request, queryset):
        self._decide(request, queryset, Status.ACCEPTED, "Accepted")

    @admin.action(description="Decline: never list the selected papers on my page")
    def decline(self, request, queryset):
        self._decide(request, queryset, Status.DECLINED, "Declined")

    def accept_all_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        waiting = claims.decidable_by(request.user).filter(status=Status.PENDING)
        changed = claims.decide(request.user, waiting, Status.ACCEPTED)
        self.message_user(request, f"Accepted {changed} claim{'s' if changed != 1 else ''}.")
        return HttpResponseRedirect(reverse("admin:publications_claim_changelist"))
