/** The subset of GitHub's GraphQL schema the stand-in serves. */
export const schemaSource = /* GraphQL */ `
  scalar GitObjectID
  scalar URI
  scalar Base64String
  scalar DateTime

  type Query {
    repository(owner: String!, name: String!): Repository
    user(login: String!): User
    organization(login: String!): Organization
    viewer: User!
    node(id: ID!): Node
  }

  interface Node {
    id: ID!
  }

  interface Actor {
    login: String!
  }

  type User implements Node & Actor {
    id: ID!
    login: String!
  }

  "A GitHub App. GraphQL spells its login without the [bot] suffix REST gives it."
  type Bot implements Node & Actor {
    id: ID!
    login: String!
  }

  type Organization implements Node {
    id: ID!
    login: String!
    team(slug: String!): Team
  }

  type Team implements Node {
    id: ID!
    slug: String!
    name: String!
  }

  type Repository implements Node {
    id: ID!
    name: String!
    nameWithOwner: String!
    url: URI!
    defaultBranchRef: Ref
    ref(qualifiedName: String!): Ref
    object(expression: String, oid: GitObjectID): GitObject
    label(name: String!): Label
    labels(first: Int): LabelConnection
    pullRequest(number: Int!): PullRequest
    pullRequests(
      first: Int
      last: Int
      states: [PullRequestState!]
      labels: [String!]
      headRefName: String
      baseRefName: String
    ): PullRequestConnection!
  }

  type Ref implements Node {
    id: ID!
    name: String!
    prefix: String!
    target: GitObject
    associatedPullRequests(
      first: Int
      last: Int
      states: [PullRequestState!]
    ): PullRequestConnection!
  }

  interface GitObject {
    id: ID!
    oid: GitObjectID!
  }

  type GitActor {
    name: String
    email: String
    date: DateTime
  }

  type Commit implements GitObject & Node {
    id: ID!
    oid: GitObjectID!
    message: String!
    messageHeadline: String!
    messageBody: String!
    author: GitActor
    committer: GitActor
    tree: Tree!
    file(path: String!): TreeEntry
    parents(first: Int): CommitConnection!
    history(first: Int, path: String): CommitHistoryConnection!
    statusCheckRollup: StatusCheckRollup
  }

  type CommitConnection {
    nodes: [Commit]
    totalCount: Int!
  }

  type CommitHistoryConnection {
    nodes: [Commit]
    totalCount: Int!
  }

  type Tree implements GitObject & Node {
    id: ID!
    oid: GitObjectID!
    entries: [TreeEntry!]
  }

  type Blob implements GitObject & Node {
    id: ID!
    oid: GitObjectID!
    text: String
    byteSize: Int!
    isBinary: Boolean
  }

  type TreeEntry {
    name: String!
    path: String
    oid: GitObjectID!
    mode: Int!
    type: String!
    object: GitObject
  }

  enum PullRequestState {
    OPEN
    CLOSED
    MERGED
  }

  interface Labelable {
    labels(first: Int): LabelConnection
  }

  type PullRequest implements Node & Labelable {
    id: ID!
    number: Int!
    url: URI!
    title: String!
    body: String!
    state: PullRequestState!
    merged: Boolean!
    isDraft: Boolean!
    headRefName: String!
    baseRefName: String!
    headRefOid: GitObjectID!
    createdAt: DateTime!
    mergedAt: DateTime
    mergeCommit: Commit
    author: Actor
    labels(first: Int): LabelConnection
    reviewRequests(first: Int): ReviewRequestConnection
    commits(last: Int, first: Int): PullRequestCommitConnection!
  }

  type PullRequestConnection {
    nodes: [PullRequest]
    edges: [PullRequestEdge]
    totalCount: Int!
  }

  type PullRequestEdge {
    node: PullRequest
  }

  type PullRequestCommit {
    commit: Commit!
  }

  type PullRequestCommitConnection {
    nodes: [PullRequestCommit]
    totalCount: Int!
  }

  type Label implements Node {
    id: ID!
    name: String!
    color: String!
  }

  type LabelConnection {
    nodes: [Label]
    totalCount: Int!
  }

  union RequestedReviewer = User | Team

  type ReviewRequest {
    requestedReviewer: RequestedReviewer
  }

  type ReviewRequestConnection {
    nodes: [ReviewRequest]
    totalCount: Int!
  }

  enum StatusState {
    ERROR
    EXPECTED
    FAILURE
    PENDING
    SUCCESS
  }

  enum CheckStatusState {
    QUEUED
    IN_PROGRESS
    COMPLETED
    WAITING
    PENDING
    REQUESTED
  }

  enum CheckConclusionState {
    ACTION_REQUIRED
    TIMED_OUT
    CANCELLED
    FAILURE
    SUCCESS
    NEUTRAL
    SKIPPED
    STARTUP_FAILURE
    STALE
  }

  type CheckRun {
    name: String!
    status: CheckStatusState!
    conclusion: CheckConclusionState
  }

  type StatusContext {
    context: String!
    state: StatusState!
    description: String
  }

  union StatusCheckRollupContext = CheckRun | StatusContext

  type StatusCheckRollupContextConnection {
    nodes: [StatusCheckRollupContext]
    totalCount: Int!
  }

  type StatusCheckRollup {
    state: StatusState!
    contexts(first: Int): StatusCheckRollupContextConnection!
  }

  input CreateRefInput {
    repositoryId: ID!
    name: String!
    oid: GitObjectID!
    clientMutationId: String
  }

  type CreateRefPayload {
    ref: Ref
    clientMutationId: String
  }

  input CommittableBranch {
    id: ID
    repositoryNameWithOwner: String
    branchName: String
  }

  input FileAddition {
    path: String!
    contents: Base64String!
  }

  input FileDeletion {
    path: String!
  }

  input FileChanges {
    additions: [FileAddition!]
    deletions: [FileDeletion!]
  }

  input CommitMessage {
    headline: String!
    body: String
  }

  input CreateCommitOnBranchInput {
    branch: CommittableBranch!
    expectedHeadOid: GitObjectID!
    fileChanges: FileChanges
    message: CommitMessage!
    clientMutationId: String
  }

  type CreateCommitOnBranchPayload {
    commit: Commit
    ref: Ref
    clientMutationId: String
  }

  input CreatePullRequestInput {
    repositoryId: ID!
    baseRefName: String!
    headRefName: String!
    title: String!
    body: String
    draft: Boolean
    maintainerCanModify: Boolean
    clientMutationId: String
  }

  type CreatePullRequestPayload {
    pullRequest: PullRequest
    clientMutationId: String
  }

  input UpdatePullRequestInput {
    pullRequestId: ID!
    title: String
    body: String
    clientMutationId: String
  }

  type UpdatePullRequestPayload {
    pullRequest: PullRequest
    clientMutationId: String
  }

  input UpdateRefInput {
    refId: ID!
    oid: GitObjectID!
    force: Boolean
    clientMutationId: String
  }

  type UpdateRefPayload {
    ref: Ref
    clientMutationId: String
  }

  input AddLabelsToLabelableInput {
    labelableId: ID!
    labelIds: [ID!]!
    clientMutationId: String
  }

  type AddLabelsToLabelablePayload {
    labelable: Labelable
    clientMutationId: String
  }

  input CreateLabelInput {
    repositoryId: ID!
    name: String!
    color: String!
    description: String
    clientMutationId: String
  }

  type CreateLabelPayload {
    label: Label
    clientMutationId: String
  }

  input RequestReviewsInput {
    pullRequestId: ID!
    userIds: [ID!]
    teamIds: [ID!]
    union: Boolean
    clientMutationId: String
  }

  type RequestReviewsPayload {
    pullRequest: PullRequest
    clientMutationId: String
  }

  type Mutation {
    createRef(input: CreateRefInput!): CreateRefPayload
    createCommitOnBranch(
      input: CreateCommitOnBranchInput!
    ): CreateCommitOnBranchPayload
    createPullRequest(input: CreatePullRequestInput!): CreatePullRequestPayload
    updatePullRequest(input: UpdatePullRequestInput!): UpdatePullRequestPayload
    addLabelsToLabelable(
      input: AddLabelsToLabelableInput!
    ): AddLabelsToLabelablePayload
    requestReviews(input: RequestReviewsInput!): RequestReviewsPayload
    createLabel(input: CreateLabelInput!): CreateLabelPayload
    updateRef(input: UpdateRefInput!): UpdateRefPayload
  }
`;
