from django.http import HttpResponse
from django.urls import path

import kelisim_receiver.django

urlpatterns = [
    path("consent", kelisim_receiver.django.consent),
    path("healthz", lambda request: HttpResponse("ok\n")),
]
