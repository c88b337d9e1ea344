"""The product's pages plus /bench/trivial/, served only under bench.settings."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from peersupport.urls import handler403, handler404, handler500  # noqa: F401
from peersupport.urls import urlpatterns as product_urlpatterns


@login_required
def trivial(request):
    """Full middleware, a session and a signed-in user, and a tiny template: the floor every page is above."""
    return render(request, "bench/trivial.html")


urlpatterns = [path("bench/trivial/", trivial, name="bench_trivial"), *product_urlpatterns]
