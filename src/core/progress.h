/* progress.h: a one-line progress display on the terminal for long runs,
 * silent when standard error is not a terminal or when asked to be quiet. */
#ifndef CG_PROGRESS_H
#define CG_PROGRESS_H

typedef struct progress {
    int on;      /* printing at all */
    int printed; /* something is on the line */
    double start, last;
} progress;

/* Start the clock; on only when stderr is a terminal and quiet is 0. */
void progress_init(progress *p, int quiet);
/* 1 when at least half a second has passed since the last line. It reads
 * the clock: call it every few thousand records, not on every one. */
int progress_due(progress *p);
/* Seconds since progress_init. */
double progress_elapsed(const progress *p);
/* Replace the progress line with a printf-style text. */
void progress_show(progress *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* End the line so that what follows starts on a clean one. */
void progress_done(progress *p);

/* Monotonic seconds, for benchmarks and rates. */
double progress_now(void);

#endif
