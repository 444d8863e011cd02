"""The smallest Django site mounting the receiver's view (scripts/test-receivers.sh runs the
conformance suite against it). Settings come from the environment (KELISIM_DATABASE_URL…)."""

SECRET_KEY = "kelisim-conformance-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "django_site.urls"
INSTALLED_APPS = []
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
DATABASES = {}
USE_TZ = True
