/* progress.c: terminal progress line. */
#include "core/progress.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

double progress_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_init(progress *p, int quiet)
{
    p->on = !quiet && isatty(2);
    p->printed = 0;
    p->start = p->last = progress_now();
}

int progress_due(progress *p)
{
    if (!p->on)
        return 0;
    double now = progress_now();
    if (now - p->last < 0.5)
        return 0;
    p->last = now;
    return 1;
}

double progress_elapsed(const progress *p)
{
    return progress_now() - p->start;
}

void progress_show(progress *p, const char *fmt, ...)
{
    if (!p->on)
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("\r\033[K", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fflush(stderr);
    p->printed = 1;
}

void progress_done(progress *p)
{
    if (p->on && p->printed)
        fputs("\n", stderr);
    p->printed = 0;
}
