from django.contrib import admin
from django.urls import include, path, re_path
from rest_framework import routers

from branches.api import views

router = routers.DefaultRouter()
router.register(r"branches", views.BranchViewSet)  # route: GET /api/branches, POST /api/branches, GET /api/branches/{code}, PUT /api/branches/{code}, PATCH /api/branches/{code}, DELETE /api/branches/{code}
router.register(r"atms", views.AtmViewSet, basename="atm")  # route: GET /api/atms, GET /api/atms/{pk}

urlpatterns = [
    path("api/", include(router.urls)),
    path("api/queues/", views.QueueList.as_view()),  # route: GET /api/queues, POST /api/queues
    re_path(r"^legacy/(?P<pk>[0-9]+)/$", views.legacy_detail),  # route: ANY /legacy/{pk}
    path("admin/", admin.site.urls),
]
