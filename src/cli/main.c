/* main.c: the canhgac binary: dispatch to a subcommand. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#define CANHGAC_VERSION "0.1.0"

static const struct {
    const char *name;
    int (*run)(int, char **);
    const char *help;
} commands[] = {
    {"telecom", cli_telecom,
     "call records: scan for SIM-box bypass, generate and evaluate traffic"},
    {"postal", cli_postal, "postal items: screen at acceptance, generate and evaluate items"},
    {"serve", cli_serve, "the case platform: HTTP API and web UI"},
    {"audit", cli_audit, "verify the hash chain of the audit log"},
};

static void usage(FILE *f)
{
    fprintf(f,
            "canhgac %s: detect, report, hand over and handle crime in post, telecom and IT\n\n"
            "usage: canhgac COMMAND [ARGS...]\n\ncommands:\n",
            CANHGAC_VERSION);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].help);
    fprintf(f, "\n`canhgac COMMAND --help` tells more.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return CLI_OK;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
        printf("canhgac %s\n", CANHGAC_VERSION);
        return CLI_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "canhgac: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return CLI_USAGE;
}
