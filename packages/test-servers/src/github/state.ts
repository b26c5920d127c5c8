import { GitActor, ObjectStore } from './objects';

export interface PullRequestRecord {
  number: number;
  title: string;
  body: string;
  head: string;
  base: string;
  draft: boolean;
  state: 'open' | 'closed';
  merged: boolean;
  /** The head commit when it was merged (GitHub keeps it as `headRefOid` after the branch moves or goes). */
  mergedHeadSha?: string;
  /** The commit the merge made on the base (GraphQL `mergeCommit`), and when. */
  mergeCommitSha?: string;
  mergedAt?: string;
  /** Who opened it: a user login, or an app's `<slug>[bot]` as REST spells it. */
  author: string;
  labels: string[];
  reviewers: string[];
  teamReviewers: string[];
  createdAt: string;
}

export interface CheckRunRecord {
  id: number;
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion?:
    | 'success'
    | 'failure'
    | 'neutral'
    | 'cancelled'
    | 'skipped'
    | 'timed_out'
    | 'action_required'
    | null;
}

export interface StatusRecord {
  id: number;
  context: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  description?: string;
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
}

export interface RepoRecord {
  id: number;
  owner: string;
  name: string;
  defaultBranch: string;
  /** 'heads/main' → commit sha */
  refs: Map<string, string>;
  pulls: PullRequestRecord[];
  labels: Map<string, LabelRecord>;
  checkRuns: Map<string, CheckRunRecord[]>;
  statuses: Map<string, StatusRecord[]>;
}

/** The fake GitHub's data: repositories and the git object store. */
export class GithubState {
  objects = new ObjectStore();
  repos = new Map<string, RepoRecord>();
  #nextId = 1;
  #clock = Date.parse('2026-01-01T00:00:00Z');

  nextId() {
    return this.#nextId++;
  }

  /** A strictly increasing timestamp, so commits made in the same millisecond stay distinct. */
  now(): string {
    this.#clock = Math.max(this.#clock + 1000, Date.now());
    return new Date(this.#clock).toISOString();
  }

  actor(login: string): GitActor {
    return {
      name: login,
      email: `${login}@users.noreply.example.com`,
      date: this.now(),
    };
  }

  repo(owner: string, name: string): RepoRecord | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  createRepo(owner: string, name: string, defaultBranch = 'main'): RepoRecord {
    const repo: RepoRecord = {
      id: this.nextId(),
      owner,
      name,
      defaultBranch,
      refs: new Map(),
      pulls: [],
      labels: new Map(),
      checkRuns: new Map(),
      statuses: new Map(),
    };
    this.repos.set(`${owner}/${name}`.toLowerCase(), repo);
    return repo;
  }

  /** Resolves a branch name, 'refs/heads/x', 'heads/x' or a commit sha to a commit sha. */
  resolve(repo: RepoRecord, ref: string): string | undefined {
    const name = ref.replace(/^refs\//, '');
    const direct =
      repo.refs.get(name) ??
      repo.refs.get(`heads/${name}`) ??
      repo.refs.get(`tags/${name}`);
    if (direct) return direct;
    return this.objects.commit(ref) ? ref : undefined;
  }

  /** Commits `changes` (path → content, null deletes) on top of `parent`. */
  commitChanges(options: {
    parent?: string;
    changes: Record<string, string | Buffer | null>;
    message: string;
    author: GitActor;
    committer?: GitActor;
  }): string {
    const base = options.parent
      ? this.objects.tree(this.objects.commit(options.parent)!.tree)!.entries
      : {};
    const entries = { ...base };
    for (const [path, content] of Object.entries(options.changes)) {
      if (content === null) delete entries[path];
      else
        entries[path] = { sha: this.objects.putBlob(content), mode: '100644' };
    }
    return this.objects.putCommit({
      tree: this.objects.putTree(entries),
      parents: options.parent ? [options.parent] : [],
      message: options.message,
      author: options.author,
      committer: options.committer,
    });
  }

  /**
   * Merges a pull request as GitHub does: its changes since the merge base land on the base
   * branch (a merge commit, or one squashed commit), the head it had is kept, and the branch
   * survives unless `deleteBranch`.
   */
  mergePull(
    repo: RepoRecord,
    pr: PullRequestRecord,
    options: { method?: 'merge' | 'squash'; deleteBranch?: boolean } = {},
  ): string {
    const head = repo.refs.get(`heads/${pr.head}`);
    const base = repo.refs.get(`heads/${pr.base}`);
    if (!head || !base) throw new Error(`#${pr.number} has no head or base`);
    const mergeBase = this.objects
      .history(head)
      .find(c => this.objects.isAncestor(c, base));
    const before = mergeBase ? this.objects.files(mergeBase) : {};
    const after = this.objects.files(head);
    const changes: Record<string, string | null> = {};
    for (const path of new Set([
      ...Object.keys(before),
      ...Object.keys(after),
    ])) {
      if (before[path] !== after[path]) changes[path] = after[path] ?? null;
    }
    const squashed = this.commitChanges({
      parent: base,
      changes,
      message: `${pr.title} (#${pr.number})`,
      author: this.actor(pr.author),
    });
    const sha =
      options.method === 'squash'
        ? squashed
        : this.objects.putCommit({
            tree: this.objects.commit(squashed)!.tree,
            parents: [base, head],
            message: `Merge pull request #${pr.number} from ${pr.head}`,
            author: this.actor(pr.author),
          });
    repo.refs.set(`heads/${pr.base}`, sha);
    pr.state = 'closed';
    pr.merged = true;
    pr.mergedHeadSha = head;
    pr.mergeCommitSha = sha;
    pr.mergedAt = this.now();
    if (options.deleteBranch) repo.refs.delete(`heads/${pr.head}`);
    return sha;
  }
}
