#define _GNU_SOURCE
#include "CLinux.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>

static void remessa_copy_status(const struct stat *from, struct remessa_file_status *to) {
    to->size = (int64_t)from->st_size;
    to->modified_seconds = (int64_t)from->st_mtim.tv_sec;
    to->modified_nanoseconds = (int64_t)from->st_mtim.tv_nsec;
    to->mode = (uint32_t)from->st_mode;
    to->inode = (uint64_t)from->st_ino;
    to->device = (uint64_t)from->st_dev;
}

int remessa_status_at(int directory, const char *name, struct remessa_file_status *status) {
    struct stat info;
    if (fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) != 0) return -1;
    remessa_copy_status(&info, status);
    return 0;
}

int remessa_status_of(int descriptor, struct remessa_file_status *status) {
    struct stat info;
    if (fstat(descriptor, &info) != 0) return -1;
    remessa_copy_status(&info, status);
    return 0;
}

int remessa_rename_noreplace(int from_directory, const char *from, int to_directory, const char *to) {
    return renameat2(from_directory, from, to_directory, to, RENAME_NOREPLACE);
}
