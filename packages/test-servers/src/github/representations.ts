import { GitActor } from './objects';
import { GithubState, PullRequestRecord, RepoRecord } from './state';

export const repoNodeId = (repo: RepoRecord) => `R_${repo.owner}/${repo.name}`;
export const pullNodeId = (repo: RepoRecord, number: number) =>
  `PR_${repo.owner}/${repo.name}#${number}`;
export const labelNodeId = (repo: RepoRecord, name: string) =>
  `LA_${repo.owner}/${repo.name}:${name}`;
export const userNodeId = (login: string) => `U_${login}`;
export const teamNodeId = (org: string, slug: string) => `T_${org}/${slug}`;

export function repoJson(repo: RepoRecord, origin: string) {
  return {
    id: repo.id,
    node_id: repoNodeId(repo),
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    owner: { login: repo.owner, type: 'Organization' },
    private: true,
    html_url: `${origin}/${repo.owner}/${repo.name}`,
    url: `${origin}/api/v3/repos/${repo.owner}/${repo.name}`,
    // GitHub's URI templates, which clients (Backstage's URL reader) expand.
    trees_url: `${origin}/api/v3/repos/${repo.owner}/${repo.name}/git/trees{/sha}`,
    blobs_url: `${origin}/api/v3/repos/${repo.owner}/${repo.name}/git/blobs{/sha}`,
    archive_url: `${origin}/api/v3/repos/${repo.owner}/${repo.name}/{archive_format}{/ref}`,
    default_branch: repo.defaultBranch,
    permissions: {
      admin: true,
      maintain: true,
      push: true,
      triage: true,
      pull: true,
    },
  };
}

export function pullHtmlUrl(repo: RepoRecord, number: number, origin: string) {
  return `${origin}/${repo.owner}/${repo.name}/pull/${number}`;
}

export function actorJson(actor: GitActor) {
  return { name: actor.name, email: actor.email, date: actor.date };
}

export function gitCommitJson(
  state: GithubState,
  repo: RepoRecord,
  sha: string,
  origin: string,
) {
  const commit = state.objects.commit(sha)!;
  const base = `${origin}/api/v3/repos/${repo.owner}/${repo.name}`;
  return {
    sha,
    node_id: `C_${sha}`,
    url: `${base}/git/commits/${sha}`,
    message: commit.message,
    author: actorJson(commit.author),
    committer: actorJson(commit.committer),
    tree: { sha: commit.tree, url: `${base}/git/trees/${commit.tree}` },
    parents: commit.parents.map(p => ({
      sha: p,
      url: `${base}/git/commits/${p}`,
    })),
  };
}

/** The shape of `GET /repos/{o}/{r}/commits` items. */
export function commitJson(
  state: GithubState,
  repo: RepoRecord,
  sha: string,
  origin: string,
) {
  const git = gitCommitJson(state, repo, sha, origin);
  return {
    sha,
    node_id: git.node_id,
    commit: { ...git, sha: undefined },
    parents: git.parents,
    html_url: `${origin}/${repo.owner}/${repo.name}/commit/${sha}`,
  };
}

export function pullJson(
  _state: GithubState,
  repo: RepoRecord,
  pr: PullRequestRecord,
  origin: string,
) {
  const headSha =
    (pr.merged ? pr.mergedHeadSha : repo.refs.get(`heads/${pr.head}`)) ?? null;
  const baseSha = repo.refs.get(`heads/${pr.base}`) ?? null;
  return {
    id: pr.number * 1000 + repo.id,
    node_id: pullNodeId(repo, pr.number),
    number: pr.number,
    url: `${origin}/api/v3/repos/${repo.owner}/${repo.name}/pulls/${pr.number}`,
    html_url: pullHtmlUrl(repo, pr.number, origin),
    state: pr.state,
    merged: pr.merged,
    draft: pr.draft,
    title: pr.title,
    body: pr.body,
    created_at: pr.createdAt,
    user: {
      login: pr.author,
      type: pr.author.endsWith('[bot]') ? 'Bot' : 'User',
    },
    labels: pr.labels.map(name => {
      const label = repo.labels.get(name.toLowerCase());
      return {
        id: label?.id,
        node_id: labelNodeId(repo, name),
        name,
        color: label?.color,
      };
    }),
    requested_reviewers: pr.reviewers.map(login => ({
      login,
      node_id: userNodeId(login),
    })),
    requested_teams: pr.teamReviewers.map(slug => ({ slug, name: slug })),
    head: {
      ref: pr.head,
      sha: headSha,
      label: `${repo.owner}:${pr.head}`,
      repo: repoJson(repo, origin),
    },
    base: {
      ref: pr.base,
      sha: baseSha,
      label: `${repo.owner}:${pr.base}`,
      repo: repoJson(repo, origin),
    },
  };
}
