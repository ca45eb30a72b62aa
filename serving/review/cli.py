"""CLI of the review workflow: ``keys create/list/revoke``, ``review export``, ``retention purge``,
``erase``. Settings come from ``POLARSCAN_*`` like the server's; ``--database-url`` overrides.
Every change is audited with the actor ``cli:<os user>``."""

from __future__ import annotations

import click

_DB_OPTION = click.option("--database-url", default=None, help="database URL (default POLARSCAN_DATABASE_URL or sqlite:///./polarscan.db)")


def _settings(database_url: str | None):
    from polarscan.serving.settings import Settings

    try:
        return Settings(**({"database_url": database_url} if database_url else {}))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None


def _open(database_url: str | None):
    from polarscan.serving.review.db import open_database

    settings = _settings(database_url)
    return settings, open_database(settings.database_url)


def _actor() -> str:
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no user name (containers)
        return "cli"


def _run(fn):
    """Turn the review error kinds into clean CLI errors."""
    from polarscan.serving.errors import ApiError

    try:
        return fn()
    except ApiError as exc:
        raise click.ClickException(exc.message) from None


@click.group("keys")
def keys_group() -> None:
    """API keys: create, list, revoke (roles: admin, reviewer, ingest, demo)."""


@keys_group.command("create")
@click.option("--name", required=True, help="who or what uses the key (unique)")
@click.option("--role", required=True, type=click.Choice(["admin", "reviewer", "ingest", "demo"]))
@_DB_OPTION
def keys_create(name: str, role: str, database_url: str | None) -> None:
    """Create a key and print its token (shown once; only its hash is stored)."""
    from polarscan.serving import keys

    _, db = _open(database_url)
    with db.session() as session:
        key, token = _run(lambda: keys.create_key(session, name, role, actor=_actor()))
        session.commit()
    click.echo(f"created key {key.id} {name!r} with role {role}; token (shown once):")
    click.echo(token)


@keys_group.command("list")
@_DB_OPTION
def keys_list(database_url: str | None) -> None:
    """List keys (never the tokens)."""
    from polarscan.serving import keys

    _, db = _open(database_url)
    with db.session() as session:
        for key in keys.list_keys(session):
            state = f"revoked {key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "active"
            click.echo(f"{key.id:>4}  {key.name:<24} {key.role:<9} created {key.created_at:%Y-%m-%d %H:%M}  {state}")


@keys_group.command("revoke")
@click.argument("key")
@_DB_OPTION
def keys_revoke(key: str, database_url: str | None) -> None:
    """Revoke a key by id or name."""
    from polarscan.serving import keys

    _, db = _open(database_url)
    with db.session() as session:
        row = _run(lambda: keys.revoke_key(session, key, actor=_actor()))
        session.commit()
    click.echo(f"revoked key {row.id} {row.name!r}")


@click.group("review")
def review_group() -> None:
    """The review workflow's data."""


@review_group.command("migrate")
@_DB_OPTION
def review_migrate(database_url: str | None) -> None:
    """Migrate the review database to the latest schema (run as the database owner; the server
    itself can then run as a role without DDL rights, see docs/review.md)."""
    from sqlalchemy import text

    _, db = _open(database_url)
    with db.engine.connect() as conn:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    db.close()
    click.echo(f"review database at revision {revision}")


@review_group.command("export")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="JSON lines file to write")
@_DB_OPTION
def review_export(out: str, database_url: str | None) -> None:
    """Reviewed decisions as a corpus (source `review`) that `data build` accepts (`corpus_jsonl`)."""
    from polarscan.serving.review.export import export_decisions

    _, db = _open(database_url)
    with db.session() as session:
        n = export_decisions(session, out)
    click.echo(f"wrote {n} reviewed posts to {out}")


@click.group("retention")
def retention_group() -> None:
    """Data retention."""


@retention_group.command("purge")
@click.option("--days", type=int, default=None, help="remove text of posts ingested more than DAYS ago (default POLARSCAN_RETENTION_DAYS)")
@click.option("--dry-run", is_flag=True, help="only count")
@_DB_OPTION
def retention_purge(days: int | None, dry_run: bool, database_url: str | None) -> None:
    """Remove post text (and URL, explanation words) after N days; decisions and audit stay."""
    from polarscan.serving.review.privacy import purge_text

    settings, db = _open(database_url)
    days = days if days is not None else settings.retention_days
    if days is None:
        raise click.ClickException("how many days? pass --days N or set POLARSCAN_RETENTION_DAYS")
    with db.session() as session:
        n = _run(lambda: purge_text(session, days, actor=_actor(), dry_run=dry_run))
    click.echo(f"{'would purge' if dry_run else 'purged'} the text of {n} posts older than {days} days")


@click.command("erase")
@click.option("--author", default=None, help="the author's handle as published (pseudonymised with POLARSCAN_PSEUDONYM_SECRET)")
@click.option("--pseudonym", default=None, help="the author's pseudonym as shown in the review UI/API")
@click.option("--yes", is_flag=True, help="do not ask for confirmation")
@_DB_OPTION
def erase(author: str | None, pseudonym: str | None, yes: bool, database_url: str | None) -> None:
    """GDPR erasure: strip the text of every post of one author and unlink them (audited)."""
    from polarscan.serving.review.privacy import erase_author

    if (author is None) == (pseudonym is None):
        raise click.ClickException("give exactly one of --author HANDLE or --pseudonym P")
    settings, db = _open(database_url)
    if not yes:
        click.confirm(f"erase every post of {'author ' + author if author else 'pseudonym ' + str(pseudonym)}?", abort=True)
    with db.session() as session:
        n = _run(lambda: erase_author(session, actor=_actor(), pseudonym=pseudonym, handle=author, secret=settings.pseudonym_secret))
    click.echo(f"erased {n} posts")


def register(cli: click.Group) -> None:
    for command in (keys_group, review_group, retention_group, erase):
        cli.add_command(command)
