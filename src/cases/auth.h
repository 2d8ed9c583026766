/* auth.h: logging in, sessions, API tokens, failed-login back-off.
 *
 * A token (session or API) is AUTH_TOKEN_LEN printable characters from a
 * CSPRNG; only its SHA-256 is stored, so a copy of the database does not let
 * anyone in. Passwords are checked with argon2id (libsodium). */
#ifndef CG_CASES_AUTH_H
#define CG_CASES_AUTH_H

#include "cases/org.h"

#define AUTH_TOKEN_LEN 46 /* "cg_" + 43 characters of base64url */
#define AUTH_SESSION_TTL (12 * 3600)
/* After AUTH_FREE_FAILURES failed logins in a row, a login is refused
 * without checking the password for 30 s, doubling with each further
 * failure, at most AUTH_MAX_LOCK seconds. A success resets the count. */
#define AUTH_FREE_FAILURES 5
#define AUTH_MAX_LOCK 3600

/* Check login and password at time now (Unix seconds). On success returns 0,
 * writes a new session token into token (NUL-terminated) and fills *who.
 * Returns CG_EAUTH for an unknown login, a wrong password or a disabled user
 * (one message for all, so logins cannot be probed), and CG_EAUTH with
 * *retry_after > 0 (seconds) while the back-off holds; CG_EUNAVAIL when the
 * store fails. retry_after may be NULL. Failures and successes are audited. */
int auth_login(store *s, const char *login, const char *password, int64_t now,
               char token[AUTH_TOKEN_LEN + 1], actor *who, int64_t *retry_after, cg_err *err);

/* The actor a session or API token stands for at time now. Returns 0, or
 * CG_EAUTH when the token is unknown, expired, revoked or its user disabled.
 * Reads only (no write per request). */
int auth_token_lookup(store *s, const char *token, int64_t now, actor *who, cg_err *err);

/* Revoke a token (log out). A token that is unknown or already revoked is
 * not an error (idempotent). Audited when something was revoked. */
int auth_token_revoke(store *s, const char *token, int64_t now, cg_err *err);

/* Create an API token for a machine acting as user_id (an engine, an
 * enterprise's system), valid for ttl seconds (0: ten years). Administrators
 * only, or the user itself. Returns 0 and the token (shown once, never
 * again). Audited. */
int auth_api_token_create(store *s, const actor *by, int64_t user_id, const char *name, int64_t ttl,
                          int64_t now, char token[AUTH_TOKEN_LEN + 1], cg_err *err);

/* Set a new password (at least 10 bytes). Administrators, or the user with
 * the old password (old may be NULL for administrators). Every session of
 * the user is revoked. Audited. */
int auth_set_password(store *s, const actor *by, int64_t user_id, const char *old_password,
                      const char *new_password, cg_err *err);

#endif
