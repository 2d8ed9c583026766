/* api.h: the API handlers, one per route (routes.c lists them with their
 * method and path). Internal to src/http. */
#ifndef CG_HTTP_API_H
#define CG_HTTP_API_H

#include "http/req.h"

#include <microhttpd.h>

/* api_session.c */
void api_healthz(http_req *r);
void api_login(http_req *r);
void api_logout(http_req *r);
void api_me(http_req *r);
void api_me_password(http_req *r);
void api_orgs(http_req *r);
void api_org_create(http_req *r);
void api_districts(http_req *r);
void api_users(http_req *r);
void api_user_create(http_req *r);
void api_user_get(http_req *r);
void api_user_disable(http_req *r);
void api_user_enable(http_req *r);
void api_token_create(http_req *r);
void api_kinds(http_req *r);
void api_audit(http_req *r);

/* api_cases.c */
void api_alert_post(http_req *r);
void api_alerts(http_req *r);
void api_alert_get(http_req *r);
void api_alert_dismiss(http_req *r);
void api_alert_attach(http_req *r);
void api_alert_open_case(http_req *r);
void api_cases(http_req *r);
void api_case_create(http_req *r);
void api_case_get(http_req *r);
void api_case_update(http_req *r);
void api_case_status(http_req *r);
void api_case_join(http_req *r);
void api_case_handover(http_req *r);
void api_case_note(http_req *r);
void api_case_task(http_req *r);
void api_task_done(http_req *r);
void api_case_outcome(http_req *r);
void api_case_subject(http_req *r);
void api_case_timeline(http_req *r);
void api_subject_matches(http_req *r);
void api_subject_search(http_req *r);
int api_evidence_begin(http_req *r, evidence_writer **w);
void api_evidence_post(http_req *r);
void api_evidence_get(http_req *r);
void api_evidence_content(http_req *r);
void api_evidence_verify(http_req *r);
void api_stops(http_req *r);
void api_stop_create(http_req *r);
void api_stop_ack(http_req *r);
void api_stop_done(http_req *r);
void api_tip_post(http_req *r);
void api_tip_status(http_req *r);
int api_tip_file_begin(http_req *r, evidence_writer **w);
void api_tip_file_post(http_req *r);

/* api_reports.c */
void api_reports(http_req *r);

/* api_bulletins.c */
void api_bulletins(http_req *r);
void api_bulletin_get(http_req *r);
void api_bulletin_create(http_req *r);
void api_bulletin_publish(http_req *r);
void api_bulletin_withdraw(http_req *r);
void api_bulletin_update(http_req *r);
void api_search(http_req *r);

#endif
