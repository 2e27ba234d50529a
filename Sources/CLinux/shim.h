// Linux calls that glibc declares only under _GNU_SOURCE, which Swift's Glibc module is built without.
// No system header is included: their types would then belong to this module instead of Glibc.

// glibc >= 2.28 (Debian 12 has 2.36); the declaration glibc gives under _GNU_SOURCE.
extern int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags);

/// Renames `from` (in directory `fromDirectory`) to `to` (in `toDirectory`) unless `to` exists: -1 with errno
/// EEXIST then. EINVAL means the file system cannot refuse a replacement (RENAME_NOREPLACE is 1 << 0).
static inline int remessa_rename_noreplace(int fromDirectory, const char *from, int toDirectory, const char *to) {
    return renameat2(fromDirectory, from, toDirectory, to, 1u << 0);
}
