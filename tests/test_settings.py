import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

PROJECT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
    "DJANGO_ALLOWED_HOSTS": "tracker.example.org",
}


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_debug_the_app_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_the_database_comes_from_database_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    result = run_manage("migrate", "-v0", DJANGO_DEBUG="1", DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "other.sqlite3").stat().st_size > 0


@pytest.mark.django_db
def test_admin_pages_carry_a_content_security_policy(client):
    response = client.get(reverse("admin:login"))
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_account_out_for_that_client(
    client, settings, django_user_model
):
    settings.AXES_ENABLED = True
    django_user_model.objects.create_superuser("curator", "c@example.org", "right-password-1")
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "curator", "password": "wrong"})
    response = client.post(url, {"username": "curator", "password": "right-password-1"})
    assert response.status_code == 429
    other_user_client = client.__class__(REMOTE_ADDR="10.0.0.9")
    other = other_user_client.post(url, {"username": "curator", "password": "right-password-1"})
    assert other.status_code == 302, "another client address is not locked out"


def test_the_cache_is_kept_apart_per_database(tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    from tracker.settings import cache_settings

    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": "/srv/a.sqlite3"}
    other = {"ENGINE": "django.db.backends.sqlite3", "NAME": "/srv/b.sqlite3"}
    postgres = {"ENGINE": "django.db.backends.postgresql", "NAME": "ct", "HOST": "db"}

    files = [cache_settings(f"file://{tmp_path}", db)["LOCATION"] for db in (sqlite, other)]
    redis = [cache_settings("redis://cache:6379/1", db) for db in (sqlite, postgres)]

    assert files[0] != files[1]
    assert all(Path(location).parent == tmp_path for location in files)
    assert cache_settings(f"file://{tmp_path}", dict(sqlite))["LOCATION"] == files[0]
    assert redis[0]["LOCATION"] == "redis://cache:6379/1"
    assert redis[0]["KEY_PREFIX"] != redis[1]["KEY_PREFIX"]
    assert cache_settings("locmem://", sqlite)["BACKEND"].endswith("LocMemCache")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_CACHE_URL"):
        cache_settings("memcached://cache:11211", sqlite)


def test_gunicorn_workers_keep_the_loaded_app_out_of_garbage_collection():
    import gc
    import runpy

    config = runpy.run_path(str(PROJECT / "gunicorn.conf.py"))
    gc.unfreeze()
    try:
        config["post_worker_init"](worker=None)
        frozen = gc.get_freeze_count()
    finally:
        gc.unfreeze()

    assert frozen > 10_000


@pytest.mark.django_db
def test_postgresql_sessions_run_each_query_without_parallel_workers():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        (workers,) = cursor.fetchone()

    assert workers == "0"


def test_a_process_that_caches_nothing_leaves_no_cache_folder(tmp_path):
    result = run_manage(
        "check",
        DJANGO_DEBUG="1",
        DJANGO_CACHE_URL=f"file://{tmp_path / 'cache'}",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "cache").exists()


def test_the_folder_cache_makes_its_folder_on_the_first_write(tmp_path):
    from tracker.cache import FolderCache

    cache = FolderCache(str(tmp_path / "cache"), {})
    assert cache.get("missing") is None and not cache.has_key("missing")
    cache.set("key", "value")
    assert cache.get("key") == "value"
    assert (tmp_path / "cache").is_dir()


@pytest.mark.parametrize(
    ("env", "reason"),
    [
        ({"DJANGO_DEBUG": "0"}, "DJANGO_SECRET_KEY is not set"),
        ({"DJANGO_DEBUG": "1", "DATABASE_URL": ""}, "DATABASE_URL is empty"),
        ({"DJANGO_DEBUG": "1", "DATABASE_URL": "localhost/tracker"}, "names no database"),
    ],
    ids=["no debug and no secret key", "empty database url", "database url without scheme"],
)
def test_a_configuration_mistake_is_one_line_and_exit_1(env, reason):
    result = run_manage("check", **env)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert reason in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("debug", ["1", "0"])
def test_each_4xx_is_logged_once(debug):
    script = (
        "import django; django.setup(); from django.test import Client; "
        "Client(HTTP_HOST='localhost').get('/no-such-page/')"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tracker.settings",
            "DJANGO_DEBUG": debug,
            "DJANGO_SECRET_KEY": "test-" + secrets.token_urlsafe(32),
            "DJANGO_ALLOWED_HOSTS": "localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_CACHE_URL": "locmem://",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("Not Found: /no-such-page/") == 1, result.stderr
