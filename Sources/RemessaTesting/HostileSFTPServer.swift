import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A small SFTP v3 server in Python that sshd runs as its `sftp` subsystem in place of OpenSSH's (see
/// ``SSHDSandboxConfiguration/sftpServerCommand``): it serves each user's drop tree as OpenSSH would, and reports
/// absurd attributes where a name asks for them, so tests can show that nothing a server sends traps the client.
///
/// - A name containing `HUGE63` has a size of 2^63, `HUGE64` of 2^64−1; `MTIMEMAX` has times of 2^32−1 (SFTP v3
///   sends 32-bit times); `LONGREAD` answers every READ with more bytes than were asked.
/// - A directory holding `.hostile-count` answers its first READDIR with a count of 2^32−1 and a few names.
/// - A directory holding `.generate-N` lists N made-up regular files `gen-NNNNNNNNN.csv` after its real entries,
///   file `i` modified at 1,000,000,000 + (i × 7919) mod N seconds: a permutation, so the `k` oldest are those
///   modified before 1,000,000,000 + k.
public enum HostileSFTPServer {
    /// The base of the made-up files' modification times.
    public static let generatedEpoch = 1_000_000_000

    /// Where the script is written (the sandboxes' shared, root-owned parent directory).
    public static let scriptPath = "\(SSHDSandbox.defaultStateParent)/hostile-sftp-server.py"

    /// A sandbox configuration whose sshd runs this server for `users`.
    public static func sandboxConfiguration(users: [String]) throws -> SSHDSandboxConfiguration {
        var configuration = SSHDSandboxConfiguration(users: users)
        configuration.sftpServerCommand = try Self.command()
        return configuration
    }

    /// Writes the script (atomically, so concurrent sandboxes never run a half-written one) and returns the
    /// subsystem command, with `{chroots}` for the sandbox to fill in.
    public static func command() throws -> String {
        try SSHDSandbox.makeDirectory(SSHDSandbox.defaultStateParent, mode: 0o755)
        let temporary = "\(Self.scriptPath).\(getpid()).\(UUID().uuidString.prefix(8))"
        try Self.script.write(toFile: temporary, atomically: false, encoding: .utf8)
        guard chmod(temporary, 0o755) == 0, rename(temporary, Self.scriptPath) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw SSHDSandboxError("cannot write \(Self.scriptPath)")
        }
        return "/usr/bin/python3 \(Self.scriptPath) --root {chroots}"
    }

    static let script = #"""
        #!/usr/bin/python3
        # A small SFTP v3 server for RemessaTesting.HostileSFTPServer: it serves <root>/<login user> (so /drop is that
        # user's drop tree, as in the chrooted sandbox) like OpenSSH's sftp-server, and lies where a name asks it to:
        #   a name containing HUGE63 reports a size of 2^63, HUGE64 of 2^64-1, MTIMEMAX times of 2^32-1 (SFTP v3 sends
        #   32-bit times), LONGREAD answers each READ with more bytes than asked;
        #   a directory holding .hostile-count answers its first READDIR with a count of 2^32-1 and few names;
        #   a directory holding .generate-N lists N made-up regular files gen-NNNNNNNNN.csv after its real entries, the
        #   file i modified at 1000000000 + (i * 7919) % N (a permutation, so the oldest k are those below k).
        import errno, itertools, os, pwd, stat, struct, sys

        ROOT = os.path.join(os.fsencode(sys.argv[sys.argv.index("--root") + 1]), os.fsencode(pwd.getpwuid(os.getuid()).pw_name))
        IN, OUT = sys.stdin.buffer, sys.stdout.buffer
        handles, next_handle = {}, [0]

        def u32(v): return struct.pack(">I", v & 0xFFFFFFFF)
        def u64(v): return struct.pack(">Q", v & 0xFFFFFFFFFFFFFFFF)
        def string(b): return u32(len(b)) + b

        def send(kind, rid, body):
            payload = bytes([kind]) + (u32(rid) if rid is not None else b"") + body
            OUT.write(u32(len(payload)) + payload)

        def status(rid, code, text=b""):
            send(101, rid, u32(code) + string(text) + string(b""))

        def error_status(rid, error):
            code = {errno.ENOENT: 2, errno.EACCES: 3, errno.EPERM: 3}.get(getattr(error, "errno", None), 4)
            status(rid, code, os.strerror(error.errno).encode() if getattr(error, "errno", None) else b"failure")

        def read_exact(n):
            data = b""
            while len(data) < n:
                chunk = IN.read(n - len(data))
                if not chunk: sys.exit(0)
                data += chunk
            return data

        class Reader:
            def __init__(self, data): self.data, self.at = data, 0
            def u32(self):
                v = struct.unpack(">I", self.data[self.at:self.at + 4])[0]; self.at += 4; return v
            def u64(self):
                v = struct.unpack(">Q", self.data[self.at:self.at + 8])[0]; self.at += 8; return v
            def string(self):
                n = self.u32(); v = self.data[self.at:self.at + n]; self.at += n; return v
            def attrs(self):
                flags, mode = self.u32(), None
                if flags & 1: self.u64()
                if flags & 2: self.u32(); self.u32()
                if flags & 4: mode = self.u32()
                if flags & 8: self.u32(); self.u32()
                return mode

        def local(path):
            parts = [p for p in path.split(b"/") if p not in (b"", b".")]
            resolved = []
            for p in parts:
                if p == b"..":
                    if resolved: resolved.pop()
                else:
                    resolved.append(p)
            return os.path.join(ROOT, *resolved) if resolved else ROOT, b"/" + b"/".join(resolved)

        def attrs(st, name):
            size, mtime = st.st_size, int(st.st_mtime)
            if b"HUGE63" in name: size = 1 << 63
            if b"HUGE64" in name: size = (1 << 64) - 1
            atime = int(st.st_atime)
            if b"MTIMEMAX" in name: mtime = atime = 0xFFFFFFFF
            return u32(1 | 2 | 4 | 8) + u64(size) + u32(st.st_uid) + u32(st.st_gid) + u32(st.st_mode) + u32(atime) + u32(mtime)

        # A made-up entry in one pack: name, long name (the same 17 bytes), then flags, size, mode, atime, mtime.
        MADE_UP = struct.Struct(">I17sI17sIQIII")

        def made_up(count):
            flags, mode = 1 | 4 | 8, stat.S_IFREG | 0o644
            for i in range(count):
                name, mtime = b"gen-%09d.csv" % i, 1000000000 + (i * 7919) % count
                yield MADE_UP.pack(17, name, 17, name, flags, 100, mode, mtime, mtime)

        def listing(path):
            """READDIR entries (name, long name, attributes), encoded."""
            names = sorted(os.listdir(path))
            for name in [b".", b".."] + names:
                try:
                    st = os.lstat(os.path.join(path, name))
                except OSError:
                    continue
                yield string(name) + string(name) + attrs(st, name)
            for name in names:
                if name.startswith(b".generate-"):
                    yield from made_up(int(name[len(b".generate-"):]))

        def serve(kind, rid, r):
            if kind == 16:  # REALPATH
                _, shown = local(r.string())
                send(104, rid, u32(1) + string(shown) + string(shown) + u32(0))
            elif kind in (17, 7):  # STAT, LSTAT
                path, _ = local(r.string())
                st = os.stat(path) if kind == 17 else os.lstat(path)
                send(105, rid, attrs(st, os.path.basename(path)))
            elif kind == 8:  # FSTAT
                h = handles.get(r.string())
                if not h or h["kind"] != "file": return status(rid, 4, b"bad handle")
                send(105, rid, attrs(os.fstat(h["fd"]), os.path.basename(h["path"])))
            elif kind == 11:  # OPENDIR
                path, _ = local(r.string())
                if not os.path.isdir(path): raise OSError(errno.ENOENT, "not a directory")
                hostile = os.path.exists(os.path.join(path, b".hostile-count"))
                open_handle(rid, {"kind": "dir", "path": path, "entries": listing(path), "hostile": hostile})
            elif kind == 12:  # READDIR
                h = handles.get(r.string())
                if not h or h["kind"] != "dir": return status(rid, 4, b"bad handle")
                batch = list(itertools.islice(h["entries"], 100))
                if not batch: return status(rid, 1, b"end of directory")
                count = 0xFFFFFFFF if h.pop("hostile", False) else len(batch)
                send(104, rid, u32(count) + b"".join(batch))
            elif kind == 4:  # CLOSE
                h = handles.pop(r.string(), None)
                if h and h["kind"] == "file": os.close(h["fd"])
                status(rid, 0)
            elif kind == 3:  # OPEN
                path, _ = local(r.string())
                pflags = r.u32(); mode = r.attrs()
                flags = {1: os.O_RDONLY, 2: os.O_WRONLY, 3: os.O_RDWR}.get(pflags & 3, os.O_RDONLY)
                if pflags & 8: flags |= os.O_CREAT
                if pflags & 0x10: flags |= os.O_TRUNC
                if pflags & 0x20: flags |= os.O_EXCL
                if pflags & 4: flags |= os.O_APPEND
                fd = os.open(path, flags | os.O_NOFOLLOW, (mode or 0o644) & 0o7777)
                open_handle(rid, {"kind": "file", "path": path, "fd": fd})
            elif kind == 5:  # READ
                h = handles.get(r.string()); offset = r.u64(); length = r.u32()
                if not h or h["kind"] != "file": return status(rid, 4, b"bad handle")
                data = os.pread(h["fd"], length, offset)
                if not data: return status(rid, 1, b"end of file")
                if b"LONGREAD" in h["path"]: data = data + b"x" * (length + 1)
                send(103, rid, string(data))
            elif kind == 6:  # WRITE
                h = handles.get(r.string()); offset = r.u64(); data = r.string()
                if not h or h["kind"] != "file": return status(rid, 4, b"bad handle")
                os.pwrite(h["fd"], data, offset)
                status(rid, 0)
            elif kind in (9, 10):  # SETSTAT, FSETSTAT: accepted, ignored
                status(rid, 0)
            elif kind == 13:  # REMOVE
                os.unlink(local(r.string())[0]); status(rid, 0)
            elif kind == 14:  # MKDIR
                path, _ = local(r.string()); mode = r.attrs()
                os.mkdir(path, (mode or 0o755) & 0o7777); status(rid, 0)
            elif kind == 15:  # RMDIR
                os.rmdir(local(r.string())[0]); status(rid, 0)
            elif kind == 18:  # RENAME, never over an existing name (as OpenSSH's link-then-unlink)
                source, _ = local(r.string()); target, _ = local(r.string())
                os.link(source, target); os.unlink(source); status(rid, 0)
            elif kind == 200:  # EXTENDED
                name = r.string()
                if name == b"fsync@openssh.com":
                    h = handles.get(r.string())
                    if h and h["kind"] == "file": os.fsync(h["fd"])
                    return status(rid, 0)
                status(rid, 8, b"unsupported")
            else:
                status(rid, 8, b"unsupported")

        def open_handle(rid, h):
            next_handle[0] += 1
            key = b"h%d" % next_handle[0]
            handles[key] = h
            send(102, rid, string(key))

        def main():
            while True:
                length = struct.unpack(">I", read_exact(4))[0]
                data = read_exact(length)
                kind = data[0]
                if kind == 1:  # INIT
                    send(2, None, u32(3)); OUT.flush(); continue
                rid = struct.unpack(">I", data[1:5])[0]
                try:
                    serve(kind, rid, Reader(data[5:]))
                except OSError as error:
                    error_status(rid, error)
                OUT.flush()

        main()
        """#
}
