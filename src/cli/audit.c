/* audit.c: the `canhgac audit` subcommand: verify the hash chains of the
 * audit log and the access log of a store, naming the first altered entry. */
#include "cli/cli.h"

#include "cases/audit.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f)
{
    fprintf(f, "usage: canhgac audit verify --db FILE\n\n"
               "Checks every entry of the audit log of the store FILE (every change) and\n"
               "of its access log (FILE-access: views of cases) against their hash\n"
               "chains. Exit status: 0 intact, 1 an entry was altered (the first one of\n"
               "each log is named), 2 usage error, 3 the store cannot be opened.\n");
}

int cli_audit(int argc, char **argv)
{
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        usage(stdout);
        return CLI_OK;
    }
    if (argc < 2 || strcmp(argv[1], "verify")) {
        usage(stderr);
        return CLI_USAGE;
    }
    const char *db = NULL;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--db") && i + 1 < argc) {
            db = argv[++i];
        } else if (!strncmp(argv[i], "--db=", 5)) {
            db = argv[i] + 5;
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return CLI_OK;
        } else {
            fprintf(stderr, "canhgac audit: unknown argument '%s'\n", argv[i]);
            usage(stderr);
            return CLI_USAGE;
        }
    }
    if (!db) {
        fprintf(stderr, "canhgac audit: --db FILE is required\n");
        usage(stderr);
        return CLI_USAGE;
    }
    /* Opening would create a missing file; a verification must not. */
    if (access(db, R_OK | W_OK) != 0) {
        fprintf(stderr, "canhgac audit: %s: cannot open the store: no such file or no access\n",
                db);
        return CLI_FATAL;
    }
    cg_err err;
    store *s;
    if (store_open(db, &s, &err)) {
        fprintf(stderr, "canhgac audit: %s\n", err.msg);
        return CLI_FATAL;
    }
    static const struct {
        audit_log log;
        const char *name;
    } logs[] = {{AUDIT_CHANGES, "audit chain"}, {AUDIT_ACCESS, "access log chain"}};
    int status = CLI_OK;
    for (size_t i = 0; i < CG_ARRAY_LEN(logs) && status != CLI_FATAL; i++) {
        int64_t checked = 0, bad = 0;
        int rc = audit_verify(s, logs[i].log, &checked, &bad, &err);
        if (rc == CG_EINVAL) {
            printf("%s: %s\n", db, err.msg);
            printf("%s: %lld entries before it are intact\n", db, (long long)checked);
            status = CLI_REJECTED;
        } else if (rc) {
            fprintf(stderr, "canhgac audit: %s\n", err.msg);
            status = CLI_FATAL;
        } else {
            printf("%s: %s intact, %lld entries\n", db, logs[i].name, (long long)checked);
        }
    }
    store_close(s);
    return status;
}
