import { createHash } from 'node:crypto';

/** A flat git tree: full path → blob sha. */
export type FlatTree = Record<string, { sha: string; mode: string }>;

export interface GitActor {
  name: string;
  email: string;
  date: string;
}

export type GitObject =
  | { type: 'blob'; sha: string; content: Buffer }
  | { type: 'tree'; sha: string; entries: FlatTree }
  | {
      type: 'commit';
      sha: string;
      tree: string;
      parents: string[];
      message: string;
      author: GitActor;
      committer: GitActor;
    };

/** The real git blob id: sha1("blob <size>\0<content>"). */
export function gitBlobSha(content: Buffer | string): string {
  const buffer = typeof content === 'string' ? Buffer.from(content) : content;
  return createHash('sha1')
    .update(`blob ${buffer.length}\0`)
    .update(buffer)
    .digest('hex');
}

function stableSha(kind: string, value: unknown): string {
  return createHash('sha1')
    .update(`${kind}\0${JSON.stringify(value)}`)
    .digest('hex');
}

/**
 * Content-addressed object store. Blobs have their real git ids; trees and commits
 * have stable ids derived from their content (not git's, which is not needed here).
 */
export class ObjectStore {
  readonly #objects = new Map<string, GitObject>();

  get(sha: string): GitObject | undefined {
    return this.#objects.get(sha);
  }

  blob(sha: string) {
    const o = this.#objects.get(sha);
    return o?.type === 'blob' ? o : undefined;
  }

  tree(sha: string) {
    const o = this.#objects.get(sha);
    return o?.type === 'tree' ? o : undefined;
  }

  commit(sha: string) {
    const o = this.#objects.get(sha);
    return o?.type === 'commit' ? o : undefined;
  }

  putBlob(content: Buffer | string): string {
    const buffer = typeof content === 'string' ? Buffer.from(content) : content;
    const sha = gitBlobSha(buffer);
    this.#objects.set(sha, { type: 'blob', sha, content: buffer });
    return sha;
  }

  putTree(entries: FlatTree): string {
    const sorted: FlatTree = {};
    for (const path of Object.keys(entries).sort())
      sorted[path] = entries[path];
    const sha = stableSha('tree', sorted);
    this.#objects.set(sha, { type: 'tree', sha, entries: sorted });
    return sha;
  }

  putCommit(commit: {
    tree: string;
    parents: string[];
    message: string;
    author: GitActor;
    committer?: GitActor;
  }): string {
    const full = { ...commit, committer: commit.committer ?? commit.author };
    const sha = stableSha('commit', full);
    this.#objects.set(sha, { type: 'commit', sha, ...full });
    return sha;
  }

  /** Files of a commit's tree: path → content. */
  files(commitSha: string): Record<string, string> {
    const commit = this.commit(commitSha);
    if (!commit) throw new Error(`No commit ${commitSha}`);
    const tree = this.tree(commit.tree)!;
    return Object.fromEntries(
      Object.entries(tree.entries).map(([path, e]) => [
        path,
        this.blob(e.sha)!.content.toString('utf8'),
      ]),
    );
  }

  /** Whether `ancestor` is reachable from `sha` (inclusive). */
  isAncestor(ancestor: string, sha: string): boolean {
    const seen = new Set<string>();
    const queue = [sha];
    while (queue.length) {
      const current = queue.pop()!;
      if (current === ancestor) return true;
      if (seen.has(current)) continue;
      seen.add(current);
      queue.push(...(this.commit(current)?.parents ?? []));
    }
    return false;
  }

  /** First-parent history from `sha`, newest first, optionally only commits that changed `path`. */
  history(sha: string, path?: string): string[] {
    const result: string[] = [];
    let current: string | undefined = sha;
    while (current) {
      const commit = this.commit(current);
      if (!commit) break;
      const parent = commit.parents[0];
      if (path === undefined) {
        result.push(current);
      } else {
        const mine = this.tree(commit.tree)?.entries[path]?.sha;
        const theirs = parent
          ? this.tree(this.commit(parent)!.tree)?.entries[path]?.sha
          : undefined;
        if (mine !== theirs) result.push(current);
      }
      current = parent;
    }
    return result;
  }
}
