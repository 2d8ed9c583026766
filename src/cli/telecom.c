/* telecom.c: the `canhgac telecom` subcommand. Not built yet: it says so and fails,
 * so that nobody mistakes it for a working command. */
#include "cli/cli.h"

#include <stdio.h>

int cli_telecom(int argc, char **argv)
{
    (void)argc, (void)argv;
    fprintf(stderr, "canhgac telecom: not available in this build yet\n");
    return CLI_FATAL;
}
