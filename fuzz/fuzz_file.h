/* fuzz_file.h: the fuzz targets of file readers get their input as a file:
 * the bytes go to an anonymous in-memory file, named by a /proc path. */
#ifndef CG_FUZZ_FILE_H
#define CG_FUZZ_FILE_H

#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

/* Write data to a new memory file and its path into path. Returns its
 * descriptor (close it when done), or -1. */
static inline int fuzz_file(const uint8_t *data, size_t size, char path[64])
{
    int fd = memfd_create("fuzz", 0);
    if (fd < 0)
        return -1;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return -1;
    }
    snprintf(path, 64, "/proc/self/fd/%d", fd);
    return fd;
}

#endif
