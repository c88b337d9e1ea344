"""The large organisation of `make bench`: 50,000 people on PostgreSQL, built once and reused.

`python -m bench.orgdata` builds it unless the database already holds one made by this GENERATOR_VERSION
(bump it whenever what is generated changes). The demo (seed_demo: personas with the demo password, themes,
four groups) goes in first through the services; the bulk is then written by PostgreSQL itself,
INSERT … SELECT over generate_series, with member and reply counts recounted at the end
(`manage.py recount_groups`). Everything is deterministic: the same figures come out on every build.
`python -m bench.orgdata --targets` prints, as JSON, the pages the load runs over (bench/locustfile.py).

Numbers at BENCH_SCALE=1 (the default): 500 org units, 1,000 groups (36 of 2,000-7,600 members), about
500,000 memberships, 100,000 threads, 1,000,000 replies (8 threads of 5,000-12,000), 500,000 reactions, 20,000
reports, 5,000 sessions with 100,000 answers, 2,000,000 notifications. BENCH_SCALE scales the replies,
reactions and notifications (the people, groups and threads stay as they are).
"""

import argparse
import json
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

GENERATOR_VERSION = "2"
PEOPLE = 50_000
GROUPS = 1_000
BIG_GROUPS = 36
THREADS = 100_000
HOT_THREADS = 8
SESSIONS = 5_000
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
# Replies per ordinary thread: 0..18, about 9.3 on average: ~930,000, with the hot threads' ~68,000 ≈
# 1,000,000.
REPLY_SPREAD = max(1, round(19 * SCALE))
NOTIFICATIONS_PER_PERSON = max(1, round(40 * SCALE))
STEP = 7919  # prime, coprime with PEOPLE: k * STEP mod PEOPLE walks distinct people for k < PEOPLE

WORDS = (
    "tired,hopeful,week,team,sleep,deadline,child,parent,walk,talk,listen,boundaries,lunch,manager,"
    "rota,quiet,evening,weekend,change,habit,calm,worry,office,home,commute,break,coffee,support"
)


def sql(statement: str, params=()) -> None:
    """Runs one statement; always with parameters, so a literal % is written %%."""
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def scalar(statement: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        row = cursor.fetchone()
    return row[0] if row else None


class Progress:
    """A one-line progress bar on stderr: steps weighted by how long they take."""

    def __init__(self, total: float):
        self.total, self.done, self.started = total, 0.0, time.monotonic()

    def advance(self, weight: float, label: str) -> None:
        self.done += weight
        width = 30
        filled = int(width * self.done / self.total)
        elapsed = time.monotonic() - self.started
        sys.stderr.write(
            f"\r  [{'#' * filled}{'.' * (width - filled)}] {100 * self.done / self.total:5.1f} % "
            f"{elapsed:6.0f} s  {label:<34}"
        )
        sys.stderr.flush()

    def finish(self) -> float:
        sys.stderr.write("\n")
        return time.monotonic() - self.started


def built_version():
    if not scalar("SELECT to_regclass('bench_meta')"):
        return None
    return scalar("SELECT value FROM bench_meta WHERE key = 'version'")


def wipe() -> None:
    """Starts from an empty, migrated database (the data migrations' rows, such as the roles, included)."""
    sql("DROP SCHEMA public CASCADE")
    sql("CREATE SCHEMA public")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)


def build(password: str) -> float:
    progress = Progress(100)
    progress.advance(0, "demo personas (seed_demo)")
    wipe()
    call_command("seed_demo", password=password, force=True, verbosity=0)
    progress.advance(2, "org units")
    with transaction.atomic():
        _org_units()
        progress.advance(1, "people")
        _people(make_password(password))
        progress.advance(6, "groups")
        _groups()
        progress.advance(1, "memberships")
        _memberships()
        progress.advance(6, "threads")
        _threads()
        progress.advance(5, "replies")
        chunks = 10
        for chunk in range(chunks):
            _replies(chunk, chunks)
            progress.advance(3, f"replies {chunk + 1}/{chunks}")
        _hot_replies()
        progress.advance(4, "reactions")
        _reactions()
        progress.advance(6, "reports")
        _reports()
        progress.advance(2, "sessions and answers")
        _sessions()
        progress.advance(2, "notifications")
        for chunk in range(chunks):
            _notifications(chunk, chunks)
            progress.advance(3, f"notifications {chunk + 1}/{chunks}")
        _personas()
        progress.advance(0, "training")
        _training()
    progress.advance(0, "counts (recount_groups)")
    call_command("recount_groups", verbosity=0)
    progress.advance(3, "ANALYZE")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    seconds = progress.finish()
    sql("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text NOT NULL)")
    sql("DELETE FROM bench_meta")
    sql(
        "INSERT INTO bench_meta VALUES ('version', %s), ('seconds', %s), ('built_at', now()::text),"
        " ('scale', %s)",
        [GENERATOR_VERSION, f"{seconds:.0f}", str(SCALE)],
    )
    return seconds


def _org_units() -> None:
    # 10 divisions, 40 departments, 450 teams (with the demo's 13, about 500).
    sql(
        "INSERT INTO accounts_orgunit (public_id, name, kind, parent_id)"
        " SELECT substr(md5('div' || d), 1, 14), 'Division ' || d, 'division', NULL"
        " FROM generate_series(1, 10) d"
    )
    sql(
        "INSERT INTO accounts_orgunit (public_id, name, kind, parent_id)"
        " SELECT substr(md5('dep' || d), 1, 14), 'Department ' || d, 'department', p.id"
        " FROM generate_series(1, 40) d JOIN accounts_orgunit p ON p.name = 'Division ' || (1 + (d - 1) / 4)"
    )
    sql(
        "INSERT INTO accounts_orgunit (public_id, name, kind, parent_id)"
        " SELECT substr(md5('team' || t), 1, 14), 'Team ' || t, 'team', p.id"
        " FROM generate_series(1, 450) t JOIN accounts_orgunit p ON p.name = 'Department ' || (1 +"
        " (t - 1) %% 40)"
    )


def _people(password_hash: str) -> None:
    existing = scalar("SELECT count(*) FROM accounts_user")
    sql(
        "INSERT INTO accounts_user (password, is_superuser, public_id, email, display_name,"
        " pronouns, timezone,"
        " is_active, is_staff, date_joined, org_unit_id)"
        " SELECT %s, false, substr(md5('user' || i), 1, 14), 'person' || i || '@bench.example.com',"
        " (ARRAY['Aisha','Ben','Chloe','Dev','Elena','Femi','Hannah','Ibrahim','Jun','Kate','Liam','Maya'])"
        "[1 + i %% 12] || ' ' ||"
        " (ARRAY['Adeyemi','Brennan','Chen','Dubois','Evans','Fischer','Hughes','Ito','Jensen','Novak'])"
        "[1 + (i / 12) %% 10] || ' ' || i,"
        " '', 'Europe/London', true, false, now() - (i %% 900) * interval '1 day', teams.ids[1 + i %% 450]"
        " FROM generate_series(1, %s) i,"
        " (SELECT array_agg(id ORDER BY id) ids FROM accounts_orgunit WHERE name LIKE 'Team %%') teams",
        [password_hash, PEOPLE - existing],
    )
    sql(
        'INSERT INTO account_emailaddress (user_id, email, verified, "primary")'
        " SELECT id, email, true, true FROM accounts_user u"
        " WHERE NOT EXISTS (SELECT 1 FROM account_emailaddress e WHERE e.user_id = u.id)"
    )
    # person n (0-based) -> user id; everyone, the demo people included.
    sql(
        "CREATE TEMP TABLE bench_person AS SELECT (row_number() OVER (ORDER BY id) - 1)::int n, id"
        " FROM accounts_user"
    )
    sql("CREATE UNIQUE INDEX ON bench_person (n)")


def _groups() -> None:
    existing = scalar("SELECT count(*) FROM groups_peergroup")
    sql(
        "INSERT INTO groups_peergroup (public_id, name, description, agreement, join_policy, visibility,"
        " allow_anonymous, timezone, created_at, theme_id, agreement_version, member_count)"
        " SELECT substr(md5('group' || g), 1, 14),"
        " (ARRAY['Circle','Corner','Room','Space','Table'])[1 + g %% 5] || ' ' || g,"
        " 'A place to talk about ' || split_part(%s, ',', 1 + g %% 28) || ' and ' ||"
        " split_part(%s, ',', 1 + (g * 7) %% 28) || '.',"
        " (SELECT agreement FROM groups_peergroup LIMIT 1),"
        " CASE WHEN g %% 10 < 7 THEN 'open' WHEN g %% 10 < 9 THEN 'request' ELSE 'invitation' END,"
        " CASE WHEN g %% 10 = 9 THEN 'private' ELSE 'listed' END,"
        " true, 'Europe/London', now() - (g %% 700) * interval '1 day', themes.ids[1 + g %%"
        " array_length(themes.ids, 1)],"
        " 1, 0"
        " FROM generate_series(1, %s) g, (SELECT array_agg(id ORDER BY id) ids FROM groups_theme) themes",
        [WORDS, WORDS, GROUPS - existing],
    )
    # group n -> id, size and where its members start in the walk over people. The first BIG_GROUPS new groups
    # are the big ones (7,600 down to 2,000 people); the rest hold 20 to 660; the demo groups keep their
    # people.
    sql(
        "CREATE TEMP TABLE bench_group AS"
        " SELECT n, id, CASE WHEN n < %(big)s THEN 7600 - n * 160 ELSE 20 + (n * 37) %% 641 END size,"
        " (n * 104729) %% %(people)s start"
        " FROM (SELECT (row_number() OVER (ORDER BY id) - 1)::int n, id FROM groups_peergroup"
        "       WHERE name NOT IN (SELECT name FROM groups_peergroup ORDER BY id LIMIT %(demo)s)) g",
        {"big": BIG_GROUPS, "people": PEOPLE, "demo": existing},
    )
    sql("CREATE UNIQUE INDEX ON bench_group (n)")
    sql("CREATE UNIQUE INDEX ON bench_group (id)")


def _memberships() -> None:
    # Two facilitators per group, members after; 3 % have left, 10 % are unlisted.
    sql(
        "INSERT INTO groups_membership (public_id, role, status, agreement_accepted_at, listed, listen_only,"
        " created_at, joined_at, ended_at, removal_reason, user_id, group_id)"
        " SELECT substr(md5('m' || g.n || ':' || k), 1, 14),"
        " CASE WHEN k < 2 THEN 'facilitator' ELSE 'member' END,"
        " CASE WHEN k >= 2 AND k %% 33 = 5 THEN 'left' ELSE 'active' END,"
        " now() - interval '300 days', k %% 10 <> 3, k %% 17 = 4, now() - interval '300 days',"
        " now() - interval '300 days' + (k %% 280) * interval '1 day',"
        " CASE WHEN k >= 2 AND k %% 33 = 5 THEN now() - interval '3 days' END, '', p.id, g.id"
        " FROM bench_group g CROSS JOIN LATERAL generate_series(0, g.size - 1) k"
        " JOIN bench_person p ON p.n = (g.start + k * %s) %% %s",
        [STEP, PEOPLE],
    )


def _threads() -> None:
    # Threads in proportion to a group's size (its share of 100,000); authors are its members.
    total = scalar("SELECT sum(size) FROM bench_group")
    sql(
        "CREATE TEMP TABLE bench_thread_plan AS"
        " SELECT g.n, g.id, g.start, g.size, greatest(1, round(g.size * %s::float / %s))::int threads"
        " FROM bench_group g",
        [THREADS, total],
    )
    sql(
        "INSERT INTO groups_thread (public_id, pseudonym, title, body, open_to_suggestions, created_at,"
        " last_activity_at, author_id, group_id, reply_count)"
        " SELECT substr(md5('t' || g.n || ':' || t), 1, 14),"
        " CASE WHEN t %% 5 = 0 THEN 'Member A' ELSE '' END,"
        " initcap(split_part(%s, ',', 1 + (t * 3 + g.n) %% 28)) || ' and ' ||"
        " split_part(%s, ',', 1 + (t * 11) %% 28) || ', ' || t,"
        " 'Lately I have been thinking about ' || split_part(%s, ',', 1 + t %% 28) ||"
        " '. How do you manage it at work? Some days it is **a lot**, and talking helps.',"
        " t %% 3 = 0, now() - interval '400 days' + t * interval '3 hours',"
        " now() - interval '400 days' + t * interval '3 hours' + interval '2 days', p.id, g.id, 0"
        " FROM bench_thread_plan g CROSS JOIN LATERAL generate_series(1, g.threads) t"
        " JOIN bench_person p ON p.n = (g.start + ((t * 13) %% g.size) * %s) %% %s",
        [WORDS, WORDS, WORDS, STEP, PEOPLE],
    )
    # thread -> its group's walk, for reply authors; the hot threads are the newest of the biggest groups.
    sql(
        "CREATE TEMP TABLE bench_thread AS"
        " SELECT t.id, t.created_at, g.start, g.size, (t.id * 7) %% %s replies"
        " FROM groups_thread t JOIN bench_group g ON g.id = t.group_id",
        [REPLY_SPREAD],
    )
    sql("CREATE UNIQUE INDEX ON bench_thread (id)")
    sql(
        "CREATE TEMP TABLE bench_hot AS"
        " SELECT DISTINCT ON (g.n) g.n, t.id, 5000 + g.n * 1000 replies FROM bench_group g"
        " JOIN groups_thread t ON t.group_id = g.id WHERE g.n < %s ORDER BY g.n, t.created_at DESC",
        [HOT_THREADS],
    )
    sql("UPDATE bench_thread SET replies = 0 WHERE id IN (SELECT id FROM bench_hot)")


_REPLY_COLUMNS = (
    "INSERT INTO groups_post (public_id, pseudonym, reply_type, body, created_at, author_id, thread_id)"
    " SELECT substr(md5('r' || t.id || ':' || r), 1, 14), CASE WHEN r %% 6 = 0 THEN 'Member B' ELSE '' END,"
    " (ARRAY['reflect','share','suggest'])[1 + r %% 3],"
    " (ARRAY['It sounds like this week asked a lot of you.','Same here: what helped me was a walk at lunch.',"
    "'Could you ask your manager to move the early meeting?','Thank you for saying it out loud.',"
    "'I hear how tiring it is to keep going.'])[1 + (t.id + r) %% 5],"
    " t.created_at + r * interval '7 minutes', p.id, t.id"
)


def _replies(chunk: int, chunks: int) -> None:
    sql(
        _REPLY_COLUMNS + " FROM bench_thread t CROSS JOIN LATERAL generate_series(1, t.replies) r"
        " JOIN bench_person p ON p.n = (t.start + ((r * 17 + t.id) %% t.size) * %s) %% %s"
        " WHERE t.id %% %s = %s",
        [STEP, PEOPLE, chunks, chunk],
    )


def _hot_replies() -> None:
    sql(
        _REPLY_COLUMNS.replace("interval '7 minutes'", "interval '30 seconds'")
        + " FROM bench_hot h JOIN bench_thread t ON t.id = h.id"
        " CROSS JOIN LATERAL generate_series(1, h.replies) r"
        " JOIN bench_person p ON p.n = (t.start + ((r * 17 + t.id) %% t.size) * %s) %% %s",
        [STEP, PEOPLE],
    )


def _reactions() -> None:
    # Every other reply gets one reaction from someone in the organisation.
    sql(
        "INSERT INTO groups_reaction (kind, post_id, user_id, thread_id)"
        " SELECT (ARRAY['thanks','me_too','support'])[1 + p.id %% 3], p.id, u.id, NULL"
        " FROM groups_post p JOIN bench_person u ON u.n = (p.id * 31) %% %s WHERE p.id %% 2 = 0",
        [PEOPLE],
    )


def _reports() -> None:
    # One report on every 50th reply; 90 % already resolved, so about 2,000 wait in the queues.
    sql(
        "INSERT INTO groups_report (public_id, reason, note, created_at, resolved_at, post_id,"
        " reporter_id, thread_id, group_id)"
        " SELECT substr(md5('rep' || p.id), 1, 14),"
        " (ARRAY['unkind','agreement','privacy','other'])[1 + (p.id / 50) %% 4],"
        " CASE WHEN p.id %% 150 = 0 THEN 'This felt harsh to me.' ELSE '' END, p.created_at +"
        " interval '1 hour',"
        " CASE WHEN (p.id / 50) %% 10 <> 0 THEN p.created_at + interval '1 day' END, p.id, u.id, NULL,"
        " t.group_id"
        " FROM groups_post p JOIN groups_thread t ON t.id = p.thread_id"
        " JOIN bench_person u ON u.n = (p.id * 53) %% %s WHERE p.id %% 50 = 0",
        [PEOPLE],
    )


def _sessions() -> None:
    # Sessions in proportion to group size; the biggest group's next session has 2,500 answers, the others
    # about 19 each (100,000 in all).
    total = scalar("SELECT sum(size) FROM bench_group")
    sql(
        "INSERT INTO groups_groupsession (public_id, title, description, starts_at, ends_at, mode, location,"
        " accessibility_notes, video_link, capacity, group_id, revision)"
        " SELECT substr(md5('s' || g.n || ':' || s), 1, 14), 'Check-in ' || s, 'An hour to listen"
        " and be heard.',"
        " now() + (s * 7 - 30) * interval '1 day' + interval '12 hours',"
        " now() + (s * 7 - 30) * interval '1 day' + interval '13 hours',"
        " CASE WHEN s %% 2 = 0 THEN 'video' ELSE 'in_person' END,"
        " CASE WHEN s %% 2 = 0 THEN '' ELSE 'Room ' || (g.n %% 40) END, 'Step-free access.',"
        " CASE WHEN s %% 2 = 0 THEN 'https://video.example.com/' || g.n || '-' || s ELSE '' END,"
        " NULL, g.id, 0"
        " FROM bench_group g CROSS JOIN LATERAL generate_series(1, greatest(1, round(g.size *"
        " %s::float / %s))::int) s",
        [SESSIONS, total],
    )
    sql(
        "CREATE TEMP TABLE bench_session AS"
        " SELECT s.id, g.start, g.size, CASE WHEN g.n = 0 AND s.title = 'Check-in 5' THEN 2500"
        " ELSE least(g.size, 5 + s.id %% 28) END answers"
        " FROM groups_groupsession s JOIN bench_group g ON g.id = s.group_id"
    )
    sql(
        "INSERT INTO groups_sessionrsvp (answer, answered_at, attended, session_id, user_id)"
        " SELECT CASE WHEN k %% 7 = 3 THEN 'not_going' ELSE 'going' END, now() - interval '40 days',"
        " NULL, s.id, p.id"
        " FROM bench_session s CROSS JOIN LATERAL generate_series(0, s.answers - 1) k"
        " JOIN bench_person p ON p.n = (s.start + k * %s) %% %s",
        [STEP, PEOPLE],
    )


def _notifications(chunk: int, chunks: int) -> None:
    # Delivered in-app messages, a quarter unread, and a few still pending.
    sql(
        "INSERT INTO notifications_notification (public_id, kind, target_type, target_id, context, url,"
        " idempotency_key, created_at, due_at, status, attempts, claim_token, sent_at, last_error,"
        " show_in_app,"
        " in_digest, read_at, recipient_id, topic)"
        " SELECT substr(md5('n' || p.n || ':' || k), 1, 14),"
        " (ARRAY['groups.report_received','groups.request_answered','groups.invited'])[1 + k %% 3], '', '',"
        " jsonb_build_object('headline', 'News from Circle ' || k, 'message', 'Something in Circle ' || k ||"
        " ' is waiting for you.'), '/groups/', 'bench:' || p.n || ':' || k,"
        " now() - k * interval '9 hours', now() - k * interval '9 hours',"
        " CASE WHEN k = 0 THEN 'pending' ELSE 'sent' END, 1, '',"
        " CASE WHEN k = 0 THEN NULL ELSE now() - k * interval '9 hours' END, '', true, false,"
        " CASE WHEN k %% 4 = 1 THEN NULL ELSE now() - k * interval '8 hours' END, p.id, ''"
        " FROM bench_person p CROSS JOIN LATERAL generate_series(0, %s - 1) k WHERE p.n %% %s = %s",
        [NOTIFICATIONS_PER_PERSON, chunks, chunk],
    )


def _personas() -> None:
    """The demo logins where the load needs them: the facilitator runs the biggest group, the employee,
    the supporter and the lead are members of it (and of two more big ones)."""
    roles = [
        ("facilitator@example.com", "facilitator", 0),
        ("employee@example.com", "member", 0),
        ("supporter@example.com", "member", 0),
        ("lead@example.com", "member", 0),
        ("employee@example.com", "member", 1),
        ("employee@example.com", "member", 2),
        ("facilitator@example.com", "facilitator", 1),
    ]
    for email, role, n in roles:
        sql(
            "INSERT INTO groups_membership (public_id, role, status, agreement_accepted_at, listed,"
            " listen_only,"
            " created_at, joined_at, removal_reason, user_id, group_id)"
            " SELECT substr(md5('persona' || u.id || ':' || g.id), 1, 14), %s, 'active', now(), true, false,"
            " now(), now(), '', u.id, g.id FROM accounts_user u, bench_group g WHERE u.email = %s"
            " AND g.n = %s"
            " ON CONFLICT ON CONSTRAINT one_membership_per_person"
            " DO UPDATE SET role = EXCLUDED.role, status = 'active', ended_at = NULL",
            [role, email, n],
        )


def _training() -> None:
    """The shipped curriculum (seed_demo loaded it). 30,000 people have started: 8,000 completed every
    required module and hold a certificate (issued over the last two years), 22,000 are in the first two
    modules; two quiz attempts each at the first module (60,000); 3,000 supporters are in the directory
    with two topics each. The demo people (the first 100) keep what seed_demo gave them."""
    learners, supporters, listed = 30_000, 8_000, 3_000
    sql(
        "INSERT INTO training_moduleprogress (user_id, module_id, started_at, last_activity_at, lessons_read,"
        " best_score, quiz_passed_at, practice_done_at, completed_at)"
        " SELECT u.id, m.id, now() - interval '60 days', now() - (u.n %% 20) * interval '1 day', '[]'::jsonb,"
        " 80, now() - interval '10 days', now() - interval '9 days',"
        " CASE WHEN u.n < %s THEN now() - interval '9 days' END"
        " FROM bench_person u CROSS JOIN training_module m"
        " WHERE u.n >= 100 AND u.n < %s AND m.required AND (u.n < %s OR m.position <= 2)"
        " ON CONFLICT DO NOTHING",
        [supporters, learners, supporters],
    )
    sql(
        "INSERT INTO training_quizattempt (public_id, user_id, module_id, submitted_at, scored_against,"
        " answers, score, pass_mark, passed)"
        " SELECT substr(md5('attempt' || u.id || ':' || k), 1, 14), u.id, m.id,"
        " now() - (k * 3 + u.n %% 30) * interval '1 day', a.scored_against, a.answers,"
        " CASE WHEN k = 1 THEN 60 ELSE 100 END, 80, k = 2"
        " FROM bench_person u CROSS JOIN generate_series(1, 2) k"
        " JOIN training_module m ON m.position = 1"
        " JOIN LATERAL (SELECT scored_against, answers FROM training_quizattempt q WHERE q.module_id = m.id"
        " LIMIT 1) a ON true"
        " WHERE u.n >= 100 AND u.n < %s",
        [learners],
    )
    sql(
        "INSERT INTO training_certificate (public_id, user_id, code, issued_at, renewed_at, expires_at,"
        " verification_allowed)"
        " SELECT substr(md5('cert' || u.id), 1, 14), u.id, substr(md5('code' || u.id), 1, 14),"
        " now() - (u.n %% 700) * interval '1 day', NULL,"
        " now() - (u.n %% 700) * interval '1 day' + interval '24 months', u.n %% 3 = 0"
        " FROM bench_person u WHERE u.n >= 100 AND u.n < %s ON CONFLICT DO NOTHING",
        [supporters],
    )
    sql(
        "INSERT INTO training_supporterprofile (user_id, show_badge, in_directory, available, paused_until,"
        " updated_at)"
        " SELECT u.id, true, true, u.n %% 5 <> 0, NULL, now() FROM bench_person u"
        " WHERE u.n >= 100 AND u.n < %s ON CONFLICT DO NOTHING",
        [100 + listed],
    )
    sql(
        "INSERT INTO training_supportertopic (profile_id, topic)"
        " SELECT p.id, t.topic FROM training_supporterprofile p JOIN bench_person u ON u.id = p.user_id"
        " CROSS JOIN LATERAL (VALUES ((ARRAY['stress','mental_health','bullying','work_life','inclusion'])"
        "[1 + u.n %% 5]), ((ARRAY['parents_carers','bereavement','neurodiversity','health','change'])"
        "[1 + u.n %% 5])) t(topic)"
        " WHERE u.n >= 100 ON CONFLICT DO NOTHING"
    )


def targets() -> dict:
    """The pages the load runs over, found in the built organisation."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT g.public_id FROM groups_peergroup g JOIN groups_membership m ON m.group_id = g.id"
            " JOIN accounts_user u ON u.id = m.user_id"
            " WHERE u.email = 'facilitator@example.com' AND m.role = 'facilitator' AND m.status = 'active'"
            " ORDER BY g.member_count DESC LIMIT 1"
        )
        (group,) = cursor.fetchone()
        cursor.execute(
            "SELECT t.public_id, t.reply_count FROM groups_thread t JOIN groups_peergroup g ON g.id"
            " = t.group_id"
            " WHERE g.public_id = %s ORDER BY t.reply_count DESC LIMIT 1",
            [group],
        )
        thread, replies = cursor.fetchone()
        cursor.execute(
            "SELECT p.public_id FROM groups_post p JOIN groups_thread t ON t.id = p.thread_id"
            " WHERE t.public_id = %s ORDER BY p.created_at, p.id OFFSET %s LIMIT 1",
            [thread, replies // 2],
        )
        (middle,) = cursor.fetchone()
        cursor.execute(
            "SELECT s.public_id, count(r.id) FROM groups_groupsession s JOIN groups_peergroup g ON"
            " g.id = s.group_id"
            " LEFT JOIN groups_sessionrsvp r ON r.session_id = s.id WHERE g.public_id = %s"
            " GROUP BY s.id ORDER BY count(r.id) DESC LIMIT 1",
            [group],
        )
        session, answers = cursor.fetchone()
        cursor.execute("SELECT public_id FROM training_module WHERE position = 1")
        (training_module,) = cursor.fetchone()
        cursor.execute("SELECT key, value FROM bench_meta")
        meta = dict(cursor.fetchall())
        cursor.execute("SELECT member_count FROM groups_peergroup WHERE public_id = %s", [group])
        (members,) = cursor.fetchone()
        cursor.execute("SHOW server_version")
        (server_version,) = cursor.fetchone()
    counts = {}
    for table in (
        "accounts_user",
        "accounts_orgunit",
        "groups_peergroup",
        "groups_membership",
        "groups_thread",
        "groups_post",
        "groups_reaction",
        "groups_report",
        "groups_groupsession",
        "groups_sessionrsvp",
        "notifications_notification",
        "training_moduleprogress",
        "training_quizattempt",
        "training_certificate",
        "training_supporterprofile",
    ):
        counts[table] = scalar("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table])
    return {
        "group": group,
        "group_members": members,
        "thread": thread,
        "thread_replies": replies,
        "thread_middle": middle,
        "session": session,
        "session_answers": answers,
        "training_module": training_module,
        "meta": meta,
        "counts": counts,
        "postgresql": server_version,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--password", default=os.environ.get("DEMO_PASSWORD", "listen-with-care"))
    parser.add_argument("--targets", action="store_true", help="print the load's target pages as JSON")
    parser.add_argument("--rebuild", action="store_true", help="build even if a build of this version exists")
    args = parser.parse_args()
    if args.targets:
        print(json.dumps(targets(), indent=2))
        return
    version = built_version()
    if version == GENERATOR_VERSION and not args.rebuild:
        seconds = scalar("SELECT value FROM bench_meta WHERE key = 'seconds'")
        print(
            f"Reusing the organisation built by generator version {version} (it took {seconds} s to build)."
        )
        return
    print(f"Building the large organisation (generator version {GENERATOR_VERSION}, scale {SCALE}).")
    seconds = build(args.password)
    print(f"Built in {seconds:.0f} s.")


if __name__ == "__main__":
    main()
