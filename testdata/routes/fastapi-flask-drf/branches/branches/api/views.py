from rest_framework import generics, mixins, viewsets
from rest_framework.decorators import action


class BranchViewSet(viewsets.ModelViewSet):
    lookup_field = "code"

    @action(detail=True, methods=["post"])  # route: POST /api/branches/{code}/close
    def close(self, request, code=None):
        pass

    @action(detail=False)  # route: GET /api/branches/nearby
    def nearby(self, request):
        pass


class AtmViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    pass


class QueueList(generics.ListCreateAPIView):
    pass


def legacy_detail(request, pk):
    pass
