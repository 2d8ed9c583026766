/* schema.h: the versioned migrations of the platform's database. Each entry
 * takes the schema from version i to i+1 and runs in one transaction at
 * store_open; the version is kept in the database (user_version). Never edit
 * an entry that has shipped: append a new one. Internal to src/store/. */
#ifndef CG_STORE_SCHEMA_H
#define CG_STORE_SCHEMA_H

static const char *const store_migrations[] = {
    /* 1: organisations, people, alerts, cases and everything around them. */
    "CREATE TABLE district(code TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;\n"
    "CREATE TABLE org(id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,\n"
    "  kind TEXT NOT NULL, district TEXT REFERENCES district(code), created_at INTEGER NOT NULL);\n"
    "CREATE TABLE app_user(id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL REFERENCES org(id),\n"
    "  login TEXT NOT NULL UNIQUE, name TEXT NOT NULL, role TEXT NOT NULL, pw_hash TEXT NOT NULL,\n"
    "  failed INTEGER NOT NULL DEFAULT 0, locked_until INTEGER NOT NULL DEFAULT 0,\n"
    "  disabled INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL);\n"
    "CREATE INDEX user_org ON app_user(org_id);\n"
    "CREATE TABLE token(hash BLOB PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES app_user(id),\n"
    "  kind TEXT NOT NULL, name TEXT, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,\n"
    "  revoked_at INTEGER) WITHOUT ROWID;\n"
    "CREATE INDEX token_user ON token(user_id);\n"
    "CREATE TABLE cases(id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,\n"
    "  violation TEXT NOT NULL, title TEXT NOT NULL, facts TEXT NOT NULL DEFAULT '',\n"
    "  district TEXT REFERENCES district(code), lead_org INTEGER NOT NULL REFERENCES org(id),\n"
    "  status TEXT NOT NULL, created_by INTEGER REFERENCES app_user(id),\n"
    "  created_at INTEGER NOT NULL,\n"
    "  updated_at INTEGER NOT NULL, closed_at INTEGER);\n"
    "CREATE INDEX cases_district ON cases(district, id);\n"
    "CREATE INDEX cases_status ON cases(status, id);\n"
    "CREATE INDEX cases_lead ON cases(lead_org, id);\n"
    "CREATE INDEX cases_district_status ON cases(district, status, id);\n"
    /* Every organisation on a case: its lead, those that join, former leads. */
    "CREATE TABLE case_org(case_id INTEGER NOT NULL REFERENCES cases(id),\n"
    "  org_id INTEGER NOT NULL REFERENCES org(id), role TEXT NOT NULL, since INTEGER NOT NULL,\n"
    "  PRIMARY KEY(case_id, org_id)) WITHOUT ROWID;\n"
    "CREATE INDEX case_org_org ON case_org(org_id, case_id);\n"
    "CREATE TABLE alert(id INTEGER PRIMARY KEY, kind TEXT NOT NULL, source TEXT NOT NULL,\n"
    "  source_ref TEXT NOT NULL, score REAL NOT NULL, title TEXT NOT NULL, detail TEXT,\n"
    "  observed_at INTEGER NOT NULL, created_at INTEGER NOT NULL,\n"
    "  org_id INTEGER NOT NULL REFERENCES org(id), district TEXT,\n"
    "  status TEXT NOT NULL DEFAULT 'new', reason TEXT, case_id INTEGER REFERENCES cases(id),\n"
    "  UNIQUE(source, source_ref));\n"
    "CREATE INDEX alert_org ON alert(org_id, id);\n"
    "CREATE INDEX alert_org_status ON alert(org_id, status, id);\n"
    "CREATE INDEX alert_status ON alert(status, id);\n"
    "CREATE INDEX alert_case ON alert(case_id) WHERE case_id IS NOT NULL;\n"
    "CREATE TABLE case_event(id INTEGER PRIMARY KEY,\n"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),\n"
    "  at INTEGER NOT NULL, user_id INTEGER, org_id INTEGER, kind TEXT NOT NULL,\n"
    "  text TEXT NOT NULL);\n"
    "CREATE INDEX case_event_case ON case_event(case_id, id);\n"
    "CREATE TABLE case_note(id INTEGER PRIMARY KEY,\n"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),\n"
    "  user_id INTEGER NOT NULL REFERENCES app_user(id), body TEXT NOT NULL,\n"
    "  created_at INTEGER NOT NULL);\n"
    "CREATE INDEX case_note_case ON case_note(case_id, id);\n"
    "CREATE TABLE case_task(id INTEGER PRIMARY KEY,\n"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),\n"
    "  title TEXT NOT NULL, assignee INTEGER REFERENCES app_user(id), deadline INTEGER,\n"
    "  done_at INTEGER, created_at INTEGER NOT NULL);\n"
    "CREATE INDEX case_task_case ON case_task(case_id, id);\n"
    "CREATE TABLE case_outcome(id INTEGER PRIMARY KEY,\n"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),\n"
    "  kind TEXT NOT NULL, amount_vnd INTEGER NOT NULL DEFAULT 0, description TEXT NOT NULL,\n"
    "  at INTEGER NOT NULL);\n"
    "CREATE INDEX case_outcome_case ON case_outcome(case_id);\n"
    "CREATE TABLE subject(id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id),\n"
    "  kind TEXT NOT NULL, value TEXT NOT NULL, label TEXT NOT NULL DEFAULT '',\n"
    "  created_at INTEGER NOT NULL, UNIQUE(case_id, kind, value));\n"
    "CREATE INDEX subject_value ON subject(kind, value, case_id);\n"
    "CREATE TABLE evidence(id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id),\n"
    "  sha256 TEXT NOT NULL, size INTEGER NOT NULL, name TEXT NOT NULL, mime TEXT NOT NULL,\n"
    "  added_by INTEGER REFERENCES app_user(id), added_at INTEGER NOT NULL);\n"
    "CREATE INDEX evidence_case ON evidence(case_id, id);\n"
    "CREATE INDEX evidence_sha ON evidence(sha256);\n"
    "CREATE TABLE custody(id INTEGER PRIMARY KEY,\n"
    "  evidence_id INTEGER NOT NULL REFERENCES evidence(id), at INTEGER NOT NULL,\n"
    "  user_id INTEGER, org_id INTEGER, action TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '');\n"
    "CREATE INDEX custody_evidence ON custody(evidence_id, id);\n"
    "CREATE TABLE stop_order(id INTEGER PRIMARY KEY, case_id INTEGER REFERENCES cases(id),\n"
    "  org_id INTEGER NOT NULL REFERENCES org(id), target_kind TEXT NOT NULL,\n"
    "  target TEXT NOT NULL,\n"
    "  reason TEXT NOT NULL, status TEXT NOT NULL, ordered_by INTEGER REFERENCES app_user(id),\n"
    "  ordered_at INTEGER NOT NULL, due_at INTEGER NOT NULL, ack_at INTEGER, ack_by INTEGER,\n"
    "  done_at INTEGER, done_by INTEGER, report TEXT);\n"
    "CREATE INDEX stop_order_org ON stop_order(org_id, id);\n"
    "CREATE TABLE tip(id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, category TEXT NOT NULL,\n"
    "  text TEXT NOT NULL, contact TEXT, status TEXT NOT NULL, created_at INTEGER NOT NULL,\n"
    "  alert_id INTEGER REFERENCES alert(id));\n"
    "CREATE TABLE audit(id INTEGER PRIMARY KEY, at INTEGER NOT NULL, user_id INTEGER,\n"
    "  org_id INTEGER, action TEXT NOT NULL, object TEXT NOT NULL, detail TEXT NOT NULL,\n"
    "  prev TEXT NOT NULL, hash TEXT NOT NULL);\n"
    /* The log is append-only: the database refuses to change or remove an
     * entry; only someone editing the file by other means can, and the hash
     * chain shows it. */
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit\n"
    "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit\n"
    "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n",
    /* 2: files citizens attach to their tips, adopted as evidence when the
     * tip's alert goes into a case. */
    "CREATE TABLE tip_file(id INTEGER PRIMARY KEY, tip_id INTEGER NOT NULL REFERENCES tip(id),\n"
    "  sha256 TEXT NOT NULL, size INTEGER NOT NULL, name TEXT NOT NULL, mime TEXT NOT NULL,\n"
    "  added_at INTEGER NOT NULL);\n"
    "CREATE INDEX tip_file_tip ON tip_file(tip_id);\n",
    /* 3: the period report reads cases, alerts, outcomes and stop orders by
     * time; covering indexes let a yearly report over a million cases read
     * only the index. */
    "CREATE INDEX cases_created ON cases(created_at, violation, lead_org, district);\n"
    "CREATE INDEX cases_closed ON cases(closed_at, lead_org, district);\n"
    "CREATE INDEX alert_created ON alert(created_at, org_id, district);\n"
    "CREATE INDEX case_outcome_at ON case_outcome(at, kind, amount_vnd, case_id);\n"
    "CREATE INDEX stop_order_ordered ON stop_order(ordered_at);\n"
    "CREATE INDEX stop_order_done ON stop_order(done_at);\n",
    /* 4: bulletins on criminals' methods, for the enterprises or the public. */
    "CREATE TABLE bulletin(id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL,\n"
    "  violations TEXT NOT NULL DEFAULT '', audience TEXT NOT NULL, status TEXT NOT NULL,\n"
    "  author INTEGER REFERENCES app_user(id), created_at INTEGER NOT NULL,\n"
    "  updated_at INTEGER NOT NULL, published_at INTEGER, withdrawn_at INTEGER);\n"
    "CREATE INDEX bulletin_status ON bulletin(status, audience, id);\n",
};

#endif
