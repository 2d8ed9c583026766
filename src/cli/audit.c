/* audit.c: the `canhgac audit` subcommand: verify the hash chain of the
 * audit log of a store, naming the first altered entry. */
#include "cli/cli.h"

#include "cases/audit.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f)
{
    fprintf(f, "usage: canhgac audit verify --db FILE\n\n"
               "Checks every entry of the audit log of the store FILE against the hash\n"
               "chain. Exit status: 0 intact, 1 an entry was altered (the first one is\n"
               "named), 2 usage error, 3 the store cannot be opened.\n");
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
    int64_t checked = 0, bad = 0;
    int rc = audit_verify(s, &checked, &bad, &err);
    store_close(s);
    if (rc == CG_EINVAL) {
        printf("%s: %s\n", db, err.msg);
        printf("%s: %lld entries before it are intact\n", db, (long long)checked);
        return CLI_REJECTED;
    }
    if (rc) {
        fprintf(stderr, "canhgac audit: %s\n", err.msg);
        return CLI_FATAL;
    }
    printf("%s: audit chain intact, %lld entries\n", db, (long long)checked);
    return CLI_OK;
}
