/* routes.c: every route of the API, in one table: the place to look for
 * "which handler answers this URL". docs/openapi.json documents each one,
 * and tests/http checks that the two agree. Order matters only where two
 * patterns could match one path: the literal one comes first. */
#include "http/api.h"

const http_route http_routes[] = {
    {"GET", "/healthz", api_healthz, ROUTE_PUBLIC, NULL},
    {"POST", "/api/login", api_login, ROUTE_PUBLIC, NULL},
    {"POST", "/api/logout", api_logout, 0, NULL},
    {"GET", "/api/me", api_me, 0, NULL},
    {"POST", "/api/me/password", api_me_password, 0, NULL},
    {"GET", "/api/kinds", api_kinds, ROUTE_PUBLIC, NULL},
    {"GET", "/api/orgs", api_orgs, 0, NULL},
    {"POST", "/api/orgs", api_org_create, 0, NULL},
    {"GET", "/api/districts", api_districts, 0, NULL},
    {"GET", "/api/users", api_users, 0, NULL},
    {"POST", "/api/users", api_user_create, 0, NULL},
    {"GET", "/api/users/{id}", api_user_get, 0, NULL},
    {"POST", "/api/users/{id}/disable", api_user_disable, 0, NULL},
    {"POST", "/api/users/{id}/enable", api_user_enable, 0, NULL},
    {"POST", "/api/tokens", api_token_create, 0, NULL},
    {"GET", "/api/audit", api_audit, 0, NULL},

    {"GET", "/api/alerts", api_alerts, 0, NULL},
    {"POST", "/api/alerts", api_alert_post, 0, NULL},
    {"GET", "/api/alerts/{id}", api_alert_get, 0, NULL},
    {"POST", "/api/alerts/{id}/dismiss", api_alert_dismiss, 0, NULL},
    {"POST", "/api/alerts/{id}/attach", api_alert_attach, 0, NULL},
    {"POST", "/api/alerts/{id}/case", api_alert_open_case, 0, NULL},

    {"GET", "/api/cases", api_cases, 0, NULL},
    {"POST", "/api/cases", api_case_create, 0, NULL},
    {"GET", "/api/cases/{id}", api_case_get, 0, NULL},
    {"PATCH", "/api/cases/{id}", api_case_update, 0, NULL},
    {"POST", "/api/cases/{id}/status", api_case_status, 0, NULL},
    {"POST", "/api/cases/{id}/orgs", api_case_join, 0, NULL},
    {"POST", "/api/cases/{id}/handover", api_case_handover, 0, NULL},
    {"POST", "/api/cases/{id}/notes", api_case_note, 0, NULL},
    {"POST", "/api/cases/{id}/tasks", api_case_task, 0, NULL},
    {"POST", "/api/cases/{id}/tasks/{task}/done", api_task_done, 0, NULL},
    {"POST", "/api/cases/{id}/outcomes", api_case_outcome, 0, NULL},
    {"POST", "/api/cases/{id}/subjects", api_case_subject, 0, NULL},
    {"GET", "/api/cases/{id}/timeline", api_case_timeline, 0, NULL},
    {"POST", "/api/cases/{id}/evidence", api_evidence_post, ROUTE_UPLOAD | ROUTE_RAW,
     api_evidence_begin},
    {"GET", "/api/subjects/search", api_subject_search, 0, NULL},
    {"GET", "/api/subjects/{id}/matches", api_subject_matches, 0, NULL},

    {"GET", "/api/evidence/{id}", api_evidence_get, 0, NULL},
    {"GET", "/api/evidence/{id}/content", api_evidence_content, 0, NULL},
    {"POST", "/api/evidence/{id}/verify", api_evidence_verify, 0, NULL},

    {"GET", "/api/stops", api_stops, 0, NULL},
    {"POST", "/api/stops", api_stop_create, 0, NULL},
    {"POST", "/api/stops/{id}/ack", api_stop_ack, 0, NULL},
    {"POST", "/api/stops/{id}/done", api_stop_done, 0, NULL},

    {"GET", "/api/reports", api_reports, 0, NULL},
    {"GET", "/api/search", api_search, 0, NULL},

    {"GET", "/api/bulletins", api_bulletins, ROUTE_PUBLIC, NULL},
    {"POST", "/api/bulletins", api_bulletin_create, 0, NULL},
    {"GET", "/api/bulletins/{id}", api_bulletin_get, ROUTE_PUBLIC, NULL},
    {"PATCH", "/api/bulletins/{id}", api_bulletin_update, 0, NULL},
    {"POST", "/api/bulletins/{id}/publish", api_bulletin_publish, 0, NULL},
    {"POST", "/api/bulletins/{id}/withdraw", api_bulletin_withdraw, 0, NULL},

    {"POST", "/api/tips", api_tip_post, ROUTE_PUBLIC, NULL},
    {"GET", "/api/tips/{code}", api_tip_status, ROUTE_PUBLIC, NULL},
    {"POST", "/api/tips/{code}/files", api_tip_file_post, ROUTE_PUBLIC | ROUTE_UPLOAD | ROUTE_RAW,
     api_tip_file_begin},
};

const size_t http_routes_len = sizeof http_routes / sizeof http_routes[0];
