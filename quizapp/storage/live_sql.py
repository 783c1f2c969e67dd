"""The live class's seat functions on PostgreSQL (schema version 6).

A student's client on a school database may hold a login that cannot read the tables of
answers at all (``quizapp db roles``): it takes a seat, answers and reads its own answers
through these ``SECURITY DEFINER`` functions, which run as their owner and check, on the
server, everything a client could lie about:

- ``quizapp_live_join(session, name, token, student)``: takes the seat of ``name`` (a
  student on the session's class roster, the one with id ``student`` when two share the
  name; or any name when the session has no class) for the client
  holding ``token``; a seat taken by another client is refused (``taken``).
- ``quizapp_live_answer(session, token, index, response)``: the raw answer of the seat's
  student to question ``index``, only while it is open (and within its time, by the
  server's clock); the server's time is stored, the host marks it later.
- ``quizapp_live_mine(session, token)``: the seat's own answers (marked ones with their
  score).
- ``quizapp_live_key(session, index)``: a question with its answer, only once it is revealed.
- ``quizapp_live_roster(session)``: the students the session's class may join as (name,
  id, and the student number of namesakes only).
- ``quizapp_live_rejoin(session, name, token, student)`` and
  ``quizapp_live_rejoin_state(request, token)``: ask the host to move a seat to this
  client, and read the host's decision; ``quizapp_live_rejoin_cancel(request, token)``:
  take the request back.

A session takes at most :data:`MAX_SEATS` seats and :data:`MAX_WAITING_REJOINS` waiting
requests; an answer is at most :data:`MAX_RESPONSE_CHARS` characters.

Tokens are random and never stored: the tables keep their SHA-256. Every function pins
``search_path`` to its own schema (a caller's temporary objects cannot stand in for the
tables). SQLite clients do the same in Python (:mod:`quizapp.storage.seats`).
"""

from __future__ import annotations

from sqlalchemy import Connection, text

#: Answers longer than this (characters of JSON) are refused.
MAX_RESPONSE_CHARS = 20_000
#: Rejoin requests waiting in one session at most (more are refused until the host decides).
MAX_WAITING_REJOINS = 200
#: Seats in one session at most (a login that may join cannot fill the database).
MAX_SEATS = 1000
#: An answer a little after the time runs out still counts (seconds; the network's delay).
GRACE_SECONDS = 2

#: ``name(argument types)`` of each function, for GRANT and REVOKE.
FUNCTIONS = (
    "quizapp_token_hash(text)",
    "quizapp_live_join(integer, text, text, integer)",
    "quizapp_live_answer(integer, text, integer, text)",
    "quizapp_live_mine(integer, text)",
    "quizapp_live_key(integer, integer)",
    "quizapp_live_roster(integer)",
    "quizapp_live_rejoin(integer, text, text, integer)",
    "quizapp_live_rejoin_state(integer, text)",
    "quizapp_live_rejoin_cancel(integer, text)",
)

_BODIES = r"""
CREATE OR REPLACE FUNCTION quizapp_token_hash(p_token text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT SET search_path = {schema}, pg_temp AS $f$
  SELECT encode(sha256(convert_to(p_token, 'UTF8')), 'hex')
$f$;

CREATE OR REPLACE FUNCTION quizapp_live_student(p_session integer, p_name text,
                                                p_student integer)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $f$
#variable_conflict use_column
DECLARE
  s record;
  found_id integer;
BEGIN
  SELECT * INTO s FROM live_session WHERE id = p_session;
  IF s.class_name IS NOT NULL AND EXISTS (
      SELECT 1 FROM school_class c JOIN class_member m ON m.class_id = c.id
      WHERE c.name = s.class_name) THEN
    -- the student picked from the roster (by id), else the first of that name on it
    -- (a class without a roster takes any name, as below)
    SELECT st.id INTO found_id FROM school_class c
      JOIN class_member m ON m.class_id = c.id JOIN student st ON st.id = m.student_id
      WHERE c.name = s.class_name AND st.name = p_name
        AND (p_student IS NULL OR st.id = p_student)
      ORDER BY m.position LIMIT 1;
    RETURN found_id;  -- NULL: not on the roster
  END IF;
  SELECT id INTO found_id FROM student WHERE name = p_name ORDER BY id LIMIT 1;
  IF found_id IS NULL THEN
    INSERT INTO student (name, created_at) VALUES (p_name, now())
      ON CONFLICT DO NOTHING;
    SELECT id INTO found_id FROM student WHERE name = p_name ORDER BY id LIMIT 1;
  END IF;
  RETURN found_id;
END
$f$;

CREATE OR REPLACE FUNCTION quizapp_live_join(p_session integer, p_name text, p_token text,
                                             p_student integer DEFAULT NULL)
RETURNS TABLE (status text, name text, student_id integer, attempt_id integer,
               joined_at timestamptz)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $f$
#variable_conflict use_column
DECLARE
  s record;
  who integer;
  seat record;
  new_attempt integer;
  hashed text := quizapp_token_hash(p_token);
BEGIN
  p_name := btrim(coalesce(p_name, ''));
  IF p_name = '' OR length(p_name) > 200 OR p_token IS NULL OR length(p_token) < 16
     OR length(p_token) > 200 THEN
    RETURN QUERY SELECT 'no_name'::text, NULL::text, NULL::integer, NULL::integer,
                        NULL::timestamptz;
    RETURN;
  END IF;
  SELECT * INTO s FROM live_session WHERE id = p_session;
  IF NOT FOUND OR s.state = 'ended' THEN
    RETURN QUERY SELECT (CASE WHEN FOUND THEN 'ended' ELSE 'unknown' END)::text, NULL::text,
                        NULL::integer, NULL::integer, NULL::timestamptz;
    RETURN;
  END IF;
  who := quizapp_live_student(p_session, p_name, p_student);
  IF who IS NULL THEN
    RETURN QUERY SELECT 'not_on_roster'::text, NULL::text, NULL::integer, NULL::integer,
                        NULL::timestamptz;
    RETURN;
  END IF;
  SELECT * INTO seat FROM live_member m WHERE m.session_id = p_session AND m.student_id = who;
  IF NOT FOUND AND (SELECT count(*) FROM live_member m WHERE m.session_id = p_session)
                   >= {max_seats} THEN
    RETURN QUERY SELECT 'full'::text, NULL::text, NULL::integer, NULL::integer,
                        NULL::timestamptz;
    RETURN;
  END IF;
  IF NOT FOUND THEN
    INSERT INTO attempt (student_id, mode, sets, spec, seed, started_at, finished_at, score,
                         max_score)
    SELECT who, 'live',
           coalesce((SELECT string_agg(DISTINCT x COLLATE "C", ',' ORDER BY x COLLATE "C")
                     FROM json_array_elements_text(
                       CASE WHEN json_typeof(s.spec::json -> 'sets') = 'array'
                            THEN s.spec::json -> 'sets' ELSE '[]'::json END) x), ''),
           (jsonb_build_object('live', s.code) || s.spec::jsonb)::text,
           coalesce(s.spec::json ->> 'seed', ''), now(), NULL, 0,
           coalesce((SELECT sum((q -> 'fields' ->> 'points')::integer)
                     FROM json_array_elements(s.questions::json) q), 0)
    RETURNING id INTO new_attempt;
    INSERT INTO live_member (session_id, student_id, attempt_id, joined_at, token_hash)
      VALUES (p_session, who, new_attempt, now(), hashed)
      ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN  -- taken at the same moment by another client
      DELETE FROM attempt WHERE id = new_attempt;
    ELSE
      PERFORM pg_notify('quizapp_live_' || p_session || '_host', 'join');
    END IF;
    SELECT * INTO seat FROM live_member m WHERE m.session_id = p_session AND m.student_id = who;
  END IF;
  RETURN QUERY SELECT (CASE WHEN seat.token_hash = hashed THEN 'ok' ELSE 'taken' END)::text,
                      st.name::text, seat.student_id, seat.attempt_id, seat.joined_at
               FROM student st WHERE st.id = seat.student_id;
END
$f$;

CREATE OR REPLACE FUNCTION quizapp_live_answer(p_session integer, p_token text,
                                               p_index integer, p_response text)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $f$
#variable_conflict use_column
DECLARE
  seat record;
  s record;
  question json;
BEGIN
  IF p_response IS NULL OR length(p_response) > {max_response} THEN
    RETURN 'invalid';
  END IF;
  SELECT * INTO seat FROM live_member m
    WHERE m.session_id = p_session AND m.token_hash = quizapp_token_hash(p_token);
  IF NOT FOUND THEN
    RETURN 'seat';
  END IF;
  -- share-locked: a reveal (which marks the answers) waits for this answer, or this
  -- answer sees the question closed
  SELECT state, current, opened_at, seconds, questions INTO s FROM live_session
    WHERE id = p_session FOR SHARE;
  IF s.state <> 'open' OR s.current <> p_index OR (
       s.seconds IS NOT NULL AND s.opened_at IS NOT NULL
       AND now() > s.opened_at + make_interval(secs => s.seconds + {grace})) THEN
    RETURN 'closed';
  END IF;
  question := s.questions::json -> p_index;
  INSERT INTO response (attempt_id, question_id, content_hash, response, score, max_score,
                        correct, elapsed_s, answered_at, marked)
    VALUES (seat.attempt_id, question -> 'fields' ->> 'id', '', p_response, 0,
            coalesce((question -> 'fields' ->> 'points')::integer, 1), false,
            greatest(0, extract(epoch FROM now() - coalesce(s.opened_at, now()))), now(),
            false)
    ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN
    RETURN 'duplicate';
  END IF;
  PERFORM pg_notify('quizapp_live_' || p_session || '_host', 'answer');
  RETURN 'ok';
END
$f$;

CREATE OR REPLACE FUNCTION quizapp_live_mine(p_session integer, p_token text)
RETURNS TABLE (question_id text, response text, score double precision, max_score integer,
               correct boolean, elapsed_s double precision, marked boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $f$
  SELECT r.question_id::text, r.response, r.score, r.max_score, r.correct, r.elapsed_s,
         r.marked
  FROM live_member m JOIN response r ON r.attempt_id = m.attempt_id
  WHERE m.session_id = p_session AND m.token_hash = quizapp_token_hash(p_token)
    AND r.response IS NOT NULL
$f$;

CREATE OR REPLACE FUNCTION quizapp_live_key(p_session integer, p_index integer)
RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $f$
  SELECT (s.questions::json -> p_index)::text FROM live_session s
  WHERE s.id = p_session AND p_index >= 0
    AND (p_index < s.current
         OR (p_index = s.current AND s.state IN ('revealed', 'ended')))
$f$;

CREATE OR REPLACE FUNCTION quizapp_live_roster(p_session integer)
RETURNS TABLE (student_id integer, name text, number text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $f$
  -- a student number only where two share a name (what tells them apart)
  SELECT st.id, st.name::text,
         CASE WHEN count(*) OVER (PARTITION BY st.name) > 1 THEN st.number::text END
  FROM live_session s
    JOIN school_class c ON c.name = s.class_name
    JOIN class_member m ON m.class_id = c.id JOIN student st ON st.id = m.student_id
  WHERE s.id = p_session AND s.state <> 'ended'
  ORDER BY m.position, st.name
$f$;

CREATE OR REPLACE FUNCTION quizapp_live_rejoin(p_session integer, p_name text, p_token text,
                                               p_student integer DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $f$
#variable_conflict use_column
DECLARE
  who integer;
  request integer;
BEGIN
  IF p_token IS NULL OR length(p_token) < 16 OR length(p_token) > 200 THEN
    RETURN NULL;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM live_session WHERE id = p_session AND state <> 'ended') THEN
    RETURN NULL;
  END IF;
  SELECT m.student_id INTO who FROM live_member m JOIN student st ON st.id = m.student_id
    WHERE m.session_id = p_session AND st.name = btrim(p_name)
      AND (p_student IS NULL OR m.student_id = p_student)
    ORDER BY m.id LIMIT 1;
  IF who IS NULL OR (SELECT count(*) FROM live_rejoin
                     WHERE session_id = p_session AND state = 'waiting')
                    >= {max_waiting} THEN
    RETURN NULL;
  END IF;
  INSERT INTO live_rejoin (session_id, student_id, token_hash, state, requested_at)
    VALUES (p_session, who, quizapp_token_hash(p_token), 'waiting', now())
    RETURNING id INTO request;
  PERFORM pg_notify('quizapp_live_' || p_session || '_host', 'rejoin');
  RETURN request;
END
$f$;

CREATE OR REPLACE FUNCTION quizapp_live_rejoin_cancel(p_request integer, p_token text)
RETURNS boolean
LANGUAGE sql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $f$
  UPDATE live_rejoin SET state = 'cancelled', decided_at = now()
  WHERE id = p_request AND token_hash = quizapp_token_hash(p_token) AND state = 'waiting'
  RETURNING true
$f$;

CREATE OR REPLACE FUNCTION quizapp_live_rejoin_state(p_request integer, p_token text)
RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $f$
  SELECT state::text FROM live_rejoin
  WHERE id = p_request AND token_hash = quizapp_token_hash(p_token)
$f$;
"""


def install_functions(conn: Connection) -> None:
    """Create (or replace) the seat functions in the connection's current schema, callable
    by nobody but their owner until ``quizapp db roles`` grants them."""
    drop_functions(conn)  # a newer version may change a function's result
    schema = conn.execute(text("SELECT quote_ident(current_schema())")).scalar_one()
    ddl = _BODIES.format(schema=schema, max_response=MAX_RESPONSE_CHARS,
                         grace=GRACE_SECONDS, max_waiting=MAX_WAITING_REJOINS,
                         max_seats=MAX_SEATS)
    for body in ddl.split("$f$;"):
        if body.strip():
            conn.exec_driver_sql(body + "$f$")
    names = [*FUNCTIONS, "quizapp_live_student(integer, text, integer)"]
    for name in names:
        conn.exec_driver_sql(f"REVOKE ALL ON FUNCTION {name} FROM PUBLIC")


def drop_functions(conn: Connection) -> None:
    """Drop the seat functions (their signatures may change between versions)."""
    for name in [*FUNCTIONS, "quizapp_live_student(integer, text, integer)"]:
        conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {name}")
