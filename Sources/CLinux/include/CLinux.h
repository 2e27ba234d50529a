// Linux file calls for the local drop transport, behind types of our own: renameat2, which glibc declares only
// under _GNU_SOURCE, and fstat/fstatat, whose `struct stat` Swift attributes to whichever module first included
// <sys/stat.h> (release builds then refuse its members under MemberImportVisibility).
#ifndef REMESSA_CLINUX_H
#define REMESSA_CLINUX_H

#include <stdint.h>

/// What Remessa reads of a file's status.
struct remessa_file_status {
    int64_t size;
    int64_t modified_seconds;
    int64_t modified_nanoseconds;
    /// `st_mode`: the type bits (`S_IFMT`) and the permissions.
    uint32_t mode;
    uint64_t inode;
    uint64_t device;
};

/// `fstatat(directory, name, AT_SYMLINK_NOFOLLOW)`: 0, or -1 with errno.
int remessa_status_at(int directory, const char *name, struct remessa_file_status *status);

/// `fstat(descriptor)`: 0, or -1 with errno.
int remessa_status_of(int descriptor, struct remessa_file_status *status);

/// Renames `from` (in `from_directory`) to `to` (in `to_directory`) unless `to` exists: -1 with errno EEXIST
/// then; EINVAL means the file system cannot refuse a replacement (renameat2 with RENAME_NOREPLACE).
int remessa_rename_noreplace(int from_directory, const char *from, int to_directory, const char *to);

/// The file type bits of `mode`, and the values they take.
#define REMESSA_TYPE_MASK 0170000u
#define REMESSA_TYPE_REGULAR 0100000u
#define REMESSA_TYPE_DIRECTORY 0040000u
#define REMESSA_TYPE_LINK 0120000u
#define REMESSA_TYPE_FIFO 0010000u
#define REMESSA_TYPE_SOCKET 0140000u

#endif
