/**
 * Model, policy, decisions, derived names, validation, compliance and permissions shared by the
 * datastores plugins. Pure and browser-safe.
 *
 * @packageDocumentation
 */

export * from './model';
export * from './providers';
export * from './annotations';
export * from './permissions';
export * from './names';
export * from './validation';
export * from './pullRequestOptions';
export * from './backup';
export * from './policy';
export * from './decide';
export * from './cost';
export * from './compliance';
export * from './status';
export * from './statusRule';
export * from './backupGrade';
export * from './requests';
export * from './ownership';
export * from './requestRecord';
export * from './fleet';
export * from './operations';
export * from './lifecycle';
export * from './lifecycleNotices';
export * from './signals';
