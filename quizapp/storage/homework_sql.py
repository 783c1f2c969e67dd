"""Homework on the shared student login: the key functions on PostgreSQL (schema version 8).

The student role reads no table of assignments, attempts or answers (``quizapp db
roles``). A student's client proves whose work it does with the student's personal key
(``quizapp class keys``; the database keeps its SHA-256 in ``homework_key``) and does the
work through these ``SECURITY DEFINER`` functions, which run as their owner and check on
the server, by the server's clock (``now()``), everything a client could lie about:

- ``quizapp_hw_whoami(key)``: the key's student (name and student number), to confirm a
  key typed; nothing for a wrong key.
- ``quizapp_hw_list(key)``: the assignments of the key holder's classes (opened, not
  withdrawn), with the database's now; ``quizapp_hw_attempts(key)``: the holder's own
  attempts at them (started, finished, score as marked, answers given).
- ``quizapp_hw_start(key, assignment, spec, sets, max_score)``: the holder's unfinished
  attempt at the assignment, else a new one, only while it is open (or late, when the
  teacher accepts late work: marked so) and within the attempts allowed.
- ``quizapp_hw_answer(key, attempt, question, response, elapsed)``: one raw answer per
  question into the holder's own attempt, only while the attempt is unfinished and within
  the due time (an exam: its time limit from the attempt's start, and at most that long
  past the due time), stored **unmarked** (the teacher's side marks it with the answer
  key, :func:`quizapp.services.assignments.mark_homework`).
- ``quizapp_hw_finish(key, attempt)``: hand the attempt in.
- ``quizapp_hw_attempt(key, attempt)`` and ``quizapp_hw_responses(key, attempt)``: the
  holder's own attempt and its answers, to resume it.

A wrong key costs :data:`MISS_DELAY` seconds on the server (guessing 59 bits one slow call
at a time is hopeless). Answers are at most :data:`MAX_RESPONSE_CHARS` characters and
:data:`MAX_ANSWERS` per attempt; a start's spec at most :data:`MAX_SPEC_CHARS`.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from quizapp.storage.live_sql import GRACE_SECONDS, MAX_RESPONSE_CHARS

#: Seconds a call with a wrong key waits before it answers.
MISS_DELAY = 0.5
#: Answers in one attempt at most.
MAX_ANSWERS = 5000
#: The longest spec a start stores (characters of JSON).
MAX_SPEC_CHARS = 20_000

#: ``name(argument types)`` of each function the student role may call.
FUNCTIONS = (
    "quizapp_hw_whoami(text)",
    "quizapp_hw_list(text)",
    "quizapp_hw_attempts(text)",
    "quizapp_hw_start(text, integer, text, text, integer)",
    "quizapp_hw_answer(text, integer, text, text, double precision)",
    "quizapp_hw_finish(text, integer)",
    "quizapp_hw_attempt(text, integer)",
    "quizapp_hw_responses(text, integer)",
)
#: The inner helper: nobody's to call but the functions' owner.
INNER = ("quizapp_hw_student(text)",)

_BODIES = r"""
CREATE OR REPLACE FUNCTION quizapp_hw_student(p_key text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $f$
#variable_conflict use_column
DECLARE
  who integer;
BEGIN
  IF p_key IS NOT NULL AND length(p_key) BETWEEN 8 AND 64 THEN
    SELECT k.student_id INTO who FROM homework_key k
      WHERE k.key_hash = encode(sha256(convert_to(p_key, 'UTF8')), 'hex');
  END IF;
  IF who IS NULL THEN
    PERFORM pg_sleep({miss_delay});
  END IF;
  RETURN who;
END
$f$;

CREATE OR REPLACE FUNCTION quizapp_hw_whoami(p_key text)
RETURNS TABLE (student_id integer, name text, number text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $f$
#variable_conflict use_column
DECLARE
  who integer := quizapp_hw_student(p_key);
BEGIN
  RETURN QUERY SELECT st.id, st.name::text, st.number::text FROM student st
    WHERE st.id = who;
END
$f$;

CREATE OR REPLACE FUNCTION quizapp_hw_list(p_key text)
RETURNS TABLE (db_now timestamptz, id integer, class_name text, title text, sets text,
               tags text, level text, count integer, mode text, time_limit integer,
               target integer, opens_at timestamptz, due_at timestamptz, attempts integer,
               answers text, late boolean, seed text, created_at timestamptz)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $f$
#variable_conflict use_column
DECLARE
  who integer := quizapp_hw_student(p_key);
BEGIN
  IF who IS NULL THEN
    RETURN;
  END IF;
  RETURN QUERY
    SELECT now(), a.id, c.name::text, a.title::text, a.sets, a.tags, a.level::text, a.count,
           a.mode::text, a.time_limit, a.target, a.opens_at, a.due_at, a.attempts,
           a.answers::text, a.late, a.seed::text, a.created_at
    FROM assignment a JOIN school_class c ON c.id = a.class_id
    WHERE a.withdrawn_at IS NULL AND a.opens_at <= now()
      AND EXISTS (SELECT 1 FROM class_member m
                  WHERE m.class_id = a.class_id AND m.student_id = who)
    ORDER BY a.due_at, a.id;
END
$f$;

CREATE OR REPLACE FUNCTION quizapp_hw_attempts(p_key text)
RETURNS TABLE (assignment_id integer, id integer, finished_at timestamptz,
               score double precision, max_score integer, answered integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $f$
#variable_conflict use_column
DECLARE
  who integer := quizapp_hw_student(p_key);
BEGIN
  RETURN QUERY
    SELECT t.assignment_id, t.id, t.finished_at, t.score, t.max_score,
           (SELECT count(*)::integer FROM response r WHERE r.attempt_id = t.id)
    FROM attempt t
    WHERE who IS NOT NULL AND t.student_id = who AND t.assignment_id IS NOT NULL
    ORDER BY t.id;
END
$f$;

CREATE OR REPLACE FUNCTION quizapp_hw_start(p_key text, p_assignment integer, p_spec text,
                                            p_sets text, p_max_score integer)
RETURNS TABLE (status text, attempt_id integer, late boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $f$
#variable_conflict use_column
DECLARE
  who integer := quizapp_hw_student(p_key);
  w record;
  open_attempt record;
  used integer;
  is_late boolean;
  new_attempt integer;
BEGIN
  IF who IS NULL THEN
    RETURN QUERY SELECT 'key'::text, NULL::integer, NULL::boolean;
    RETURN;
  END IF;
  -- locked: two starts at once cannot both take the last attempt allowed
  SELECT a.* INTO w FROM assignment a WHERE a.id = p_assignment
    AND EXISTS (SELECT 1 FROM class_member m
                WHERE m.class_id = a.class_id AND m.student_id = who)
    FOR UPDATE OF a;
  IF NOT FOUND THEN  -- no such assignment, or another class's: the same answer
    RETURN QUERY SELECT 'unknown'::text, NULL::integer, NULL::boolean;
    RETURN;
  END IF;
  IF w.withdrawn_at IS NOT NULL THEN
    RETURN QUERY SELECT 'withdrawn'::text, NULL::integer, NULL::boolean;
    RETURN;
  END IF;
  SELECT t.id, t.started_at INTO open_attempt FROM attempt t
    WHERE t.assignment_id = w.id AND t.student_id = who AND t.finished_at IS NULL
    ORDER BY t.id DESC LIMIT 1;
  IF FOUND THEN  -- leaving and coming back keeps the attempt
    RETURN QUERY SELECT 'ok'::text, open_attempt.id, open_attempt.started_at > w.due_at;
    RETURN;
  END IF;
  IF now() < w.opens_at THEN
    RETURN QUERY SELECT 'not_open'::text, NULL::integer, NULL::boolean;
    RETURN;
  END IF;
  is_late := now() > w.due_at;
  IF is_late AND NOT w.late THEN
    RETURN QUERY SELECT 'due'::text, NULL::integer, NULL::boolean;
    RETURN;
  END IF;
  SELECT count(*) INTO used FROM attempt t WHERE t.assignment_id = w.id AND t.student_id = who;
  IF w.attempts IS NOT NULL AND used >= w.attempts THEN
    RETURN QUERY SELECT 'used'::text, NULL::integer, NULL::boolean;
    RETURN;
  END IF;
  IF p_spec IS NULL OR length(p_spec) > {max_spec} THEN
    RETURN QUERY SELECT 'invalid'::text, NULL::integer, NULL::boolean;
    RETURN;
  END IF;
  INSERT INTO attempt (student_id, mode, sets, spec, seed, started_at, finished_at, score,
                       max_score, assignment_id)
    VALUES (who, CASE WHEN w.mode = 'cards' THEN 'practice' ELSE w.mode END,
            left(coalesce(p_sets, ''), 2000), p_spec, w.seed, now(), NULL, 0,
            least(greatest(coalesce(p_max_score, 0), 0), 1000000), w.id)
    RETURNING attempt.id INTO new_attempt;
  RETURN QUERY SELECT 'ok'::text, new_attempt, is_late;
END
$f$;

CREATE OR REPLACE FUNCTION quizapp_hw_answer(p_key text, p_attempt integer, p_question text,
                                             p_response text, p_elapsed double precision)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $f$
#variable_conflict use_column
DECLARE
  who integer := quizapp_hw_student(p_key);
  x record;
  exam_time interval;
BEGIN
  IF who IS NULL THEN
    RETURN 'key';
  END IF;
  IF p_response IS NULL OR length(p_response) > {max_response} OR p_question IS NULL
     OR length(p_question) = 0 OR length(p_question) > 200 THEN
    RETURN 'invalid';
  END IF;
  -- the key holder's own attempt at an assignment, locked while the answer goes in
  SELECT t.id, t.started_at, t.finished_at, a.due_at, a.late, a.mode, a.time_limit,
         a.withdrawn_at
    INTO x FROM attempt t JOIN assignment a ON a.id = t.assignment_id
    WHERE t.id = p_attempt AND t.student_id = who FOR UPDATE OF t;
  IF NOT FOUND THEN
    RETURN 'attempt';
  END IF;
  exam_time := CASE WHEN x.mode = 'exam' AND x.time_limit IS NOT NULL
                    THEN make_interval(mins => x.time_limit) ELSE interval '0' END;
  IF x.finished_at IS NOT NULL OR x.withdrawn_at IS NOT NULL
     OR (x.mode = 'exam' AND x.time_limit IS NOT NULL
         AND now() > x.started_at + exam_time + make_interval(secs => {grace}))
     OR (NOT x.late AND now() > x.due_at + exam_time + make_interval(secs => {grace})) THEN
    RETURN 'closed';
  END IF;
  IF (SELECT count(*) FROM response r WHERE r.attempt_id = p_attempt) >= {max_answers} THEN
    RETURN 'full';
  END IF;
  INSERT INTO response (attempt_id, question_id, content_hash, response, score, max_score,
                        correct, elapsed_s, answered_at, marked)
    VALUES (p_attempt, p_question, '', p_response, 0, 0, false,
            least(greatest(coalesce(p_elapsed, 0), 0), 86400), now(), false)
    ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN
    RETURN 'duplicate';
  END IF;
  RETURN 'ok';
END
$f$;

CREATE OR REPLACE FUNCTION quizapp_hw_finish(p_key text, p_attempt integer)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $f$
#variable_conflict use_column
DECLARE
  who integer := quizapp_hw_student(p_key);
BEGIN
  IF who IS NULL THEN
    RETURN 'key';
  END IF;
  UPDATE attempt t SET finished_at = now()
    WHERE t.id = p_attempt AND t.student_id = who AND t.assignment_id IS NOT NULL
      AND t.finished_at IS NULL;
  RETURN CASE WHEN FOUND THEN 'ok' ELSE 'attempt' END;
END
$f$;

CREATE OR REPLACE FUNCTION quizapp_hw_attempt(p_key text, p_attempt integer)
RETURNS TABLE (assignment_id integer, mode text, sets text, spec text, seed text,
               started_at timestamptz, finished_at timestamptz, max_score integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $f$
#variable_conflict use_column
DECLARE
  who integer := quizapp_hw_student(p_key);
BEGIN
  RETURN QUERY SELECT t.assignment_id, t.mode::text, t.sets::text, t.spec, t.seed::text,
                      t.started_at, t.finished_at, t.max_score
    FROM attempt t
    WHERE who IS NOT NULL AND t.id = p_attempt AND t.student_id = who
      AND t.assignment_id IS NOT NULL;
END
$f$;

CREATE OR REPLACE FUNCTION quizapp_hw_responses(p_key text, p_attempt integer)
RETURNS TABLE (question_id text, response text, elapsed_s double precision,
               answered_at timestamptz)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $f$
#variable_conflict use_column
DECLARE
  who integer := quizapp_hw_student(p_key);
BEGIN
  RETURN QUERY SELECT r.question_id::text, r.response, r.elapsed_s, r.answered_at
    FROM attempt t JOIN response r ON r.attempt_id = t.id
    WHERE who IS NOT NULL AND t.id = p_attempt AND t.student_id = who
      AND t.assignment_id IS NOT NULL AND r.response IS NOT NULL
    ORDER BY r.answered_at, r.id;
END
$f$;
"""


def install_homework_functions(conn: Connection) -> None:
    """Create (or replace) the key functions in the connection's current schema, callable
    by nobody but their owner until ``quizapp db roles`` grants them."""
    drop_homework_functions(conn)
    schema = conn.execute(text("SELECT quote_ident(current_schema())")).scalar_one()
    ddl = _BODIES.format(schema=schema, max_response=MAX_RESPONSE_CHARS, grace=GRACE_SECONDS,
                         max_answers=MAX_ANSWERS, max_spec=MAX_SPEC_CHARS,
                         miss_delay=MISS_DELAY)
    for body in ddl.split("$f$;"):
        if body.strip():
            conn.exec_driver_sql(body + "$f$")
    for name in (*FUNCTIONS, *INNER):
        conn.exec_driver_sql(f"REVOKE ALL ON FUNCTION {name} FROM PUBLIC")


def drop_homework_functions(conn: Connection) -> None:
    for name in (*FUNCTIONS, *INNER):
        conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {name}")
