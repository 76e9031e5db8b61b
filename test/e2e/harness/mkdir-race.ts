/**
 * A forced race between rsync's two receiving processes (the generator, which deletes, and the
 * receiver, which replaces files) when both move something into a --backup-dir whose parent
 * directory named `trash` does not exist yet: each runs rsync's make_path(), which does not allow
 * for a directory another process creates meanwhile. An LD_PRELOAD shim (built with gcc, given to
 * a test sshd's sessions through SetEnv) makes the `loser` wait at its mkdir(".../trash") until the
 * other process has made `trash` and the directory below it; the loser's own mkdir of that
 * directory then fails with EEXIST, every time. Without such a mkdir (the parent already there) the
 * shim does nothing. Markers in `dir` say how far the race went.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { onPath } from './require.js';

/** The rsync process made to lose: the generator (its deletions) or the receiver (its replaced files). */
export type RaceLoser = 'generator' | 'receiver';

const SHIM = String.raw`
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *env(const char *n) { const char *v = getenv(n); return v && *v ? v : NULL; }

static int rsync_stat(const char *stat_path, int *ppid) {
  char comm[64] = ""; int ok = 0; FILE *f = fopen(stat_path, "r");
  if (!f) return 0;
  ok = fscanf(f, "%*d (%63[^)]) %*c %d", comm, ppid) == 2 && strcmp(comm, "rsync") == 0;
  fclose(f);
  return ok;
}

/* the generator forks the receiver: an rsync process with an rsync child is the generator */
static const char *role(void) {
  DIR *d = opendir("/proc"); struct dirent *e; int found = 0, ppid = 0;
  while (d && !found && (e = readdir(d))) {
    char p[300];
    if (atoi(e->d_name) <= 0) continue;
    snprintf(p, sizeof p, "/proc/%s/stat", e->d_name);
    found = rsync_stat(p, &ppid) && ppid == getpid();
  }
  if (d) closedir(d);
  return found ? "generator" : "receiver";
}

static void marker(const char *dir, const char *name, char *out, size_t n) { snprintf(out, n, "%s/%s", dir, name); }
static void touch(const char *dir, const char *name) {
  char p[4096]; int fd; marker(dir, name, p, sizeof p); fd = open(p, O_CREAT | O_WRONLY, 0644); if (fd >= 0) close(fd);
}
/* waits for the marker, at most 20 s (the other process may never come) */
static void wait_for(const char *dir, const char *name) {
  char p[4096]; int i; marker(dir, name, p, sizeof p);
  for (i = 0; i < 400 && access(p, F_OK) != 0; i++) usleep(50000);
}

static int winner_next = 0;

/* the directory name the race is forced at: GITOPS_TEST_MKDIR_NAME, "trash" without it */
static const char *raced(void) { const char *n = env("GITOPS_TEST_MKDIR_NAME"); return n ? n : "trash"; }

/* before a mkdir of <path> named raced() by rsync: the loser waits for the winner; the winner for the loser, then marks its next mkdir (the backup dir) */
static void before(const char *path) {
  const char *dir = env("GITOPS_TEST_MKDIR_RACE"), *loser = env("GITOPS_TEST_MKDIR_LOSER"), *base = strrchr(path, '/');
  int ppid = 0;
  base = base ? base + 1 : path;
  if (!dir || !loser || strcmp(base, raced()) != 0 || !rsync_stat("/proc/self/stat", &ppid)) return;
  if (strcmp(role(), loser) == 0) {
    touch(dir, "loser-waits");
    wait_for(dir, "winner-done");
  } else {
    wait_for(dir, "loser-waits");
    winner_next = 1;
  }
}

static int after(const char *path, int rc) {
  const char *dir = env("GITOPS_TEST_MKDIR_RACE"), *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  if (winner_next && dir && strcmp(base, raced()) != 0) { winner_next = 0; touch(dir, "winner-done"); }
  return rc;
}

int mkdirat(int fd, const char *path, mode_t mode) {
  static int (*real)(int, const char *, mode_t);
  if (!real) real = (int (*)(int, const char *, mode_t))dlsym(RTLD_NEXT, "mkdirat");
  before(path);
  return after(path, real(fd, path, mode));
}

int mkdir(const char *path, mode_t mode) {
  static int (*real)(const char *, mode_t);
  if (!real) real = (int (*)(const char *, mode_t))dlsym(RTLD_NEXT, "mkdir");
  before(path);
  return after(path, real(path, mode));
}
`;

/** gcc is there to build the shim. */
export const mkdirRaceAvailable = (): boolean => onPath('gcc');

/** Builds the shim into `dir` (mkdir-race.so) and returns its path. */
export async function buildMkdirRaceShim(dir: string): Promise<string> {
  const src = join(dir, 'mkdir-race.c');
  const so = join(dir, 'mkdir-race.so');
  await writeFile(src, SHIM);
  execFileSync('gcc', ['-shared', '-fPIC', '-O1', '-o', so, src, '-ldl'], { stdio: 'pipe' });
  return so;
}

/** The sshd_config line (startSshd's `extra`) that puts the shim into every session, markers in `markers`. */
export const mkdirRaceSetEnv = (so: string, markers: string, loser: RaceLoser): string =>
  `SetEnv LD_PRELOAD=${so} GITOPS_TEST_MKDIR_RACE=${markers} GITOPS_TEST_MKDIR_LOSER=${loser}`;

/** mkdirRaceSetEnv with the race forced at the mkdir of a directory named `name` (no "/") instead of `trash`. */
export const mkdirRaceSetEnvAt = (so: string, markers: string, loser: RaceLoser, name: string): string =>
  `${mkdirRaceSetEnv(so, markers, loser)} GITOPS_TEST_MKDIR_NAME=${name}`;

/** Whether the forced race ran: the loser waited at its mkdir of `trash`. */
export const raceRan = (markers: string): boolean => existsSync(join(markers, 'loser-waits'));
