/* audit.c: the `canhgac audit` subcommand. Not built yet: it says so and fails,
 * so that nobody mistakes it for a working command. */
#include "cli/cli.h"

#include <stdio.h>

int cli_audit(int argc, char **argv)
{
    (void)argc, (void)argv;
    fprintf(stderr, "canhgac audit: not available in this build yet\n");
    return CLI_FATAL;
}
