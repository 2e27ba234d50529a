#ifndef REMESSA_CLIBSSH2_SHIM_H
#define REMESSA_CLIBSSH2_SHIM_H

// libssh2 as RemessaSFTP sees it. Swift imports libssh2's functions but not its function-like macros
// (`libssh2_session_init`, `libssh2_sftp_open`, ...), so each macro RemessaSFTP needs gets a `static inline`
// wrapper here that expands it. Wrappers take explicit lengths where the macro would call `strlen`, so paths
// that are not NUL-terminated Swift buffers are passed safely. Besides those, one setting of OpenSSL, libssh2's
// crypto backend (Debian builds libssh2 on OpenSSL 3).

#include <libssh2.h>
#include <libssh2_sftp.h>
#include <openssl/crypto.h>

/// Tells OpenSSL not to tear itself down in an `atexit` handler: a thread still freeing a discarded SSH session
/// while the process exits would then lock OpenSSL's freed locks (remessad crashed with SIGSEGV after logging
/// "remessad stopped"). Must run before libssh2_init, which initialises OpenSSL. Returns 1 on success.
static inline int remessa_openssl_skip_cleanup_at_exit(void) {
    return OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, NULL);
}

/// `libssh2_session_init()`: a session with libssh2's default allocator.
static inline LIBSSH2_SESSION *remessa_libssh2_session_init(void) {
    return libssh2_session_init();
}

/// `libssh2_session_disconnect()`: a polite SSH_MSG_DISCONNECT ("by application") before freeing a session.
static inline int remessa_libssh2_session_disconnect(LIBSSH2_SESSION *session, const char *description) {
    return libssh2_session_disconnect(session, description);
}

/// `libssh2_userauth_password()` with an explicit user name length; no password-change callback.
static inline int remessa_libssh2_userauth_password(LIBSSH2_SESSION *session, const char *username,
                                                    unsigned int username_len, const char *password,
                                                    unsigned int password_len) {
    return libssh2_userauth_password_ex(session, username, username_len, password, password_len, NULL);
}

/// `libssh2_userauth_publickey_fromfile()`: `publickey` may be NULL (derived from the private key);
/// `passphrase` may be NULL for an unprotected key.
static inline int remessa_libssh2_userauth_publickey_fromfile(LIBSSH2_SESSION *session, const char *username,
                                                              unsigned int username_len, const char *publickey,
                                                              const char *privatekey, const char *passphrase) {
    return libssh2_userauth_publickey_fromfile_ex(session, username, username_len, publickey, privatekey,
                                                  passphrase);
}

/// `libssh2_sftp_open()` for a file, with an explicit path length.
static inline LIBSSH2_SFTP_HANDLE *remessa_libssh2_sftp_open(LIBSSH2_SFTP *sftp, const char *path,
                                                             unsigned int path_len, unsigned long flags,
                                                             long mode) {
    return libssh2_sftp_open_ex(sftp, path, path_len, flags, mode, LIBSSH2_SFTP_OPENFILE);
}

/// `libssh2_sftp_opendir()`, with an explicit path length.
static inline LIBSSH2_SFTP_HANDLE *remessa_libssh2_sftp_opendir(LIBSSH2_SFTP *sftp, const char *path,
                                                                unsigned int path_len) {
    return libssh2_sftp_open_ex(sftp, path, path_len, 0, 0, LIBSSH2_SFTP_OPENDIR);
}

/// `libssh2_sftp_readdir()`: the next entry's name and attributes, without the `ls -l` style long entry.
/// Returns the name length, 0 at the end of the directory, or a negative libssh2 error.
static inline int remessa_libssh2_sftp_readdir(LIBSSH2_SFTP_HANDLE *handle, char *buffer, size_t buffer_maxlen,
                                               LIBSSH2_SFTP_ATTRIBUTES *attrs) {
    return libssh2_sftp_readdir(handle, buffer, buffer_maxlen, attrs);
}

/// `libssh2_sftp_close()` / `libssh2_sftp_closedir()`: both close a handle.
static inline int remessa_libssh2_sftp_close(LIBSSH2_SFTP_HANDLE *handle) {
    return libssh2_sftp_close_handle(handle);
}

/// `libssh2_sftp_fstat()`: attributes of an open handle.
static inline int remessa_libssh2_sftp_fstat(LIBSSH2_SFTP_HANDLE *handle, LIBSSH2_SFTP_ATTRIBUTES *attrs) {
    return libssh2_sftp_fstat(handle, attrs);
}

/// `libssh2_sftp_stat()` (follows symlinks), with an explicit path length.
static inline int remessa_libssh2_sftp_stat(LIBSSH2_SFTP *sftp, const char *path, unsigned int path_len,
                                            LIBSSH2_SFTP_ATTRIBUTES *attrs) {
    return libssh2_sftp_stat_ex(sftp, path, path_len, LIBSSH2_SFTP_STAT, attrs);
}

/// `libssh2_sftp_lstat()` (does not follow symlinks), with an explicit path length.
static inline int remessa_libssh2_sftp_lstat(LIBSSH2_SFTP *sftp, const char *path, unsigned int path_len,
                                             LIBSSH2_SFTP_ATTRIBUTES *attrs) {
    return libssh2_sftp_stat_ex(sftp, path, path_len, LIBSSH2_SFTP_LSTAT, attrs);
}

/// `libssh2_sftp_rename()` with explicit lengths. The macro asks for OVERWRITE|ATOMIC|NATIVE, but libssh2 1.10
/// speaks SFTP v3, where the flags are not sent: OpenSSH then link()s and unlink()s, so the rename fails when
/// the destination exists. RemessaSFTP relies on that to never overwrite.
static inline int remessa_libssh2_sftp_rename(LIBSSH2_SFTP *sftp, const char *source, unsigned int source_len,
                                              const char *destination, unsigned int destination_len) {
    return libssh2_sftp_rename_ex(sftp, source, source_len, destination, destination_len,
                                  LIBSSH2_SFTP_RENAME_OVERWRITE | LIBSSH2_SFTP_RENAME_ATOMIC |
                                      LIBSSH2_SFTP_RENAME_NATIVE);
}

/// `libssh2_sftp_unlink()`, with an explicit path length.
static inline int remessa_libssh2_sftp_unlink(LIBSSH2_SFTP *sftp, const char *path, unsigned int path_len) {
    return libssh2_sftp_unlink_ex(sftp, path, path_len);
}

/// `libssh2_sftp_mkdir()`, with an explicit path length.
static inline int remessa_libssh2_sftp_mkdir(LIBSSH2_SFTP *sftp, const char *path, unsigned int path_len,
                                             long mode) {
    return libssh2_sftp_mkdir_ex(sftp, path, path_len, mode);
}

/// `libssh2_sftp_rmdir()`, with an explicit path length.
static inline int remessa_libssh2_sftp_rmdir(LIBSSH2_SFTP *sftp, const char *path, unsigned int path_len) {
    return libssh2_sftp_rmdir_ex(sftp, path, path_len);
}

/// `libssh2_sftp_realpath()`: the server's canonical form of `path` into `target`.
/// Returns the length written, or a negative libssh2 error.
static inline int remessa_libssh2_sftp_realpath(LIBSSH2_SFTP *sftp, const char *path, unsigned int path_len,
                                                char *target, unsigned int target_len) {
    return libssh2_sftp_symlink_ex(sftp, path, path_len, target, target_len, LIBSSH2_SFTP_REALPATH);
}

#endif
