from django.shortcuts import redirect
from django.views.generic import DetailView

from .models import Publication


class PublicationDetailView(DetailView):
    template_name = "publications/publication_detail.html"
    context_object_name = "publication"
    queryset = Publication.objects.all()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if kwargs["slug"] != self.object.slug:
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))
