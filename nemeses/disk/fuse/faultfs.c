/*
 * faultfs: a FUSE passthrough filesystem mounted over a directory (the broker's data dir) that can inject faults.
 *
 *   faultfs <dir> <control-dir>
 *
 * <dir> is opened first and then mounted over, so the daemon serves the directory's own content through the mount.
 * Faults are controlled at run time through files in <control-dir> (polled every 100 ms, so they work even when
 * written while the container is paused or stopped):
 *   rules    one fault per line, replaced as a whole:
 *              eio   ops=<list|all> p=<0..1> [path=<substring>]   fail matching operations with EIO
 *              delay ops=<list|all> ms=<n> [p=<0..1>] [path=...]  sleep before matching operations
 *              full                                               disk full: growing writes fail with ENOSPC
 *            ops: read write fsync open create truncate rename unlink mkdir readdir getattr statfs
 *   command  "<id> rollback": roll every file back to its state at its last fsync (what a power loss keeps), then
 *            fail every operation with EIO until the filesystem is mounted again (the node is killed right after).
 *   status   written by the daemon: key=value lines (ack of the last command, counters).
 *   log      the daemon's own messages.
 * Rollback tracking: for every file written since its last fsync the daemon keeps the size it had at that fsync
 * (or when first seen) and the old bytes of every overwritten range below it (runs of zeros kept as lengths only).
 * Directory operations (create, rename, unlink) are taken as durable at once.
 */
#define FUSE_USE_VERSION 35
#define _GNU_SOURCE
#include <fuse.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define VERSION "faultfs 1"

enum op {
	OP_READ = 1 << 0, OP_WRITE = 1 << 1, OP_FSYNC = 1 << 2, OP_OPEN = 1 << 3, OP_CREATE = 1 << 4,
	OP_TRUNCATE = 1 << 5, OP_RENAME = 1 << 6, OP_UNLINK = 1 << 7, OP_MKDIR = 1 << 8, OP_READDIR = 1 << 9,
	OP_GETATTR = 1 << 10, OP_STATFS = 1 << 11, OP_ALL = (1 << 12) - 1,
};
static const char *OP_NAMES[] = {"read", "write", "fsync", "open", "create", "truncate", "rename",
				 "unlink", "mkdir", "readdir", "getattr", "statfs"};

/* ---------- logging and small helpers ---------- */

static int base_fd = -1;      /* the directory underneath the mount */
static char control_dir[PATH_MAX];
static FILE *log_file;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static void logf_(const char *fmt, ...) {
	if (!log_file) return;
	pthread_mutex_lock(&log_lock);
	time_t now = time(NULL);
	char stamp[32];
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", gmtime(&now));
	fprintf(log_file, "%s ", stamp);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(log_file, fmt, ap);
	va_end(ap);
	fputc('\n', log_file);
	fflush(log_file);
	pthread_mutex_unlock(&log_lock);
}

/* "/a/b" -> "a/b", "/" -> "." : paths relative to base_fd. */
static const char *rel(const char *path) { return path[1] ? path + 1 : "."; }

/* ---------- fault rules ---------- */

enum rule_kind { RULE_EIO, RULE_DELAY, RULE_FULL };
struct rule {
	enum rule_kind kind;
	unsigned ops;
	double p;
	long ms;
	char path[256];
};
#define MAX_RULES 32
static struct rule rules[MAX_RULES];
static int rule_count;
static int disk_full;
static volatile int crashed;
static pthread_rwlock_t rules_lock = PTHREAD_RWLOCK_INITIALIZER;
static unsigned long long injected_eio, injected_delay, injected_enospc;
static pthread_mutex_t rng_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned rng_state = 12345;

static double uniform(void) {
	pthread_mutex_lock(&rng_lock);
	double x = rand_r(&rng_state) / ((double)RAND_MAX + 1.0);
	pthread_mutex_unlock(&rng_lock);
	return x;
}

static unsigned parse_ops(const char *list) {
	if (strcmp(list, "all") == 0) return OP_ALL;
	unsigned ops = 0;
	char buf[256];
	snprintf(buf, sizeof buf, "%s", list);
	for (char *save, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (unsigned i = 0; i < sizeof OP_NAMES / sizeof *OP_NAMES; i++)
			if (strcmp(tok, OP_NAMES[i]) == 0) ops |= 1u << i;
	}
	return ops;
}

/* Parses the rules text; returns the number of rules or -1 (and leaves the old rules) on a bad line. */
static int parse_rules(char *text, struct rule *out, int *full) {
	int n = 0;
	*full = 0;
	for (char *save, *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		while (*line == ' ' || *line == '\t') line++;
		if (*line == '\0' || *line == '#') continue;
		char kind[16] = "";
		int used = 0;
		sscanf(line, "%15s%n", kind, &used);
		if (strcmp(kind, "full") == 0) { *full = 1; continue; }
		if (n >= MAX_RULES) return -1;
		struct rule r = {.ops = OP_ALL, .p = 1.0};
		if (strcmp(kind, "eio") == 0) r.kind = RULE_EIO;
		else if (strcmp(kind, "delay") == 0) r.kind = RULE_DELAY;
		else { logf_("bad rule kind in: %s", line); return -1; }
		char *args = line + used;
		for (char *s2, *tok = strtok_r(args, " \t", &s2); tok; tok = strtok_r(NULL, " \t", &s2)) {
			if (strncmp(tok, "ops=", 4) == 0) r.ops = parse_ops(tok + 4);
			else if (strncmp(tok, "p=", 2) == 0) r.p = atof(tok + 2);
			else if (strncmp(tok, "ms=", 3) == 0) r.ms = atol(tok + 3);
			else if (strncmp(tok, "path=", 5) == 0) snprintf(r.path, sizeof r.path, "%s", tok + 5);
			else { logf_("bad rule argument %s", tok); return -1; }
		}
		out[n++] = r;
	}
	return n;
}

/* Applies the rules to one operation: sleeps for matching delays, returns -EIO for a matching eio rule, else 0. */
static int fault(unsigned op, const char *path) {
	if (crashed) return -EIO;
	if (rule_count == 0) return 0;
	long sleep_ms = 0;
	int err = 0;
	pthread_rwlock_rdlock(&rules_lock);
	for (int i = 0; i < rule_count; i++) {
		struct rule *r = &rules[i];
		if (!(r->ops & op)) continue;
		if (r->path[0] && (!path || !strstr(path, r->path))) continue;
		if (r->p < 1.0 && uniform() >= r->p) continue;
		if (r->kind == RULE_DELAY) sleep_ms += r->ms;
		else if (r->kind == RULE_EIO) err = -EIO;
	}
	pthread_rwlock_unlock(&rules_lock);
	if (sleep_ms > 0) {
		__atomic_add_fetch(&injected_delay, 1, __ATOMIC_RELAXED);
		struct timespec ts = {sleep_ms / 1000, (sleep_ms % 1000) * 1000000L};
		nanosleep(&ts, NULL);
	}
	if (err) __atomic_add_fetch(&injected_eio, 1, __ATOMIC_RELAXED);
	return err;
}

/* ---------- rollback tracking ---------- */

struct undo {
	struct undo *next; /* newer entries first */
	off_t off;
	size_t len;
	int zero; /* the old bytes were all zero: no data kept */
	char data[];
};

struct tracked {
	struct tracked *next;
	dev_t dev;
	ino_t ino;
	off_t synced_size;
	struct undo *undo;
	size_t undo_bytes;
	pthread_mutex_t lock;
};

#define BUCKETS 4096
static struct tracked *table[BUCKETS];
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;

static unsigned bucket(dev_t dev, ino_t ino) { return (unsigned)((ino * 2654435761u) ^ dev) % BUCKETS; }

static void free_undo(struct tracked *t) {
	for (struct undo *u = t->undo, *next; u; u = next) { next = u->next; free(u); }
	t->undo = NULL;
	t->undo_bytes = 0;
}

/* The entry of an open file, created on first use with `initial_size` as its durable size. Returned locked. */
static struct tracked *track_fd(int fd, int create_if_missing) {
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return NULL;
	unsigned b = bucket(st.st_dev, st.st_ino);
	pthread_mutex_lock(&table_lock);
	struct tracked *t = table[b];
	while (t && !(t->dev == st.st_dev && t->ino == st.st_ino)) t = t->next;
	if (!t && create_if_missing) {
		t = calloc(1, sizeof *t);
		if (t) {
			t->dev = st.st_dev;
			t->ino = st.st_ino;
			t->synced_size = st.st_size; /* content present before we saw it is taken as durable */
			pthread_mutex_init(&t->lock, NULL);
			t->next = table[b];
			table[b] = t;
		}
	}
	pthread_mutex_unlock(&table_lock);
	if (t) pthread_mutex_lock(&t->lock);
	return t;
}

static void forget_inode(dev_t dev, ino_t ino) {
	unsigned b = bucket(dev, ino);
	pthread_mutex_lock(&table_lock);
	for (struct tracked **p = &table[b]; *p; p = &(*p)->next) {
		if ((*p)->dev == dev && (*p)->ino == ino) {
			struct tracked *t = *p;
			*p = t->next;
			pthread_mutex_lock(&t->lock);
			free_undo(t);
			pthread_mutex_unlock(&t->lock);
			pthread_mutex_destroy(&t->lock);
			free(t);
			break;
		}
	}
	pthread_mutex_unlock(&table_lock);
}

static int all_zero(const char *p, size_t n) {
	for (size_t i = 0; i < n; i++) if (p[i]) return 0;
	return 1;
}

/* Keeps the current bytes of [off, off+len) ∩ [0, synced_size) so a rollback can restore them. t is locked. */
static int save_old_bytes(struct tracked *t, int fd, off_t off, off_t len) {
	off_t end = off + len < t->synced_size ? off + len : t->synced_size;
	const off_t chunk = 1 << 20;
	for (off_t at = off; at < end; at += chunk) {
		size_t n = (size_t)(end - at < chunk ? end - at : chunk);
		struct undo *u = malloc(sizeof *u + n);
		if (!u) return -ENOMEM;
		ssize_t got = pread(fd, u->data, n, at);
		if (got < 0) { free(u); return -errno; }
		if ((size_t)got < n) memset(u->data + got, 0, n - (size_t)got);
		u->off = at;
		u->len = n;
		u->zero = all_zero(u->data, n);
		if (u->zero) {
			struct undo *small = realloc(u, sizeof *u);
			if (small) u = small;
		} else {
			t->undo_bytes += n;
		}
		u->next = t->undo;
		t->undo = u;
	}
	return 0;
}

static void mark_synced(int fd) {
	struct tracked *t = track_fd(fd, 0);
	if (!t) return;
	struct stat st;
	if (fstat(fd, &st) == 0) t->synced_size = st.st_size;
	free_undo(t);
	pthread_mutex_unlock(&t->lock);
}

static unsigned long long rolled_files, rolled_bytes;

static int rollback_one(const char *path, const struct stat *st, int type, struct FTW *ftw) {
	(void)ftw;
	if (type != FTW_F) return 0;
	unsigned b = bucket(st->st_dev, st->st_ino);
	pthread_mutex_lock(&table_lock);
	struct tracked *t = table[b];
	while (t && !(t->dev == st->st_dev && t->ino == st->st_ino)) t = t->next;
	if (t) pthread_mutex_lock(&t->lock);
	pthread_mutex_unlock(&table_lock);
	if (!t) return 0;
	int fd = openat(base_fd, path, O_WRONLY);
	if (fd >= 0) {
		unsigned long long lost = st->st_size > t->synced_size ? (unsigned long long)(st->st_size - t->synced_size) : 0;
		if (ftruncate(fd, t->synced_size) != 0) logf_("rollback: truncate %s: %s", path, strerror(errno));
		static const char zeros[65536];
		for (struct undo *u = t->undo; u; u = u->next) { /* newest first: the oldest bytes are written last */
			for (size_t done = 0; done < u->len;) {
				size_t n = u->len - done;
				if (u->zero && n > sizeof zeros) n = sizeof zeros;
				ssize_t w = pwrite(fd, u->zero ? zeros : u->data + done, n, u->off + (off_t)done);
				if (w <= 0) { logf_("rollback: write %s: %s", path, strerror(errno)); break; }
				done += (size_t)w;
			}
			lost += u->len;
		}
		close(fd);
		if (lost > 0) {
			rolled_files++;
			rolled_bytes += lost;
			logf_("rollback: %s to %lld bytes (%llu bytes undone)", path, (long long)t->synced_size, lost);
		}
	}
	free_undo(t);
	pthread_mutex_unlock(&t->lock);
	return 0;
}

/* nftw needs a path: walk from inside the directory underneath the mount, so the mount itself is not in the way. */
static void rollback_all(void) {
	crashed = 1; /* from now on every operation fails: nothing may write after the "power loss" */
	int saved = open(".", O_RDONLY | O_DIRECTORY);
	if (fchdir(base_fd) == 0) {
		nftw(".", rollback_one, 32, FTW_PHYS);
		if (saved >= 0 && fchdir(saved) != 0) logf_("rollback: fchdir back: %s", strerror(errno));
	}
	if (saved >= 0) close(saved);
	logf_("rollback done: %llu files, %llu bytes undone", rolled_files, rolled_bytes);
}

/* ---------- control files ---------- */

static char *read_small(const char *name) {
	char path[PATH_MAX + 32];
	snprintf(path, sizeof path, "%s/%s", control_dir, name);
	FILE *f = fopen(path, "r");
	if (!f) return NULL;
	static const size_t max = 1 << 16;
	char *buf = calloc(1, max + 1);
	size_t n = buf ? fread(buf, 1, max, f) : 0;
	fclose(f);
	if (buf) buf[n] = '\0';
	return buf;
}

static void write_status(const char *ack, const char *result) {
	char tmp[PATH_MAX + 32], path[PATH_MAX + 32];
	snprintf(tmp, sizeof tmp, "%s/status.tmp", control_dir);
	snprintf(path, sizeof path, "%s/status", control_dir);
	FILE *f = fopen(tmp, "w");
	if (!f) return;
	size_t tracked = 0, undo_bytes = 0;
	pthread_mutex_lock(&table_lock);
	for (int b = 0; b < BUCKETS; b++)
		for (struct tracked *t = table[b]; t; t = t->next) { tracked++; undo_bytes += t->undo_bytes; }
	pthread_mutex_unlock(&table_lock);
	fprintf(f, "version=%s\npid=%d\nack=%s\nresult=%s\nrules=%d\nfull=%d\ncrashed=%d\ntracked_files=%zu\n"
		   "undo_bytes=%zu\ninjected_eio=%llu\ninjected_delay=%llu\ninjected_enospc=%llu\n"
		   "rolled_back_files=%llu\nrolled_back_bytes=%llu\n",
		VERSION, getpid(), ack, result, rule_count, disk_full, crashed, tracked, undo_bytes, injected_eio,
		injected_delay, injected_enospc, rolled_files, rolled_bytes);
	fclose(f);
	rename(tmp, path);
}

static void *control_loop(void *arg) {
	(void)arg;
	char *last_rules = NULL;
	char ack[64] = "none", result[128] = "none";
	/* A command left from before this mount (the file survives restarts) was meant for an earlier daemon. */
	char *stale = read_small("command");
	if (stale) {
		char id[64] = "";
		if (sscanf(stale, "%63s", id) == 1) snprintf(ack, sizeof ack, "%s", id);
		free(stale);
	}
	for (;;) {
		char *text = read_small("rules");
		if (!text) text = strdup("");
		if (text && (!last_rules || strcmp(text, last_rules) != 0)) {
			char *copy = strdup(text);
			struct rule parsed[MAX_RULES];
			int full = 0;
			int n = copy ? parse_rules(copy, parsed, &full) : -1;
			free(copy);
			if (n >= 0) {
				pthread_rwlock_wrlock(&rules_lock);
				memcpy(rules, parsed, sizeof parsed[0] * (size_t)n);
				rule_count = n;
				disk_full = full;
				pthread_rwlock_unlock(&rules_lock);
				logf_("rules loaded: %d rules, full=%d", n, full);
			}
			free(last_rules);
			last_rules = text;
		} else {
			free(text);
		}
		char *cmd = read_small("command");
		if (cmd) {
			char id[64] = "", verb[32] = "";
			if (sscanf(cmd, "%63s %31s", id, verb) == 2 && strcmp(id, ack) != 0) {
				if (strcmp(verb, "rollback") == 0) {
					rollback_all();
					snprintf(result, sizeof result, "rolled-back");
				} else {
					snprintf(result, sizeof result, "unknown-command");
				}
				snprintf(ack, sizeof ack, "%s", id);
			}
			free(cmd);
		}
		write_status(ack, result);
		struct timespec ts = {0, 100 * 1000000L};
		nanosleep(&ts, NULL);
	}
	return NULL;
}

/* ---------- filesystem operations ---------- */

static void *ffs_init(struct fuse_conn_info *conn, struct fuse_config *cfg) {
	(void)conn;
	cfg->use_ino = 1;
	cfg->nullpath_ok = 0; /* path rules need the path of every operation, also on open files */
	/* No kernel_cache: every open re-reads through the daemon, so read faults are seen (cached pages still are not). */
	pthread_t tid;
	pthread_create(&tid, NULL, control_loop, NULL);
	pthread_detach(tid);
	logf_("mounted, pid %d", getpid());
	return NULL;
}

static int ffs_getattr(const char *path, struct stat *st, struct fuse_file_info *fi) {
	int e = fault(OP_GETATTR, path);
	if (e) return e;
	int r = fi ? fstat((int)fi->fh, st) : fstatat(base_fd, rel(path), st, AT_SYMLINK_NOFOLLOW);
	return r == 0 ? 0 : -errno;
}

static int ffs_access(const char *path, int mask) {
	return faccessat(base_fd, rel(path), mask, 0) == 0 ? 0 : -errno;
}

static int ffs_readlink(const char *path, char *buf, size_t size) {
	ssize_t n = readlinkat(base_fd, rel(path), buf, size - 1);
	if (n < 0) return -errno;
	buf[n] = '\0';
	return 0;
}

static int ffs_opendir(const char *path, struct fuse_file_info *fi) {
	int fd = openat(base_fd, rel(path), O_RDONLY | O_DIRECTORY);
	if (fd < 0) return -errno;
	DIR *d = fdopendir(fd);
	if (!d) { close(fd); return -errno; }
	fi->fh = (uint64_t)(uintptr_t)d;
	return 0;
}

static int ffs_readdir(const char *path, void *buf, fuse_fill_dir_t fill, off_t off, struct fuse_file_info *fi,
		       enum fuse_readdir_flags flags) {
	(void)off; (void)flags;
	int e = fault(OP_READDIR, path);
	if (e) return e;
	DIR *d = (DIR *)(uintptr_t)fi->fh;
	rewinddir(d);
	for (struct dirent *de; (de = readdir(d));) {
		struct stat st = {.st_ino = de->d_ino, .st_mode = (mode_t)DTTOIF(de->d_type)};
		if (fill(buf, de->d_name, &st, 0, 0)) break;
	}
	return 0;
}

static int ffs_releasedir(const char *path, struct fuse_file_info *fi) {
	(void)path;
	closedir((DIR *)(uintptr_t)fi->fh);
	return 0;
}

static int ffs_mkdir(const char *path, mode_t mode) {
	int e = fault(OP_MKDIR, path);
	if (e) return e;
	return mkdirat(base_fd, rel(path), mode) == 0 ? 0 : -errno;
}

/* Forgets the rollback state of a name's inode when its last link goes away (the inode number may be reused). */
static void forget_if_last_link(const char *path) {
	struct stat st;
	if (fstatat(base_fd, rel(path), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) && st.st_nlink <= 1)
		forget_inode(st.st_dev, st.st_ino);
}

static int ffs_unlink(const char *path) {
	int e = fault(OP_UNLINK, path);
	if (e) return e;
	forget_if_last_link(path);
	return unlinkat(base_fd, rel(path), 0) == 0 ? 0 : -errno;
}

static int ffs_rmdir(const char *path) {
	int e = fault(OP_UNLINK, path);
	if (e) return e;
	return unlinkat(base_fd, rel(path), AT_REMOVEDIR) == 0 ? 0 : -errno;
}

static int ffs_symlink(const char *from, const char *to) {
	return symlinkat(from, base_fd, rel(to)) == 0 ? 0 : -errno;
}

static int ffs_rename(const char *from, const char *to, unsigned int flags) {
	int e = fault(OP_RENAME, from);
	if (e) return e;
	if (!(flags & RENAME_EXCHANGE)) forget_if_last_link(to);
	return renameat2(base_fd, rel(from), base_fd, rel(to), flags) == 0 ? 0 : -errno;
}

static int ffs_link(const char *from, const char *to) {
	return linkat(base_fd, rel(from), base_fd, rel(to), 0) == 0 ? 0 : -errno;
}

static int ffs_chmod(const char *path, mode_t mode, struct fuse_file_info *fi) {
	int r = fi ? fchmod((int)fi->fh, mode) : fchmodat(base_fd, rel(path), mode, 0);
	return r == 0 ? 0 : -errno;
}

static int ffs_chown(const char *path, uid_t uid, gid_t gid, struct fuse_file_info *fi) {
	int r = fi ? fchown((int)fi->fh, uid, gid) : fchownat(base_fd, rel(path), uid, gid, AT_SYMLINK_NOFOLLOW);
	return r == 0 ? 0 : -errno;
}

/* Truncation keeps the bytes it removes below the durable size, so a rollback can bring them back. */
static int tracked_truncate(int fd, off_t size) {
	struct stat st;
	if (fstat(fd, &st) != 0) return -errno;
	/* Growing by truncation makes a sparse file on real filesystems, so it works even when the disk is full. */
	struct tracked *t = track_fd(fd, 1);
	int r = 0;
	if (t && size < st.st_size) r = save_old_bytes(t, fd, size, st.st_size - size);
	if (r == 0 && ftruncate(fd, size) != 0) r = -errno;
	if (t) pthread_mutex_unlock(&t->lock);
	return r;
}

static int ffs_truncate(const char *path, off_t size, struct fuse_file_info *fi) {
	int e = fault(OP_TRUNCATE, path);
	if (e) return e;
	if (fi) return tracked_truncate((int)fi->fh, size);
	int fd = openat(base_fd, rel(path), O_WRONLY);
	if (fd < 0) return -errno;
	int r = tracked_truncate(fd, size);
	close(fd);
	return r;
}

static int ffs_utimens(const char *path, const struct timespec tv[2], struct fuse_file_info *fi) {
	int r = fi ? futimens((int)fi->fh, tv) : utimensat(base_fd, rel(path), tv, AT_SYMLINK_NOFOLLOW);
	return r == 0 ? 0 : -errno;
}

/* Backing files are opened read-write (old bytes are read before they are overwritten) and without O_APPEND (the
 * kernel sends the offset of every write) and O_TRUNC (done by tracked_truncate). */
static int backing_flags(int flags) {
	flags &= ~(O_TRUNC | O_APPEND);
	if ((flags & O_ACCMODE) == O_WRONLY) flags = (flags & ~O_ACCMODE) | O_RDWR;
	return flags;
}

static int ffs_create(const char *path, mode_t mode, struct fuse_file_info *fi) {
	int e = fault(OP_CREATE, path);
	if (e) return e;
	forget_if_last_link(path);
	int fd = openat(base_fd, rel(path), backing_flags(fi->flags) | O_CREAT, mode);
	if (fd < 0) return -errno;
	fi->fh = (uint64_t)fd;
	if (fi->flags & O_TRUNC) {
		int r = tracked_truncate(fd, 0);
		if (r) { close(fd); return r; }
	}
	return 0;
}

static int ffs_open(const char *path, struct fuse_file_info *fi) {
	int e = fault(OP_OPEN, path);
	if (e) return e;
	int fd = openat(base_fd, rel(path), backing_flags(fi->flags));
	if (fd < 0) return -errno;
	fi->fh = (uint64_t)fd;
	if (fi->flags & O_TRUNC) {
		int r = tracked_truncate(fd, 0);
		if (r) { close(fd); return r; }
	}
	return 0;
}

static int ffs_read(const char *path, char *buf, size_t size, off_t off, struct fuse_file_info *fi) {
	int e = fault(OP_READ, path);
	if (e) return e;
	ssize_t n = pread((int)fi->fh, buf, size, off);
	return n < 0 ? -errno : (int)n;
}

static int ffs_write(const char *path, const char *buf, size_t size, off_t off, struct fuse_file_info *fi) {
	int e = fault(OP_WRITE, path);
	if (e) return e;
	int fd = (int)fi->fh;
	struct tracked *t = track_fd(fd, 1);
	if (disk_full) {
		struct stat st;
		if (fstat(fd, &st) == 0 && off + (off_t)size > st.st_size) {
			if (t) pthread_mutex_unlock(&t->lock);
			__atomic_add_fetch(&injected_enospc, 1, __ATOMIC_RELAXED);
			return -ENOSPC;
		}
	}
	int r = 0;
	if (t && off < t->synced_size) r = save_old_bytes(t, fd, off, (off_t)size);
	ssize_t n = r == 0 ? pwrite(fd, buf, size, off) : -1;
	if (r == 0 && n < 0) r = -errno;
	if (t) pthread_mutex_unlock(&t->lock);
	return r ? r : (int)n;
}

static int ffs_statfs(const char *path, struct statvfs *sv) {
	int e = fault(OP_STATFS, path);
	if (e) return e;
	if (fstatvfs(base_fd, sv) != 0) return -errno;
	if (disk_full) sv->f_bavail = sv->f_bfree = 0;
	return 0;
}

static int ffs_flush(const char *path, struct fuse_file_info *fi) {
	(void)path;
	/* close(dup()) reports deferred write errors of the backing file, as a real close would. */
	int fd = dup((int)fi->fh);
	if (fd < 0) return -errno;
	return close(fd) == 0 ? 0 : -errno;
}

static int ffs_release(const char *path, struct fuse_file_info *fi) {
	(void)path;
	close((int)fi->fh);
	return 0;
}

static int ffs_fsync(const char *path, int datasync, struct fuse_file_info *fi) {
	int e = fault(OP_FSYNC, path);
	if (e) return e;
	int fd = (int)fi->fh;
	int r = datasync ? fdatasync(fd) : fsync(fd);
	if (r != 0) return -errno;
	mark_synced(fd);
	return 0;
}

static int ffs_fsyncdir(const char *path, int datasync, struct fuse_file_info *fi) {
	(void)datasync; (void)fi;
	return fault(OP_FSYNC, path);
}

static int ffs_fallocate(const char *path, int mode, off_t off, off_t len, struct fuse_file_info *fi) {
	int e = fault(OP_WRITE, path);
	if (e) return e;
	if (disk_full) { __atomic_add_fetch(&injected_enospc, 1, __ATOMIC_RELAXED); return -ENOSPC; }
	return fallocate((int)fi->fh, mode, off, len) == 0 ? 0 : -errno;
}

static off_t ffs_lseek(const char *path, off_t off, int whence, struct fuse_file_info *fi) {
	(void)path;
	off_t r = lseek((int)fi->fh, off, whence);
	return r < 0 ? -errno : r;
}

static const struct fuse_operations ops = {
	.init = ffs_init, .getattr = ffs_getattr, .access = ffs_access, .readlink = ffs_readlink,
	.opendir = ffs_opendir, .readdir = ffs_readdir, .releasedir = ffs_releasedir, .mkdir = ffs_mkdir,
	.unlink = ffs_unlink, .rmdir = ffs_rmdir, .symlink = ffs_symlink, .rename = ffs_rename, .link = ffs_link,
	.chmod = ffs_chmod, .chown = ffs_chown, .truncate = ffs_truncate, .utimens = ffs_utimens,
	.create = ffs_create, .open = ffs_open, .read = ffs_read, .write = ffs_write, .statfs = ffs_statfs,
	.flush = ffs_flush, .release = ffs_release, .fsync = ffs_fsync, .fsyncdir = ffs_fsyncdir,
	.fallocate = ffs_fallocate, .lseek = ffs_lseek,
};

int main(int argc, char *argv[]) {
	if (argc == 2 && strcmp(argv[1], "--version") == 0) { puts(VERSION); return 0; }
	if (argc != 3) {
		fprintf(stderr, "usage: %s <dir> <control-dir>   (mounts over <dir>)\n", argv[0]);
		return 2;
	}
	snprintf(control_dir, sizeof control_dir, "%s", argv[2]);
	char log_path[PATH_MAX + 8];
	snprintf(log_path, sizeof log_path, "%s/log", control_dir);
	log_file = fopen(log_path, "a");
	base_fd = open(argv[1], O_RDONLY | O_DIRECTORY);
	if (base_fd < 0) { perror(argv[1]); return 1; }
	rng_state = (unsigned)time(NULL) ^ (unsigned)getpid();
	char *fuse_argv[] = {argv[0], argv[1], "-o", "fsname=faultfs,subtype=faultfs,default_permissions", NULL};
	return fuse_main(4, fuse_argv, &ops, NULL);
}
