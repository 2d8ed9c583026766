/* cli.h: the subcommands of the canhgac binary. Each takes the arguments
 * after its own name (argv[0] is the subcommand) and returns the process's
 * exit status: 0 success, 1 some input was rejected or a check failed,
 * 2 usage error, 3 a fatal error (a file or the store could not be used). */
#ifndef CG_CLI_H
#define CG_CLI_H

enum { CLI_OK = 0, CLI_REJECTED = 1, CLI_USAGE = 2, CLI_FATAL = 3 };

int cli_telecom(int argc, char **argv); /* telecom.c: scan, gen, eval */
int cli_postal(int argc, char **argv);  /* postal.c: screen, gen, eval */
int cli_serve(int argc, char **argv);   /* serve.c: the HTTP platform */
int cli_audit(int argc, char **argv);   /* audit.c: verify the audit chain */

#endif
