from django.http import Http404
from django.views.generic import DetailView, ListView

from .models import Profile
from .permissions import can_edit_profile


class DirectoryView(ListView):
    template_name = "profiles/directory.html"
    context_object_name = "profiles"

    def get_queryset(self):
        return Profile.objects.published()


class ProfileDetailView(DetailView):
    template_name = "profiles/profile_detail.html"
    context_object_name = "profile"
    queryset = Profile.objects.all()

    def get_object(self, queryset=None):
        profile = super().get_object(queryset)
        if not profile.is_published and not can_edit_profile(self.request.user, profile):
            raise Http404("No such profile.")
        return profile
